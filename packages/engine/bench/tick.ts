/**
 * Tick benchmark: one reclaim tick (examples/policies/s17-level-thresholds.json: bands by amount,
 * level and size, noFollowUp and noDeal clocks, 2-day reminder, all exemptions) over 1,000,000
 * owned leads held in an InMemoryState. Figure: leads checked per second for the whole tick —
 * the walk over every owned lead, the shortcut, and the full flow (decision, explanation) for every
 * lead that can act. `npx tsx packages/engine/bench/tick.ts [--json]` runs it alone.
 *
 * The mix is seeded and realistic for a daily check (DEFAULT_MIX): 95% were followed up recently,
 * 1.5% are due, 3% are in their reminder window (half of them already reminded), 0.5% are due but
 * exempt; 5% of times are written with a +08:00 offset as a CRM might send them, the rest in the
 * canonical UTC form the engine and server write.
 */
import { pathToFileURL } from 'node:url';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { compilePolicy, InMemoryState, stateSnapshotSchema, tick, type CompiledPolicy, type Lead, type TickResult } from '@sluice/engine';
import { examplePolicy } from '@sluice/examples';

const DAY = 86_400_000;
const NOW = '2026-03-11T02:00:00.000Z';
const NOW_MS = Date.parse(NOW);

export interface TickBenchOptions {
  leads?: number;
  reps?: number;
  seed?: number;
  /** Timed ticks after one warm-up tick; the median is reported. */
  runs?: number;
  /** Shares of leads per kind; the rest were followed up recently. */
  mix?: Partial<Record<Exclude<MixKind, 'fresh'>, number>>;
}

/**
 * A daily check at steady state: each day ~1.5% of owned leads cross their threshold, ~1.5% enter
 * their reminder window, ~1.5% are in it and already reminded, 0.5% are due but exempt.
 */
export const DEFAULT_MIX: Record<Exclude<MixKind, 'fresh'>, number> = { due: 0.015, window: 0.015, windowReminded: 0.015, exemptDue: 0.005 };

export interface TickBenchFigures {
  /** Owned leads checked per second by one full tick (median run). */
  leadsPerSecond: number;
  leads: number;
  reps: number;
  /** Median and first (cold, after warm-up on a small state) wall time of one tick, ms. */
  medianMs: number;
  coldMs: number;
  /** The same ticks in process CPU time: closer to an idle machine's figure when others share the cores. */
  leadsPerCpuSecond: number;
  medianCpuMs: number;
  /** The walk and the shortcut alone (no flow run): what a tick costs per lead that cannot act. */
  scanLeadsPerSecond: number;
  runs: number;
  checked: number;
  /** Leads whose flow ran (the shortcut let them through). */
  evaluated: number;
  reclaimed: number;
  reminded: number;
  /** The mix as generated. */
  mix: Record<MixKind, number>;
  policy: string;
}

type MixKind = 'fresh' | 'window' | 'windowReminded' | 'due' | 'exemptDue';

/** mulberry32: deterministic, so every run sees the same leads. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The s17 table as the generator sees it: which no-follow-up threshold a lead gets. */
function thresholdDays(l: { expectedAmount?: number; level?: string; employees?: number }): number {
  if ((l.expectedAmount ?? 0) >= 1_000_000) return 30;
  if (l.level === 'A') return 14;
  if ((l.employees ?? 0) >= 1000) return 10;
  if (l.level === 'B') return 7;
  return 3;
}
const REMIND_DAYS = 2;

function write(ms: number, offset: boolean): string {
  return offset ? new Date(ms + 8 * 3_600_000).toISOString().slice(0, 23) + '+08:00' : new Date(ms).toISOString();
}

