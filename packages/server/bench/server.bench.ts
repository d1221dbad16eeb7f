/**
 * Server benchmark: `POST /v1/decide` over HTTP on loopback, driven by autocannon, for a routing
 * policy with round robin and caps (examples/policies/s06-round-robin.json over the ten reps of
 * examples/states/bench-roster.json, all put in its "ae" team), against
 *   embedded — the real server (src/main.ts) on embedded PGlite in a temp folder;
 *   postgres — the real server on a fresh PostgreSQL database (TEST_DATABASE_URL, or
 *              postgres://root@127.0.0.1:5432/test; skipped when unreachable);
 *   baseline — a bare Hono handler running json-rules-engine on the same compiled rules, storing
 *              nothing (bench/baseline.ts), so the cost of durability is visible.
 * Every server runs in its own child process so the load generator does not share its event loop.
 * The tenant, roster and policy go in through the real API (key seeded in the database first);
 * every request is a new lead with its own event id. After each run the database is checked:
 * decisions stored = 2xx responses, and round-robin shares differ by at most one.
 * `pnpm bench:server` prints a table; `pnpm bench:server --json` prints one JSON object.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { and, count, eq, isNotNull } from 'drizzle-orm';
import pg from 'pg';
import { examplePolicy } from '@sluice/examples';
import { newApiKey } from '../src/auth/keys.js';
import { openDatabase, type Database } from '../src/db/connect.js';
import { apiKeys, decisions, leads, tenants } from '../src/db/schema.js';

const JSON_OUT = process.argv.includes('--json');
/** `--profile <dir>`: the server children write V8 CPU profiles (.cpuprofile) there. */
const PROFILE_DIR = process.argv.includes('--profile') ? resolve(process.argv[process.argv.indexOf('--profile') + 1] ?? 'bench-profiles') : undefined;
/** `--only embedded,postgres,baseline`: run just these targets (default: all three). */
const ONLY = process.argv.includes('--only') ? new Set((process.argv[process.argv.indexOf('--only') + 1] ?? '').split(',')) : undefined;
const wanted = (target: string) => !ONLY || ONLY.has(target);
const WARMUP_S = 2;
const DURATION_S = 10;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const POLICY = 's06-round-robin';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/test';

const log = (line: string) => {
  if (!JSON_OUT) process.stdout.write(line + '\n');
};
/** Correctness lines: on stdout with the table, on stderr with --json (stdout holds only the object). */
const report = (line: string) => (JSON_OUT ? process.stderr : process.stdout).write(line + '\n');

