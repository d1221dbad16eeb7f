/**
 * compare: A/B/n of several replays of the same history with the same seed. Every candidate is set
 * against the baseline (the live policy) lead by lead; a policy is called better or worse on a metric
 * only when the 95 % interval of its difference excludes zero. Deterministic: same runs, history,
 * model and seed → JSON.stringify-identical output.
 */
import { ListedResults } from '../listedResults.js';
import type { History, ReplayLead, ReplayRun, Words } from '../types.js';
import { type BootstrapInterval, type BootstrapMetric, pairedBootstrap, runColumns } from './bootstrap.js';
import { type Contribution, contributions, EstimateInputError, historyIndex } from './contributions.js';
import { pairedIndicatorDifference } from './coverageMetrics.js';
import { expectedDifference } from './expectation.js';
import { contactTimes, fairnessReps, type MetricsOptions, type PolicyReport, policyMetricsFrom } from './metrics.js';
import type { Model } from './model.js';
import { type ModelReport, modelReport } from './words.js';

export interface CompareOptions extends MetricsOptions {
  seed: number;
  /** Index of the baseline run (default 0). */
  baseline?: number;
  /** Paired bootstrap resamples for fairness, contact time and circulation (default 200; 0 = no intervals for them). */
  bootstrap?: number;
}

export type Direction = 'higher' | 'lower' | 'none';
export type Verdict = 'better' | 'worse' | 'same' | 'unclear' | 'not-ranked';

export const VERDICT_WORDS: Record<Verdict, Words> = {
  better: { en: 'better (interval excludes zero)', zh: '更好（区间不含零）' },
  worse: { en: 'worse (interval excludes zero)', zh: '更差（区间不含零）' },
  same: { en: 'no difference (the interval is exactly zero)', zh: '无差异（区间恰为零）' },
  unclear: { en: 'no clear difference (interval contains zero)', zh: '无明显差异（区间含零）' },
  'not-ranked': { en: 'reported, not ranked (neither direction is better by itself)', zh: '仅报告，不评优劣（本身无好坏方向）' },
};

export interface Difference {
  metric: string;
  direction: Direction;
  baseline: number | null;
  value: number | null;
  difference: number | null;
  low: number | null;
  high: number | null;
  /**
   * delta: analytic (wins, revenue); bootstrap: paired over leads; count: an exact count from the two
   * replays; paired: normal interval of a 0/1 property's lead-by-lead difference (unassigned, contacted).
   * A bound stored as null beside a better/worse verdict is unbounded: one policy did not reach a
   * contact-time quantile within the run.
   */
  method: 'delta' | 'bootstrap' | 'count' | 'paired';
  verdict: Verdict;
}

export interface Comparison {
  seed: number;
  baseline: string;
  policies: PolicyReport[];
  differences: Array<{ policy: string; versus: string; metrics: Difference[] }>;
  /** Active roster reps no run and not the history gave a lead to: left out of fairness and the per-rep table (absent in reports stored before it was). */
  fairnessLeftOut?: string[];
  model: ModelReport;
}

const BOOTSTRAPPED: Array<{ metric: BootstrapMetric; direction: Direction; read: (r: PolicyReport) => number | null }> = [
  { metric: 'gini', direction: 'lower', read: (r) => r.fairness.gini },
  { metric: 'cv', direction: 'lower', read: (r) => r.fairness.cv },
  { metric: 'maxMin', direction: 'lower', read: (r) => r.fairness.maxMin },
  { metric: 'firstContactP50', direction: 'lower', read: (r) => r.firstContactHours.p50 },
  { metric: 'firstContactP90', direction: 'lower', read: (r) => r.firstContactHours.p90 },
  { metric: 'reclaimed', direction: 'none', read: (r) => r.reclaimed },
  { metric: 'rerouted', direction: 'none', read: (r) => r.rerouted },
  { metric: 'reminders', direction: 'none', read: (r) => r.reminders },
  { metric: 'penalties', direction: 'none', read: (r) => r.penalties },
  { metric: 'counterfactual', direction: 'none', read: (r) => r.counterfactual },
];

export function verdictOf(direction: Direction, low: number | null, high: number | null): Verdict {
  if (direction === 'none') return 'not-ranked';
  if (low === null || high === null) return 'unclear';
  // Two policies that decide alike (or an exact count that did not move): nothing to be unsure of.
  if (low === 0 && high === 0) return 'same';
  if (low > 0) return direction === 'higher' ? 'better' : 'worse';
  if (high < 0) return direction === 'lower' ? 'better' : 'worse';
  return 'unclear';
}

/** Each run's leads in the baseline's order; every run must hold exactly the same leads. */
function aligned(runs: readonly ReplayRun[], base: number): ReplayRun[] {
  const baseline = runs[base]!.leads;
  const order = Array.from({ length: baseline.length }, (_, i) => baseline.leadId(i));
  let distinct: boolean | undefined;
  return runs.map((run) => {
    const results = run.leads;
    // The common case, every run listing the same leads in the same order: nothing to look up.
    if (results.length === order.length && order.every((id, i) => results.leadId(i) === id) && (distinct ??= new Set(order).size === order.length)) return run;
    const byId = new Map<string, ReplayLead>();
    for (const lead of results) byId.set(lead.leadId, lead);
    const missing = order.find((id) => !byId.has(id));
    if (byId.size !== results.length || byId.size !== order.length || missing !== undefined) {
      throw new EstimateInputError({
        en: `Run "${run.policyLabel}" does not hold the same leads as the baseline "${runs[base]!.policyLabel}"${missing ? ` (missing lead "${missing}")` : ''}: compare needs every policy replayed on the same history.`,
        zh: `运行「${run.policyLabel}」的线索与基准「${runs[base]!.policyLabel}」不一致${missing ? `（缺少线索「${missing}」）` : ''}：对比要求所有策略在同一份历史数据上回放。`,
      });
    }
    return { ...run, leads: new ListedResults(order.map((id) => byId.get(id)!)) };
  });
}

