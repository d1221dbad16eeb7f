/**
 * The tickStall target (issue #13): how long does a decision wait while a reclaim tick runs?
 * `--owned <n>` (1,000,000) open leads owned by the bench reps are seeded in SQL, one in a hundred
 * owned for 8 days without a follow-up (due for s16's 7-day rule), the rest for a day; s06 round
 * robin and s16 reclaim go live, the server ticks every `--tick-seconds <s>` (20). A closed loop of
 * `--clients <n>` (8) decides new leads for at least two intervals (`--seconds` if longer), so the
 * first tick (when the due leads go back) and the next (nothing due, the same owned leads read)
 * both fall inside it. The first tick's start is read from its decisions afterwards. Reported:
 * decision latency before it and from it on (the longest is the stall), the longest time with no
 * answer at all, the server's CPU seconds, and whether exactly the due leads were reclaimed.
 * Another one in a hundred falls due 1.5 intervals after seeding, for a later tick to find; each
 * tick's due leads, chunks and time come from the server's log (scheduler/tick.ts).
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { cpuSeconds } from './children.js';
import { DURATION_S, log, WARMUP_S } from './common.js';
import type { Lane } from './lanes.js';
import { type LatencyFigures, window } from './decideLoad.js';
import { failuresText, startScaleLoad } from './scaleLoad.js';
import { loadAverages, onScaleLane, shareCheck, storedOf } from './scaleLane.js';
import type { Database } from '../src/db/connect.js';
import { tickPolicy } from '../src/scheduler/tick.js';
import { seedLeads } from './scaleSeed.js';

const RECLAIM = 's16-reclaim-rules';
const DAY_MS = 86_400_000;

/**
 * The steady state the goal is about: every owned lead's next due known, as a live tenant has it
 * some ticks after a publish (a publish makes every due unknown and each tick works out at most
 * 10,000 of them). The server's own tick does it, run in process at an instant two days back,
 * when none of the seeded leads is due yet (the due ones went 8 days without a follow-up, the rule
 * says 7): it only writes dues, and the measured tick then finds exactly the due leads.
 */
async function backfillDues(database: Database, tenantId: string): Promise<void> {
  const t0 = performance.now();
  const unknown = async () =>
    Number(
      rowsOf(
        await database.db.execute(
          sql`select count(*)::int as n from leads where tenant_id = ${tenantId} and next_due_at is null and owner_id is not null and status = 'open'`,
        ),
      )[0]!.n,
    );
  const past = Date.now() - 2 * DAY_MS;
  for (let left = await unknown(), passes = 0; left > 0; left = await unknown()) {
    if (++passes > 1_000) throw new Error(`tickStall: ${left} dues still unknown after ${passes} backfill ticks`);
    await tickPolicy(database, tenantId, RECLAIM, 'bench-backfill', past + passes, 1);
  }
  log(`  dues worked out for every owned lead (${Math.round(performance.now() - t0) / 1000} s)`);
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface TickStallRun {
  lane: Lane;
  ownedLeads: number;
  dueLeads: number;
  /** Leads falling due after the first tick (a later tick reclaims them if the run lasts). */
  dueSoonLeads: number;
  /** Each tick that had due leads, as the server logged it. */
  ticks: Array<{ dueLeads: number; chunks: number; decisions: number; ms: number }>;
  tickSeconds: number;
  clients: number;
  /** Answers before the first tick started. */
  before: LatencyFigures;
  /** Answers from the first tick's start to the end of the run (at least one more interval, so a second tick too). */
  after: LatencyFigures;
  /** The longest decision latency from the first tick on (after.max), ms. */
  stallMs: number;
  /** The longest time without any answer after the warm-up (the closed loop's clients all waiting), ms. */
  longestGapMs: number;
  /** The server process's CPU seconds over the whole load (ticks and decisions). */
  serverCpuSeconds: number;
  reclaimed: number;
  tickDecisions: number;
  seedSeconds: number;
  loadavgBefore: number[];
  loadavgAfter: number[];
  check: string;
  checkOk: boolean;
}

const rowsOf = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? r) as Array<Record<string, unknown>>;

