import type { ReplayResults } from '../src/types.js';

/**
 * Every lead's results read once, as the metrics read them (counts, holder, contact hours): the
 * benchmarks time this with the replay, so results no longer made as objects are still paid for.
 */
export function resultCounts(results: ReplayResults): { reclaimed: number; reminders: number; counterfactual: number; held: number; contacted: number } {
  const counts = { reclaimed: 0, reminders: 0, counterfactual: 0, held: 0, contacted: 0 };
  for (let i = 0; i < results.length; i++) {
    counts.reclaimed += results.reclaimed(i);
    counts.reminders += results.reminders(i);
    if (results.counterfactual(i)) counts.counterfactual++;
    if (results.finalRepId(i) !== undefined) counts.held++;
    if (!Number.isNaN(results.contactHours(i))) counts.contacted++;
  }
  return counts;
}
