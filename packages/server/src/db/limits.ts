import { instant, type Labels } from '@sluice/engine';
import { type Column, is } from 'drizzle-orm';
import { getTableConfig, IndexedColumn, PgTable } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { MAX_BODY_BYTES } from '../http/body.js';

/**
 * What each kind of column holds, in one place: the API's schemas take their bounds from the column
 * a value lands in (`columnInt(policyVersions.version)`), so a value the schema accepts is one the
 * database stores, on PGlite as on PostgreSQL (PGlite is PostgreSQL: the same ranges).
 *
 * Keyed by drizzle's column type. A column type missing here makes `limitOf` throw and
 * test/limits.test.ts fail, so a new kind of column cannot reach the API unbounded.
 */

/** `integer`. */
export const INT4 = { min: -(2 ** 31), max: 2 ** 31 - 1 } as const;
/** `bigint`/`bigserial` in drizzle's number mode: read back as JS numbers, so only safe integers round-trip. */
export const INT8_NUMBER = { min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER } as const;

/**
 * `timestamptz` as text: PostgreSQL refuses a year field of 0000 and offsets past ±15:59 (measured:
 * "date/time field value out of range", "time zone displacement out of range"). ISO-8601's
 * four-digit years stop at 9999, well inside what the column holds (294276 AD).
 */
export const TIMESTAMPTZ = { minYear: 1, maxYear: 9999, maxOffsetMinutes: 15 * 60 + 59 } as const;

/**
 * `text` has no length of its own (up to 1 GB), but a B-tree index row holds at most 2704 bytes
 * (PostgreSQL's btree version 4 limit on 8 kB pages): a longer key fails the INSERT. Text in a key
 * or index is held to 200 characters, the engine's id length: at most 3 UTF-8 bytes per UTF-16
 * unit, so even three such columns in one index fit (the test adds them up per index). Other
 * text is held to 10,000 characters; routes choose less where a field means less.
 */
export const TEXT = { indexed: 200, unindexed: 10_000, btreeRowBytes: 2704, utf8BytesPerUnit: 3 } as const;

export type ColumnLimit =
  | { kind: 'integer'; min: number; max: number; bytes: number }
  | { kind: 'instant'; minYear: number; maxYear: number; maxOffsetMinutes: number; bytes: number }
  | { kind: 'text'; maxChars: number; indexed: boolean }
  /** jsonb/json hold far more (255 MB) than a request body may carry; the body guard refuses what they cannot store (NUL, lone surrogates). */
  | { kind: 'json'; maxBytes: number }
  | { kind: 'boolean'; bytes: number };

const integer = (range: { min: number; max: number }, bytes: number) => (): ColumnLimit => ({ kind: 'integer', ...range, bytes });

const BY_TYPE: Record<string, (column: Column) => ColumnLimit> = {
  PgInteger: integer(INT4, 4),
  PgBigInt53: integer(INT8_NUMBER, 8),
  PgBigSerial53: integer({ min: 1, max: INT8_NUMBER.max }, 8),
  PgTimestampString: () => ({ kind: 'instant', ...TIMESTAMPTZ, bytes: 8 }),
  PgText: (column) => {
    const indexed = isIndexed(column);
    return { kind: 'text', maxChars: indexed ? TEXT.indexed : TEXT.unindexed, indexed };
  },
  PgJsonb: () => ({ kind: 'json', maxBytes: MAX_BODY_BYTES }),
  PgJson: () => ({ kind: 'json', maxBytes: MAX_BODY_BYTES }),
  PgBoolean: () => ({ kind: 'boolean', bytes: 1 }),
};

/** What `column` holds. Throws for a column type this file does not know yet. */
export function limitOf(column: Column): ColumnLimit {
  const limit = BY_TYPE[column.columnType];
  if (!limit) throw new Error(`db/limits.ts has no bound for column type ${column.columnType} (column "${column.name}"): add one`);
  return limit(column);
}

type Kind<K extends ColumnLimit['kind']> = Extract<ColumnLimit, { kind: K }>;

function limitAs<K extends ColumnLimit['kind']>(column: Column, kind: K): Kind<K> {
  const limit = limitOf(column);
  if (limit.kind !== kind) throw new Error(`column "${column.name}" holds ${limit.kind}, not ${kind}`);
  return limit as Kind<K>;
}

