import { randomUUID } from 'node:crypto';
import { checkClaim, claimChanges, type Action, type Decision, type Labels, type StateChange } from '@sluice/engine';
import type { Database } from '../../db/connect.js';
import { ProblemError } from '../../http/problem.js';
import { buildState, type BuiltState } from '../../state/build.js';
import { loadRows } from '../../state/load.js';
import { outboxRows } from '../../state/outbox.js';
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

/** Not a policy: claims, releases and manual assignments are recorded under these keys, version 0. */
const KEYS = { claimed: 'claim', released: 'release', assigned: 'assign' } as const;

/**
 * Loads one lead and one rep (with the rep's open leads and the ownerships they started, which
 * the claim limits count) inside the tenant's transaction: every claim of a tenant is serialised
 * by the tenant lock, so the checks and the change see the same state.
 */
async function load(q: Query, tenantId: string, leadId: string, repId: string, nowMs: number): Promise<BuiltState> {
  const days = [nowMs - DAY_MS, nowMs, nowMs + DAY_MS].map((ms) => new Date(ms).toISOString().slice(0, 10));
  const rows = await loadRows(q, tenantId, {
    leadIds: [leadId],
    repIds: [repId],
    customerKeys: [],
    now: new Date(nowMs).toISOString(),
    days,
    eventIds: [],
    eventTypes: [],
  });
  return buildState(rows);
}

/** A rep claims a lead from a pool (S9, S20): the engine's checks, then its change, atomically. */
export function claimLead(database: Database, tenantId: string, req: { leadId: string; repId: string; poolId: string }, actor: string, nowMs: number): Promise<ManualResult> {
  return transact(database, tenantId, async (q) => {
    const built = await load(q, tenantId, req.leadId, req.repId, nowMs);
    const check = checkClaim(built.state, req, nowMs);
    if (!check.ok) {
      throw new ProblemError(409, check.code, check.message.en, { detail: check.message.en, detailZh: check.message.zh, message: check.message, reason: check.detail });
    }
    const changes = claimChanges(built.state, req, nowMs);
    const summary = { en: `${req.repId} claimed lead ${req.leadId} from pool ${req.poolId}`, zh: `${req.repId} 从线索池 ${req.poolId} 领取了线索 ${req.leadId}` };
    return commit(q, tenantId, built, { via: 'claimed', leadId: req.leadId, repId: req.repId, poolId: req.poolId, changes, summary, actor, nowMs });
  });
}

/** The owner gives a lead back to a pool. */
export function releaseLead(database: Database, tenantId: string, req: { leadId: string; repId: string; poolId: string; reason?: string | undefined }, actor: string, nowMs: number): Promise<ManualResult> {
  return transact(database, tenantId, async (q) => {
    const built = await load(q, tenantId, req.leadId, req.repId, nowMs);
    const lead = built.state.lead(req.leadId);
    if (!lead) throw notFound('lead', req.leadId, '线索');
    if (!built.state.pool(req.poolId)) throw notFound('pool', req.poolId, '线索池');
    if (lead.ownerId !== req.repId) {
      const owner = lead.ownerId ?? null;
      throw new ProblemError(409, 'notOwner', `${req.repId} does not own lead ${req.leadId}`, {
        detail: owner ? `lead ${req.leadId} is owned by ${owner}` : `lead ${req.leadId} has no owner`,
        detailZh: owner ? `线索 ${req.leadId} 的负责人是 ${owner}，不是 ${req.repId}` : `线索 ${req.leadId} 没有负责人`,
        reason: { leadId: req.leadId, repId: req.repId, ownerId: owner },
      });
    }
    const at = new Date(nowMs).toISOString();
    const changes: StateChange[] = [{ type: 'lead.toPool', leadId: req.leadId, poolId: req.poolId, previousOwnerId: req.repId, at, nodeId: 'release', reason: 'released' }];
    const why = req.reason ? { en: ` (${req.reason})`, zh: `（${req.reason}）` } : { en: '', zh: '' };
    const summary = { en: `${req.repId} released lead ${req.leadId} to pool ${req.poolId}${why.en}`, zh: `${req.repId} 将线索 ${req.leadId} 释放回线索池 ${req.poolId}${why.zh}` };
    return commit(q, tenantId, built, { via: 'released', leadId: req.leadId, repId: req.repId, poolId: req.poolId, changes, summary, actor, nowMs, note: req.reason });
  });
}

