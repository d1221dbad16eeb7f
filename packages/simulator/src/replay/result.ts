import type { ReplayLead } from '../types.js';
import type { Track } from './types.js';

/**
 * What the replay reports of a lead, made from its track once the run is over: its counts, and
 * the final holder's course (a lead nobody holds at the end is worked by no one). The fields come
 * in the order they always had (the order a result was once filled in as the run went).
 */
export function result(t: Track, owner: string | undefined, keepActivities: boolean): ReplayLead {
  const lead = t.history;
  const out: ReplayLead = {
    leadId: lead.id,
    counterfactual: false,
    reclaimed: t.reclaimed,
    rerouted: t.rerouted,
    reminders: t.reminders,
    penalties: t.penalties,
    outcome: 'open',
  };
  if (lead.ownerRepId !== undefined) out.historicalRepId = lead.ownerRepId;
  if (keepActivities) out.activities = t.activities ?? [];
  if (t.assignments > 0) {
    out.firstRepId = t.firstRepId;
    out.assignedAt = t.assignedAt;
    out.decidedBy = t.decidedBy;
    out.loadAtAssign = t.loadAtAssign;
  }
  if (t.firstContactAt !== undefined) out.firstContactAt = t.firstContactAt;
  if (owner) out.finalRepId = owner;
  out.counterfactual = out.finalRepId !== out.historicalRepId;
  // The final holder's course decides the outcome; a lead nobody holds at the end is worked by no one.
  if (owner !== undefined && t.holder === owner) {
    out.outcome = t.outcome;
    if (t.closedAt !== undefined) out.closedAt = t.closedAt;
    if (t.amount !== undefined) out.amount = t.amount;
    if (t.pWon !== undefined) out.pWon = t.pWon;
  } else out.pWon = 0;
  return out;
}
