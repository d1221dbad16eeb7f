/**
 * Hand-built histories and replay runs for the estimate's tests (the replay itself is another folder's
 * work; these fixtures let the estimate be tested alone). Not exported from the package.
 */
import { ListedResults } from '../listedResults.js';
import type { History, HistoryLead, Outcome, ReplayLead, ReplayRun } from '../types.js';
import { uniformStream } from './rng.js';

export function historyLead(id: string, createdAt: string, ownerRepId: string | undefined, outcome: Outcome, extra: Partial<HistoryLead> = {}): HistoryLead {
  const lead: HistoryLead = { id, createdAt, outcome, attributes: {}, ...extra };
  if (ownerRepId !== undefined) lead.ownerRepId = ownerRepId;
  return lead;
}

/** A replay where every lead stayed with its historical owner: history is fact for all of them. */
export function keptRun(history: History, label = 'kept'): ReplayRun {
  const perRep: ReplayRun['perRep'] = {};
  const leads: ReplayLead[] = history.leads.map((lead) => {
    const first = history.activities
      .filter((a) => a.leadId === lead.id && (a.repId === undefined || a.repId === lead.ownerRepId))
      .map((a) => a.at)
      .sort()[0];
    if (lead.ownerRepId) {
      const entry = (perRep[lead.ownerRepId] ??= { assigned: 0, capViolations: 0, penalties: 0 });
      entry.assigned++;
    }
    const replayed: ReplayLead = { leadId: lead.id, counterfactual: false, reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0, outcome: lead.outcome };
    if (lead.ownerRepId)
      Object.assign(replayed, { firstRepId: lead.ownerRepId, finalRepId: lead.ownerRepId, historicalRepId: lead.ownerRepId, assignedAt: lead.createdAt });
    if (first) replayed.firstContactAt = first;
    if (lead.amount !== undefined) replayed.amount = lead.amount;
    return replayed;
  });
  return {
    policyLabel: label,
    leads: new ListedResults(leads),
    totals: { events: leads.length, ticks: 0, decisions: leads.length, capViolations: 0, refused: 0 },
    perRep,
  };
}

/** The same leads given to other reps: `pick` names the new holder (same as history → kept). */
export function reassignedRun(
  history: History,
  label: string,
  pick: (lead: HistoryLead, index: number) => string | undefined,
  pWon?: (lead: HistoryLead, repId: string) => number,
): ReplayRun {
  const kept = keptRun(history, label);
  const leads = Array.from(kept.leads, (replayed, i) => {
    const lead = history.leads[i]!;
    const repId = pick(lead, i);
    if (repId === lead.ownerRepId) return replayed;
    const out: ReplayLead = { ...replayed, counterfactual: true, outcome: 'open' };
    delete out.firstContactAt;
    if (repId === undefined) {
      delete out.finalRepId;
      delete out.firstRepId;
      return out;
    }
    out.firstRepId = repId;
    out.finalRepId = repId;
    if (pWon) out.pWon = pWon(lead, repId);
    return out;
  });
  return { ...kept, leads: new ListedResults(leads) };
}

export interface WorldRep {
  id: string;
  team: string;
  /** True win rate per segment. */
  rates: Record<string, number>;
  /** Leads per segment this rep had in history. */
  leads: Record<string, number>;
}

/** A history drawn from known rates: leads spread over January 2026, outcomes Bernoulli(rate). */
export function syntheticHistory(seed: number, reps: readonly WorldRep[], amount = 1000): History {
  const next = uniformStream(seed, 'synthetic-history');
  const leads: HistoryLead[] = [];
  for (const rep of reps) {
    for (const [segment, n] of Object.entries(rep.leads)) {
      for (let i = 0; i < n; i++) {
        const id = `${rep.id}-${segment}-${i}`;
        const created = Date.UTC(2026, 0, 1) + Math.floor(next() * 30 * 24) * 3_600_000;
        const won = next() < rep.rates[segment]!;
        leads.push(
          historyLead(id, new Date(created).toISOString(), rep.id, won ? 'won' : 'lost', {
            attributes: { segment },
            team: rep.team,
            closedAt: new Date(created + 48 * 3_600_000).toISOString(),
            ...(won ? { amount } : {}),
          }),
        );
      }
    }
  }
  return { leads, activities: [], stageChanges: [], reps: reps.map((rep) => ({ id: rep.id, teams: [rep.team] })), teams: [] };
}
