/**
 * What the server benchmark's targets share (server.bench.ts, poisoned.ts): flags, the server
 * child process, a fresh database per lane with the bench tenant, the load, and the checks.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import pg from 'pg';
import { examplePolicy } from '@sluice/examples';
import { build, bundleForNode, ENTRY as SERVER_ENTRY, isStale, OUT_FILE as SERVER_OUT_FILE } from '../build.mjs';
import { newApiKey } from '../src/auth/keys.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { apiKeys, decisions, leads, tenants } from '../src/db/schema.js';

const flag = (name: string): string | undefined => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);

export const JSON_OUT = process.argv.includes('--json');
/** `--profile <dir>`: the server children write V8 CPU profiles (.cpuprofile) there. */
const PROFILE_DIR = process.argv.includes('--profile') ? resolve(flag('--profile') ?? 'bench-profiles') : undefined;
/** `--only embedded,postgres,baseline,poisoned,simLoad` (poisoned-embedded, poisoned-postgres: one lane): run just these targets (default: all but simLoad). */
const ONLY = process.argv.includes('--only') ? new Set((flag('--only') ?? '').split(',')) : undefined;
export const wanted = (target: string) => !ONLY || ONLY.has(target);
/** Targets too long or too large for every run (simLoad): only when `--only` names them. */
export const named = (target: string) => ONLY?.has(target) === true;
/** `--warmup <s>` and `--seconds <s>`: warm-up and measured seconds per run (short ones to try the bench out). */
export const WARMUP_S = Number(flag('--warmup') ?? 2);
export const DURATION_S = Number(flag('--seconds') ?? 10);
/** `--rounds <n>`: clean/poisoned pairs of the poisoned target (2). */
export const ROUNDS = Number(flag('--rounds') ?? 2);
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
export const POLICY = 's06-round-robin';
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

export const log = (line: string) => {
  if (!JSON_OUT) process.stdout.write(line + '\n');
};
/** Correctness lines: on stdout with the table, on stderr with --json (stdout holds only the object). */
export const report = (line: string) => (JSON_OUT ? process.stderr : process.stdout).write(line + '\n');

export interface Figures {
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Server process CPU ms per answered request (not PostgreSQL's own). */
  cpuMsPerRequest: number;
}

// --- children ------------------------------------------------------------------------------------

export interface Child {
  proc: ChildProcess;
  base: string;
  output(): string;
  exited: Promise<void>;
}

/** `--source`: run the children from their TypeScript through tsx instead of the bundles the product runs. */
const FROM_SOURCE = process.argv.includes('--source');
const bundled = new Map<string, Promise<string>>();

/**
 * The JavaScript a child runs for a TypeScript entry: the server as `pnpm start` runs it
 * (dist/main.js, rebuilt when stale), any other entry (the baseline) bundled the same way. Through
 * tsx a child paid its loader and tsx's kept function names (every function made in a hot path
 * wrapped), which the product does not pay — nor should the baseline it is compared with.
 */
function runnable(entry: string): Promise<string> {
  if (FROM_SOURCE || !entry.endsWith('.ts')) return Promise.resolve(entry);
  let out = bundled.get(entry);
  if (!out) {
    out =
      resolve(ROOT, entry) === SERVER_ENTRY
        ? (async () => {
            // Said on the correctness channel: with --json stdout holds only the result.
            if (isStale()) {
              report('building the server (packages/server/dist/main.js), as `pnpm start` would / 正在构建服务器');
              await build();
            }
            return SERVER_OUT_FILE;
          })()
        : (async () => {
            const name = basename(entry, '.ts');
            const outDir = join(ROOT, 'node_modules/.cache/sluice-bench', name);
            await bundleForNode({ entryPoints: { [name]: resolve(ROOT, entry) }, outDir });
            return join(outDir, `${name}.js`);
          })();
    bundled.set(entry, out);
  }
  return out;
}

export async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const prof = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  const entry = await runnable(args[0]!);
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc = spawn(process.execPath, [...prof, ...loader, entry, ...args.slice(1)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  const base = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args[0]} did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`${args[0]} exited before listening:\n${out}`));
    });
  });
  return { proc, base, output: () => out, exited };
}

/** SIGTERM: the server closes its database cleanly before exiting. */
export async function stopChild(c: Child): Promise<void> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  await c.exited;
}

function serverEnv(url?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  return env;
}

export const baselineEnv = () => serverEnv();