function fromInterval(
  metric: string,
  direction: Direction,
  method: Difference['method'],
  a: number | null,
  b: number | null,
  ci: BootstrapInterval | null,
): Difference {
  const difference = a !== null && b !== null ? b - a : null;
  const low = ci?.low ?? null;
  const high = ci?.high ?? null;
  // JSON has no Infinity: the verdict is read before an unbounded end is stored as null.
  const finite = (x: number | null) => (x !== null && Number.isFinite(x) ? x : null);
  return { metric, direction, baseline: a, value: b, difference, low: finite(low), high: finite(high), method, verdict: verdictOf(direction, low, high) };
}

export function compare(runs: readonly ReplayRun[], history: History, model: Model, options: CompareOptions): Comparison {
  const base = options.baseline ?? 0;
  if (!Number.isSafeInteger(options.seed)) {
    throw new EstimateInputError({
      en: `compare options.seed: expected a whole number, got ${JSON.stringify(options.seed)}.`,
      zh: `compare 参数 seed：应为整数，实际为 ${JSON.stringify(options.seed)}。`,
    });
  }
  if (options.bootstrap !== undefined && !(Number.isInteger(options.bootstrap) && options.bootstrap >= 0)) {
    throw new EstimateInputError({
      en: `compare options.bootstrap: expected a whole number of resamples ≥ 0, got ${JSON.stringify(options.bootstrap)}.`,
      zh: `compare 参数 bootstrap：应为不小于 0 的整数（重抽样次数），实际为 ${JSON.stringify(options.bootstrap)}。`,
    });
  }
  if (runs.length === 0 || base < 0 || base >= runs.length) {
    throw new EstimateInputError({
      en: `compare: baseline index ${base} does not name one of the ${runs.length} runs.`,
      zh: `compare：基准序号 ${base} 不在 ${runs.length} 个运行之中。`,
    });
  }
  const sameOrder = aligned(runs, base);
  const leads = historyIndex(history);
  const inOrder = leads.size === history.leads.length ? history.leads : undefined;
  const contribs: Contribution[][] = sameOrder.map((run) => contributions(run, leads, model, inOrder));
  const contact = sameOrder.map((run) => contactTimes(run.leads));
  // One population for every run: a policy is not fairer for leaving reps out that another uses.
  const among = fairnessReps(sameOrder, history);
  const reports = sameOrder.map((run, i) => policyMetricsFrom(run, history, model, contribs[i]!, options, contact[i]!, among));
  const columns = sameOrder.map((run, i) => runColumns(run.leads, among.reps, contact[i]!));
  const others = sameOrder.map((_, i) => i).filter((i) => i !== base);
  const boot = pairedBootstrap(
    columns[base]!,
    others.map((i) => columns[i]!),
    options.seed,
    options.bootstrap ?? 200,
  );

  const differences = others.map((i, k) => {
    const a = reports[base]!;
    const b = reports[i]!;
    const metrics: Difference[] = [];
    for (const measure of ['wins', 'revenue'] as const) {
      const ci = expectedDifference(contribs[base]!, contribs[i]!, model, measure);
      const key = measure === 'wins' ? 'expectedWins' : 'expectedRevenue';
      metrics.push({ ...fromInterval(key, 'higher', 'delta', a[key].estimate, b[key].estimate, ci), difference: ci.estimate });
    }
    // What the candidate leaves undone, paired lead by lead: nobody holds it at the end; nobody contacted it within the run.
    const n = a.leads;
    const unheld = (c: (typeof columns)[number]) => (j: number) => c.holder[j]! < 0;
    const reached = (c: (typeof columns)[number]) => (j: number) => !Number.isNaN(c.contact[j]!);
    const [ca, cb] = [columns[base]!, columns[i]!];
    const pct = (x: number) => x * 100;
    metrics.push(fromInterval('unassigned', 'lower', 'paired', a.unassigned, b.unassigned, pairedIndicatorDifference(unheld(ca), unheld(cb), n)));
    metrics.push(
      fromInterval(
        'unassignedShare',
        'lower',
        'paired',
        pct(a.unassignedShare),
        pct(b.unassignedShare),
        pairedIndicatorDifference(unheld(ca), unheld(cb), n, true),
      ),
    );
    metrics.push(
      fromInterval(
        'contactedShare',
        'higher',
        'paired',
        pct(a.contactedShare),
        pct(b.contactedShare),
        pairedIndicatorDifference(reached(ca), reached(cb), n, true),
      ),
    );
    for (const { metric, direction, read } of BOOTSTRAPPED) metrics.push(fromInterval(metric, direction, 'bootstrap', read(a), read(b), boot[k]![metric]));
    for (const [metric, direction] of [
      ['capViolations', 'lower'],
      ['refused', 'none'],
    ] as const) {
      const d = b[metric] - a[metric];
      metrics.push(fromInterval(metric, direction, 'count', a[metric], b[metric], { low: d, high: d }));
    }
    return { policy: b.policy, versus: a.policy, metrics };
  });

  return {
    seed: options.seed,
    baseline: reports[base]!.policy,
    policies: reports,
    differences,
    fairnessLeftOut: among.leftOut,
    model: modelReport(
      model,
      reports.map((r, i) => ({ policy: r.policy, contribs: contribs[i]! })),
    ),
  };
}
