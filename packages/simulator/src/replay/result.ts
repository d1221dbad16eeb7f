import type { ReplayLead } from '../types.js';
import type { Tracks } from './tracks.js';

/**
 * What the replay reports of lead `t`, made from its track once the run is over: its counts, and
 * the final holder's course (a lead nobody holds at the end is worked by no one). The fields come
 * in the order they always had (the order a result was once filled in as the run went).
 */
export function result(tracks: Tracks, t: number, owner: string | undefined): ReplayLead {
  const lead = tracks.leads[t]!;
  const out: ReplayLead = {
    leadId: lead.id,
    counterfactual: false,
    reclaimed: tracks.reclaimed[t]!,
    rerouted: tracks.rerouted[t]!,
    reminders: tracks.reminders[t]!,
    penalties: tracks.penalties[t]!,
    outcome: 'open',
  };
  if (lead.ownerRepId !== undefined) out.historicalRepId = lead.ownerRepId;
  if (tracks.activities) out.activities = tracks.activities[t] ?? [];
  if (tracks.assignments[t]! > 0) {
    out.firstRepId = tracks.firstRepId(t);
    out.assignedAt = tracks.assignedAtText(t);
    out.decidedBy = tracks.decidedBy(t);
    out.loadAtAssign = tracks.loadAtAssign[t];
  }
  const firstContactAt = tracks.firstContactAt.get(t);
  if (firstContactAt !== undefined) out.firstContactAt = firstContactAt;
  if (owner) out.finalRepId = owner;
  out.counterfactual = out.finalRepId !== out.historicalRepId;
  // The final holder's course decides the outcome; a lead nobody holds at the end is worked by no one.
  if (owner !== undefined && tracks.heldBy(t, owner)) {
    out.outcome = tracks.outcome(t);
    const closedAt = tracks.closedAt.get(t);
    if (closedAt !== undefined) out.closedAt = closedAt;
    const amount = tracks.amount(t);
    if (amount !== undefined) out.amount = amount;
    const pWon = tracks.pWon(t);
    if (pWon !== undefined) out.pWon = pWon;
  } else out.pWon = 0;
  return out;
}
