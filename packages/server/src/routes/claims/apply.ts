import { randomUUID } from 'node:crypto';
import { step, type Action, type StepEvent } from '@sluice/engine';
import type { Database } from '../../db/connect.js';
import { buildState, type BuiltState } from '../../state/build.js';
import { loadRows } from '../../state/load.js';
import { liveTickDue, type DueOf } from '../../state/nextDue.js';
import { recordDecision, type RecordedBy } from '../../state/record.js';
import { problemOf } from '../../state/refusal.js';
import { transact, type Query } from '../../state/sql.js';
import { Writes, writeAll } from '../../state/write.js';

const DAY_MS = 86_400_000;

/** What a claim, release or manual assignment answers: the change as recorded. */
export interface ManualResult {
  decisionId: string;
  leadId: string;
  repId: string;
  poolId: string | null;
  at: string;
  via: 'claimed' | 'released' | 'assigned';
  action: Action;
}

/**
 * Loads one lead and one rep (with the rep's open leads and the ownerships they started, which
 * the claim limits count) inside the tenant's transaction: every claim of a tenant is serialised
 * by the tenant lock, so the checks and the change see the same state.
 */
async function load(q: Query, tenantId: string, leadId: string, repId: string, nowMs: number): Promise<{ built: BuiltState; dueOf: DueOf | undefined }> {
  const days = [nowMs - DAY_MS, nowMs, nowMs + DAY_MS].map((ms) => new Date(ms).toISOString().slice(0, 10));
  const rows = await loadRows(q, tenantId, {
    leadIds: [leadId],
    repIds: [repId],
    customerKeys: [],
    now: new Date(nowMs).toISOString(),
    days,
    eventIds: [],
    // The live tick policies: their clocks give the lead its next due (state/nextDue.ts).
    eventTypes: ['tick'],
  });
  return { built: buildState(rows), dueOf: await liveTickDue(q, tenantId, rows.live) };
}

/** A rep claims a lead from a pool (S9, S20): the engine's step checks it and makes the change, atomically. */
export function claimLead(
  database: Database,
  tenantId: string,
  req: { leadId: string; repId: string; poolId: string },
  actor: string,
  nowMs: number,
): Promise<ManualResult> {
  const event = request('claim', 'claim.requested', req.leadId, req.repId, nowMs, { poolId: req.poolId });
  return decideManual(database, tenantId, event, { actor }, nowMs, req.poolId);
}

/** The owner gives a lead back to a pool. */
export function releaseLead(
  database: Database,
  tenantId: string,
  req: { leadId: string; repId: string; poolId: string; reason?: string | undefined },
  actor: string,
  nowMs: number,
): Promise<ManualResult> {
  const event = request('release', 'release.requested', req.leadId, req.repId, nowMs, { poolId: req.poolId, ...(req.reason ? { reason: req.reason } : {}) });
  return decideManual(database, tenantId, event, { actor, note: req.reason }, nowMs, req.poolId);
}

/** A manager gives a lead to a rep by hand (replacing any owner). */
export function assignLead(
  database: Database,
  tenantId: string,
  req: { leadId: string; repId: string; managerId?: string | undefined },
  actor: string,
  nowMs: number,
): Promise<ManualResult> {
  const event = request('assign', 'assign.requested', req.leadId, req.repId, nowMs, { actor, ...(req.managerId ? { managerId: req.managerId } : {}) });
  return decideManual(database, tenantId, event, { actor, managerId: req.managerId }, nowMs, null);
}

/** The route's request as the step event it is; its id names the decision record's event (`claim:<uuid>` …). */
function request(key: string, type: StepEvent['type'], leadId: string, repId: string, nowMs: number, data: Record<string, string>): StepEvent {
  return { id: `${key}:${randomUUID()}`, type, at: new Date(nowMs).toISOString(), leadId, repId, data };
}

/** Load → step → write, in one transaction under the tenant's lock; a refusal is the problem the route has always answered. */
function decideManual(database: Database, tenantId: string, event: StepEvent, by: RecordedBy, nowMs: number, poolId: string | null): Promise<ManualResult> {
  return transact(database, tenantId, async (q) => {
    const { built, dueOf } = await load(q, tenantId, event.leadId!, event.repId!, nowMs);
    const result = step({ policies: [], state: built.state, event, now: nowMs });
    if (!result.ok) throw problemOf(result.refusal);
    const d = result.decisions[0]!;
    const writes = new Writes(built);
    writes.record(result.changes, d.leadId);
    const decisionId = recordDecision(writes, event, d, by);
    await writeAll(q, tenantId, writes.payload(built, d.at, dueOf));
    const via = d.eventType.slice('lead.'.length) as ManualResult['via'];
    return { decisionId, leadId: d.leadId!, repId: event.repId!, poolId, at: d.at, via, action: d.actions[0]! };
  });
}
