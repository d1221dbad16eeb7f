/**
 * The `poisoned` target: does a client sending bad events slow everyone else down? On each lane,
 * one server and one tenant take 24 connections of good events (the clean run), then the same
 * plus 2 connections sending about 12 bad events a second (the poisoned run), alternately, twice
 * (`--rounds`), so drift and noise hit both alike; the throughput of good decisions is compared.
 *
 * The bad events are ones validation cannot see: well-formed lead.created events whose lead the
 * database refuses. Before the server starts, a trigger is put on `leads` (which every
 * lead.created writes, in the batch's one write statement) that raises check_violation for lead
 * ids starting `poison-` — as an operator's rule or a limit validation missed would. About 10 of
 * them a second reach the batches and fail there; every sixth bad request (~2/s) is also invalid
 * at the door (lead.created without its lead: 422 before any transaction).
 */
import type autocannon from 'autocannon';
import autocannonRun from 'autocannon';
import { and, count, eq, like, sql } from 'drizzle-orm';
import type { Database } from '../src/db/connect.js';
import { leads } from '../src/db/schema.js';
import { cpuSeconds } from './children.js';
import { DURATION_S, ROUNDS, WARMUP_S, type Figures } from './common.js';
import { onLane, type Lane } from './lanes.js';
import { decideRequest, figures, load, sentOf, verdict } from './load.js';

const GOOD_CONNECTIONS = 24;
const BAD_CONNECTIONS = 2;
/** Bad requests a second, all told: 5 in 6 refused by the database, 1 in 6 invalid at the door. */
const BAD_PER_S = 12;
/** Good decisions a second with poison over without: at least this. */
export const WITHIN = 0.85;

const POISON_SQL = [
  `create or replace function sluice_bench_poison() returns trigger language plpgsql as $$
   begin
     if new.id like 'poison-%' then raise exception 'lead % is quarantined', new.id using errcode = 'check_violation'; end if;
     return new;
   end $$`,
  `create trigger sluice_bench_poison before insert or update on leads for each row execute function sluice_bench_poison()`,
];

async function installPoison(database: Database): Promise<void> {
  for (const s of POISON_SQL) await database.db.execute(sql.raw(s));
}

interface Tally {
  /** 422 refused-by-database: reached a batch and failed in it. */
  refused: number;
  /** 422 validation-failed: refused at the door. */
  invalid: number;
  /** Anything else (2xx, 5xx …), by status: must not happen. */
  other: Record<string, number>;
}

let badSequence = 0;

function badLoad(base: string, key: string, seconds: number, tally: Tally): Promise<autocannon.Result> {
  return autocannonRun({
    url: base,
    connections: BAD_CONNECTIONS,
    overallRate: BAD_PER_S,
    duration: seconds,
    requests: [
      decideRequest(
        key,
        (n, at) => {
          const id = ++badSequence;
          return id % 6 === 0
            ? { id: `ev-invalid-${id}`, type: 'lead.created', at }
            : { id: `ev-poison-${id}`, type: 'lead.created', at, lead: { id: `poison-${id}`, createdAt: at, company: `Poison Co ${id}` } };
        },
        (status, body) => {
          const type = status === 422 ? (JSON.parse(body) as { type?: string }).type : undefined;
          if (type?.endsWith('/refused-by-database')) tally.refused++;
          else if (type?.endsWith('/validation-failed')) tally.invalid++;
          else tally.other[status] = (tally.other[status] ?? 0) + 1;
        },
      ),
    ],
  });
}

/** A run with the server's CPU time per good answer. */
async function timed(pid: number | undefined, run: () => Promise<autocannon.Result>): Promise<{ result: autocannon.Result; cpuMs: number }> {
  const before = cpuSeconds(pid);
  const result = await run();
  return { result, cpuMs: (cpuSeconds(pid) - before) * 1000 };
}

