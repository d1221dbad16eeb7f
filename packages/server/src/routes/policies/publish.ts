import type { RouteHandler } from '@hono/zod-openapi';
import { changesDecisions, diffPolicies, type PolicyDocument, type RoutingOverlap } from '@sluice/engine';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { policyLog, policyVersions, simulations, type PublishOverride } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError, fieldProblem } from '../../http/problem.js';
import { nowIso } from '../../http/responses.js';
import { refuseMissingCalendars } from './calendarRefs.js';
import { liveCompiled } from './compile.js';
import { type RosterFieldError, rosterWarnings } from './rosterWarnings.js';
import { tenantLeadFields } from './leadFields.js';
import type * as r from './routes.js';
import { lockReplaced } from './replaced.js';
import { overlapText, routingOverlapsOf } from './routingOverlap.js';
import { lockPolicy, makeLive, requirePolicy, requireVersion } from './store.js';
import type { StoredRef } from '../simulations/index.js';
import { casesOf, failingCases, runCases, tenantForTests, type TenantForTests } from './tests.js';

/** `POST /v1/policies/{key}/publish`: the draft, if it compiles, becomes the next version and goes live. */
export const publish: RouteHandler<typeof r.publish, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const { key } = c.req.valid('param');
  const { note, evidence: asked, override: overriding, withdraw: replacing = [] } = c.req.valid('json');
  const at = nowIso(c);
  const database = c.var.deps.database;
  const cited = asked ? await citedSimulation(database.db, auth.tenantId, asked.simulationId) : null;
  // Loaded before the transaction (an embedded database has one connection): the tenant as the cases see it.
  const before = await requirePolicy(database.db, auth.tenantId, key);
  const tenant = await tenantForTests(database, auth.tenantId, casesOf(before.draft), c.var.deps.now());
  const result = await database.db.transaction(async (tx) => {
    // The row lock serialises publications of one key: two at once get n and n+1.
    const row = await lockPolicy(tx, auth.tenantId, key);
    const compiled = liveCompiled(row.draft, 'publish', await tenantLeadFields(tx, auth.tenantId));
    const events = compiled.trigger.events;
    await refuseMissingCalendars(tx, auth.tenantId, row.draft, 'publish');
    const leaving = await lockReplaced(tx, auth.tenantId, key, replacing);
    const overlaps = await routingOverlapsOf(tx, auth.tenantId, compiled, new Set(leaving.map((l) => l.key)));
    const override = publishGate(row.draft, tenant, overlaps, overriding?.reason, auth.actor, at);
    const evidence = cited ? evidenceFor(cited, key, row.draft as PolicyDocument) : null;
    const version = (await highestVersion(tx, auth.tenantId, key)) + 1;
    const document = { ...(row.draft as PolicyDocument), version };
    await tx
      .insert(policyVersions)
      .values({ tenantId: auth.tenantId, key, version, document, note, publishedBy: auth.actor, publishedAt: at, evidence, override });
    await makeLive(tx, auth.tenantId, key, { version, events, at, actor: auth.actor, action: 'publish' });
    await tx.insert(policyLog).values({ tenantId: auth.tenantId, key, version, action: 'publish', note, actor: auth.actor, at, override });
    for (const old of leaving) {
      await makeLive(tx, auth.tenantId, old.key, { version: null, events: [], at, actor: auth.actor, action: 'withdraw' });
      const why = `Replaced by "${key}" version ${version}: ${note} / 由“${key}”版本 ${version} 替代：${note}`;
      await tx.insert(policyLog).values({ tenantId: auth.tenantId, key: old.key, version: old.version, action: 'withdraw', note: why, actor: auth.actor, at });
    }
    return { version, events, document, withdrawn: leaving };
  });
  const warnings = await liveWarnings(database.db, auth.tenantId, result.document);
  const withdrawn = result.withdrawn.length > 0 ? { withdrawn: result.withdrawn } : {};
  return c.json(
    { key, version: result.version, liveVersion: result.version, liveEvents: result.events, action: 'publish' as const, note, at, ...warnings, ...withdrawn },
    201,
  );
};

/** `POST /v1/policies/{key}/rollback`: an earlier version goes live again, recompiled first. */
export const rollback: RouteHandler<typeof r.rollback, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const { key } = c.req.valid('param');
  const { version, note } = c.req.valid('json');
  const at = nowIso(c);
  const { events, document } = await c.var.deps.database.db.transaction(async (tx) => {
    const row = await lockPolicy(tx, auth.tenantId, key);
    const old = await requireVersion(tx, auth.tenantId, key, version);
    if (row.liveVersion === version) {
      throw new ProblemError(409, 'already-live', `Version ${version} is already live`, { detailZh: `版本 ${version} 已经生效` });
    }
    // Recompiled: the node kinds it uses may have changed since it was published.
    const events = liveCompiled(old.document, 'rollback', await tenantLeadFields(tx, auth.tenantId)).trigger.events;
    await refuseMissingCalendars(tx, auth.tenantId, old.document, 'rollback');
    await makeLive(tx, auth.tenantId, key, { version, events, at, actor: auth.actor, action: 'rollback' });
    await tx.insert(policyLog).values({ tenantId: auth.tenantId, key, version, action: 'rollback', note, actor: auth.actor, at });
    return { events, document: old.document };
  });
  const warnings = await liveWarnings(c.var.deps.database.db, auth.tenantId, document);
  return c.json({ key, version, liveVersion: version, liveEvents: events, action: 'rollback' as const, note, at, ...warnings }, 200);
};

/** What the version now live names that the roster lacks: said once it is live (after the commit), never a refusal. */
async function liveWarnings(db: Db, tenantId: string, document: unknown): Promise<{ warnings?: RosterFieldError[] }> {
  const warnings = await rosterWarnings(db, tenantId, document);
  return warnings.length > 0 ? { warnings } : {};
}