export function generateState(n: number, reps: number, seed: number, shares = DEFAULT_MIX): { state: InMemoryState; mix: Record<MixKind, number> } {
  const rand = mulberry32(seed);
  const leads: Lead[] = [];
  const reminders: Record<string, string> = {};
  const mix: Record<MixKind, number> = { fresh: 0, window: 0, windowReminded: 0, due: 0, exemptDue: 0 };
  const c1 = shares.due;
  const c2 = c1 + shares.window;
  const c3 = c2 + shares.windowReminded;
  const c4 = c3 + shares.exemptDue;
  for (let i = 0; i < n; i++) {
    const r = rand();
    const level = r < 0.1 ? 'A' : r < 0.4 ? 'B' : 'C';
    const expectedAmount = rand() < 0.03 ? 1_000_000 + Math.floor(rand() * 5_000_000) : rand() < 0.5 ? Math.floor(rand() * 900_000) : undefined;
    const employees = rand() < 0.7 ? Math.floor(Math.exp(rand() * Math.log(20_000))) + 1 : undefined;
    const days = thresholdDays({ ...(expectedAmount !== undefined ? { expectedAmount } : {}), level, ...(employees !== undefined ? { employees } : {}) });
    const k = rand();
    const kind: MixKind = k < c1 ? 'due' : k < c2 ? 'window' : k < c3 ? 'windowReminded' : k < c4 ? 'exemptDue' : 'fresh';
    mix[kind]++;
    // Age of the last follow-up, in days, as a fraction of the lead's own thresholds.
    const ageDays =
      kind === 'fresh'
        ? rand() * (days - REMIND_DAYS) * 0.999
        : kind === 'window' || kind === 'windowReminded'
          ? days - REMIND_DAYS + rand() * REMIND_DAYS * 0.999
          : days + rand() * 20;
    const lastMs = NOW_MS - Math.floor(ageDays * DAY);
    const ownedMs = lastMs - Math.floor(rand() * 60 * DAY);
    const offset = rand() < 0.05;
    const lead: Lead = {
      id: `L${String(i).padStart(7, '0')}`,
      ownerId: `rep-${String(i % reps).padStart(4, '0')}`,
      createdAt: write(ownedMs - DAY, offset),
      ownedSince: write(ownedMs, offset),
      lastActivityAt: write(lastMs, offset),
      level,
    };
    if (expectedAmount !== undefined) lead.expectedAmount = expectedAmount;
    if (employees !== undefined) lead.employees = employees;
    if (kind === 'exemptDue') {
      const e = rand();
      if (e < 0.4) lead.locked = true;
      else if (e < 0.7) lead.signed = true;
      else lead.openOpportunity = true;
    }
    if (kind === 'windowReminded') reminders[lead.id] = new Date(lastMs + days * DAY).toISOString();
    leads.push(lead);
  }
  const base = stateSnapshotSchema.parse({
    timeZone: 'Asia/Shanghai',
    reps: Array.from({ length: reps }, (_, r) => ({ id: `rep-${String(r).padStart(4, '0')}`, teams: ['ae'] })),
    pools: [{ id: 'public', name: '公海 Public pool', dailyClaimLimit: 20, coolingDays: 3 }],
  });
  // The million leads skip schema parsing: they are built to the schema, and parsing is not the tick.
  return { state: new InMemoryState({ ...base, leads, reminders }), mix };
}

