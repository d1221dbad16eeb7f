/** A history lead as the engine's scorer reads it: facts `lead.<attribute>`, activities known `horizonHours` after creation. */
import type { ScoreInput } from '@sluice/engine';
import type { HistoryActivity, HistoryLead } from '../types.js';

export function scoreInputOf(lead: HistoryLead, activities: readonly HistoryActivity[], horizonHours: number): ScoreInput {
  const created = Date.parse(lead.createdAt);
  return {
    record: lead.attributes,
    activities,
    createdAt: created,
    now: created + horizonHours * 3_600_000,
  };
}
