import { leadsReturned, relationLookupKeys, step, type CompiledPolicy, type Decision, type Lead, type StateSnapshotInput } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import { ProblemError } from '../http/problem.js';
import { buildState, type BuiltState } from './build.js';
import { committed, forgetCounters } from './counterCache.js';
import { isEngineEventType, type Preview, type ServerEvent } from './event.js';
import { failureKind, logFailedAlone, namedCulprit, refusedByDatabase } from './failure.js';
import { loadCustomers, loadRelated, loadRows, loadRowsText, parseLoaded, type LoadedRows, type LoadScope } from './load.js';
import { leadMatchKeys } from './matchKeys.js';
import { liveFor, liveTickDue, type DueOf } from './nextDue.js';
import { livePlans } from './policies.js';
import { previewPlan } from './preview.js';
import { recordDecision } from './record.js';
import { problemOf } from './refusal.js';
import { responseOf, storedBody, viewOf, type DecisionView, type EventResponse } from './response.js';
import { type DecisionInput, watchStep, writeDecisionInputs } from './decisionInput.js';
import { once, transact, type Query } from './sql.js';
import { snapshotOfRows } from './tenantSnapshot.js';
import { withRepTickPeers } from './tickLoad.js';
import { Writes, writeAll } from './write.js';
import { logDecisionWarnings } from './warnings.js';

export type { DecisionView, EventResponse } from './response.js';

/** One event of a batch: what it is, when it arrived, and the hash a retry must match. */
export interface Job {
  event: ServerEvent;
  hash: string;
  nowMs: number;
}

/**
 * The response JSON exactly as first sent (a retry gets the same bytes), or why the event was
 * refused (a ProblemError, or what it threw). `returned`: for a tick decided now, the leads it took
 * back into a pool (reported back once committed: returned.ts).
 */
export type Outcome = { ok: true; body: string; replayed: boolean; returned: readonly string[] } | { ok: false; error: unknown };

const DAY_MS = 86_400_000;
/** Events a batch sets aside by name before it gives up and handle.ts bisects it. */
const MAX_SET_ASIDE = 8;

/**
 * A batch of one tenant's events in one transaction (on PostgreSQL under the tenant's advisory
 * lock): one statement loads what they may read, the events run one after another on that state
 * exactly as they would one transaction each, and one statement writes every change, decision,
 * outbox row and stored response. Round trips: BEGIN+lock, load, write, the decisions' inputs
 * (what they read, for test cases: decisionInput.ts), COMMIT — plus one for a
 * policy version this process has not compiled yet, and one for customers of a lead whose match
 * keys only the stored row has. An event refused on its own merits (unknown lead, reused id) is
 * answered and the rest go on.
 *
 * An event that fails is set aside without giving up the transaction, and the others run again on
 * a state parsed afresh from the loaded text (nothing of the failed run survives; the database is
 * as the load saw it): one that throws while it runs names itself; one whose rows the database
 * refuses is named by the refusal (its lead or event id in the message, as a trigger's, a check's
 * "failing row" or a unique key's usually is; see namedCulprit), and the write runs after a
 * savepoint so the transaction can go on without it. It costs one more round trip and one more
 * run in memory per bad event, not a transaction per event. A refusal that names no one event
 * fails the batch as it is, for handle.ts to bisect.
 */
export async function decideBatch(database: Database, tenantId: string, jobs: readonly Job[]): Promise<Outcome[]> {
  // What the committed batch wrote to the counters, applied to the held ones after the commit (counterCache.ts).
  let wrote: { rows: LoadedRows; writes: Writes } | undefined;
  let outcomes: Outcome[];
  try {
    outcomes = await transact(database, tenantId, async (q) => {
      wrote = undefined;
      const result = await decideInTransaction(q, tenantId, jobs);
      wrote = result.wrote;
      return result.outcomes;
    });
  } catch (e) {
    // Committed or not, the held counters may no longer be the rows': the next batch loads them.
    if (wrote) forgetCounters(tenantId);
    throw e;
  }
  if (wrote) {
    const { rows, writes } = wrote;
    committed(tenantId, rows.counters.version, rows.counters.txid, writes.loads, writes.daily.values(), (id) => rows.roster.repById.has(id));
  }
  return outcomes;
}