function loadPolicy(): CompiledPolicy {
  const compiled = compilePolicy(examplePolicy('s17-level-thresholds'));
  if (!compiled.ok) throw new Error(`s17-level-thresholds does not compile: ${JSON.stringify(compiled.errors)}`);
  return compiled.policy;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

function timed(policy: CompiledPolicy, state: InMemoryState): { ms: number; cpu: number; result: TickResult } {
  const cpu = cpuMs();
  const start = performance.now();
  const result = tick(policy, state, NOW);
  return { ms: performance.now() - start, cpu: cpuMs() - cpu, result };
}

/** Walks the owned leads through the policy's shortcut only, as a tick does before running any flow. */
function scan(policy: CompiledPolicy, state: InMemoryState): { ms: number; passed: number } {
  const node = [...policy.plan.nodes.values()].find((n) => n.spec.tickFilter)!;
  const filter = node.spec.tickFilter!(node.config);
  const start = performance.now();
  let passed = 0;
  for (const lead of state.ownedLeads()) if (filter(lead, NOW_MS, state)) passed++;
  return { ms: performance.now() - start, passed };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchTick(options: TickBenchOptions = {}): Promise<TickBenchFigures> {
  const n = options.leads ?? 1_000_000;
  const reps = options.reps ?? 2_000;
  const runs = options.runs ?? 5;
  const seed = options.seed ?? 20260311;
  const policy = loadPolicy();
  // Warm the code paths on a small state first, so the first big tick is not mostly compilation.
  const small = generateState(20_000, 50, seed + 1, { ...DEFAULT_MIX, ...options.mix }).state;
  for (let i = 0; i < 3; i++) tick(policy, small, NOW);

  const { state, mix } = generateState(n, reps, seed, { ...DEFAULT_MIX, ...options.mix });
  const times: number[] = [];
  const cpus: number[] = [];
  let last: TickResult | undefined;
  for (let i = 0; i < runs; i++) {
    const { ms, cpu, result } = timed(policy, state);
    times.push(ms);
    cpus.push(cpu);
    last = result;
    // Let the collector take the previous tick's decisions outside the timed region.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const medianMs = median(times);
  const medianCpuMs = median(cpus);
  const r = last!;
  last = undefined;
  const scans = [scan(policy, state), scan(policy, state), scan(policy, state)];
  if (scans[0]!.passed !== r.evaluated) throw new Error(`the shortcut let ${scans[0]!.passed} leads through, the tick ran ${r.evaluated} flows`);
  const outcome = (name: string) => r.decisions.filter((d) => d.explanation.visited.some((v) => v.kind === 'reclaim.rule' && v.result === name)).length;
  return {
    leadsPerSecond: Math.round((r.checked * 1000) / medianMs),
    leads: n,
    reps,
    medianMs: Number(medianMs.toFixed(1)),
    coldMs: Number(times[0]!.toFixed(1)),
    leadsPerCpuSecond: Math.round((r.checked * 1000) / medianCpuMs),
    medianCpuMs: Number(medianCpuMs.toFixed(1)),
    scanLeadsPerSecond: Math.round((r.checked * 1000) / median(scans.map((x) => x.ms))),
    runs,
    checked: r.checked,
    evaluated: r.evaluated,
    reclaimed: outcome('reclaimed'),
    reminded: outcome('reminded'),
    mix,
    policy: policy.key,
  };
}

export function machine() {
  return {
    nproc: availableParallelism(),
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAvg1m: Number(loadavg()[0]!.toFixed(2)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const figures = await benchTick();
  if (process.argv.includes('--json')) process.stdout.write(JSON.stringify({ tick: figures, machine: machine() }) + '\n');
  else {
    const m = machine();
    process.stdout.write(
      `reclaim tick over ${figures.leads.toLocaleString('en-US')} owned leads (${figures.policy}): ${figures.leadsPerSecond.toLocaleString('en-US')} leads/s ` +
        `(median ${figures.medianMs} ms of ${figures.runs}, first ${figures.coldMs} ms; ${figures.leadsPerCpuSecond.toLocaleString('en-US')} per CPU second); ` +
        `shortcut scan alone ${figures.scanLeadsPerSecond.toLocaleString('en-US')} leads/s; flow ran for ${figures.evaluated.toLocaleString('en-US')}, ` +
        `${figures.reclaimed.toLocaleString('en-US')} reclaimed, ${figures.reminded.toLocaleString('en-US')} reminded\n` +
        `mix ${JSON.stringify(figures.mix)}; machine ${m.cpu}, ${m.nproc} cores, node ${m.node}, load ${m.loadAvg1m}\n` +
        `goal ≥ 1,000,000 leads/s: ${figures.leadsPerSecond >= 1_000_000 ? 'met' : 'NOT met'}\n`,
    );
  }
}