export function benchTickStall(lane: Lane, owned: number, tickSeconds: number, clients: number): Promise<TickStallRun> {
  let due = 0;
  let dueSoon = 0;
  let ticks: TickStallRun['ticks'] = [];
  return onScaleLane(
    lane,
    {
      reps: 10,
      seed: async (db, tenantId, active) => {
        const s = await seedLeads(db, tenantId, active, owned, 100, 1.5 * tickSeconds);
        due = s.due;
        dueSoon = s.dueSoon;
        return s;
      },
      serverArgs: ['--tick-seconds', String(tickSeconds)],
      policies: [RECLAIM],
      pools: ['public'],
      settle: backfillDues,
    },
    async ({ child, key, seedSeconds }) => {
      const loadavgBefore = loadAverages();
      const cpuFrom = cpuSeconds(child.proc.pid);
      const load = startScaleLoad(child.base, key, { clients });
      const from = performance.now() + WARMUP_S * 1000;
      // The first tick comes one interval after the server started: the run spans at least two
      // intervals, and stop() waits for the requests a tick still holds.
      await sleep(WARMUP_S * 1000 + Math.max(DURATION_S, 2 * tickSeconds + 2) * 1000);
      await load.stop();
      ticks = [...child.output().matchAll(/tick \S+ of \S+: (\d+) due leads in (\d+) chunk\(s\), (\d+) decisions, (\d+) ms/g)].map((m) => ({
        dueLeads: Number(m[1]),
        chunks: Number(m[2]),
        decisions: Number(m[3]),
        ms: Number(m[4]),
      }));
      return {
        samples: load.samples,
        failures: failuresText(load.failures),
        sent: load.sent(),
        from,
        cpuSeconds: cpuSeconds(child.proc.pid) - cpuFrom,
        seedSeconds,
        loadavgBefore,
        loadavgAfter: loadAverages(),
      };
    },
    async (r, database, tenantId) => {
      const [tick] = rowsOf(
        await database.db.execute(
          sql`select count(*)::int as n, (extract(epoch from min(at)) * 1000)::float8 as at from decisions where tenant_id = ${tenantId} and policy_key = ${RECLAIM}`,
        ),
      );
      const [back] = rowsOf(
        await database.db.execute(
          sql`select count(*)::int as n from leads where tenant_id = ${tenantId} and id like 'seed-%' and owner_id is null and pool_id = 'public'`,
        ),
      );
      const tickStart = Number(tick!.at) - performance.timeOrigin;
      const ok = r.samples.filter((s) => s.ok).length;
      const failed = r.samples.length - ok;
      const { stored, owned: byRep } = await storedOf(database, tenantId);
      const shares = shareCheck(10, stored, byRep);
      const seen = Number.isFinite(tickStart);
      const after = seen ? r.samples.filter((s) => s.at > tickStart) : [];
      const afterFigures = window(after, -Infinity, Infinity);
      const answered = r.samples.filter((s) => s.at >= r.from).map((s) => s.at);
      let gap = 0;
      for (let i = 1; i < answered.length; i++) gap = Math.max(gap, answered[i]! - answered[i - 1]!);
      const reclaimed = Number(back!.n);
      // The leads due at seeding go back at the first tick; those falling due later, at a later one if the run lasts.
      const checkOk = seen && failed === 0 && stored === ok && ok === r.sent && shares.ok && reclaimed >= due && reclaimed <= due + dueSoon;
      return {
        lane,
        ownedLeads: owned,
        dueLeads: due,
        dueSoonLeads: dueSoon,
        ticks,
        tickSeconds,
        clients,
        // A tick inside the warm-up leaves only the warm-up to compare with.
        before: window(r.samples, seen && tickStart < r.from ? r.from - WARMUP_S * 1000 : r.from, seen ? tickStart : Infinity),
        after: {
          ...afterFigures,
          decisionsPerSec: Math.round((after.filter((s) => s.ok).length / Math.max(0.001, (after.at(-1)?.at ?? tickStart) - tickStart)) * 1000 * 10) / 10,
        },
        stallMs: afterFigures.max,
        longestGapMs: Math.round(gap),
        serverCpuSeconds: Math.round(r.cpuSeconds * 100) / 100,
        reclaimed,
        tickDecisions: Number(tick!.n),
        seedSeconds: r.seedSeconds,
        loadavgBefore: r.loadavgBefore,
        loadavgAfter: r.loadavgAfter,
        checkOk,
        check: `${checkOk ? 'OK' : 'FAILED'}: tick ${seen ? 'ran' : 'did NOT run during the load'}; reclaimed ${reclaimed} of ${due} due + ${dueSoon} due later (${Number(tick!.n)} tick decisions); ${ok} of ${r.sent} answers 2xx; decisions stored ${stored}; ${shares.text}${r.failures}`,
      };
    },
  );
}
