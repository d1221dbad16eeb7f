import type { Decision, Labels } from '../types/decision.js';
import type { Penalty } from '../types/domain.js';
import type { StateView } from '../types/state.js';
import type { StepEvent, StepResult } from '../step/types.js';
import type { RepCondition } from './labels.js';

/** What one step did, in the terms expectations speak: read once from step's result. */
export interface StepOutcome {
  index: number;
  /** The step event's lead, when it names one. */
  leadId: string | undefined;
  decisions: Decision[];
  refusal?: string;
  assignments: Array<{ leadId: string; repId: string; nodeId: string; conditions: RepCondition[] }>;
  pooled: Array<{ leadId: string; poolId: string; reclaimed: boolean }>;
  penalties: Penalty[];
  reminders: Array<{ leadId: string; repId: string }>;
}

export function observe(index: number, event: StepEvent, result: StepResult, state: StateView, at: string): StepOutcome {
  const leadId = event.leadId ?? event.lead?.id;
  if (!result.ok) return { index, leadId, decisions: [], refusal: result.refusal.code, assignments: [], pooled: [], penalties: [], reminders: [] };
  const out: StepOutcome = { index, leadId, decisions: result.decisions, assignments: [], pooled: [], penalties: [], reminders: [] };
  for (const c of result.changes) if (c.type === 'penalty.add') out.penalties.push(c.penalty);
  const imposedNow = new Set(out.penalties.map((p) => JSON.stringify(p)));
  for (const c of result.changes) {
    // An owner the CRM reported on the event is a fact recorded, not an assignment the policy made.
    if (c.type === 'lead.assign' && c.nodeId !== 'crm')
      out.assignments.push({ leadId: c.leadId, repId: c.repId, nodeId: c.nodeId, conditions: repConditions(state, c.repId, at, imposedNow) });
    else if (c.type === 'lead.toPool') out.pooled.push({ leadId: c.leadId, poolId: c.poolId, reclaimed: c.reason === 'reclaimed' });
    else if (c.type === 'lead.remind') out.reminders.push({ leadId: c.leadId, repId: c.repId });
  }
  return out;
}

/**
 * What a rep was at the step's instant, for `never.repWhere`. Read after the step: the roster does
 * not change within a case; a penalty the step itself imposed (`imposedNow`) came after the assignment.
 */
function repConditions(state: StateView, repId: string, at: string, imposedNow: ReadonlySet<string>): RepCondition[] {
  const rep = state.rep(repId);
  if (!rep) return [];
  const t = Date.parse(at);
  const out: RepCondition[] = [];
  if (rep.outOfOffice.some((o) => Date.parse(o.from) <= t && t < Date.parse(o.to))) out.push('away');
  if (!rep.active) out.push('inactive');
  const inForce = (p: Penalty) => p.suspendRouting && Date.parse(p.from) <= t && t < Date.parse(p.until) && !imposedNow.has(JSON.stringify(p));
  if (state.penalties(repId).some(inForce)) out.push('suspended');
  return out;
}

// A score or grade on the way does not decide where the lead goes; a hand-off by notification (a
// D lead sent to marketing) does, when nothing routed it.
const DECIDING_RANK: Record<string, number> = { assign: 0, toPool: 0, queue: 0, split: 0, notify: 1, score: 2 };

/**
 * The node whose action decided about a lead: one that routed it (assign, pool, queue, split), else
 * a notification about it, else a score, else the last node visited.
 */
export function decidingNode(d: Decision, leadId: string | undefined): string | undefined {
  let best: { nodeId: string; rank: number } | undefined;
  for (const a of d.actions) {
    const rank = DECIDING_RANK[a.type];
    if (rank === undefined || (leadId !== undefined && a.leadId !== undefined && a.leadId !== leadId)) continue;
    if (!best || rank < best.rank) best = { nodeId: a.nodeId, rank };
  }
  return best?.nodeId ?? d.explanation.visited.at(-1)?.nodeId;
}

/** Compact JSON for a reason line: `ae-2`, `["ae-1","ae-2"]`, `{"pool":"public"}`. */
export function shown(value: unknown): string {
  return value === undefined ? '(nothing)' : typeof value === 'string' ? value : JSON.stringify(value);
}

export const AS_EXPECTED: Labels = { en: 'as expected', zh: '符合预期' };