/** An integer column's range, narrowed by what the field means (a version starts at 1). */
function intRange(column: Column, narrower: { min?: number; max?: number }): { min: number; max: number } {
  const c = limitAs(column, 'integer');
  return { min: Math.max(c.min, narrower.min ?? c.min), max: Math.min(c.max, narrower.max ?? c.max) };
}

/**
 * An integer for a JSON body that lands in `column`. `message` ("English / 中文") replaces zod's
 * words for every way the value can be wrong, where the field means more than "a number".
 */
export function columnInt(column: Column, narrower: { min?: number; max?: number } = {}, message?: string) {
  const { min, max } = intRange(column, narrower);
  const error = message === undefined ? undefined : { error: message };
  return z.number(error).int(error).min(min, error).max(max, error);
}

/** The same for a path or query parameter (text on the wire). */
export function queryInt(column: Column, narrower: { min?: number; max?: number } = {}, message?: string) {
  const { min, max } = intRange(column, narrower);
  const error = message === undefined ? undefined : { error: message };
  return z.coerce.number(error).int(error).min(min, error).max(max, error);
}

export const int4 = () => z.number().int().min(INT4.min).max(INT4.max);
export const int8 = () => z.number().int().min(INT8_NUMBER.min).max(INT8_NUMBER.max);

/** Text that lands in (or is looked up by) `column`, at most `max` characters when the field means less. */
export function columnText(column: Column, max?: number) {
  const { maxChars } = limitAs(column, 'text');
  return z.string().max(Math.min(max ?? maxChars, maxChars));
}

/**
 * An instant from a client for `column`: the engine's `instant` (years 1970–9999, offsets within
 * ±15:59), which test/limits.test.ts proves is inside what a timestamptz column takes.
 */
export function columnInstant(column: Column) {
  limitAs(column, 'instant');
  return instant;
}

/**
 * Text PostgreSQL reads into `column`, for values the server wrote itself and gets back (a cursor):
 * only what the column takes, not the engine's narrower range, so rows stored before that range
 * existed still page. Undefined when fine, else why not.
 */
export function storedInstantProblem(column: Column, text: string): Labels | undefined {
  const c = limitAs(column, 'instant');
  if (!z.iso.datetime({ offset: true }).safeParse(text).success) return { en: 'not an ISO-8601 instant with an offset', zh: '不是带时区偏移的 ISO-8601 时间' };
  const year = Number(text.slice(0, 4));
  const offset = /([+-])(\d{2}):(\d{2})$/.exec(text);
  const minutes = offset ? Number(offset[2]) * 60 + Number(offset[3]) : 0;
  if (year < c.minYear || year > c.maxYear || minutes > c.maxOffsetMinutes) return { en: 'outside what the database stores', zh: '超出数据库可存储的范围' };
  return undefined;
}

const indexedByTable = new WeakMap<object, Set<string>>();

/** Whether `column` is part of a primary key, unique constraint or B-tree index of its table. */
export function isIndexed(column: Column): boolean {
  const table = column.table;
  let names = indexedByTable.get(table);
  if (!names) {
    names = new Set(
      btreeKeys(table)
        .flat()
        .map((c) => c.name),
    );
    indexedByTable.set(table, names);
  }
  return names.has(column.name);
}

/** Every B-tree key of `table` (primary key, unique constraints, B-tree indexes) as its columns. */
export function btreeKeys(table: object): Column[][] {
  if (!is(table, PgTable)) return [];
  const config = getTableConfig(table);
  const byName = new Map(config.columns.map((c) => [c.name, c]));
  const keys: Column[][] = [];
  for (const c of config.columns) if (c.primary || c.isUnique) keys.push([c]);
  for (const pk of config.primaryKeys) keys.push(pk.columns);
  for (const u of config.uniqueConstraints) keys.push(u.columns);
  for (const index of config.indexes) {
    if ((index.config.method ?? 'btree') !== 'btree') continue;
    // An index on an expression names no column; none here is over text.
    keys.push(index.config.columns.flatMap((c) => (is(c, IndexedColumn) && c.name !== undefined && byName.has(c.name) ? [byName.get(c.name)!] : [])));
  }
  return keys;
}
