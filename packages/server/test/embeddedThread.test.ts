import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGLITE_START_PARAMS } from '../src/db/embedded.js';
import { embeddedThread, PgliteThread } from '../src/db/pgliteThread.js';
import { isDatabaseUnavailable } from '../src/db/unavailable.js';
import { freshDataDir } from './dbTemplate.js';

/**
 * The embedded database in its own thread (db/pgliteThread.ts) behaves as PGlite in process: a
 * transaction's statements run with nothing interleaved, a failure rolls back, errors keep their
 * SQLSTATE and fields, drizzle reads the same values, and a closed database says so.
 */
describe('the embedded database in its own thread', () => {
  let dir = '';
  let thread: PgliteThread;

  beforeAll(async () => {
    // A folder copied from the migrated template (dbTemplate.ts): initdb is not what this tests.
    dir = await freshDataDir('sluice-thread-');
    thread = await PgliteThread.open(join(dir, 'pg'), [...PGLITE_START_PARAMS]);
    await thread.exec(`
      create table counter (id int primary key, n int not null);
      insert into counter values (1, 0);
      create table item (id text primary key, at timestamptz not null, data jsonb not null, amount numeric(12, 2) not null, big bigint not null);`);
  }, 240_000);
  afterAll(async () => {
    if (!thread.closed) await thread.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('is chosen by SLUICE_EMBEDDED_THREAD=worker; otherwise the database stays in process', () => {
    expect(embeddedThread({ SLUICE_EMBEDDED_THREAD: 'worker' })).toBe('worker');
    expect(embeddedThread({})).toBe('main');
    expect(embeddedThread({ SLUICE_EMBEDDED_THREAD: 'main' })).toBe('main');
  });

  it('runs 20 read-then-write transactions started at once without interleaving them', async () => {
    const pause = () => new Promise((r) => setTimeout(r, 2));
    await Promise.all(
      Array.from({ length: 20 }, () =>
        thread.transaction(async (tx) => {
          const { rows } = await tx.query<{ n: number }>('select n from counter where id = 1');
          // Another transaction that slipped in here would read the same n and lose an increment.
          await pause();
          await tx.query('update counter set n = $1 where id = 1', [rows[0]!.n + 1]);
        }),
      ),
    );
    const { rows } = await thread.query<{ n: number }>('select n from counter where id = 1');
    expect(rows[0]!.n).toBe(20);
  });

  it('lets a statement outside a transaction wait for its commit', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const writing = thread.transaction(async (tx) => {
      await tx.query('update counter set n = 100 where id = 1');
      await held;
    });
    await new Promise((r) => setTimeout(r, 20));
    const reading = thread.query<{ n: number }>('select n from counter where id = 1');
    release();
    await writing;
    expect((await reading).rows[0]!.n).toBe(100);
  });

  it('rolls back what a transaction wrote when it throws, and passes its error on', async () => {
    const failing = thread.transaction(async (tx) => {
      await tx.query('update counter set n = -1 where id = 1');
      throw new Error('changed my mind');
    });
    await expect(failing).rejects.toThrow('changed my mind');
    expect((await thread.query<{ n: number }>('select n from counter where id = 1')).rows[0]!.n).toBe(100);
  });

  it('keeps a refusal’s SQLSTATE, detail and constraint, and goes on after a rollback to a savepoint', async () => {
    await thread.query(`insert into item values ('a', '2026-03-01T08:00:00Z', '{"k": [1, 2]}', 12.5, 9007199254740993)`);
    const refusal = await thread
      .transaction(async (tx) => {
        await tx.exec('savepoint s');
        const error = await tx.exec(`insert into item values ('a', now(), '{}', 1, 1)`).catch((e: unknown) => e);
        await tx.exec('rollback to savepoint s');
        await tx.query(`insert into item values ('b', '2026-03-02T08:00:00Z', '{}', 1, 1)`);
        return error as Record<string, unknown>;
      })
      .catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Error);
    expect(refusal).toMatchObject({ code: '23505', constraint: 'item_pkey', detail: 'Key (id)=(a) already exists.' });
    expect(isDatabaseUnavailable(refusal)).toBe(false);
    expect((await thread.query<{ id: string }>('select id from item order by id')).rows.map((r) => r.id)).toEqual(['a', 'b']);
  });

  it('reads through drizzle exactly what PGlite in process reads', async () => {
    const query = sql`select id, at, data, amount, big from item order by id`;
    const viaThread = await drizzle(thread as unknown as PGlite).execute(query);
    const arrays = await drizzle(thread as unknown as PGlite)
      .select({ at: sql<string>`at`, amount: sql<string>`amount` })
      .from(sql`item`);
    await thread.close();
    const inProcess = await PGlite.create(join(dir, 'pg'), { startParams: [...PGLITE_START_PARAMS] });
    try {
      expect(viaThread.rows).toEqual((await drizzle(inProcess).execute(query)).rows);
      // Timestamps stay the database's text (drizzle's parsers), arrays of rows included.
      expect(viaThread.rows[0]).toMatchObject({ id: 'a', at: '2026-03-01 08:00:00+00', data: { k: [1, 2] }, amount: '12.50' });
      expect(arrays).toEqual(await drizzle(inProcess).select({ at: sql<string>`at`, amount: sql<string>`amount` }).from(sql`item`));
    } finally {
      await inProcess.close();
    }
    thread = await PgliteThread.open(join(dir, 'pg'), [...PGLITE_START_PARAMS]);
  }, 120_000);

  it('answers "PGlite is closed" once closed, an unavailable database (503)', async () => {
    await thread.close();
    const error = await thread.query('select 1').catch((e: unknown) => e);
    expect(error).toMatchObject({ message: 'PGlite is closed' });
    expect(isDatabaseUnavailable(error)).toBe(true);
    await expect(thread.close()).rejects.toThrow('PGlite is closed');
  });
});
