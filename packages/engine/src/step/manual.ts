import { checkClaim, claimChanges } from '../runtime/claims.js';
import type { Action, Decision, Labels } from '../types/decision.js';
import type { StateChange } from '../types/state.js';
import type { StepEvent, StepRefusal, StepResult, WorkingState } from './types.js';

/**
 * Claims, releases and manual assignments: requests a person makes, decided by fixed rules rather
 * than a policy. Each is refused as data or becomes one change and its own decision record, kept
 * under the key `claim`, `release` or `assign`, version 0 (the audit trail asks "who took this
 * lead, and how" of these as of any policy's decision).
 */
const KEYS = { claimed: 'claim', released: 'release', assigned: 'assign' } as const;
type Via = keyof typeof KEYS;

/** The pool a claim.requested names (`data.poolId`): then it is a claim from that pool, not a report for conflict rules (S25). */
export function claimedPool(event: Pick<StepEvent, 'type' | 'data'>): string | undefined {
  const poolId = event.type === 'claim.requested' ? event.data?.poolId : undefined;
  return typeof poolId === 'string' && poolId !== '' ? poolId : undefined;
}

/**
 * A rep claims a lead from a pool (S9, S20). A pool or lead that does not exist is a 404 as for a
 * release (`unknown-pool`, then `unknown-lead`); then runtime/claims.ts's checks, in their order
 * (409); then the lead is the rep's.
 */
export function claim(state: WorkingState, event: StepEvent, poolId: string, nowMs: number): StepResult {
  const req = { leadId: leadIdOf(event), repId: event.repId ?? '', poolId };
  if (!state.pool(poolId)) return unknown('pool', poolId);
  if (!state.lead(req.leadId)) return unknown('lead', req.leadId);
  const check = checkClaim(state, req, nowMs);
  if (!check.ok) {
    const reason = check.detail;
    const path = check.code === 'notInPool' ? (reason.reason === 'unknownPool' ? '$.data.poolId' : '$.leadId') : '$.repId';
    return refused({ code: check.code, status: 409, message: check.message, reason, errors: [{ path, message: check.message }] });
  }
  const [change] = claimChanges(state, req, nowMs) as [Extract<StateChange, { type: 'lead.assign' }>];
  const summary = { en: `${req.repId} claimed lead ${req.leadId} from pool ${poolId}`, zh: `${req.repId} 从线索池 ${poolId} 领取了线索 ${req.leadId}` };
  return done(state, event, 'claimed', change, assignAction(change, 'claimed'), summary);
}

/** The owner gives a lead back to a pool; the pool's cooling then applies to them. */
export function release(state: WorkingState, event: StepEvent, nowMs: number): StepResult {
  const leadId = leadIdOf(event);
  const repId = event.repId ?? '';
  const poolId = typeof event.data?.poolId === 'string' ? event.data.poolId : '';
  const lead = state.lead(leadId);
  if (!lead) return unknown('lead', leadId);
  if (!state.pool(poolId)) return unknown('pool', poolId);
  if (lead.ownerId !== repId) {
    const owner = lead.ownerId ?? null;
    const message = { en: `${repId} does not own lead ${leadId}`, zh: `${repId} 不是线索 ${leadId} 的负责人` };
    return refused({
      code: 'notOwner',
      status: 409,
      message,
      detail: owner
        ? { en: `lead ${leadId} is owned by ${owner}`, zh: `线索 ${leadId} 的负责人是 ${owner}，不是 ${repId}` }
        : { en: `lead ${leadId} has no owner`, zh: `线索 ${leadId} 没有负责人` },
      reason: { leadId, repId, ownerId: owner },
      errors: [{ path: '$.repId', message }],
    });
  }
  const at = new Date(nowMs).toISOString();
  const change: StateChange = { type: 'lead.toPool', leadId, poolId, previousOwnerId: repId, at, nodeId: 'release', reason: 'released' };
  const action: Action = { type: 'toPool', leadId, poolId, previousOwnerId: repId, nodeId: 'release' };
  const note = typeof event.data?.reason === 'string' ? event.data.reason : undefined;
  const why = note ? { en: ` (${note})`, zh: `（${note}）` } : { en: '', zh: '' };
  const summary = { en: `${repId} released lead ${leadId} to pool ${poolId}${why.en}`, zh: `${repId} 将线索 ${leadId} 释放回线索池 ${poolId}${why.zh}` };
  return done(state, event, 'released', change, action, summary);
}

/** A manager gives a lead to a rep by hand (S5), replacing any owner. */
export function assign(state: WorkingState, event: StepEvent, nowMs: number): StepResult {
  const leadId = leadIdOf(event);
  const repId = event.repId ?? '';
  const lead = state.lead(leadId);
  if (!lead) return unknown('lead', leadId);
  if (!state.rep(repId)) {
    const message = { en: `rep ${repId} is not known`, zh: `未知的销售 ${repId}` };
    return refused({ code: 'unknownRep', status: 409, message, reason: { repId }, errors: [{ path: '$.repId', message }] });
  }
  if (lead.ownerId === repId) {
    const message = { en: `${repId} already owns lead ${leadId}`, zh: `${repId} 已是线索 ${leadId} 的负责人` };
    return refused({ code: 'alreadyOwner', status: 409, message, reason: { leadId, repId }, errors: [{ path: '$.repId', message }] });
  }
  const at = new Date(nowMs).toISOString();
  const change = { type: 'lead.assign', leadId, repId, previousOwnerId: lead.ownerId ?? null, at, nodeId: 'manual', via: 'assigned' } as const;
  const by = text(event.data?.managerId) ?? text(event.data?.actor) ?? 'a manager';
  const summary = { en: `${by} assigned lead ${leadId} to ${repId}`, zh: `${by} 将线索 ${leadId} 分配给 ${repId}` };
  return done(state, event, 'assigned', change, assignAction(change, 'assigned'), summary);
}

/** The change applied and its decision: one action, named by what was done (lead.claimed …). */
function done(
  state: WorkingState,
  event: StepEvent,
  via: Via,
  change: StateChange & { leadId: string; at: string },
  action: Action,
  summary: Labels,
): StepResult {
  const changes = [change];
  state.apply(changes);
  const key = KEYS[via];
  const decision: Decision = {
    eventId: event.id,
    eventType: `lead.${via}`,
    leadId: change.leadId,
    at: change.at,
    policy: { key, version: 0, kind: 'manual' },
    triggered: true,
    actions: [action],
    changes,
    explanation: { visited: [], rulesFired: [], summary },
  };
  return { ok: true, decisions: [decision], changes };
}

function assignAction(c: Extract<StateChange, { type: 'lead.assign' }>, strategy: Via): Action {
  return { type: 'assign', leadId: c.leadId, repId: c.repId, previousOwnerId: c.previousOwnerId, nodeId: c.nodeId, strategy };
}

function leadIdOf(event: StepEvent): string {
  return event.lead?.id ?? event.leadId ?? '';
}

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function refused(refusal: StepRefusal): StepResult {
  return { ok: false, refusal };
}

function unknown(what: 'lead' | 'pool', id: string): StepResult {
  const zh = what === 'lead' ? '线索' : '线索池';
  const message = { en: `No ${what} ${id}`, zh: `${zh} ${id} 不存在` };
  return refused({ code: `unknown-${what}`, status: 404, message, errors: [{ path: what === 'lead' ? '$.leadId' : '$.data.poolId', message }] });
}