/** Rounds summed: decisions/s over all of them; latencies the mean of the rounds' (max: the worst). */
function summed(runs: Array<{ result: autocannon.Result; cpuMs: number }>): Figures {
  const ok = runs.reduce((s, r) => s + r.result['2xx'], 0);
  const seconds = runs.reduce((s, r) => s + r.result.duration, 0);
  const mean = (f: (r: autocannon.Result) => number) => Math.round((runs.reduce((s, r) => s + f(r.result), 0) / runs.length) * 10) / 10;
  return {
    throughput: Math.round(ok / seconds),
    p50: mean((r) => r.latency.p50),
    p90: mean((r) => r.latency.p90),
    p99: mean((r) => r.latency.p99),
    max: Math.max(...runs.map((r) => r.result.latency.max)),
    cpuMsPerRequest: Number((runs.reduce((s, r) => s + r.cpuMs, 0) / Math.max(1, ok)).toFixed(3)),
  };
}

export interface PoisonedRun {
  clean: Figures;
  poisoned: Figures;
  /** poisoned ÷ clean good decisions a second. */
  ratio: number;
  /** Good decisions a second of each run, in order: clean, poisoned, clean, poisoned. */
  rounds: number[];
  bad: Tally & { sent: number };
  check: string;
  checkOk: boolean;
}

export async function benchPoisoned(lane: Lane): Promise<PoisonedRun> {
  return onLane(
    lane,
    installPoison,
    async (child, key) => {
      const pid = child.proc.pid;
      const tally: Tally = { refused: 0, invalid: 0, other: {} };
      const warm = await load(child.base, key, 'pw', WARMUP_S, GOOD_CONNECTIONS);
      const clean: Array<{ result: autocannon.Result; cpuMs: number }> = [];
      const poisoned: typeof clean = [];
      const bad: autocannon.Result[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        clean.push(await timed(pid, () => load(child.base, key, `pc${round}`, DURATION_S, GOOD_CONNECTIONS)));
        poisoned.push(
          await timed(pid, async () => {
            const [good, b] = await Promise.all([
              load(child.base, key, `pp${round}`, DURATION_S, GOOD_CONNECTIONS),
              badLoad(child.base, key, DURATION_S, tally),
            ]);
            bad.push(b);
            return good;
          }),
        );
      }
      return { warm, clean, poisoned, bad, tally };
    },
    async (r, stored) => {
      const good = [r.warm, ...r.clean.map((x) => x.result), ...r.poisoned.map((x) => x.result)];
      const ok2xx = good.reduce((s, x) => s + x['2xx'], 0);
      const runs = good.length;
      const base = verdict(ok2xx, sentOf(good), stored, runs * GOOD_CONNECTIONS);
      const kept = await poisonLeadsStored(stored.database, stored.tenantId);
      const c = summed(r.clean);
      const p = summed(r.poisoned);
      const ratio = Number((p.throughput / c.throughput).toFixed(3));
      const sentBad = sentOf(r.bad);
      const otherBad = Object.values(r.tally.other).reduce((s, n) => s + n, 0);
      const badOk = r.tally.refused > 0 && otherBad === 0 && kept === 0;
      const fastOk = ratio >= WITHIN;
      const checkOk = base.checkOk && badOk && fastOk;
      const check = [
        base.check.replace(/^(OK|FAILED): /, ''),
        `bad events: ${r.tally.refused} refused by the database (422), ${r.tally.invalid} invalid at the door (422), other answers ${JSON.stringify(r.tally.other)}, poison leads stored ${kept}${badOk ? '' : ' — FAILED'}`,
        `good decisions/s poisoned ÷ clean = ${p.throughput} ÷ ${c.throughput} = ${ratio} (${fastOk ? 'within' : 'NOT within'} ${Math.round((1 - WITHIN) * 100)}%)`,
      ].join('; ');
      const rounds = r.clean.flatMap((x, i) => [figures(x.result).throughput, figures(r.poisoned[i]!.result).throughput]);
      return { clean: c, poisoned: p, ratio, rounds, bad: { ...r.tally, sent: sentBad }, check: `${checkOk ? 'OK' : 'FAILED'}: ${check}`, checkOk };
    },
  );
}

async function poisonLeadsStored(database: Database, tenantId: string): Promise<number> {
  const [row] = await database.db
    .select({ n: count() })
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), like(leads.id, 'poison-%')));
  return Number(row!.n);
}
