import type { CompiledPolicy } from '@sluice/engine';
import { ProblemError } from '../http/problem.js';
import { cachedPlan, cachePlan, compileVersion } from './policies.js';
import { statement, type Query } from './sql.js';

const PREVIEW = statement(
  'sluice_preview_v2',
  ['text', 'text', 'int'],
  `select p.live_version as "liveVersion", p.draft, v.version, v.document
         from policies p
         left join policy_versions v on v.tenant_id = p.tenant_id and v.key = p.key and v.version = coalesce($3::int, p.live_version)
         where p.tenant_id = $1 and p.key = $2`,
);

/**
 * The one plan a preview runs: a named published version (default the live one) or the draft.
 * Drafts are compiled every time (they change); versions go through the plan cache.
 */
export async function previewPlan(q: Query, tenantId: string, key: string, version: number | undefined, draft: boolean): Promise<CompiledPolicy> {
  const [row] = await q<{ liveVersion: number | null; draft: unknown; version: number | null; document: unknown }>(PREVIEW, [tenantId, key, version ?? null]);
  if (!row) {
    throw new ProblemError(404, 'policy-not-found', `No policy ${key} in this tenant`, {
      detailZh: `本租户没有策略 ${key}`,
      errors: [{ path: '$.policyKey', message: 'unknown policy', messageZh: '未知策略' }],
    });
  }
  if (draft) return compiled(row.draft, 0, key, '$.draft');
  if (row.version === null) {
    const what = version === undefined ? 'has no live version' : `has no version ${version}`;
    throw new ProblemError(404, 'policy-version-not-found', `Policy ${key} ${what}`, {
      detailZh: version === undefined ? `策略 ${key} 没有上线版本` : `策略 ${key} 没有版本 ${version}`,
      errors: [{ path: version === undefined ? '$.policyKey' : '$.policyVersion', message: what, messageZh: '版本不存在' }],
    });
  }
  const hit = cachedPlan(tenantId, key, row.version);
  if (hit) return hit;
  const plan = compiled(row.document, row.version, key, '$.policyVersion');
  cachePlan(tenantId, plan);
  return plan;
}

function compiled(document: unknown, version: number, key: string, path: string): CompiledPolicy {
  const result = compileVersion(document, version);
  if (result.ok) return result.plan;
  throw new ProblemError(422, 'policy-does-not-compile', `Policy ${key} ${version === 0 ? 'draft' : `v${version}`} does not compile`, {
    detailZh: `策略 ${key} ${version === 0 ? '草稿' : `v${version}`} 无法编译`,
    errors: result.errors.map((e) => ({
      path,
      message: `${e.nodeId ? `node ${e.nodeId}: ` : ''}${e.message.en}`,
      messageZh: `${e.nodeId ? `节点 ${e.nodeId}：` : ''}${e.message.zh}`,
    })),
    compileErrors: result.errors,
  });
}
