import type { ReplayLead } from '../types.js';
import type { Tracks } from './tracks.js';

/**
 * What the replay reports of lead `t`, made from its track once the run is over: its counts, and
 * the final holder's course (a lead nobody holds at the end is worked by no one). The fields come
 * in the order they always had (the order a result was once filled in as the run went).
 */
export function result(tracks: Tracks, t: number, owner: string | undefined): ReplayLead {
  const lead = tracks.leads[t]!;
  const historicalRepId = lead.ownerRepId;
  const assigned = tracks.assignments[t]! > 0;
  const firstContactAt = tracks.firstContactAt.get(t);
  const held = owner !== undefined && tracks.heldBy(t, owner);
  // The usual lead — a historical owner, assigned, contacted, closed by the final holder — in one
  // literal, field for field and in the order the general way below adds them: each field added
  // to a smaller object moved its fields to a larger store, several times a result.
  if (historicalRepId !== undefined && !tracks.activities && assigned && firstContactAt !== undefined && owner && held) {
    const closedAt = tracks.closedAt.get(t);
    const pWon = tracks.pWon(t);
    if (closedAt !== undefined && pWon !== undefined) {
      const amount = tracks.amount(t);
      const counterfactual = owner !== historicalRepId;
      const reclaimed = tracks.reclaimed[t]!;
      const rerouted = tracks.rerouted[t]!;
      const reminders = tracks.reminders[t]!;
      const penalties = tracks.penalties[t]!;
      const outcome = tracks.outcome(t);
      const firstRepId = tracks.firstRepId(t);
      const assignedAt = tracks.assignedAtText(t);
      const decidedBy = tracks.decidedBy(t);
      const loadAtAssign = tracks.loadAtAssign[t];
      const finalRepId = owner;
      return amount === undefined
        ? {
            leadId: lead.id,
            counterfactual,
            reclaimed,
            rerouted,
            reminders,
            penalties,
            outcome,
            historicalRepId,
            firstRepId,
            assignedAt,
            decidedBy,
            loadAtAssign,
            firstContactAt,
            finalRepId,
            closedAt,
            pWon,
          }
        : {
            leadId: lead.id,
            counterfactual,
            reclaimed,
            rerouted,
            reminders,
            penalties,
            outcome,
            historicalRepId,
            firstRepId,
            assignedAt,
            decidedBy,
            loadAtAssign,
            firstContactAt,
            finalRepId,
            closedAt,
            amount,
            pWon,
          };
    }
  }
  const out: ReplayLead = {
    leadId: lead.id,
    counterfactual: false,
    reclaimed: tracks.reclaimed[t]!,
    rerouted: tracks.rerouted[t]!,
    reminders: tracks.reminders[t]!,
    penalties: tracks.penalties[t]!,
    outcome: 'open',
  };
  if (historicalRepId !== undefined) out.historicalRepId = historicalRepId;
  if (tracks.activities) out.activities = tracks.activities[t] ?? [];
  if (assigned) {
    out.firstRepId = tracks.firstRepId(t);
    out.assignedAt = tracks.assignedAtText(t);
    out.decidedBy = tracks.decidedBy(t);
    out.loadAtAssign = tracks.loadAtAssign[t];
  }
  if (firstContactAt !== undefined) out.firstContactAt = firstContactAt;
  if (owner) out.finalRepId = owner;
  out.counterfactual = out.finalRepId !== out.historicalRepId;
  // The final holder's course decides the outcome; a lead nobody holds at the end is worked by no one.
  if (held) {
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
