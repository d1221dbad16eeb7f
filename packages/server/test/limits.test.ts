import { eventSchema, INSTANT_MAX, INSTANT_MIN, instant, repSchema } from '@sluice/engine';
import { getTableColumns, getTableName, is, sql, Table, type Column } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  btreeKeys,
  columnInt,
  columnText,
  INT4,
  INT8_NUMBER,
  limitOf,
  queryInt,
  storedInstantProblem,
  TEXT,
  TIMESTAMPTZ,
  type ColumnLimit,
} from '../src/db/limits.js';
import * as schema from '../src/db/schema.js';
import { freshDatabase, LANES, type TestDatabase } from './harness.js';

const tables: Table[] = (Object.values(schema) as unknown[]).filter((t): t is Table => is(t, Table));
const columns: Array<{ where: string; column: Column; limit: ColumnLimit }> = tables.flatMap((t) =>
  Object.values(getTableColumns(t)).map((column) => ({ where: `${getTableName(t)}.${column.name}`, column, limit: limitOf(column) })),
);
const byKind = (kind: ColumnLimit['kind']) => columns.filter((c) => c.limit.kind === kind);

describe('db/limits: every column of the schema has a bound', () => {
  it('knows every column type the schema uses (a new kind fails here until limits.ts bounds it)', () => {
    expect(tables.length).toBeGreaterThan(20);
    // limitOf throws for an unknown type, so building `columns` above already walked them all.
    expect(new Set(columns.map((c) => c.limit.kind))).toEqual(new Set(['integer', 'instant', 'text', 'json', 'boolean']));
    const unknown = { ...schema.reps.openLoad, name: 'ratio', columnType: 'PgDoublePrecision' } as unknown as Column;
    expect(() => limitOf(unknown)).toThrow(/no bound for column type PgDoublePrecision/);
  });

  it('holds integer columns to int4 or the safe int8 range, as the column is', () => {
    const ints = byKind('integer');
    expect(ints.length).toBeGreaterThan(15);
    for (const { where, column, limit } of ints) {
      const range = column.getSQLType() === 'integer' ? INT4 : INT8_NUMBER;
      expect(limit, where).toMatchObject({ max: range.max });
      const schemaOf = columnInt(column);
      expect(schemaOf.safeParse(range.max).success, where).toBe(true);
      expect(schemaOf.safeParse(range.max + (range === INT4 ? 1 : 2)).success, where).toBe(false);
      expect(queryInt(column).safeParse(String(range.max)).success, where).toBe(true);
    }
    expect(columnInt(schema.policyVersions.version).safeParse(3_000_000_000).success).toBe(false);
    expect(queryInt(schema.policyVersions.version, { min: 1 }).safeParse('0').success).toBe(false);
  });

  it('holds text in a key to a length every B-tree index row of the schema fits', () => {
    const bytes = (c: Column): number => {
      const l = limitOf(c);
      if (l.kind === 'text') return 4 + l.maxChars * TEXT.utf8BytesPerUnit; // varlena header + worst-case UTF-8
      if (l.kind === 'json') throw new Error(`${c.name}: json in a B-tree key has no bound`);
      return l.bytes;
    };
    let keys = 0;
    for (const t of tables) {
      for (const key of btreeKeys(t)) {
        keys++;
        const total = key.reduce((n, c) => n + bytes(c), 0);
        expect(total, `${getTableName(t)} (${key.map((c) => c.name).join(', ')})`).toBeLessThanOrEqual(TEXT.btreeRowBytes - 16);
      }
    }
    expect(keys).toBeGreaterThan(30);
    const keyed = byKind('text').filter((c) => c.limit.kind === 'text' && c.limit.indexed);
    expect(keyed.map((c) => c.where)).toContain('reps.id');
    for (const { where, column } of keyed) expect(columnText(column).safeParse('x'.repeat(TEXT.indexed + 1)).success, where).toBe(false);
    // The engine's ids land in those keys (reps.id, leads.id, events.id …): they must fit too.
    expect(eventSchema.shape.id.safeParse('x'.repeat(TEXT.indexed)).success).toBe(true);
    expect(eventSchema.shape.id.safeParse('x'.repeat(TEXT.indexed + 1)).success).toBe(false);
    expect(repSchema.shape.id.safeParse('x'.repeat(TEXT.indexed + 1)).success).toBe(false);
  });

  it("keeps the engine's instants inside what a timestamptz column takes", () => {
    expect(byKind('instant').length).toBeGreaterThan(20);
    const year = (iso: string) => new Date(iso).getUTCFullYear();
    expect(year(INSTANT_MIN)).toBeGreaterThanOrEqual(TIMESTAMPTZ.minYear);
    expect(year(INSTANT_MAX)).toBeLessThanOrEqual(TIMESTAMPTZ.maxYear);
    // Every offset the engine takes is one the column takes, and the first it refuses is past the column's.
    expect(instant.safeParse('2026-03-02T10:00:00+15:59').success).toBe(true);
    expect(instant.safeParse('2026-03-02T10:00:00-15:59').success).toBe(true);
    expect(instant.safeParse('2026-03-02T10:00:00+16:00').success).toBe(false);
    expect(TIMESTAMPTZ.maxOffsetMinutes).toBe(15 * 60 + 59);
    for (const bad of ['0000-01-01T00:00:00Z', '2026-03-02T10:00:00+16:00', '2026-03-02T10:00:00+20:00', '2021-02-29T00:00:00Z', 'yesterday']) {
      expect(storedInstantProblem(schema.decisions.at, bad), bad).toBeDefined();
    }
    for (const good of ['0001-01-01T00:00:00Z', '1969-07-20T20:17:00Z', '9999-12-31T23:59:59.999-15:59', '2026-03-02T10:00:00+14:00']) {
      expect(storedInstantProblem(schema.decisions.at, good), good).toBeUndefined();
    }
  });
});