/** A manager gives a lead to a rep by hand (replacing any owner). */
export function assignLead(database: Database, tenantId: string, req: { leadId: string; repId: string; managerId?: string | undefined }, actor: string, nowMs: number): Promise<ManualResult> {
  return transact(database, tenantId, async (q) => {
    const built = await load(q, tenantId, req.leadId, req.repId, nowMs);
    const lead = built.state.lead(req.leadId);
    if (!lead) throw notFound('lead', req.leadId, '线索');
    if (!built.state.rep(req.repId)) {
      throw new ProblemError(409, 'unknownRep', `rep ${req.repId} is not known`, { detail: `rep ${req.repId} is not known`, detailZh: `未知的销售 ${req.repId}`, reason: { repId: req.repId } });
    }
    if (lead.ownerId === req.repId) {
      throw new ProblemError(409, 'alreadyOwner', `${req.repId} already owns lead ${req.leadId}`, { detailZh: `${req.repId} 已是线索 ${req.leadId} 的负责人`, reason: { leadId: req.leadId, repId: req.repId } });
    }
    const at = new Date(nowMs).toISOString();
    const changes: StateChange[] = [{ type: 'lead.assign', leadId: req.leadId, repId: req.repId, previousOwnerId: lead.ownerId ?? null, at, nodeId: 'manual', via: 'assigned' }];
    const by = req.managerId ?? actor;
    const summary = { en: `${by} assigned lead ${req.leadId} to ${req.repId}`, zh: `${by} 将线索 ${req.leadId} 分配给 ${req.repId}` };
    return commit(q, tenantId, built, { via: 'assigned', leadId: req.leadId, repId: req.repId, poolId: null, changes, summary, actor, nowMs, managerId: req.managerId });
  });
}

interface Manual {
  via: ManualResult['via'];
  leadId: string;
  repId: string;
  poolId: string | null;
  changes: StateChange[];
  summary: Labels;
  actor: string;
  nowMs: number;
  note?: string | undefined;
  managerId?: string | undefined;
}

/** Applies the change and writes it with its decision record and outbox rows, as a policy decision is. */
async function commit(q: Query, tenantId: string, built: BuiltState, m: Manual): Promise<ManualResult> {
  const at = new Date(m.nowMs).toISOString();
  const change = m.changes[0]!;
  const previousOwnerId = (change as { previousOwnerId?: string | null }).previousOwnerId ?? null;
  const action: Action =
    change.type === 'lead.toPool'
      ? { type: 'toPool', leadId: m.leadId, poolId: change.poolId, previousOwnerId, nodeId: change.nodeId }
      : { type: 'assign', leadId: m.leadId, repId: m.repId, previousOwnerId, nodeId: change.type === 'lead.assign' ? change.nodeId : 'manual', strategy: m.via };
  built.state.apply(m.changes);
  const writes = new Writes(built);
  writes.record(m.changes, m.leadId);
  const decisionId = randomUUID();
  const key = KEYS[m.via];
  const d: Decision = {
    eventId: `${key}:${decisionId}`,
    eventType: `lead.${m.via}`,
    leadId: m.leadId,
    at,
    policy: { key, version: 0, kind: 'manual' },
    triggered: true,
    actions: [action],
    changes: m.changes,
    explanation: { visited: [], rulesFired: [], summary: m.summary },
  };
  const repIds = [...new Set([m.repId, ...(previousOwnerId ? [previousOwnerId] : []), ...(m.managerId ? [m.managerId] : [])])].sort();
  writes.decisions.push({
    id: decisionId,
    eventId: d.eventId,
    leadId: m.leadId,
    policyKey: key,
    policyVersion: 0,
    repIds,
    at,
    decision: { decisionId, ...d, actor: m.actor, ...(m.managerId ? { managerId: m.managerId } : {}), ...(m.note ? { note: m.note } : {}) },
  });
  if (m.via === 'released') {
    // outboxRows would call a release "lead.reclaimed" (a toPool with a previous owner); it is the owner's own choice.
    const head = { decisionId, eventId: d.eventId, eventType: d.eventType, leadId: m.leadId, at, policy: d.policy };
    writes.emit('decision.made', { ...head, actions: d.actions, summary: m.summary });
    writes.emit('lead.pooled', { ...head, action, reason: 'released', ...(m.note ? { note: m.note } : {}) });
  } else outboxRows(writes, decisionId, d);
  await writeAll(q, tenantId, writes.payload(built, at));
  return { decisionId, leadId: m.leadId, repId: m.repId, poolId: m.poolId, at, via: m.via, action };
}

function notFound(what: string, id: string, whatZh: string): ProblemError {
  return new ProblemError(404, `unknown-${what}`, `No ${what} ${id}`, { detailZh: `${whatZh} ${id} 不存在` });
}