// --- a lane: a fresh database, the bench tenant, the real server on it ---------------------------

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
  let open: () => Promise<Database>;
  let args: string[];
  let env: NodeJS.ProcessEnv;
  let cleanUp: () => Promise<void>;
  if (lane === 'embedded') {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
    open = () => openDatabase({ dataDir });
    args = [entry, '--port', '0', '--data', dataDir];
    env = serverEnv();
    cleanUp = async () => rmSync(dataDir, { recursive: true, force: true });
  } else {
    const name = `sluice_bench_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    open = () => openDatabase({ url: url.toString() });
    args = [entry, '--port', '0'];
    env = serverEnv(url.toString());
    cleanUp = () => adminQuery(`drop database if exists ${name} with (force)`);
  }
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

// --- setup through the API -----------------------------------------------------------------------

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

// --- load ----------------------------------------------------------------------------------------

let sequence = 0;

/** A `POST /v1/decide` request for autocannon: `eventAt(n, at)` builds the n-th event, sent at `at`. */
export function decideRequest(
  key: string,
  eventAt: (n: number, at: string) => object,
  onResponse?: (status: number, body: string) => void,
): autocannon.Request {
  let n = 0;
  return {
    method: 'POST',
    path: '/v1/decide',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    setupRequest: (req) => ({ ...req, body: JSON.stringify(eventAt(++n, new Date().toISOString())) }),
    ...(onResponse ? { onResponse } : {}),
  };
}

/** One autocannon run; every request is a new lead.created with its own event and lead id. */
export function load(base: string, key: string, tag: string, seconds: number, connections = CONNECTIONS): Promise<autocannon.Result> {
  const run = ++sequence;
  return autocannon({
    url: base,
    connections,
    duration: seconds,
    requests: [
      decideRequest(key, (n, at) => {
        const lead = { id: `lead-${tag}-${run}-${n}`, createdAt: at, company: `Bench Co ${n}`, region: 'east', product: 'crm', employees: 50 + (n % 500) };
        return { id: `ev-${tag}-${run}-${n}`, type: 'lead.created', at, lead };
      }),
    ],
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Requests written to the socket (autocannon's requests.sent, missing from its types). */
export const sentOf = (runs: autocannon.Result[]): number => runs.reduce((s, x) => s + ((x.requests as { sent?: number }).sent ?? Infinity), 0);

export function figures(r: autocannon.Result): Omit<Figures, 'cpuMsPerRequest'> {
  return { throughput: Math.round(r['2xx'] / r.duration), p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max };
}

// --- checks --------------------------------------------------------------------------------------

/**
 * Decisions stored = 2xx answers, plus the requests still in flight when autocannon stopped (the
 * server finishes them, the client no longer counts them: at most one per connection and run);
 * every new lead owned; active reps' shares within one; the inactive rep gets none.
 */
export function verdict(
  ok2xx: number,
  sent: number,
  { stored, owned }: Pick<Stored, 'stored' | 'owned'>,
  maxInFlight = 2 * CONNECTIONS,
): { check: string; checkOk: boolean } {
  const reps = benchReps();
  const active = reps.filter((r) => r.active !== false).map((r) => r.id as string);
  const shares = active.map((id) => owned.get(id) ?? 0);
  const inactiveOwned = reps.filter((r) => r.active === false).reduce((s, r) => s + (owned.get(r.id as string) ?? 0), 0);
  const totalOwned = [...owned.values()].reduce((a, b) => a + b, 0);
  const spread = Math.max(...shares) - Math.min(...shares);
  const inFlight = stored - ok2xx;
  const checkOk = inFlight >= 0 && inFlight <= maxInFlight && stored <= sent && totalOwned === stored && spread <= 1 && inactiveOwned === 0;
  return {
    checkOk,
    check: `${checkOk ? 'OK' : 'FAILED'}: decisions stored ${stored} = ${ok2xx} 2xx + ${inFlight} in flight at the stop (sent ${sent}); leads owned ${totalOwned}; round-robin shares ${Math.min(...shares)}–${Math.max(...shares)} over ${active.length} active reps (spread ${spread}), inactive rep ${inactiveOwned}`,
  };
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

// --- report --------------------------------------------------------------------------------------

export function machine() {
  const c = cpus();
  return {
    cpus: c.length,
    cpuModel: c[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    loadavg1m: Number(loadavg()[0]!.toFixed(2)),
    connections: CONNECTIONS,
    seconds: DURATION_S,
    warmupSeconds: WARMUP_S,
    policy: POLICY,
  };
}