async function decideInTransaction(
  q: Query,
  tenantId: string,
  jobs: readonly Job[],
): Promise<{ outcomes: Outcome[]; wrote?: { rows: LoadedRows; writes: Writes } }> {
  // The held counters (counterCache.ts): a batch's own writes are applied after its commit, so the
  // next load sends no counter rows unless someone else wrote them.
  const loaded = await loadRowsText(
    q,
    tenantId,
    await withRepTickPeers(
      q,
      tenantId,
      scopeOf(jobs, true),
      jobs.map((j) => j.event),
    ),
    true,
  );
  const setAside = new Map<number, { error: unknown; cause: unknown }>();
  let plansFor: ((eventType: string) => CompiledPolicy[]) | undefined;
  let dueOf: DueOf | undefined;
  for (;;) {
    const rows = parseLoaded(loaded);
    if (!plansFor) {
      plansFor = await livePlans(q, tenantId, liveFor(rows.live, new Set(jobs.map((j) => j.event.type))));
      dueOf = await liveTickDue(q, tenantId, rows.live);
    }
    const built = await buildWithCustomers(q, tenantId, rows, jobs, plansFor);
    const run = runJobs(jobs, setAside, rows, built, plansFor);
    if ('failed' in run) {
      if (setAside.size >= MAX_SET_ASIDE) throw run.error;
      setAside.set(run.failed, { error: run.error, cause: run.error });
      continue;
    }
    if (!run.writes.empty) {
      // Before the write, which goes with the COMMIT; a rerun without a refused event overwrites these.
      await writeDecisionInputs(q, tenantId, run.inputs);
      try {
        await writeAll(q, tenantId, run.writes.payload(built, new Date(run.lastNowMs).toISOString(), dueOf));
      } catch (e) {
        const culprit = setAside.size < MAX_SET_ASIDE && failureKind(e) === 'refused' ? namedCulprit(e, jobs, setAside) : undefined;
        if (culprit === undefined) throw e;
        setAside.set(culprit, { error: refusedByDatabase(jobs[culprit]!.event.id, e), cause: e });
        continue;
      }
    }
    for (const [i, { cause }] of setAside) logFailedAlone(tenantId, jobs[i]!.event.id, cause);
    return { outcomes: run.outcomes, ...(run.writes.empty ? {} : { wrote: { rows, writes: run.writes } }) };
  }
}

