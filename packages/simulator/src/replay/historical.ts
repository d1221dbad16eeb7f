import type { AssignedCourse, History, LeadBehaviour } from '../types.js';

/**
 * History's own course for a lead that goes to its historical rep: the follow-ups that rep (or the
 * export, naming no rep) logged from the assignment on, and the outcome as it happened — so a
 * replay that keeps every historical owner reproduces the history's wins and revenue exactly. Anyone
 * else's course is `fallback`'s (a fitted model, or the generator's hidden truth).
 */
export function historicalBehaviour(history: History, fallback: LeadBehaviour): LeadBehaviour {
  const activities = byLead(history.activities);
  const stages = byLead(history.stageChanges);
  return {
    onAssigned(input) {
      const { lead, repId, at } = input;
      if (!input.historical || lead.ownerRepId !== repId) return fallback.onAssigned(input);
      const from = Date.parse(at);
      const followUps: AssignedCourse['activities'] = [];
      for (const a of activities.get(lead.id) ?? [])
        if ((a.repId === undefined || a.repId === repId) && Date.parse(a.at) >= from) followUps.push({ at: a.at, type: a.type });
      const course: AssignedCourse = { activities: followUps, outcome: lead.outcome, pWon: lead.outcome === 'won' ? 1 : 0 };
      const moves: NonNullable<AssignedCourse['stages']> = [];
      for (const s of stages.get(lead.id) ?? []) if (Date.parse(s.at) >= from) moves.push({ at: s.at, stage: s.stage });
      if (moves.length > 0) course.stages = moves;
      if (lead.closedAt !== undefined) course.closedAt = lead.closedAt;
      if (lead.amount !== undefined) course.amount = lead.amount;
      return course;
    },
  };
}

/**
 * Rows by lead, each list in time order. Exports list rows in time order as a rule, so a list is
 * sorted only when it is not (one parse per row to check, instead of two per comparison), and no
 * parsed instant is kept per row: a million-lead history has millions of them.
 */
function byLead<T extends { leadId: string; at: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.leadId);
    if (list) list.push(r);
    else out.set(r.leadId, [r]);
  }
  for (const list of out.values()) if (list.length > 1 && !inTimeOrder(list)) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return out;
}

function inTimeOrder(list: ReadonlyArray<{ at: string }>): boolean {
  let last = Date.parse(list[0]!.at);
  for (let i = 1; i < list.length; i++) {
    const at = Date.parse(list[i]!.at);
    // An unparsable instant (NaN) leaves the order to the sort, as before.
    if (!(at >= last)) return false;
    last = at;
  }
  return !Number.isNaN(last);
}
