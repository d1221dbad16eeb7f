import { customerSchema, poolSchema, repSchema, teamSchema, type Customer, type Rep } from '@sluice/engine';
import { sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import { columnInt } from '../../db/limits.js';
import { customers, pools, reps, teams } from '../../db/schema.js';
import { customerMatchKeys } from './matchKeys.js';

/** What the roster routes need to know about one kind of record; the routes are the same for all four. */
export interface Entity {
  /** Path segment: /v1/<plural>/{id}. */
  plural: 'reps' | 'teams' | 'pools' | 'customers';
  labels: { en: string; zh: string };
  schema: z.ZodObject;
  /** The common columns (tenant_id, id, data); the real table may have more. */
  table: typeof teams;
  /** Columns besides tenant, id and data for one parsed item; `raw` is what the caller sent. */
  columns(item: Record<string, unknown>, raw: unknown, at: string): Record<string, unknown>;
  /** What an upsert overwrites besides data: never a column the caller did not send. */
  onConflict(rows: Array<Record<string, unknown>>): Record<string, SQL>;
  view(row: Record<string, unknown>): Record<string, unknown>;
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
    onConflict: (rows) => ({ data: excluded('data'), updatedAt: excluded('updated_at'), ...(rows.some((r) => 'openLoad' in r) ? { openLoad: excluded('open_load') } : {}) }),
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
];

function hasKey(raw: unknown, key: string): boolean {
  return raw !== null && typeof raw === 'object' && Object.hasOwn(raw, key);
}