interface Figures {
  throughput: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Server process CPU ms per answered request (not PostgreSQL's own). */
  cpuMsPerRequest: number;
}
interface Run extends Figures {
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  check: string;
  checkOk: boolean;
}

// --- children ------------------------------------------------------------------------------------

interface Child {
  proc: ChildProcess;
  base: string;
  output(): string;
  exited: Promise<void>;
}

async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const prof = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  const proc = spawn(process.execPath, [...prof, '--import', 'tsx', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
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
async function stopChild(c: Child): Promise<void> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  await c.exited;
}

function serverEnv(url?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  return env;
}

// --- setup through the API -----------------------------------------------------------------------

/** A tenant with an all-scopes key, written straight into the database (before the server starts). */
async function seedTenant(database: Database): Promise<{ tenantId: string; key: string }> {
  const tenantId = `bench-${randomUUID().slice(0, 8)}`;
  await database.db.insert(tenants).values({ id: tenantId, name: 'Bench', timeZone: 'Asia/Shanghai' });
  const k = newApiKey();
  await database.db.insert(apiKeys).values({ id: k.id, tenantId, name: 'bench', prefix: k.prefix, hash: k.hash, scopes: ['admin', 'decide', 'read', 'edit', 'publish'] });
  return { tenantId, key: k.key };
}

/** The bench roster's reps, all in the "ae" team; caps high enough that the run never fills them. */
function benchReps(): Array<Record<string, unknown>> {
  const roster = JSON.parse(readFileSync(join(ROOT, 'examples/states/bench-roster.json'), 'utf8')) as { reps: Array<Record<string, unknown>> };
  return roster.reps.map(({ dailyCap: _d, shifts: _s, outOfOffice: _o, ...rep }) => ({ ...rep, teams: ['ae'], cap: 1_000_000 }));
}

async function api(base: string, key: string, method: string, path: string, body: unknown): Promise<unknown> {
  const res = await fetch(base + path, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
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

/** One autocannon run; every request is a new lead.created with its own event and lead id. */
function load(base: string, key: string, tag: string, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        path: '/v1/decide',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        setupRequest: (req) => {
          const n = ++sequence;
          const at = new Date().toISOString();
          const lead = { id: `lead-${tag}-${n}`, createdAt: at, company: `Bench Co ${n}`, region: 'east', product: 'crm', employees: 50 + (n % 500) };
          return { ...req, body: JSON.stringify({ id: `ev-${tag}-${n}`, type: 'lead.created', at, lead }) };
        },
      },
    ],
  });
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/**
 * Warm-up, then the measured run. Also the server process's CPU time per answered request over
 * the measured run: on a 2-core machine shared with the load generator (and PostgreSQL) the
 * throughput swings with whatever else runs; the CPU cost per decision does not.
 */
async function measure(base: string, key: string, tag: string, pid?: number): Promise<{ warm: autocannon.Result; main: autocannon.Result; cpuMsPerRequest: number }> {
  const warm = await load(base, key, tag, WARMUP_S);
  const before = cpuSeconds(pid);
  const main = await load(base, key, tag, DURATION_S);
  const cpuMsPerRequest = Number((((cpuSeconds(pid) - before) * 1000) / Math.max(1, main['2xx'])).toFixed(3));
  return { warm, main, cpuMsPerRequest };
}

/** Requests written to the socket (autocannon's requests.sent, missing from its types). */
const sentOf = (r: { warm: autocannon.Result; main: autocannon.Result }): number =>
  [r.warm, r.main].reduce((s, x) => s + ((x.requests as { sent?: number }).sent ?? Infinity), 0);

function figures(r: autocannon.Result): Omit<Figures, 'cpuMsPerRequest'> {
  return { throughput: Math.round(r['2xx'] / r.duration), p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max };
}

// --- checks --------------------------------------------------------------------------------------

/**
 * Decisions stored = 2xx answers, plus the requests still in flight when autocannon stopped (the
 * server finishes them, the client no longer counts them: at most one per connection and run);
 * every new lead owned; active reps' shares within one; the inactive rep gets none.
 */
function verdict(ok2xx: number, sent: number, stored: number, owned: Map<string, number>): { check: string; checkOk: boolean } {
  const reps = benchReps();
  const active = reps.filter((r) => r.active !== false).map((r) => r.id as string);
  const shares = active.map((id) => owned.get(id) ?? 0);
  const inactiveOwned = reps.filter((r) => r.active === false).reduce((s, r) => s + (owned.get(r.id as string) ?? 0), 0);
  const totalOwned = [...owned.values()].reduce((a, b) => a + b, 0);
  const spread = Math.max(...shares) - Math.min(...shares);
  const inFlight = stored - ok2xx;
  const checkOk = inFlight >= 0 && inFlight <= 2 * CONNECTIONS && stored <= sent && totalOwned === stored && spread <= 1 && inactiveOwned === 0;
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

function runOf(r: { warm: autocannon.Result; main: autocannon.Result; cpuMsPerRequest: number }, check: { check: string; checkOk: boolean }): Run {
  const all = [r.warm, r.main];
  return {
    ...figures(r.main),
    cpuMsPerRequest: r.cpuMsPerRequest,
    ok2xx: all.reduce((s, x) => s + x['2xx'], 0),
    non2xx: all.reduce((s, x) => s + x.non2xx, 0),
    errors: all.reduce((s, x) => s + x.errors, 0),
    timeouts: all.reduce((s, x) => s + x.timeouts, 0),
    ...check,
  };
}

// --- targets -------------------------------------------------------------------------------------

async function benchEmbedded(): Promise<Run> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-bench-'));
  try {
    let database = await openDatabase({ dataDir });
    const { tenantId, key } = await seedTenant(database);
    await database.close();
    const child = await startChild(['packages/server/src/main.ts', '--port', '0', '--data', dataDir], serverEnv());
    let r;
    try {
      await setUp(child.base, key);
      r = await measure(child.base, key, 'emb', child.proc.pid);
    } finally {
      await stopChild(child);
    }
    database = await openDatabase({ dataDir });
    const { stored, owned } = await countFromDb(database, tenantId);
    await database.close();
    return runOf(r, verdict(r.warm['2xx'] + r.main['2xx'], sentOf(r), stored, owned));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresReachable(): Promise<boolean> {
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

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function benchPostgres(): Promise<Run> {
  const name = `sluice_bench_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  try {
    let database = await openDatabase({ url: url.toString() });
    const { tenantId, key } = await seedTenant(database);
    await database.close();
    const child = await startChild(['packages/server/src/main.ts', '--port', '0'], serverEnv(url.toString()));
    let r;
    try {
      await setUp(child.base, key);
      r = await measure(child.base, key, 'pg', child.proc.pid);
    } finally {
      await stopChild(child);
    }
    database = await openDatabase({ url: url.toString() });
    const { stored, owned } = await countFromDb(database, tenantId);
    await database.close();
    return runOf(r, verdict(r.warm['2xx'] + r.main['2xx'], sentOf(r), stored, owned));
  } finally {
    await adminQuery(`drop database if exists ${name} with (force)`);
  }
}

async function benchBaseline(): Promise<Run> {
  const child = await startChild(['packages/server/bench/baseline.ts', POLICY], serverEnv());
  let r;
  try {
    r = await measure(child.base, 'none', 'base', child.proc.pid);
  } finally {
    await stopChild(child);
  }
  const total = r.warm['2xx'] + r.warm.non2xx + r.main['2xx'] + r.main.non2xx;
  const ok2xx = r.warm['2xx'] + r.main['2xx'];
  const checkOk = ok2xx === total && total > 0;
  return runOf(r, { checkOk, check: `${checkOk ? 'OK' : 'FAILED'}: ${ok2xx} of ${total} answers 2xx (stores nothing)` });
}

// --- report --------------------------------------------------------------------------------------

function machine() {
  const c = cpus();
  return { cpus: c.length, cpuModel: c[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), os: `${type()} ${release()}`, node: process.version, loadavg1m: Number(loadavg()[0]!.toFixed(2)), connections: CONNECTIONS, seconds: DURATION_S, warmupSeconds: WARMUP_S, policy: POLICY };
}

async function main(): Promise<void> {
  const m = machine();
  log(`Sluice server benchmark: POST /v1/decide, ${POLICY} over 9 active reps, ${CONNECTIONS} connections, ${WARMUP_S} s warm-up + ${DURATION_S} s per target`);
  log(`machine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, load ${m.loadavg1m}`);
  const results: Record<string, Run | { skipped: string }> = {};

  if (wanted('embedded')) {
    log('embedded (PGlite) …');
    results.embedded = await benchEmbedded();
    report(`embedded: ${(results.embedded as Run).check}`);
  }

  if (!wanted('postgres')) {
    // not asked for
  } else if (await postgresReachable()) {
    log('postgres …');
    results.postgres = await benchPostgres();
    report(`postgres: ${(results.postgres as Run).check}`);
  } else {
    const why = `PostgreSQL at ${PG_URL.replace(/\/\/[^@]*@/, '//…@')} is unreachable: skipped`;
    report(`postgres: ${why}`);
    results.postgres = { skipped: why };
  }

  if (wanted('baseline')) {
    log('baseline (bare Hono + json-rules-engine, stores nothing) …');
    results.baseline = await benchBaseline();
    report(`baseline: ${(results.baseline as Run).check}`);
  }

  const failed = Object.values(results).some((r) => 'checkOk' in r && !r.checkOk);
  if (JSON_OUT) {
    const out: Record<string, unknown> = {};
    for (const [k, r] of Object.entries(results)) out[k] = 'skipped' in r ? r : { throughput: r.throughput, p50: r.p50, p90: r.p90, p99: r.p99, max: r.max, cpuMsPerRequest: r.cpuMsPerRequest };
    out.machine = m;
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    log('');
    log('target     decisions/s   p50 ms   p90 ms   p99 ms   max ms   CPU ms/req   non-2xx   errors   check');
    for (const [k, r] of Object.entries(results)) {
      if ('skipped' in r) log(`${k.padEnd(10)} skipped`);
      else log(`${k.padEnd(10)} ${String(r.throughput).padStart(11)} ${String(r.p50).padStart(8)} ${String(r.p90).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.max).padStart(8)} ${r.cpuMsPerRequest.toFixed(3).padStart(12)} ${String(r.non2xx).padStart(9)} ${String(r.errors + r.timeouts).padStart(8)}   ${r.checkOk ? 'OK' : 'FAILED'}`);
    }
  }
  if (failed) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`bench:server: ${(e as Error).stack ?? String(e)}`);
  process.exit(1);
});
