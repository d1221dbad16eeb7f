import type { HistoryActivity } from '../types.js';

/**
 * Each lead's activities in time order (the history's order among equal instants); an instant
 * that does not parse sorts last. The one grouping the trainer, the points table's replay and the
 * estimator all read activities by.
 */
export function activitiesByLead(activities: readonly HistoryActivity[]): Map<string, HistoryActivity[]> {
  const by = new Map<string, HistoryActivity[]>();
  for (const a of activities) {
    const list = by.get(a.leadId);
    if (list) list.push(a);
    else by.set(a.leadId, [a]);
  }
  const time = (a: HistoryActivity) => {
    const ms = Date.parse(a.at);
    return Number.isFinite(ms) ? ms : Number.POSITIVE_INFINITY;
  };
  for (const list of by.values()) list.sort((x, y) => (time(x) < time(y) ? -1 : time(x) > time(y) ? 1 : 0));
  return by;
}
