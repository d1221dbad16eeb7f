import { compilePolicy, runOrder, type CompiledPolicy, type CompileError } from '@sluice/engine';
import { ProblemError } from '../http/problem.js';
import { VERSIONS, type LoadedRows } from './load.js';
import type { Query } from './sql.js';

/**
 * Compiled plans by (tenant, key, version). Published versions never change, so an entry is
 * never stale; the bound only keeps a long-running process with many versions in check.
 */
const MAX_PLANS = 2000;
const plans = new Map<string, CompiledPolicy>();

const cacheKey = (tenantId: string, key: string, version: number) => `${tenantId}\u0000${key}\u0000${version}`;

function remember(tenantId: string, plan: CompiledPolicy): void {
  if (plans.size >= MAX_PLANS) plans.delete(plans.keys().next().value!);
  plans.set(cacheKey(tenantId, plan.key, plan.version), plan);
}

/** Compiles a stored document as the given version, or says why it cannot be used. */
export function compileVersion(document: unknown, version: number): { ok: true; plan: CompiledPolicy } | { ok: false; errors: CompileError[] } {
  const doc = document && typeof document === 'object' ? { ...(document as Record<string, unknown>), version } : document;
  const result = compilePolicy(doc);
  return result.ok ? { ok: true, plan: result.policy } : { ok: false, errors: result.errors };
}

/**
 * The live plans of a batch, by event type, each list in run order. Versions not seen before are
 * fetched (one statement) and compiled once.
 */
export async function livePlans(q: Query, tenantId: string, live: LoadedRows['live']): Promise<(eventType: string) => CompiledPolicy[]> {
  const plansOf = new Map<string, CompiledPolicy>();
  const missing: Array<{ key: string; version: number }> = [];
  for (const [key, , version] of live) {
    const plan = plans.get(cacheKey(tenantId, key, version));
    if (plan) plansOf.set(key, plan);
    else missing.push({ key, version });
  }
  if (missing.length > 0) {
    const rows = await q<{ key: string; version: number; document: unknown }>(VERSIONS, [tenantId, JSON.stringify(missing)]);
    for (const { key, version } of missing) {
      const row = rows.find((r) => r.key === key && r.version === version);
      if (!row) throw brokenPolicy(key, version, 'the live version is missing', '缺少上线版本');
      const compiled = compileVersion(row.document, version);
      if (!compiled.ok)
        throw brokenPolicy(key, version, compiled.errors.map((e) => e.message.en).join('; '), compiled.errors.map((e) => e.message.zh).join('；'));
      remember(tenantId, compiled.plan);
      plansOf.set(key, compiled.plan);
    }
  }
  const byType = new Map<string, CompiledPolicy[]>();
  for (const [key, , , events] of live) {
    for (const type of events) {
      const list = byType.get(type) ?? [];
      list.push(plansOf.get(key)!);
      byType.set(type, list);
    }
  }
  for (const list of byType.values()) list.sort(runOrder);
  return (type) => byType.get(type) ?? [];
}

/** A published version should always compile; if one does not, say which instead of deciding without it. */
function brokenPolicy(key: string, version: number, why: string, whyZh: string): ProblemError {
  return new ProblemError(500, 'policy-unusable', `Live policy ${key} v${version} cannot run`, {
    detail: why,
    detailZh: `上线策略 ${key} v${version} 无法运行：${whyZh}`,
  });
}

/** A version from the cache, if this process has compiled it already (previews reuse live plans). */
export function cachedPlan(tenantId: string, key: string, version: number): CompiledPolicy | undefined {
  return plans.get(cacheKey(tenantId, key, version));
}

export function cachePlan(tenantId: string, plan: CompiledPolicy): void {
  remember(tenantId, plan);
}