/** The jobs run in order on one state, those set aside answered with why; or the first that threw. */
function runJobs(
  jobs: readonly Job[],
  setAside: ReadonlyMap<number, { error: unknown }>,
  rows: LoadedRows,
  built: BuiltState,
  plansFor: (eventType: string) => CompiledPolicy[],
): { outcomes: Outcome[]; writes: Writes; lastNowMs: number; inputs: DecisionInput[] } | { failed: number; error: unknown } {
  const writes = new Writes(built);
  const inputs: DecisionInput[] = [];
  const handled = new Map<string, { hash: string; body: string }>();
  for (const [id, stored] of Object.entries(rows.stored)) handled.set(id, { hash: stored.hash, body: storedBody(id, stored) });
  const outcomes: Outcome[] = [];
  let lastNowMs = jobs[jobs.length - 1]!.nowMs;
  for (const [index, job] of jobs.entries()) {
    const { event } = job;
    const aside = setAside.get(index);
    if (aside) {
      outcomes.push({ ok: false, error: aside.error });
      continue;
    }
    const before = handled.get(event.id);
    if (before) {
      outcomes.push(before.hash === job.hash ? { ok: true, body: before.body, replayed: true, returned: [] } : { ok: false, error: reusedId(event.id) });
      continue;
    }
    let response: EventResponse;
    let returned: readonly string[];
    const plans = isEngineEventType(event.type) ? plansFor(event.type) : [];
    // Only an event some policy decides on is watched: what it read may become a test case.
    const watch = plans.length > 0 ? watchStep(built.state, event, job.nowMs) : undefined;
    try {
      const result = step({ policies: plans, state: built.state, event, now: job.nowMs });
      watch?.stop();
      if (!result.ok) {
        outcomes.push({ ok: false, error: problemOf(result.refusal) });
        continue;
      }
      if (watch && result.decisions.length > 0) inputs.push(watch.finish(result.decisions, rows));
      response = recordStep(event, result.decisions, result.changes, writes);
      returned = event.type === 'tick' ? leadsReturned(result.changes) : [];
    } catch (e) {
      watch?.stop();
      // It may have changed the state half-way: the batch runs again without it.
      return { failed: index, error: e };
    }
    const body = JSON.stringify(response);
    const receivedAt = new Date(job.nowMs).toISOString();
    const decisionIds = response.decisions.map((d) => d.decisionId!);
    writes.events.push({ id: event.id, type: event.type, receivedAt, response: { hash: job.hash, decisions: decisionIds } });
    handled.set(event.id, { hash: job.hash, body });
    outcomes.push({ ok: true, body, replayed: false, returned });
    lastNowMs = job.nowMs;
  }
  return { outcomes, writes, lastNowMs, inputs };
}

/** The same run on one consistent snapshot, writing nothing: what would happen now (routing preview). */
export async function dryRun(database: Database, tenantId: string, event: ServerEvent, preview: Preview, nowMs: number): Promise<EventResponse> {
  const { result } = await previewStep(database, tenantId, event, preview, nowMs, false);
  return {
    ...responseOf(
      event.id,
      result.decisions.map((d) => viewOf(null, d)),
    ),
    dryRun: true,
  };
}

/**
 * A preview's step, and with `keepState` the state it read as a snapshot document (taken before the
 * step: a policy test case made from the preview starts there).
 */
export async function previewStep(database: Database, tenantId: string, event: ServerEvent, preview: Preview, nowMs: number, keepState: boolean) {
  const q: Query = (s, params) => once(database, s, params);
  const jobs = [{ event, hash: '', nowMs }];
  const rows = await loadRows(q, tenantId, await withRepTickPeers(q, tenantId, scopeOf(jobs, false), [event]));
  let plans: CompiledPolicy[];
  if (preview.policyKey) plans = [await previewPlan(q, tenantId, preview.policyKey, preview.policyVersion, preview.draft === true)];
  else plans = isEngineEventType(event.type) ? (await livePlans(q, tenantId, liveFor(rows.live, new Set([event.type]))))(event.type) : [];
  const built = await buildWithCustomers(q, tenantId, rows, jobs, () => plans);
  const seen: StateSnapshotInput | undefined = keepState ? JSON.parse(JSON.stringify(snapshotOfRows(rows))) : undefined;
  const result = step({ policies: plans, state: built.state, event, now: nowMs });
  if (!result.ok) throw problemOf(result.refusal);
  for (const d of result.decisions) logDecisionWarnings(d);
  return { result, seen };
}

