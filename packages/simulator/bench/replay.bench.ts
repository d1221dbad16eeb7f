/**
 * Replay throughput: a generated history (default 10,000 leads over 90 days, 20 AEs) through round
 * robin + the 7-day reclaim (+ a reminder 2 days before), with a made-up behaviour (0–4 calls a few
 * days apart, a fifth of leads won). Prints leads/s and the run's counts; `--json` for machines.
 *
 *   npx tsx packages/simulator/bench/replay.bench.ts [--leads 10000] [--json]
 */
import type { PolicyDocument } from '@sluice/engine';
import { replay, type AssignedCourse, type History, type LeadBehaviour } from '../src/index.js';
import { resultCounts } from './resultCounts.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const LEADS = flag('leads', 10_000);
const REPS = flag('reps', 20);
const DAY = 86_400_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** A small deterministic hash → [0, 1): the same lead and rep always behave the same. */
function unit(...parts: Array<string | number>): number {
  let h = 2166136261;
  for (const c of parts.join('|')) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return ((h ^ (h >>> 15)) >>> 0) / 2 ** 32;
}

function generated(): History {
  const reps = Array.from({ length: REPS }, (_, i) => ({ id: `r${String(i).padStart(3, '0')}`, teams: ['ae'] }));
  const leads = Array.from({ length: LEADS }, (_, i) => ({
    id: `L${i}`,
    createdAt: new Date(T0 + Math.floor(unit('t', i) * 90 * DAY)).toISOString(),
    attributes: { source: unit('s', i) < 0.5 ? 'web' : 'fair' },
    outcome: 'open' as const,
  })).sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  return { leads, activities: [], stageChanges: [], reps, teams: [{ id: 'ae' }] };
}

const behaviour: LeadBehaviour = {
  onAssigned({ lead, repId, at }): AssignedCourse {
    const from = Date.parse(at);
    const calls = Math.floor(unit('n', lead.id, repId) * 5);
    const activities: AssignedCourse['activities'] = [];
    let t = from;
    for (let k = 0; k < calls; k++) {
      t += (0.2 + unit('gap', lead.id, repId, k) * 5) * DAY;
      activities.push({ at: new Date(t).toISOString(), type: 'call' });
    }
    const won = unit('won', lead.id, repId) < 0.2;
    return won
      ? { activities, outcome: 'won', closedAt: new Date(t + DAY).toISOString(), amount: 1000 + Math.round(unit('amt', lead.id) * 9000), pWon: 0.2 }
      : { activities, outcome: 'open', pWon: 0.2 };
  },
};

const policies = [
  {
    key: 'round-robin',
    kind: 'routing',
    name: 'Round robin',
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['lead.created', 'lead.returned_to_pool'] } },
      { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'], coolingDays: 7 } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  },
  {
    key: 'reclaim-7d',
    kind: 'reclaim',
    name: 'Reclaim after 7 days',
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['tick'], tickScope: 'ownedLeads' } },
      { id: 'reclaim', type: 'reclaim.rule', data: { days: { noFollowUp: 7 }, remindDaysBefore: 2, poolId: 'public' } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'reclaim' }],
  },
] as unknown as PolicyDocument[];

const history = generated();
const started = performance.now();
const cpuStart = process.cpuUsage();
const run = replay({ history, policies, behaviour, label: 'bench', until: new Date(T0 + 120 * DAY).toISOString() });
const counts = resultCounts(run.leads);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuStart);
// CPU time is what a shared machine's load distorts least (wall time waits for the other processes).
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const result = {
  leads: LEADS,
  reps: REPS,
  seconds: Math.round(seconds * 100) / 100,
  leadsPerSec: Math.round(LEADS / seconds),
  cpuSeconds: Math.round(cpuSeconds * 100) / 100,
  leadsPerCpuSec: Math.round(LEADS / cpuSeconds),
  stepsPerSec: Math.round((run.totals.events + run.totals.ticks) / seconds),
  ...run.totals,
  reclaimed: counts.reclaimed,
  reminders: counts.reminders,
  peakRssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
};
if (args.includes('--json')) console.log(JSON.stringify(result));
else console.table(result);
