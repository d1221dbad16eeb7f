import { z } from 'zod';
import {
  activitySchema,
  collaboratorSchema,
  customerSchema,
  leadSchema,
  overrideSchema,
  ownershipSchema,
  penaltySchema,
  poolSchema,
  repSchema,
  teamSchema,
  timeZoneName,
} from '../types/domain.js';
import { calendarSchema } from '../types/calendar.js';
import { scoreModelSchema } from '../scoreModel/model.js';

/** A refinement: no two entries of a list share `field` (the second one is named, by its path). */
function listedOnce<F extends string>(field: F, message: (value: string) => string) {
  return (list: ReadonlyArray<Record<F, string>>, ctx: z.RefinementCtx): void => {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const value = entry[field];
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [i, field], message: message(value) });
      seen.add(value);
    });
  };
}

/** The whole state as one JSON document: what `sluice decide --state` reads and tests build. */
export const stateSnapshotSchema = z.strictObject({
  timeZone: timeZoneName.default('UTC'),
  reps: z.array(repSchema).default([]),
  teams: z.array(teamSchema).default([]),
  pools: z.array(poolSchema).default([]),
  leads: z.array(leadSchema).default([]),
  customers: z.array(customerSchema).default([]),
  ownership: z.array(ownershipSchema).default([]),
  penalties: z.array(penaltySchema).default([]),
  pointers: z.record(z.string(), z.strictObject({ last: z.string().optional(), marks: z.record(z.string(), z.number()).optional() })).default({}),
  activities: z.array(activitySchema).default([]),
  collaborators: z.array(collaboratorSchema).default([]),
  overrides: z.array(overrideSchema).default([]),
  /** leadId → the reclaim window a reminder was last sent for. */
  reminders: z.record(z.string(), z.string()).default({}),
  /** Working-day calendars (holidays, make-up days) that rules and reps name by id. */
  calendars: z
    .array(calendarSchema)
    .superRefine(listedOnce('id', (x) => `calendar "${x}" is listed twice / 日历“${x}”重复`))
    .default([]),
  /** The tenant's published smart-score models (智能评分模型), one per key: what `score.model` nodes read. */
  models: z
    .array(scoreModelSchema)
    .superRefine(listedOnce('key', (x) => `model "${x}" is listed twice / 模型“${x}”重复`))
    // Optional rather than defaulted: a caller building a snapshot by hand (the server's state) need not name it.
    .optional(),
  /** repId → day (YYYY-MM-DD) → leads received that day. */
  assigned: z.record(z.string(), z.record(z.string(), z.number().int().min(0))).default({}),
});
export type StateSnapshot = z.infer<typeof stateSnapshotSchema>;
export type StateSnapshotInput = z.input<typeof stateSnapshotSchema>;
