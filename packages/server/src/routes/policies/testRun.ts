import type { RouteHandler } from '@hono/zod-openapi';
import { compilePolicy, type PolicyTestCaseInput } from '@sluice/engine';
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../db/connect.js';
import { policies } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { nowIso } from '../../http/responses.js';
import { previewStep } from '../../state/run.js';
import { caseFromDecision, type DecidedEvent } from './caseBuilder.js';
import { policyFieldErrors } from './compileErrors.js';
import { lockPolicy, requirePolicy, requireVersion } from './store.js';
import { casesOf, runCases, tenantForTests } from './tests.js';
import type * as r from './testRoutes.js';

/** `POST /v1/policies/{key}/tests/run`: a document (sent, a version or the draft) against its cases, in memory. */
export const runTests: RouteHandler<typeof r.runTests, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const database = c.var.deps.database;
  const { key } = c.req.valid('param');
  const body = c.req.valid('json');
  const row = await requirePolicy(database.db, auth.tenantId, key);
  let document: unknown = row.draft;
  if (body.document !== undefined) document = body.document;
  else if (typeof body.version === 'number') document = (await requireVersion(database.db, auth.tenantId, key, body.version)).document;
  const compiled = compilePolicy(document);
  if (!compiled.ok) {
    // A sent document's errors point into the body; a stored one's into the document.
    const errors = policyFieldErrors(compiled.errors, document).map((e) =>
      body.document === undefined ? e : { ...e, path: e.path.replace(/^\$/, '$.document') },
    );
    throw new ProblemError(422, 'policy-does-not-compile', 'The policy does not compile, so its cases cannot run; fix the errors listed', {
      detailZh: '策略无法编译，用例无法运行，请修正所列错误',
      errors,
    });
  }
  const cases = body.cases ?? casesOf(document);
  const run = runCases(document, cases, await tenantForTests(database, auth.tenantId, cases, c.var.deps.now()));
  return c.json(run!, 200);
};

/** `POST /v1/policies/{key}/tests/from-preview`: the try-it request, previewed, pinned as a case. */
export const fromPreview: RouteHandler<typeof r.fromPreview, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const database = c.var.deps.database;
  const { key } = c.req.valid('param');
  const { name, addToDraft, decideAt, dryRun: _dry, policyKey, policyVersion, draft: _draft, ...event } = c.req.valid('json');
  if (policyKey !== undefined && policyKey !== key) {
    throw new ProblemError(422, 'validation-failed', 'policyKey names another policy than the path', {
      detailZh: 'policyKey 与路径中的策略不一致',
      errors: [{ path: '$.policyKey', message: `expected "${key}"`, messageZh: `应为 "${key}"` }],
    });
  }
  const nowMs = decideAt === undefined ? c.var.deps.now() : Date.parse(decideAt);
  const preview = { policyKey: key, policyVersion, draft: policyVersion === undefined };
  const { result, seen } = await previewStep(database, auth.tenantId, event, preview, nowMs, true);
  const decided: DecidedEvent = {
    state: seen!,
    event,
    decidedAt: new Date(nowMs).toISOString(),
    decisions: result.ok ? result.decisions.filter((d) => d.policy.key === key) : [],
  };
  return c.json(await pinCase(database, auth.tenantId, key, decided, name, addToDraft === true, auth.actor, nowIso(c)), 200);
};

/**
 * A decided event as a case, appended to the policy's draft when asked (its id made unique there).
 * The append is a draft save by the caller, under the policy's row lock.
 */
export async function pinCase(
  database: Database,
  tenantId: string,
  key: string,
  decided: DecidedEvent,
  name: { en?: string | undefined; zh?: string | undefined } | undefined,
  addToDraft: boolean,
  actor: string,
  at: string,
): Promise<{ case: PolicyTestCaseInput; addedToDraft: boolean }> {
  if (!addToDraft) return { case: caseFromDecision(decided, name), addedToDraft: false };
  const made = await database.db.transaction(async (tx) => {
    const row = await lockPolicy(tx, tenantId, key);
    const tests = casesOf(row.draft);
    const taken = new Set(tests.map((t) => (t as { id?: unknown }).id).filter((id): id is string => typeof id === 'string'));
    const made = caseFromDecision(decided, name, taken);
    const draft = { ...(row.draft as object), tests: [...tests, made] };
    await tx
      .update(policies)
      .set({ draft, updatedAt: at, changedBy: actor, changeAction: 'save', draftSavedBy: actor, draftSavedAt: at })
      .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)));
    return made;
  });
  return { case: made, addedToDraft: true };
}
