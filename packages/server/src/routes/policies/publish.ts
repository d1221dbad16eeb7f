import type { RouteHandler } from '@hono/zod-openapi';
import { changesDecisions, diffPolicies, type PolicyDocument } from '@sluice/engine';
import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { policyVersions, simulations } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError, fieldProblem } from '../../http/problem.js';
import { nowIso } from '../../http/responses.js';
import type { StoredRef } from '../simulations/index.js';
import { checkGoingLive, gateGoingLive, goLive, liveTransaction, lockGoingLive } from './live.js';
import { type RosterFieldError, rosterWarnings } from './rosterWarnings.js';
import type * as r from './routes.js';
import { requirePolicy, requireVersion } from './store.js';
import { casesOf, failingCases, runCases, tenantForTests } from './tests.js';

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
  const result = await liveTransaction(database.db, [key, ...replacing], async (tx) => {
    // The row locks serialise publications of one key (two at once get n and n+1) and of the ones it replaces.
    const { row, locked } = await lockGoingLive(tx, auth.tenantId, key, replacing);
    const change = { action: 'publish' } as const;
    const checked = await checkGoingLive(tx, auth.tenantId, { key, document: row.draft, change, withdraw: replacing, locked });
    const run = runCases(row.draft, casesOf(row.draft), tenant);
    const failing = run && !run.passed ? failingCases(run) : [];
    const override = gateGoingLive({ key, change, failing, overlaps: checked.overlaps, reason: overriding?.reason, actor: auth.actor, at });
    const evidence = cited ? evidenceFor(cited, key, row.draft as PolicyDocument) : null;
    const version = (await highestVersion(tx, auth.tenantId, key)) + 1;
    const document = { ...(row.draft as PolicyDocument), version };
    await tx
      .insert(policyVersions)
      .values({ tenantId: auth.tenantId, key, version, document, note, publishedBy: auth.actor, publishedAt: at, evidence, override });
    await goLive(tx, auth.tenantId, {
      key,
      version,
      events: checked.events,
      action: 'publish',
      note,
      actor: auth.actor,
      at,
      override,
      leaving: checked.leaving,
    });
    return { version, events: checked.events, document, withdrawn: checked.leaving };
  });
  const warnings = await liveWarnings(database.db, auth.tenantId, result.document);
  const withdrawn = result.withdrawn.length > 0 ? { withdrawn: result.withdrawn } : {};
  return c.json(
    { key, version: result.version, liveVersion: result.version, liveEvents: result.events, action: 'publish' as const, note, at, ...warnings, ...withdrawn },
    201,
  );
};

/**
 * `POST /v1/policies/{key}/rollback`: an earlier version goes live again, recompiled first, past
 * the same routing-overlap check as a publication (with the same `override` and `withdraw`); its
 * test cases are not run again.
 */
export const rollback: RouteHandler<typeof r.rollback, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const { key } = c.req.valid('param');
  const { version, note, override: overriding, withdraw: replacing = [] } = c.req.valid('json');
  const at = nowIso(c);
  const database = c.var.deps.database;
  const result = await liveTransaction(database.db, [key, ...replacing], async (tx) => {
    const { row, locked } = await lockGoingLive(tx, auth.tenantId, key, replacing);
    const old = await requireVersion(tx, auth.tenantId, key, version);
    if (row.liveVersion === version) {
      throw new ProblemError(409, 'already-live', `Version ${version} is already live`, { detailZh: `版本 ${version} 已经生效` });
    }
    // Recompiled: the node kinds it uses may have changed since it was published.
    const change = { action: 'rollback', version } as const;
    const checked = await checkGoingLive(tx, auth.tenantId, { key, document: old.document, change, withdraw: replacing, locked });
    const override = gateGoingLive({ key, change, failing: [], overlaps: checked.overlaps, reason: overriding?.reason, actor: auth.actor, at });
    await goLive(tx, auth.tenantId, {
      key,
      version,
      events: checked.events,
      action: 'rollback',
      note,
      actor: auth.actor,
      at,
      override,
      leaving: checked.leaving,
    });
    return { events: checked.events, document: old.document, withdrawn: checked.leaving };
  });
  const warnings = await liveWarnings(database.db, auth.tenantId, result.document);
  const withdrawn = result.withdrawn.length > 0 ? { withdrawn: result.withdrawn } : {};
  return c.json({ key, version, liveVersion: version, liveEvents: result.events, action: 'rollback' as const, note, at, ...warnings, ...withdrawn }, 200);
};

/** What the version now live names that the roster lacks: said once it is live (after the commit), never a refusal. */
async function liveWarnings(db: Db, tenantId: string, document: unknown): Promise<{ warnings?: RosterFieldError[] }> {
  const warnings = await rosterWarnings(db, tenantId, document);
  return warnings.length > 0 ? { warnings } : {};
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
