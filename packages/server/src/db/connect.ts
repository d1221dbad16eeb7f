import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.js';
import { createDataFolderIfMissing, PGLITE_START_PARAMS } from './embedded.js';
import { Outage } from './outage.js';
import { embeddedThread, PgliteThread } from './pgliteThread.js';
import { isDatabaseUnavailable } from './unavailable.js';
import { rekeyCustomers, rekeyLeads } from './rekey.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'embedded' | 'postgres';
  /** Where the data lives, for the start banner (never includes a password). */
  where: string;
  /** Whether the database is currently unavailable; logs each outage once. */
  outage: Outage;
  close(): Promise<void>;
}

const HERE = dirname(fileURLToPath(import.meta.url));
// The package's drizzle folder, from src/db/ in the source tree or from dist/ once built (pnpm start).
const MIGRATIONS =
  [resolve(HERE, '../../drizzle'), resolve(HERE, '../drizzle')].find((d) => existsSync(join(d, 'meta', '_journal.json'))) ?? resolve(HERE, '../../drizzle');

/** A clear, fixable start-up problem (printed without a stack trace). */
export class DatabaseOpenError extends Error {}

export async function openDatabase(options: { url?: string; dataDir?: string }): Promise<Database> {
  const database = options.url ? await openPostgres(options.url) : await openEmbedded(resolve(options.dataDir ?? './data'));
  // Stored customer and lead match keys follow the engine's company-name rules: rebuilt when those changed.
  await Promise.resolve()
    .then(() => rekeyCustomers(database.db))
    .then(() => rekeyLeads(database.db))
    .catch(async (e: unknown) => {
      await database.close();
      throw e;
    });
  return database;
}

async function openPostgres(url: string): Promise<Database> {
  const outage = new Outage();
  const pool = newPool(url, outage);
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (e) {
    await endPool(pool);
    throw new DatabaseOpenError(`cannot connect to PostgreSQL at ${redact(url)}: ${(e as Error).message}`);
  }
  try {
    // Several replicas may start together: one migrates, the others wait for it.
    await client.query('select pg_advisory_lock(727274)');
    await migratePg(drizzlePg(client, { schema }), { migrationsFolder: MIGRATIONS });
  } finally {
    await client.query('select pg_advisory_unlock(727274)').catch(() => undefined);
    client.release();
  }
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return { db, kind: 'postgres', where: redact(url), outage, close: () => endPool(pool) };
}

/**
 * Connections of each pool that are still open (added when the pool connects one, removed when
 * its socket has closed).
 */
const openClients = new WeakMap<pg.Pool, Set<pg.PoolClient>>();

/**
 * How long a request waits for a connection, new or pooled. The database refusing connections
 * fails at once; one that does not answer at all (a host gone, a network cut) would otherwise
 * hold every request until the operating system gives up on the connect, minutes later.
 */
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * A pool that keeps its own connections' count and never lets a lost connection crash the
 * process: node-postgres re-emits an idle connection's error (the server restarting, an
 * administrator ending sessions, a dropped database: 57P01) on the pool, and an 'error' event
 * with no listener is thrown. The next query simply opens a new connection. Keepalive probes
 * find an idle connection whose peer vanished without closing it (a failover, a cut network).
 */
function newPool(url: string, outage: Outage): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  });
  const open = new Set<pg.PoolClient>();
  openClients.set(pool, open);
  const lost = (e: Error & { code?: string }) => {
    if (pool.ending) return;
    // Every connection breaks at once when the server goes: one line for the outage.
    if (isDatabaseUnavailable(e)) return outage.failed(e);
    console.error(
      `sluice: a PostgreSQL connection was lost and will be replaced / PostgreSQL 连接已断开，将重新建立: ${e.code ? `${e.code} ` : ''}${e.message}`,
    );
  };
  pool.on('connect', (client) => {
    open.add(client);
    client.once('end', () => open.delete(client));
    // The pool listens for errors only on idle connections: one lost while checked out (between
    // two statements of a transaction) would be an unhandled 'error' event and end the process.
    // Its holder learns of it anyway (the next statement fails) and the pool drops it on release.
    client.on('error', lost);
  });
  pool.on('error', lost);
  return pool;
}

/**
 * pool.end() resolves once it has asked every connection to close, before their sockets are
 * closed: a database dropped or a process exiting right after it would still find sessions on
 * the server. This waits for the sockets too (a socket the server does not close within
 * `graceMs` is destroyed).
 */
async function endPool(pool: pg.Pool, graceMs = 5_000): Promise<void> {
  await pool.end();
  const open = [...(openClients.get(pool) ?? [])];
  await Promise.all(
    open.map(
      (client) =>
        new Promise<void>((resolveEnd) => {
          const timer = setTimeout(() => (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy(), graceMs);
          client.once('end', () => {
            clearTimeout(timer);
            resolveEnd();
          });
        }),
    ),
  );
}

async function openEmbedded(dataDir: string): Promise<Database> {
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  let client: PGlite;
  try {
    await createDataFolderIfMissing(join(dataDir, 'pg'));
    // The thread has the part of PGlite's interface that drizzle and state/sql.ts call (pgliteThread.ts).
    client =
      embeddedThread() === 'worker'
        ? ((await PgliteThread.open(join(dataDir, 'pg'), [...PGLITE_START_PARAMS])) as unknown as PGlite)
        : await PGlite.create(join(dataDir, 'pg'), { startParams: [...PGLITE_START_PARAMS] });
    // A new 16 MB WAL segment is otherwise written full of zeros first: under load that is one
    // stalled batch (~80 ms) every second or so. Without it the file is just extended.
    await client.exec('set wal_init_zero = off');
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder: MIGRATIONS });
    return {
      db: db as unknown as Db,
      kind: 'embedded',
      where: dataDir,
      outage: new Outage(),
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (e) {
    release();
    throw e;
  }
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt it.
 * A lock file with our pid says who holds it; a lock left by a dead process is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lock = join(dataDir, 'sluice.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(fd);
      return () => rmSync(lock, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(lock);
      if (holder && holder.host === hostname() && !alive(holder.pid)) {
        rmSync(lock, { force: true });
        continue;
      }
      throw new DatabaseOpenError(
        `the data folder ${dataDir} is in use by another Sluice process (pid ${holder?.pid ?? '?'} on ${holder?.host ?? '?'}). ` +
          `Stop it, or use another folder (--data), or PostgreSQL (DATABASE_URL) to run several servers. / ` +
          `数据目录 ${dataDir} 正被另一个 Sluice 进程使用。`,
      );
    }
  }
  throw new DatabaseOpenError(`cannot lock the data folder ${dataDir}`);
}

function readHolder(lock: string): { pid: number; host: string } | undefined {
  try {
    return existsSync(lock) ? (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number; host: string }) : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