/** What an override records: the failing cases, and the routing overlaps it acknowledged when there were any. */
type Acknowledged = PublishOverride & { overlaps?: RoutingOverlap[] };

/**
 * Nothing is published that breaks its own cases (issue 14), nor a routing policy that would route
 * a lead twice with another live one: either refuses the publication, unless the publisher says why
 * it may go live anyway — one reason for all the refusal listed. Returns the override to record
 * (null when there was nothing to override).
 */
function publishGate(
  draft: unknown,
  tenant: TenantForTests,
  overlaps: RoutingOverlap[],
  reason: string | undefined,
  actor: string,
  at: string,
): Acknowledged | null {
  const run = runCases(draft, casesOf(draft), tenant);
  const failing = run && !run.passed ? failingCases(run) : [];
  if (failing.length === 0 && overlaps.length === 0) return null;
  const overlapping = overlaps.length > 0 ? { overlaps } : {};
  if (reason !== undefined) return { reason, actor, at, failing: failing.map((f) => f.id), ...overlapping };
  const key = (draft as PolicyDocument).key;
  const also = overlaps.length > 0 ? overlapText(overlaps, key) : null;
  if (failing.length === 0) throw new ProblemError(409, 'routing-overlap', also!.en, { detailZh: also!.zh, overlaps });
  const n = failing.length;
  throw new ProblemError(
    409,
    'tests-failing',
    `${n} test case${n === 1 ? '' : 's'} of the draft fail${n === 1 ? 's' : ''}; fix the policy or the cases, or publish with override.reason${also ? `. Also: ${also.en}` : ''}`,
    {
      detailZh: `草稿有 ${n} 个测试用例未通过：请修改策略或用例，或填写 override.reason 说明原因后发布${also ? `。此外：${also.zh}` : ''}`,
      failing,
      ...overlapping,
    },
  );
}

interface CitedSimulation {
  id: string;
  candidates: Array<{ label: string; policies: StoredRef[] }>;
}

const EVIDENCE_PATH = '$.evidence.simulationId';

/** The simulation a publication cites (S31): a finished one of this tenant. */
async function citedSimulation(db: Db, tenantId: string, simulationId: string): Promise<CitedSimulation> {
  const [sim] = await db
    .select({ status: simulations.status, candidates: simulations.candidates })
    .from(simulations)
    .where(and(eq(simulations.tenantId, tenantId), eq(simulations.id, simulationId), eq(simulations.kind, 'simulate')));
  if (!sim) throw evidenceRefused(`there is no simulation "${simulationId}" in this tenant`, `本租户没有模拟 "${simulationId}"`);
  if (sim.status !== 'done')
    throw evidenceRefused(
      `simulation "${simulationId}" is ${sim.status}: only a finished simulation is evidence`,
      `模拟 "${simulationId}" 的状态为 ${sim.status}：只有已完成的模拟才能作为依据`,
    );
  return { id: simulationId, candidates: sim.candidates as CitedSimulation['candidates'] };
}

/**
 * The evidence recorded with a version: the cited simulation must have run this policy as it is
 * published — a candidate whose document for it decides as the draft does (wording, test cases and
 * positions aside). Its label is that candidate's, one other than the baseline when there is one.
 * Simulations stored before their documents were kept are taken on the policy key alone.
 */
function evidenceFor(sim: CitedSimulation, key: string, draft: PolicyDocument): { simulationId: string; label?: string } {
  const ran = sim.candidates.flatMap((c, index) => c.policies.filter((p) => p.key === key).map((p) => ({ label: c.label, index, ref: p })));
  if (ran.length === 0) {
    const labels = sim.candidates.map((c) => `"${c.label}"`).join(', ');
    throw evidenceRefused(
      `simulation "${sim.id}" did not run policy "${key}" (its candidates: ${labels}): simulate the draft first`,
      `模拟 "${sim.id}" 没有运行策略 "${key}"（其候选：${labels}）：请先模拟该草稿`,
    );
  }
  const kept = ran.filter((r) => r.ref.document !== undefined);
  const same = kept.length === 0 ? ran : kept.filter((r) => !changesDecisions(diffPolicies(r.ref.document!, draft)));
  if (same.length === 0) {
    const versions = kept.map((r) => `"${r.label}": ${r.ref.resolved === 'draft' ? 'the draft then' : `version ${r.ref.resolved}`}`).join(', ');
    const versionsZh = kept.map((r) => `“${r.label}”：${r.ref.resolved === 'draft' ? '当时的草稿' : `版本 ${r.ref.resolved}`}`).join('，');
    throw evidenceRefused(
      `simulation "${sim.id}" ran policy "${key}" as it no longer is (${versions}): the draft decides differently now; simulate the current draft`,
      `模拟 "${sim.id}" 运行的策略 "${key}" 与现在不同（${versionsZh}）：当前草稿的决策已改变，请重新模拟当前草稿`,
    );
  }
  const label = (same.find((r) => r.index > 0) ?? same[0])!.label;
  return kept.length === 0 && !ran.some((r) => r.index > 0) ? { simulationId: sim.id } : { simulationId: sim.id, label };
}

function evidenceRefused(message: string, messageZh: string): ProblemError {
  return fieldProblem(EVIDENCE_PATH, message, messageZh);
}

/** The highest version published so far (0 before the first). */
async function highestVersion(tx: Tx, tenantId: string, key: string): Promise<number> {
  const [{ max }] = (await tx
    .select({ max: sql<number | null>`max(${policyVersions.version})::int` })
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.key, key)))) as [{ max: number | null }];
  return max ?? 0;
}
