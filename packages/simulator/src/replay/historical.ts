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
      const course: AssignedCourse = {
        activities: (activities.get(lead.id) ?? [])
          .filter((a) => (a.repId === undefined || a.repId === repId) && Date.parse(a.at) >= from)
          .map((a) => ({ at: a.at, type: a.type })),
        outcome: lead.outcome,
        pWon: lead.outcome === 'won' ? 1 : 0,
      };
      const moves = (stages.get(lead.id) ?? []).filter((s) => Date.parse(s.at) >= from).map((s) => ({ at: s.at, stage: s.stage }));
      if (moves.length > 0) course.stages = moves;
      if (lead.closedAt !== undefined) course.closedAt = lead.closedAt;
      if (lead.amount !== undefined) course.amount = lead.amount;
      return course;
    },
  };
}

/** Rows by lead, each list in time order (ISO instants of one form order as text). */
function byLead<T extends { leadId: string; at: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.leadId);
    if (list) list.push(r);
    else out.set(r.leadId, [r]);
  }
  for (const list of out.values()) list.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return out;
}
