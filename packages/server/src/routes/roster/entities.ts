import { calendarSchema, customerSchema, leadFieldRowSchema, poolSchema, repSchema, teamSchema, type Customer, type Rep } from '@sluice/engine';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { columnInt } from '../../db/limits.js';
import type { Tx } from '../../db/connect.js';
import { calendars, customers, leadFields, pools, reps, teams } from '../../db/schema.js';
import { refuseDeletingCalendarInUse } from '../calendars/inUse.js';
import { fieldErrors } from '../../http/fieldErrors.js';
import { validationFailed } from '../../http/problem.js';
import { customerMatchKeys } from './matchKeys.js';

/** What the roster routes need to know about one kind of record; the routes are the same for all four. */
export interface Entity {
  /** Path segment: /v1/<plural>/{id}. */
  plural: 'reps' | 'teams' | 'pools' | 'customers' | 'calendars' | 'leadFields';
  labels: { en: string; zh: string };
  schema: z.ZodObject;
  /** The common columns (tenant_id, id, data); the real table may have more. */
  table: typeof teams;
  /** Columns besides tenant, id and data for one parsed item; `raw` is what the caller sent. */
  columns(item: Record<string, unknown>, raw: unknown, at: string): Record<string, unknown>;
  /** What an upsert overwrites besides data: never a column the caller did not send. */
  onConflict(rows: Array<Record<string, unknown>>): Record<string, SQL>;
  view(row: Record<string, unknown>): Record<string, unknown>;
  /** Runs in the deleting transaction before the row goes: throws a 409 ProblemError when something still uses it. */
  beforeDelete?(tx: Tx, tenantId: string, id: string): Promise<void>;
}

const excluded = (column: string) => sql.raw(`excluded.${column}`);

export const ENTITIES: Entity[] = [
  {
    plural: 'reps',
    labels: { en: 'rep', zh: '销售' },
    // open_load is an int4 column: the engine's count has no upper bound of its own.
    schema: repSchema.extend({ openLoad: columnInt(reps.openLoad, { min: 0 }).default(0) }),
    table: reps as unknown as typeof teams,
    // open_load is the server's count, moved by every assignment: the JSON never holds a stale copy,
    // and a sync only sets it when it says so.
    columns: (item, raw, at) => {
      const { openLoad, ...data } = item as Rep;
      return { data, updatedAt: at, ...(hasKey(raw, 'openLoad') ? { openLoad } : {}) };
    },
    onConflict: (rows) => ({
      data: excluded('data'),
      updatedAt: excluded('updated_at'),
      ...(rows.some((r) => 'openLoad' in r) ? { openLoad: excluded('open_load') } : {}),
    }),
    view: (row) => ({ ...(row.data as object), openLoad: row.openLoad }),
  },
  {
    plural: 'teams',
    labels: { en: 'team', zh: '团队' },
    schema: teamSchema,
    table: teams,
    columns: (item) => ({ data: item }),
    onConflict: () => ({ data: excluded('data') }),
    view: (row) => row.data as Record<string, unknown>,
  },
  {
    plural: 'pools',
    labels: { en: 'pool', zh: '公海池' },
    schema: poolSchema,
    table: pools as unknown as typeof teams,
    columns: (item) => ({ data: item }),
    onConflict: () => ({ data: excluded('data') }),
    view: (row) => row.data as Record<string, unknown>,
  },
  {
    plural: 'customers',
    labels: { en: 'customer', zh: '客户' },
    schema: customerSchema,
    table: customers as unknown as typeof teams,
    columns: (item) => ({ data: item, matchKeys: customerMatchKeys(item as Customer) }),
    onConflict: () => ({ data: excluded('data'), matchKeys: excluded('match_keys') }),
    view: (row) => row.data as Record<string, unknown>,
  },
  {
    // Working-day calendars (工作日历): what reclaim clocks, cascades and penalties count days with.
    plural: 'calendars',
    labels: { en: 'calendar', zh: '工作日历' },
    schema: calendarSchema,
    table: calendars as unknown as typeof teams,
    columns: (item) => ({ data: item }),
    onConflict: () => ({ data: excluded('data') }),
    view: (row) => row.data as Record<string, unknown>,
    beforeDelete: refuseDeletingCalendarInUse,
  },
  {
    // The tenant's lead-field catalog (线索字段目录), synced by the CRM; the row id is the field name.
    // Drafts and publications compile against it (routes/policies/leadFields.ts).
    plural: 'leadFields',
    // One word: it also names the operations (getLeadField, upsertLeadField …).
    labels: { en: 'leadField', zh: '线索字段' },
    schema: leadFieldRowSchema,
    table: leadFields as unknown as typeof teams,
    // A PUT's id comes from the path, after its body was checked: whether the name is a built-in
    // field whose type the row contradicts is known only now.
    columns: (item) => {
      const checked = leadFieldRowSchema.safeParse(item);
      if (!checked.success) {
        throw validationFailed(fieldErrors(checked.error.issues, item));
      }
      return { data: item };
    },
    onConflict: () => ({ data: excluded('data') }),
    view: (row) => row.data as Record<string, unknown>,
  },
];

function hasKey(raw: unknown, key: string): boolean {
  return raw !== null && typeof raw === 'object' && Object.hasOwn(raw, key);
}
