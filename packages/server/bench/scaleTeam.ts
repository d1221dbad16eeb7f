/**
 * Closed-loop scale targets (issue #13): the default target's load (autocannon, 32 connections,
 * every request a new lead for s06's round robin over team "ae") against a bigger organisation —
 *   largeTeam / hugeTeam — 2,000 / 20,000 reps (the bench roster cloned, `--reps <n>` for another size);
 *   bigTable — the default 10 reps over 1,000,000 leads already stored (`--stored <n>`), seeded in SQL.
 * autocannon's timeout is raised to 120 s: a 20,000-rep decision took 11.6 s at p99 when this was
 * written, and a timed-out request would be counted as an error instead of measured.
 */
import autocannon from 'autocannon';
import { cpuSeconds } from './children.js';
import { CONNECTIONS, DURATION_S, type Figures, WARMUP_S } from './common.js';
import type { Lane } from './lanes.js';
import { decideRequest, figures, sentOf } from './load.js';
import type { Database } from '../src/db/connect.js';
import { loadAverages, onScaleLane, shareCheck, storedOf } from './scaleLane.js';
import { seedBusy, seedLeads } from './scaleSeed.js';

export interface ScaleRun extends Figures {
  lane: Lane;
  reps: number;
  storedLeads: number;
  /** Every active rep holding leads and counted today before the run (`--busy`). */
  busy: boolean;
  load: string;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** The server's CPU seconds over the measured run. */
  serverCpuSeconds: number;
  /** Seconds the seeding in SQL took (bigTable), before the server started. */
  seedSeconds: number;
  loadavgBefore: number[];
  loadavgAfter: number[];
  check: string;
  checkOk: boolean;
}

let sequence = 0;

function closedLoad(base: string, key: string, tag: string, seconds: number): Promise<autocannon.Result> {
  const run = ++sequence;
  return autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: seconds,
    timeout: 120,
    requests: [
      decideRequest(key, (n, at) => {
        const lead = {
          id: `lead-${tag}-${run}-${n}`,
          createdAt: at,
          company: `Bench Co ${tag} ${run} ${n}`,
          region: 'east',
          product: 'crm',
          employees: 50 + (n % 500),
        };
        return { id: `ev-${tag}-${run}-${n}`, type: 'lead.created', at, lead };
      }),
    ],
  });
}

/** `reps` reps over `storedLeads` seeded leads, the default target's closed loop, and its checks. */
export function benchClosed(lane: Lane, reps: number, storedLeads: number, busy = false): Promise<ScaleRun> {
  const tag = `${lane === 'embedded' ? 'e' : 'p'}${reps}x${storedLeads}`;
  const seed =
    storedLeads > 0
      ? { seed: async (db: Database, tenantId: string, active: string[]) => seedLeads(db, tenantId, active, storedLeads) }
      : busy
        ? { seed: seedBusy }
        : {};
  return onScaleLane(
    lane,
    { reps, ...seed },
    async ({ child, key, seedSeconds }) => {
      const loadavgBefore = loadAverages();
      const warm = await closedLoad(child.base, key, tag, WARMUP_S);
      const before = cpuSeconds(child.proc.pid);
      const main = await closedLoad(child.base, key, tag, DURATION_S);
      const cpu = cpuSeconds(child.proc.pid) - before;
      // No answer in the measured run (20,000 reps on a loaded machine): no per-request figure, the CPU seconds still say what it cost.
      const cpuMsPerRequest = main['2xx'] > 0 ? Number(((cpu * 1000) / main['2xx']).toFixed(3)) : NaN;
      return { warm, main, cpuMsPerRequest, serverCpuSeconds: Math.round(cpu * 100) / 100, seedSeconds, loadavgBefore, loadavgAfter: loadAverages() };
    },
    async (r, database, tenantId) => {
      const runs = [r.warm, r.main];
      const ok2xx = runs.reduce((s, x) => s + x['2xx'], 0);
      const non2xx = runs.reduce((s, x) => s + x.non2xx, 0);
      const errors = runs.reduce((s, x) => s + x.errors, 0);
      const timeouts = runs.reduce((s, x) => s + x.timeouts, 0);
      const sent = sentOf(runs);
      const { stored, owned } = await storedOf(database, tenantId);
      const shares = shareCheck(reps, stored, owned);
      // Requests in flight when autocannon stops are finished by the server but not counted: at most one per connection and run.
      const inFlight = stored - ok2xx;
      const checkOk = non2xx === 0 && inFlight >= 0 && inFlight <= 2 * CONNECTIONS && stored <= sent && shares.ok && ok2xx > 0;
      return {
        lane,
        reps,
        storedLeads,
        busy,
        load: `closed loop, ${CONNECTIONS} connections`,
        ...figures(r.main),
        cpuMsPerRequest: r.cpuMsPerRequest,
        serverCpuSeconds: r.serverCpuSeconds,
        ok2xx,
        non2xx,
        errors,
        timeouts,
        seedSeconds: r.seedSeconds,
        loadavgBefore: r.loadavgBefore,
        loadavgAfter: r.loadavgAfter,
        checkOk,
        check: `${checkOk ? 'OK' : 'FAILED'}: ${non2xx} non-2xx; decisions stored ${stored} = ${ok2xx} 2xx + ${inFlight} in flight at the stop (sent ${sent}); ${shares.text}`,
      };
    },
  );
}
