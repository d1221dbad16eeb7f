import {
  RETURNED_TO_POOL,
  compilePolicy,
  compileErrorPath,
  dueClocks,
  InMemoryState,
  stateSnapshotSchema,
  type CompiledPolicy,
  type DueClock,
  type PolicyDocument,
} from '@sluice/engine';
import type { History, HistoryLead, Words } from '../types.js';

/** A replay that cannot start, with what is wrong and where, in both languages. */
export class ReplayInputError extends Error {
  constructor(readonly words: Words) {
    super(`${words.en} / ${words.zh}`);
    this.name = 'ReplayInputError';
  }
}

/** The policies compiled once, as the server runs them, and what their ticks walk. */
export interface Compiled {
  policies: CompiledPolicy[];
  /** Tick policies a lead's own tick runs (owned or scheduled leads). */
  leadTicks: CompiledPolicy[];
  /** Tick policies a rep's tick runs (per-rep penalties). */
  repTicks: CompiledPolicy[];
  leadClocks: DueClock[];
  repClocks: DueClock[];
  /** Whether a policy re-routes a lead returned to a pool (the CRM reports it: lead.returned_to_pool). */
  reroutes: boolean;
  /**
   * Whether a closed lead may leave the engine's state once nothing about it is still booked:
   * every node of every policy is of a kind that reads no lead but the event's own (see
   * LEAD_LOCAL_KINDS), and no policy ticks per rep (a rep's tick walks the leads the rep held).
   */
  releasesClosed: boolean;
}

/**
 * Node kinds whose compile and execute read, of all leads, only the event's own (and reps, loads,
 * pointers, its own ownership history): none searches leads (findLeads), lists a rep's leads
 * (leadsOwnedBy) or walks all leads. Checked by reading them; a kind not listed keeps every lead.
 */
const LEAD_LOCAL_KINDS: ReadonlySet<string> = new Set([
  'trigger',
  'condition',
  'switch',
  'grade',
  'score',
  'assign.roundRobin',
  'assign.weightedRoundRobin',
  'assign.leastLoaded',
  'assign.capacity',
  'assign.toPool',
  'reclaim.rule',
  'notify',
]);

export function compileAll(documents: readonly PolicyDocument[], label: string): Compiled {
  // A key runs once in a set: twice, each lead it routes would be assigned twice (and their state shared).
  const keys = documents.map((doc) => (doc as { key?: unknown }).key);
  keys.forEach((key, i) => {
    const first = keys.indexOf(key);
    if (first < i)
      throw new ReplayInputError({
        en: `run "${label}": policies ${first + 1} and ${i + 1} are both policy "${String(key)}"; a policy runs once in a set`,
        zh: `运行“${label}”：第 ${first + 1} 个和第 ${i + 1} 个策略都是策略 "${String(key)}"；同一组中每个策略只能出现一次`,
      });
  });
  const policies = documents.map((doc, i) => {
    const r = compilePolicy(doc);
    if (r.ok) return r.policy;
    const first = r.errors[0]!;
    const where = `policies[${i}]${compileErrorPath(first, doc).slice(1)}`;
    throw new ReplayInputError({
      en: `run "${label}": policy ${i + 1} does not compile (${r.errors.length} problem(s)); first at ${where}: ${first.message.en}`,
      zh: `运行“${label}”：第 ${i + 1} 个策略无法编译（共 ${r.errors.length} 处问题）；第一处在 ${where}：${first.message.zh}`,
    });
  });
  const clocks = dueClocks(policies);
  const leadClocks = clocks.filter((c) => c.scope === 'ownedLeads' || c.scope === 'scheduledLeads');
  const repClocks = clocks.filter((c) => c.scope === 'reps');
  return {
    policies,
    leadTicks: leadClocks.map((c) => c.policy),
    repTicks: repClocks.map((c) => c.policy),
    leadClocks,
    repClocks,
    reroutes: policies.some((p) => p.trigger.events.includes(RETURNED_TO_POOL)),
    releasesClosed: repClocks.length === 0 && policies.every((p) => [...p.plan.nodes.values()].every((n) => LEAD_LOCAL_KINDS.has(n.kind))),
  };
}

