import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Outage } from '../src/db/outage.js';
import { isDatabaseUnavailable } from '../src/db/unavailable.js';
import { LANES, POSTGRES_URL } from './harness.js';
import { CAN_MOUNT, mountSmallDisk, type SmallDisk } from './tmpfs.js';

/** The error a promise rejects with (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

describe('isDatabaseUnavailable: the SQLSTATEs and socket codes of an outage', () => {
  it.each([
    ['08006', true], // connection failure
    ['08001', true], // cannot establish a connection
    ['57P01', true], // admin shutdown
    ['57P02', true], // crash shutdown
    ['57P03', true], // cannot connect now (starting up, in recovery)
    ['53100', true], // disk full
    ['53200', true], // out of memory
    ['53300', true], // too many connections
    ['25006', true], // read-only transaction (a standby)
    ['58030', true], // I/O error
    ['ECONNREFUSED', true],
    ['ECONNRESET', true],
    ['ETIMEDOUT', true],
    ['EPIPE', true],
    ['23505', false], // unique violation: a bug or a conflict, not an outage
    ['22008', false], // datetime out of range: bad input
    ['40001', false], // serialization failure: retried in place
    ['42501', false], // insufficient privilege, without a file error's text: a missing GRANT
    ['57014', false], // query cancelled (statement timeout)
  ])('%s → %s', (code, expected) => {
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code }))).toBe(expected);
  });

  it('looks through wrappers (drizzle\'s "Failed query" keeps the driver error as its cause)', () => {
    const wrapped = new Error('Failed query: select 1', { cause: Object.assign(new Error('the database system is shutting down'), { code: '57P03' }) });
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
    expect(isDatabaseUnavailable(new Error('Failed query: select 1', { cause: new Error('division by zero') }))).toBe(false);
  });

  it('is false for what is not an error of the database', () => {
    for (const value of [
      undefined,
      null,
      'Connection terminated',
      42,
      new Error('boom'),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
    ]) {
      expect(isDatabaseUnavailable(value)).toBe(false);
    }
  });
});

describe('isDatabaseUnavailable: what node-postgres really throws', () => {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  });

  /** A TCP server that accepts and never answers: a database host that hangs. */
  async function silentServer(): Promise<number> {
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  }

  it('a refused connection (nothing listens on the port)', async () => {
    const port = await silentServer();
    await new Promise((r) => servers.pop()!.close(r));
    const client = new pg.Client({ connectionString: `postgres://u:p@127.0.0.1:${port}/db` });
    const e = await failure(client.connect());
    expect(e.code).toBe('ECONNREFUSED');
    expect(isDatabaseUnavailable(e)).toBe(true);
  });

  it('a connect that times out, and a pool checkout that times out', async () => {
    const port = await silentServer();
    const pool = new pg.Pool({ connectionString: `postgres://u:p@127.0.0.1:${port}/db`, connectionTimeoutMillis: 300, max: 1 });
    const first = pool.connect();
    const second = failure(pool.connect());
    const e1 = await failure(first);
    expect(e1.message).toBe('Connection terminated due to connection timeout');
    expect(isDatabaseUnavailable(e1)).toBe(true);
    const e2 = await second;
    expect(isDatabaseUnavailable(e2)).toBe(true);
    await pool.end();
  });
});

