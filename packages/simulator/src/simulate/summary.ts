import type { History } from '../types.js';
import type { SimulationReport } from './types.js';

/** What the history holds, for the report's inputs section: sizes, period and outcomes. */
export function historySummary(history: History): Omit<SimulationReport['inputs'], 'timeZone' | 'policies'> {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const see = (iso: string | undefined) => {
    const t = iso === undefined ? Number.NaN : Date.parse(iso);
    if (Number.isNaN(t)) return;
    if (t < start) start = t;
    if (t > end) end = t;
  };
  const outcomes = { won: 0, lost: 0, open: 0, unowned: 0 };
  for (const lead of history.leads) {
    see(lead.createdAt);
    see(lead.closedAt);
    outcomes[lead.outcome]++;
    if (lead.ownerRepId === undefined) outcomes.unowned++;
  }
  for (const a of history.activities) see(a.at);
  for (const s of history.stageChanges) see(s.at);
  const iso = (t: number) => (Number.isFinite(t) ? new Date(t).toISOString() : null);
  return {
    leads: history.leads.length,
    activities: history.activities.length,
    stageChanges: history.stageChanges.length,
    reps: history.reps.length,
    teams: history.teams.length,
    period: { start: iso(start), end: iso(end) },
    outcomes,
  };
}
