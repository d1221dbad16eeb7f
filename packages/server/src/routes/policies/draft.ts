import type { RouteHandler } from '@hono/zod-openapi';
import { compilePolicy, type PolicyDocument } from '@sluice/engine';
import { sql } from 'drizzle-orm';
import { policies } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { nowIso } from '../../http/responses.js';
import type * as r from './routes.js';
import { routingOverlapsOf } from './routingOverlap.js';
import { loadPolicy } from './store.js';
import { casesOf, runCases, tenantForTests, testsSummary } from './tests.js';
import { detail } from './views.js';

/** `PUT /v1/policies/{key}/draft`: saved as sent, compiling or not; the answer lists the compile errors. */
export const saveDraft: RouteHandler<typeof r.saveDraft, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const { key } = c.req.valid('param');
  const body = c.req.valid('json');
  if (body.key !== key) {
    throw new ProblemError(422, 'validation-failed', 'The document key differs from the key in the path', {
      detailZh: '文档中的 key 与路径中的不一致',
      errors: [{ path: '$.key', message: `expected "${key}"`, messageZh: `应为 "${key}"` }],
    });
  }
  // A draft is never live: its version is 0 until publishing numbers it.
  const draft: PolicyDocument = { ...body, version: 0 };
  const at = nowIso(c);
  // A save is the policy's last change and its last draft save, both by whoever sent it.
  const saved = { updatedAt: at, changedBy: auth.actor, changeAction: 'save', draftSavedBy: auth.actor, draftSavedAt: at };
  const [written] = await c.var.deps.database.db
    .insert(policies)
    .values({ tenantId: auth.tenantId, key, kind: draft.kind, name: draft.name, draft, ...saved })
    .onConflictDoUpdate({ target: [policies.tenantId, policies.key], set: { kind: draft.kind, name: draft.name, draft, ...saved } })
    .returning({ created: sql<boolean>`(xmax = 0)` });
  const row = await loadPolicy(c.var.deps.database.db, auth.tenantId, key);
  const view = await detail(c.var.deps.database.db, row!);
  // Every save runs the draft's cases in memory: the editor shows pass/fail without asking.
  const cases = casesOf(draft);
  const tests = view.compile.ok
    ? testsSummary(runCases(draft, cases, await tenantForTests(c.var.deps.database, auth.tenantId, cases, c.var.deps.now())))
    : null;
  // A routing draft that would route leads twice with a live one says so now, before its publication is refused.
  const compiled = view.compile.ok && draft.kind === 'routing' ? compilePolicy(draft) : null;
  const overlaps = compiled?.ok ? await routingOverlapsOf(c.var.deps.database.db, auth.tenantId, compiled.policy) : [];
  const routingOverlaps = overlaps.length > 0 ? { routingOverlaps: overlaps } : {};
  return c.json({ ...view.summary, draft: view.draft, compile: view.compile, tests, ...routingOverlaps }, written?.created ? 201 : 200);
};