describe.each(LANES)('isDatabaseUnavailable: real failures of the %s database', (lane) => {
  if (lane === 'postgres') {
    it('a session ended by the server (57P01) is unavailable; a unique violation or a syntax error is not', async () => {
      const victim = new pg.Client({ connectionString: POSTGRES_URL });
      victim.on('error', () => undefined);
      const admin = new pg.Client({ connectionString: POSTGRES_URL });
      await victim.connect();
      await admin.connect();
      try {
        const { rows } = await victim.query<{ pid: number }>('select pg_backend_pid() as pid');
        const sleeping = failure(victim.query('select pg_sleep(30)'));
        await new Promise((r) => setTimeout(r, 100));
        await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
        const ended = await sleeping;
        expect(ended.code).toBe('57P01');
        expect(isDatabaseUnavailable(ended)).toBe(true);
        // Anything asked of the dead session afterwards.
        const after = await failure(victim.query('select 1'));
        expect(isDatabaseUnavailable(after)).toBe(true);

        await admin.query('create temp table u (id int primary key)');
        await admin.query('insert into u values (1)');
        const duplicate = await failure(admin.query('insert into u values (1)'));
        expect(duplicate.code).toBe('23505');
        expect(isDatabaseUnavailable(duplicate)).toBe(false);
        const syntax = await failure(admin.query('selec 1'));
        expect(syntax.code).toBe('42601');
        expect(isDatabaseUnavailable(syntax)).toBe(false);
      } finally {
        await victim.end().catch(() => undefined);
        await admin.end();
      }
    });
    return;
  }

  it('a permission error of the SQL kind (42501 without a file) is a bug; a closed PGlite, directly or through drizzle, is unavailable', async () => {
    const client = await PGlite.create();
    const db = drizzle(client);
    try {
      await client.exec('create table t (id int); create role nobody; set role nobody;');
      const denied = await failure(client.query('select * from t'));
      expect(denied.code).toBe('42501');
      expect(isDatabaseUnavailable(denied)).toBe(false);
    } finally {
      await client.close();
    }
    const direct = await failure(client.query('select 1'));
    expect(direct.message).toBe('PGlite is closed');
    expect(isDatabaseUnavailable(direct)).toBe(true);
    const wrapped = await failure(db.execute(sql`select 1`));
    expect(wrapped.message).toMatch(/^Failed query/);
    expect(isDatabaseUnavailable(wrapped)).toBe(true);
  }, 60_000);

  describe.runIf(CAN_MOUNT)('on a disk that fills up or turns read-only', () => {
    let disk: SmallDisk;
    let db: PGlite;
    beforeAll(async () => {
      disk = mountSmallDisk(64);
      db = await PGlite.create(join(disk.dir, 'pg'));
      await db.exec('create table t (v text)');
    }, 60_000);
    afterAll(async () => {
      await db?.close();
      disk?.remove();
    });

    it('a full disk (53100 "No space left on device") is unavailable, and writes work again once space is freed', async () => {
      disk.fill();
      let e: (Error & { code?: string }) | undefined;
      try {
        // Enough to need new pages whatever free space the table had.
        await db.exec("insert into t select repeat('x', 1000) from generate_series(1, 5000)");
      } catch (caught) {
        e = caught as Error & { code?: string };
      } finally {
        disk.free();
      }
      expect(e?.code).toBe('53100');
      expect(e?.message).toMatch(/No space left on device/);
      expect(isDatabaseUnavailable(e)).toBe(true);
      await db.exec("insert into t values ('after')");
      expect((await db.query<{ n: number }>("select count(*)::int as n from t where v = 'after'")).rows[0]!.n).toBe(1);
    });

    it('a read-only data folder (42501 "Read-only file system") is unavailable', async () => {
      disk.readOnly();
      let e: (Error & { code?: string }) | undefined;
      try {
        await db.exec('create table u (id int)');
      } catch (caught) {
        e = caught as Error & { code?: string };
      } finally {
        disk.writable();
      }
      expect(e?.code).toBe('42501');
      expect(e?.message).toMatch(/Read-only file system/);
      expect(isDatabaseUnavailable(e)).toBe(true);
    });
  });
});

describe('Outage: one line when the database goes, one when it is back', () => {
  const quiet = () => new Promise((r) => setTimeout(r, 1_300));

  it('logs the first failure and the recovery once, with the requests refused in between', async () => {
    const lines: string[] = [];
    const outage = new Outage({ down: (l) => lines.push(l), back: (l) => lines.push(l) });
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    outage.failed(lost);
    for (let i = 0; i < 5; i++) outage.failed(lost, true);
    expect(outage.down).toBe(true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sluice: database unavailable since \d{4}-\d\d-\d\dT[\d:.]+Z \(ECONNREFUSED connect ECONNREFUSED 127\.0\.0\.1:5432\)/);
    outage.succeeded();
    outage.succeeded();
    await quiet();
    expect(outage.down).toBe(false);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^sluice: database back after \d+\.\d s, 5 requests refused \/ /);
  });

  it('a success followed by a failure within the quiet time is the same outage (a full disk still answers reads)', async () => {
    const lines: string[] = [];
    const outage = new Outage({ down: (l) => lines.push(l), back: (l) => lines.push(l) });
    const full = Object.assign(new Error('could not extend file "base/5/1": No space left on device'), { code: '53100' });
    outage.failed(full, true);
    outage.succeeded();
    outage.failed(full, true);
    outage.succeeded();
    await new Promise((r) => setTimeout(r, 500));
    outage.failed(full, true);
    await quiet();
    expect(lines).toHaveLength(1);
    expect(outage.down).toBe(true);
    outage.succeeded();
    await quiet();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/database back after \d+\.\d s, 3 requests refused/);
    // The next outage is a new one.
    outage.failed(full);
    expect(lines).toHaveLength(3);
  });

  it('says nothing when nothing failed', async () => {
    const lines: string[] = [];
    const outage = new Outage({ down: (l) => lines.push(l), back: (l) => lines.push(l) });
    outage.succeeded();
    await quiet();
    expect(lines).toEqual([]);
    expect(outage.down).toBe(false);
  });
});
