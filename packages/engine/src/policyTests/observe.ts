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
    if (c.type === 'lead.assign')
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

/** The node whose action decided about a lead (assign, pool, queue, score, split), else the last one visited. */
export function decidingNode(d: Decision, leadId: string | undefined): string | undefined {
  const acting = d.actions.find((a) => a.type !== 'notify' && a.type !== 'schedule' && (leadId === undefined || a.leadId === leadId));
  if (acting) return acting.nodeId;
  return d.explanation.visited.at(-1)?.nodeId;
}

/** Compact JSON for a reason line: `ae-2`, `["ae-1","ae-2"]`, `{"pool":"public"}`. */
export function shown(value: unknown): string {
  return value === undefined ? '(nothing)' : typeof value === 'string' ? value : JSON.stringify(value);
}

export const AS_EXPECTED: Labels = { en: 'as expected', zh: '符合预期' };