/** Every pool id the policies name (reclaim, cascade tiers, penalties, toPool …): the state must know them. */
export function poolsNamed(policies: readonly CompiledPolicy[]): string[] {
  const ids = new Set<string>();
  const walk = (v: unknown, key?: string) => {
    if (typeof v === 'string') {
      if (key === 'poolId' && v !== '') ids.add(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, k);
  };
  for (const p of policies) for (const n of p.plan.nodes.values()) walk(n.config);
  return [...ids].sort();
}

/** The engine's in-memory state at the start of the history: the roster and teams, the pools, no leads. */
export function startState(history: History, policies: readonly CompiledPolicy[], timeZone: string | undefined, calendars: readonly unknown[]): InMemoryState {
  const teams = [...history.teams];
  const known = new Set(teams.map((t) => t.id));
  for (const r of history.reps) {
    for (const t of r.teams ?? []) {
      if (known.has(t)) continue;
      known.add(t);
      teams.push({ id: t });
    }
  }
  const parsed = stateSnapshotSchema.safeParse({
    timeZone: timeZone ?? 'UTC',
    reps: history.reps,
    teams,
    pools: poolsNamed(policies).map((id) => ({ id })),
    calendars,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.');
    throw new ReplayInputError({
      en: `the roster or settings cannot be used: ${where}: ${issue.message}`,
      zh: `销售名单或设置无法使用：${where}：${issue.message}`,
    });
  }
  // The replay reads a lead and uses it at once, never keeping one across a step: lead writes can edit
  // the stored object instead of copying the whole lead (fewer surviving copies, less GC at a million leads).
  return new InMemoryState(parsed.data).editLeadsInPlace();
}

/** The last instant the history records: its leads' creation and close, and its activities. */
export function lastInstant(history: History): number {
  let last = Number.NEGATIVE_INFINITY;
  const see = (iso: string | undefined) => {
    const ms = iso === undefined ? Number.NaN : Date.parse(iso);
    if (ms > last) last = ms;
  };
  for (const l of history.leads) {
    see(l.createdAt);
    see(l.closedAt);
  }
  for (const a of history.activities) see(a.at);
  return last;
}

export function badLead(lead: HistoryLead, why: Words): ReplayInputError {
  const where =
    lead.row === undefined
      ? { en: `lead ${lead.id}`, zh: `线索 ${lead.id}` }
      : { en: `lead ${lead.id} (row ${lead.row})`, zh: `线索 ${lead.id}（第 ${lead.row} 行）` };
  return new ReplayInputError({ en: `${where.en}: ${why.en}`, zh: `${where.zh}：${why.zh}` });
}

/** Runs in order past which a history is sorted rather than merged. */
const MERGED_RUNS = 64;

/**
 * Lead numbers in creation order, history order among equal instants (a stable sort). A history
 * nearly in order (an export by day with a lead added late: the benchmark's has one step back in a
 * million) is its runs in order merged pass by pass, with no compare function called: the sort's
 * ~2 million calls were ~130 ms a replay at a million leads.
 */
export function inCreationOrder(createdMs: Float64Array): Int32Array {
  const n = createdMs.length;
  let bounds = [0];
  for (let t = 1; t < n; t++) if (createdMs[t]! < createdMs[t - 1]!) bounds.push(t);
  if (bounds.length > MERGED_RUNS) {
    const order: number[] = [];
    for (let t = 0; t < n; t++) order.push(t);
    return Int32Array.from(order.sort((a, b) => createdMs[a]! - createdMs[b]!));
  }
  bounds.push(n);
  let from = new Int32Array(n);
  for (let t = 0; t < n; t++) from[t] = t;
  let to = new Int32Array(n);
  // Neighbouring runs merged, the earlier one first among equals: each run holds earlier leads than
  // the next, so the order among equal instants stays the history's.
  while (bounds.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < bounds.length; r += 2) {
      const lo = bounds[r]!;
      const mid = bounds[r + 1]!;
      const hi = r + 2 < bounds.length ? bounds[r + 2]! : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) to[k++] = createdMs[from[j]!]! < createdMs[from[i]!]! ? from[j++]! : from[i++]!;
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
      next.push(hi);
    }
    [from, to] = [to, from];
    bounds = next;
  }
  return from;
}
