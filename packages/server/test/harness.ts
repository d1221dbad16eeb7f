import { afterAll, beforeAll } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.js';
import { listenHttp } from '../src/http/listen.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { apiKeys, tenants } from '../src/db/schema.js';
import { adminQuery, freshDataDir, POSTGRES_TEMPLATE_ENV } from './dbTemplate.js';
import { newApiKey, type Scope } from '../src/auth/keys.js';

/**
 * The shared test lanes (Hono's "one case file, every implementation"): every server test runs
 * against embedded PGlite, and against PostgreSQL when TEST_DATABASE_URL is set.
 */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL;
export const LANES: Array<'embedded' | 'postgres'> = POSTGRES_URL ? ['embedded', 'postgres'] : ['embedded'];
if (!POSTGRES_URL && !process.env.SLUICE_QUIET_LANES) {
  console.warn('TEST_DATABASE_URL is not set: skipping the PostgreSQL lane (embedded PGlite only).');
}

export interface TestDatabase {
  database: Database;
  /** Connection string of the lane's own Postgres database (postgres lane only). */
  url?: string;
  dataDir?: string;
  drop(): Promise<void>;
}

/**
 * A fresh database per call: a temp folder for PGlite, a new database on the Postgres server; both
 * copied from a migrated, empty template when there is one (dbTemplate.ts).
 */
export async function freshDatabase(lane: 'embedded' | 'postgres'): Promise<TestDatabase> {
  if (lane === 'embedded') {
    const dataDir = await freshDataDir();
    const database = await openDatabase({ dataDir });
    return {
      database,
      dataDir,
      drop: async () => {
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const name = `sluice_t_${randomBytes(6).toString('hex')}`;
  const template = process.env[POSTGRES_TEMPLATE_ENV];
  await adminQuery(POSTGRES_URL!, template ? `create database ${name} template ${template}` : `create database ${name}`);
  const url = new URL(POSTGRES_URL!);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    url: url.toString(),
    drop: async () => {
      // close() returns once every socket of the pool is closed: `with (force)` then only ends
      // sessions of other processes (a killed server child's), never one of this process, whose
      // 57P01 "terminating connection due to administrator command" would be an unhandled error.
      await database.close();
      await adminQuery(POSTGRES_URL!, `drop database if exists ${name} with (force)`);
    },
  };
}

export interface TestServer {
  base: string;
  close(): Promise<void>;
}

/**
 * The real app on a loopback port: tests speak HTTP to it. Webhooks to private addresses are
 * allowed unless `allowPrivateWebhooks: false`, since the tests' receivers listen on 127.0.0.1.
 */
export async function startServer(
  database: Database,
  now: () => number = () => Date.now(),
  options: { allowPrivateWebhooks?: boolean } = {},
): Promise<TestServer> {
  const app = createApp({ database, now, allowPrivateWebhooks: options.allowPrivateWebhooks ?? true });
  // As main.ts listens: tests see the server's own accept queue and keep-alive, not Node's defaults.
  const server = await new Promise<Server>((resolve) => {
    const s = listenHttp(app.fetch, '127.0.0.1', 0, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(() => r())) };
}

/** A tenant with one API key holding the given scopes; returns the secret key. */
export async function seedTenant(
  database: Database,
  tenantId = `t-${randomUUID().slice(0, 8)}`,
  scopes: Scope[] = ['admin', 'decide', 'read', 'edit', 'publish'],
) {
  await database.db.insert(tenants).values({ id: tenantId, name: tenantId }).onConflictDoNothing();
  const k = newApiKey();
  await database.db.insert(apiKeys).values({ id: k.id, tenantId, name: 'test', prefix: k.prefix, hash: k.hash, scopes });
  return { tenantId, key: k.key };
}

/** fetch with a key and JSON, returning status, headers and parsed body. */
export async function call(base: string, method: string, path: string, opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(base + path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/**
 * The usual per-file setup: one fresh database of the lane and one server on it, shared by the
 * file's tests (opening a database is slow), closed and dropped after them.
 */
export function useServer(lane: 'embedded' | 'postgres', now?: () => number): { readonly tdb: TestDatabase; readonly server: TestServer } {
  let tdb: TestDatabase | undefined;
  let server: TestServer | undefined;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    server = await startServer(tdb.database, now);
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    await tdb?.drop();
  });
  return {
    get tdb() {
      return tdb!;
    },
    get server() {
      return server!;
    },
  };
}

/**
 * Two replicas on one fresh database, sharing the test's clock: on PostgreSQL the second has its
 * own pool; PGlite has one owner, so both servers share it.
 */
export function useTwoReplicas(
  lane: 'embedded' | 'postgres',
  now: () => number,
): { readonly tdb: TestDatabase; readonly a: TestServer; readonly b: TestServer } {
  let tdb: TestDatabase | undefined;
  let second: Database | undefined;
  let a: TestServer | undefined;
  let b: TestServer | undefined;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    second = tdb.url ? await openDatabase({ url: tdb.url }) : undefined;
    a = await startServer(tdb.database, now);
    b = await startServer(second ?? tdb.database, now);
  }, 120_000);
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await second?.close();
    await tdb?.drop();
  });
  return {
    get tdb() {
      return tdb!;
    },
    get a() {
      return a!;
    },
    get b() {
      return b!;
    },
  };
}
