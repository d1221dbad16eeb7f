/**
 * What a CRM would have recorded after a run over the world's leads: the conversion from a
 * ReplayRun (kept apart from the replay call so it can be checked on a hand-made run).
 */
import type { History, HistoryActivity, HistoryLead, ReplayRun } from '../types.js';
import { type World, worldRoster } from './world.js';

/**
 * The History a run leaves behind: each lead with its final holder, that holder's team, the outcome
 * and amount, and every follow-up that happened (the run must keep activities). Leads nobody held
 * stay open and unowned, as they would in the CRM.
 */
export function historyFromRun(world: World, run: ReplayRun): History {
  const byId = new Map(Array.from(run.leads, (l) => [l.leadId, l]));
  const teamOf = new Map(world.reps.map((r) => [r.id, r.team]));
  const leads: HistoryLead[] = [];
  const activities: HistoryActivity[] = [];
  for (const lead of world.leads) {
    const ran = byId.get(lead.id);
    const out: HistoryLead = { id: lead.id, createdAt: lead.createdAt, attributes: lead.attributes, outcome: 'open' };
    if (ran?.finalRepId !== undefined) {
      out.ownerRepId = ran.finalRepId;
      const team = teamOf.get(ran.finalRepId);
      if (team) out.team = team;
      out.outcome = ran.outcome;
      if (ran.closedAt !== undefined) out.closedAt = ran.closedAt;
      if (ran.amount !== undefined && ran.outcome === 'won') out.amount = ran.amount;
    }
    leads.push(out);
    for (const a of ran?.activities ?? []) activities.push({ leadId: lead.id, repId: a.repId, at: a.at, type: a.type });
  }
  activities.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return { leads, activities, stageChanges: [], reps: worldRoster(world), teams: world.teams };
}