function scopeOf(jobs: readonly Job[], retries: boolean): LoadScope {
  const leadIds = new Set<string>();
  const repIds = new Set<string>();
  const keys = new Set<string>();
  const days = new Set<string>();
  let earliest = Infinity;
  for (const { event, nowMs } of jobs) {
    const leadId = event.lead?.id ?? event.leadId;
    if (leadId) leadIds.add(leadId);
    const repId = event.repId ?? event.activity?.repId;
    if (repId) repIds.add(repId);
    for (const k of leadMatchKeys(event.lead)) keys.add(k);
    // Every zone's "today" is the UTC day or one either side.
    for (const ms of [nowMs - DAY_MS, nowMs, nowMs + DAY_MS]) days.add(new Date(ms).toISOString().slice(0, 10));
    earliest = Math.min(earliest, nowMs);
  }
  return {
    leadIds: [...leadIds],
    repIds: [...repIds],
    customerKeys: [...keys],
    now: new Date(earliest).toISOString(),
    days: [...days],
    eventIds: retries ? [...new Set(jobs.map((j) => j.event.id))] : [],
    // The tick policies too: their clocks give each written lead its next due (nextDue.ts).
    eventTypes: [...new Set([...jobs.map((j) => j.event.type), 'tick'])],
  };
}

/**
 * What the main load could not know yet, loaded before the state is built: the customers of a
 * stored lead an event names without its data (its match keys are known only now), and the leads
 * and customers holding keys that the policies the events run make their lead search for through
 * account relations (the engine's relationLookupKeys: names from the policy, not the lead). One
 * more statement at most, and none when neither applies.
 */
async function buildWithCustomers(
  q: Query,
  tenantId: string,
  rows: LoadedRows,
  jobs: readonly Job[],
  plansFor: (eventType: string) => CompiledPolicy[],
): Promise<BuiltState> {
  const asked = new Set<string>();
  for (const { event } of jobs) for (const k of leadMatchKeys(event.lead)) asked.add(k);
  const more = new Set<string>();
  const related = new Set<string>();
  const stored = new Map(rows.leads.map((l) => [l.id, l]));
  for (const { event } of jobs) {
    const lead = stored.get(event.lead?.id ?? event.leadId ?? '');
    if (lead) for (const k of leadMatchKeys({ ...lead, ...event.lead })) if (!asked.has(k)) more.add(k);
    const plans = isEngineEventType(event.type) ? plansFor(event.type) : [];
    if (plans.length > 0) for (const k of relationLookupKeys(plans, { ...lead, ...event.lead } as Partial<Lead>)) related.add(k);
  }
  const haveCustomers = new Set(rows.customers.map((c) => c.id));
  const addCustomers = (customers: LoadedRows['customers']) => {
    for (const c of customers) {
      if (haveCustomers.has(c.id)) continue;
      haveCustomers.add(c.id);
      rows.customers.push(c);
    }
  };
  if (related.size > 0) {
    const extra = await loadRelated(q, tenantId, [...related], [...stored.keys()], [...new Set([...related, ...more])]);
    rows.leads.push(...extra.leads);
    rows.ownership.push(...extra.ownership);
    rows.activities.push(...extra.activities);
    rows.records.push(...extra.records);
    addCustomers(extra.customers);
  } else if (more.size > 0) {
    addCustomers(await loadCustomers(q, tenantId, [...more]));
  }
  return buildState(rows);
}

/**
 * One stepped event into the write set: every change as applied (facts first, then each
 * decision's), and each decision's record and webhook rows.
 */
function recordStep(event: ServerEvent, decisions: readonly Decision[], changes: Parameters<Writes['record']>[0], writes: Writes): EventResponse {
  const leadId = event.lead?.id ?? event.leadId ?? null;
  writes.record(changes, leadId);
  const views: DecisionView[] = [];
  for (const d of decisions) {
    logDecisionWarnings(d);
    views.push(viewOf(recordDecision(writes, event, d), d));
  }
  return responseOf(event.id, views);
}

function reusedId(id: string): ProblemError {
  return new ProblemError(409, 'event-id-reused', `Event ${id} was already handled with a different body`, {
    detail: 'An event id names one event: a retry must send the same body. Use a new id for a new event.',
    detailZh: `事件 ${id} 已按不同的内容处理过：重试必须发送相同的内容；新事件请使用新的 id。`,
    errors: [{ path: '$.id', message: 'event id already used for a different event', messageZh: '该事件 id 已用于另一个事件' }],
  });
}
