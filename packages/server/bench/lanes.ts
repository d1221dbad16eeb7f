/** A bench lane: a fresh database (embedded or PostgreSQL), the bench tenant, the real server on it. */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import pg from 'pg';
import { examplePolicy } from '@sluice/examples';
import { newApiKey } from '../src/auth/keys.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { apiKeys, decisions, leads, tenants } from '../src/db/schema.js';
import { type Child, serverEnv, startChild, stopChild } from './children.js';
import { PG_URL, POLICY, ROOT } from './common.js';

export type Lane = 'embedded' | 'postgres';

/** What the database holds after a run, for the checks. */
export interface Stored {
  /** Decisions stored for the bench tenant. */
  stored: number;
  /** Leads owned, by rep. */
  owned: Map<string, number>;
  /** The raw database, for a target's own checks (open until `after` returns). */
  database: Database;
  tenantId: string;
}

/**
 * A fresh, empty database of the lane: a temp folder for the embedded one, a new PostgreSQL
 * database otherwise (named `<prefix>_<random>`). `serverArgs` point src/main.ts at it after its
 * entry, with `url` as its DATABASE_URL (PostgreSQL only); `cleanUp` removes it.
 */
export async function freshDatabase(
  lane: Lane,
  prefix: string,
): Promise<{ open: () => Promise<Database>; serverArgs: string[]; url: string | undefined; cleanUp: () => Promise<void> }> {
  if (lane === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    return {
      open: () => openDatabase({ dataDir }),
      serverArgs: ['--port', '0', '--data', dataDir],
      url: undefined,
      cleanUp: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix.replace(/-/g, '_')}_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  return {
    open: () => openDatabase({ url: url.toString() }),
    serverArgs: ['--port', '0'],
    url: url.toString(),
    cleanUp: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

/**
 * A fresh database of the lane (a temp folder; a new PostgreSQL database), the bench tenant seeded
 * and `prepare`d straight in it before the server starts, the real server (src/main.ts) in a child
 * process on it with the roster and policy set up through the API, then `run`; afterwards the
 * database is opened again for `after` to check what was stored.
 */
export async function onLane<R, C>(
  lane: Lane,
  prepare: (database: Database) => Promise<void>,
  run: (child: Child, key: string) => Promise<R>,
  after: (r: R, stored: Stored) => Promise<C>,
  /** The server's entry: the source (default) or the bundle, packages/server/dist/main.js. */
  entry = 'packages/server/src/main.ts',
): Promise<C> {
  const { open, serverArgs, url, cleanUp } = await freshDatabase(lane, 'sluice-bench');
  const args = [entry, ...serverArgs];
  const env = serverEnv(url);
  try {
    let database = await open();
    const { tenantId, key } = await seedTenant(database);
    await prepare(database);
    await database.close();
    const child = await startChild(args, env);
    let r: R;
    try {
      await setUp(child.base, key);
      r = await run(child, key);
    } finally {
      await stopChild(child);
    }
    database = await open();
    try {
      return await after(r, { ...(await countFromDb(database, tenantId)), database, tenantId });
    } finally {
      await database.close();
    }
  } finally {
    await cleanUp();
  }
}

export async function postgresReachable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2_000 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** A tenant with an all-scopes key, written straight into the database (before the server starts). */
async function seedTenant(database: Database): Promise<{ tenantId: string; key: string }> {
  const tenantId = `bench-${randomUUID().slice(0, 8)}`;
  await database.db.insert(tenants).values({ id: tenantId, name: 'Bench', timeZone: 'Asia/Shanghai' });
  const k = newApiKey();
  await database.db
    .insert(apiKeys)
    .values({ id: k.id, tenantId, name: 'bench', prefix: k.prefix, hash: k.hash, scopes: ['admin', 'decide', 'read', 'edit', 'publish'] });
  return { tenantId, key: k.key };
}

/** The bench roster's reps, all in the "ae" team; caps high enough that the run never fills them. */
export function benchReps(): Array<Record<string, unknown>> {
  const roster = JSON.parse(readFileSync(join(ROOT, 'examples/states/bench-roster.json'), 'utf8')) as { reps: Array<Record<string, unknown>> };
  return roster.reps.map(({ dailyCap: _d, shifts: _s, outOfOffice: _o, ...rep }) => ({ ...rep, teams: ['ae'], cap: 1_000_000 }));
}

export async function api(base: string, key: string, method: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 500)}`);
  return JSON.parse(text);
}

async function setUp(base: string, key: string): Promise<void> {
  await api(base, key, 'POST', '/v1/teams/bulk', { items: [{ id: 'ae', name: '客户经理组 AE' }] });
  await api(base, key, 'POST', '/v1/reps/bulk', { items: benchReps() });
  await api(base, key, 'PUT', `/v1/policies/${POLICY}/draft`, examplePolicy(POLICY));
  await api(base, key, 'POST', `/v1/policies/${POLICY}/publish`, { note: 'bench' });
}

async function countFromDb(database: Database, tenantId: string): Promise<{ stored: number; owned: Map<string, number> }> {
  const [row] = await database.db.select({ n: count() }).from(decisions).where(eq(decisions.tenantId, tenantId));
  const rows = await database.db
    .select({ owner: leads.ownerId, n: count() })
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), isNotNull(leads.ownerId)))
    .groupBy(leads.ownerId);
  return { stored: Number(row!.n), owned: new Map(rows.map((r) => [r.owner!, Number(r.n)])) };
}