/** The bounds are what the database holds: the last value in is stored, the first one out is refused. */
describe.each(LANES)('db/limits against the database (%s)', (lane) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
  }, 120_000);
  afterAll(async () => {
    await tdb?.drop();
  });
  const cast = async (value: string, type: string): Promise<boolean> => {
    try {
      await tdb.database.db.execute(sql`select ${value}::${sql.raw(type)} as v`);
      return true;
    } catch {
      return false;
    }
  };

  it('stores int4 and int8 up to the bound and not past it', async () => {
    expect(await cast(String(INT4.max), 'int4')).toBe(true);
    expect(await cast(String(INT4.min), 'int4')).toBe(true);
    expect(await cast(String(INT4.max + 1), 'int4')).toBe(false);
    expect(await cast(String(INT4.min - 1), 'int4')).toBe(false);
    expect(await cast(String(INT8_NUMBER.max), 'int8')).toBe(true);
  });

  it('stores every instant the column bound takes and refuses those it refuses', async () => {
    for (const good of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.999-15:59', '2026-03-02T10:00:00+15:59', INSTANT_MIN, INSTANT_MAX]) {
      expect(storedInstantProblem(schema.decisions.at, good), good).toBeUndefined();
      expect(await cast(good, 'timestamptz'), good).toBe(true);
    }
    for (const bad of ['0000-01-01T00:00:00Z', '2026-03-02T10:00:00+16:00', '2026-03-02T10:00:00-16:00', '2026-03-02T10:00:00+20:00']) {
      expect(storedInstantProblem(schema.decisions.at, bad), bad).toBeDefined();
      expect(await cast(bad, 'timestamptz'), bad).toBe(false);
    }
  });

  it('indexes a key of the longest text allowed in every text column of a three-column key', async () => {
    const db = tdb.database.db;
    await db.execute(sql`create table limits_probe (a text, b text, c text, primary key (a, b, c))`);
    // Characters of 3 UTF-8 bytes, incompressible enough that TOAST compression cannot help.
    const long = (seed: number) => Array.from({ length: TEXT.indexed }, (_, i) => String.fromCharCode(0x4e00 + ((i * 7919 + seed * 104729) % 20000))).join('');
    await db.execute(sql`insert into limits_probe values (${long(1)}, ${long(2)}, ${long(3)})`);
    const r = await db.execute(sql`select count(*)::int as n from limits_probe`);
    expect((r as unknown as { rows: Array<{ n: number }> }).rows[0]!.n).toBe(1);
    // …while the same key with no bound does not fit: the limit is real.
    const unbounded = Array.from({ length: 4 }, (_, k) => long(10 + k)).join('');
    const refused = await db.execute(sql`insert into limits_probe values (${unbounded}, ${long(5)}, ${long(6)})`).then(
      () => 'stored',
      (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
    );
    expect(refused).toMatch(/index row size \d+ exceeds btree version 4 maximum 2704/);
  });
});
