import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHUNK_TARGET_MS, nextChunkSize, TICK_CHUNK_MAX, TICK_CHUNK_MIN } from '../src/scheduler/tick.js';
import { transact } from '../src/state/sql.js';
import { DuePages } from '../src/state/tickLoad.js';
import { freshDatabase, LANES, seedTenant, type TestDatabase } from './harness.js';

/**
 * Ticks that do not stall routing (issue #13): a chunk's size follows the time the last one took,
 * so it holds the tenant about CHUNK_TARGET_MS whatever a lead costs on this machine; and one tick
 * works out a bounded number of unknown dues (the backfill after a publish spreads over ticks).
 */
describe('chunk size', () => {
  it('fits the target at the rate just seen, at most doubling, within its bounds', () => {
    expect(CHUNK_TARGET_MS).toBe(40);
    // 50 leads in 400 ms: 8 ms a lead, 5 fit 40 ms.
    expect(nextChunkSize(50, 400)).toBe(5);
    // 50 leads in 80 ms: 25 fit.
    expect(nextChunkSize(50, 80)).toBe(25);
    // On target: unchanged.
    expect(nextChunkSize(50, 40)).toBe(50);
    // 50 leads in 10 ms would fit 200: doubled to 100 only.
    expect(nextChunkSize(50, 10)).toBe(100);
    // Never above the maximum, never below the minimum (a chunk of 1 lead taking 2 s).
    expect(nextChunkSize(400, 1)).toBe(TICK_CHUNK_MAX);
    expect(nextChunkSize(1, 2000)).toBe(TICK_CHUNK_MIN);
    expect(nextChunkSize(20, 0)).toBe(40);
  });
});

describe.each(LANES)('due leads of one tick (%s)', (lane) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
  }, 180_000);
  afterAll(async () => {
    await tdb?.drop();
  });

  it('pages every due lead, in due order, then at most the given number of leads of unknown due, each once', async () => {
    const { database } = tdb;
    const { tenantId } = await seedTenant(database);
    const row = (id: string, due: string, owner: string | null = 'r1', status = 'open') =>
      `('${tenantId}', '${id}', '{"id":"${id}"}', ${owner ? `'${owner}'` : 'null'}, '${status}', ${due})`;
    await database.db.execute(
      sql.raw(`insert into leads (tenant_id, id, data, owner_id, status, next_due_at) values
        ${[
          row('due-1', `'2026-01-01T00:00:00Z'`),
          row('due-2', `'-infinity'`),
          // Three due at the same instant: a page may end between them.
          row('due-3a', `'2026-02-01T00:00:00Z'`),
          row('due-3b', `'2026-02-01T00:00:00Z'`),
          row('due-3c', `'2026-02-01T00:00:00Z'`),
          row('later-1', `'2100-01-01T00:00:00Z'`),
          row('never-1', `'infinity'`),
          ...['u-1', 'u-2', 'u-3', 'u-4', 'u-5'].map((id) => row(id, 'null')),
          row('u-closed', 'null', 'r1', 'won'),
          row('u-pooled', 'null', null),
        ].join(',\n')}`),
    );
    const now = '2026-06-01T00:00:00Z';
    const pagesOf = async (n: number, unknownAtMost?: number) => {
      const pages = new DuePages(tenantId, now, unknownAtMost);
      const seen: string[][] = [];
      for (let i = 0; pages.more; i++) {
        if (i > 20) throw new Error('the pages never end');
        seen.push(await transact(database, tenantId, (q) => pages.next(q, n)));
      }
      return seen;
    };
    // In due order, each page in id order: due-2 and due-1 share the first page of 2.
    const due = ['due-1', 'due-2', 'due-3a', 'due-3b', 'due-3c'];
    const unknown = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5'];
    // One page holds them all: due ones first, in due order, then the unknown ones by id.
    expect((await pagesOf(100)).flat()).toEqual([...due, ...unknown].sort());
    expect(await pagesOf(100)).toEqual([[...due, ...unknown].sort()]);
    // Pages of 2: each page in id order, the pages in due order, the last one full without an empty one after it.
    expect(await pagesOf(2)).toEqual([
      ['due-1', 'due-2'],
      ['due-3a', 'due-3b'],
      ['due-3c', 'u-1'],
      ['u-2', 'u-3'],
      ['u-4', 'u-5'],
    ]);
    // At most 3 of unknown due: the due ones still all come.
    expect((await pagesOf(2, 3)).flat()).toEqual([...due, 'u-1', 'u-2', 'u-3']);
    expect((await pagesOf(4, 0)).flat()).toEqual(due);
    // A lead visited and due again within the range ahead (its due rewritten later) is not handed out twice.
    const pages = new DuePages(tenantId, now);
    expect(await transact(database, tenantId, (q) => pages.next(q, 2))).toEqual(['due-1', 'due-2']);
    await database.db.execute(sql.raw(`update leads set next_due_at = '2026-03-01T00:00:00Z' where tenant_id = '${tenantId}' and id = 'due-1'`));
    const rest: string[] = [];
    while (pages.more) rest.push(...(await transact(database, tenantId, (q) => pages.next(q, 2))));
    expect(rest).toEqual(['due-3a', 'due-3b', 'due-3c', ...unknown]);
  }, 60_000);
});
