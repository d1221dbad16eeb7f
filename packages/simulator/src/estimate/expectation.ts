/**
 * Expected wins and revenue with 95 % intervals, by the delta method.
 *
 * Wins W = Σ p_i (revenue: Σ a_i·p_i). Its variance has two parts:
 *  - outcome noise: Σ a_i²·p_i(1−p_i) — zero for leads that kept their history (p is 0 or 1);
 *  - model uncertainty: Σ_k (∂W/∂θ_k)²·Var(θ_k) over the model's parameters θ: each rep × segment
 *    rate (its beta posterior variance), each segment rate (beta-binomial sampling variance), the load
 *    slope (1/information; its gradient p(1−p)·x grows with the distance from the rep's usual load, so a
 *    load past anything the history showed widens the interval in proportion) and, for revenue, each segment's mean won amount (sd²/n). Parameters are
 *    treated as independent.
 * (expectedMean below swaps the outcome noise for that of the kept leads' real outcomes: see there.)
 * A difference between two runs on the same leads uses the difference of the gradients, so a rep ×
 * segment rate both runs lean on equally cancels; a lead with the same holder and probability in both
 * runs draws the same outcome (common random numbers) and adds no outcome noise.
 */
import type { Contribution } from './contributions.js';
import type { Model } from './model.js';
import { type Interval, normalInterval } from './stats.js';

export type Measure = 'wins' | 'revenue';

export interface Linear {
  mean: number;
  /** Parameter key → ∂/∂parameter. */
  gradient: Map<string, number>;
}

const weightOf = (c: Contribution, measure: Measure) => (measure === 'wins' ? 1 : c.amount);

function add(gradient: Map<string, number>, key: string, value: number): void {
  if (value !== 0) gradient.set(key, (gradient.get(key) ?? 0) + value);
}

/** One lead's part in the gradient of W (w: its weight in the measure). */
function addGradient(gradient: Map<string, number>, c: Contribution, w: number, measure: Measure): void {
  if (!c.counterfactual) return;
  if (c.cell) {
    add(gradient, c.cell, w * c.dCell);
    add(gradient, c.segmentKey, w * c.dSegmentRate);
    add(gradient, 'slope', w * c.dSlope);
  }
  if (measure === 'revenue' && c.amountFromSegment) add(gradient, c.amountKey, c.p);
}

export function linear(contribs: readonly Contribution[], measure: Measure): Linear {
  let mean = 0;
  const gradient = new Map<string, number>();
  for (const c of contribs) {
    const w = weightOf(c, measure);
    mean += w * c.p;
    addGradient(gradient, c, w, measure);
  }
  return { mean, gradient };
}

function parameterVariance(model: Model, key: string): number {
  const [kind, a, b] = key.split('\u0000');
  if (kind === 'slope') return model.load.conversionSlopeSe ** 2;
  if (kind === 'cell') {
    const cell = model.cells[a!]?.[b!];
    if (cell) return cell.variance;
    const seg = model.segments[b!];
    // An unseen cell: everything we know is that this rep is one of the segment's reps.
    return seg ? (seg.rate * (1 - seg.rate)) / (seg.kappa + 1) : 0.25;
  }
  if (kind === 'segment') return model.segments[a!]?.rateVariance ?? 0;
  if (kind === 'amount') {
    const amount = model.segments[a!]?.amount;
    return amount && amount.sd !== null && amount.won > 0 ? amount.sd ** 2 / amount.won : 0;
  }
  return 0;
}

export function modelVariance(model: Model, gradient: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const [key, g] of gradient) total += g * g * parameterVariance(model, key);
  return total;
}

/** A lead's outcome noise around its probability (w: its weight in the measure). */
const outcomeNoise = (c: Contribution, w: number) => w * w * c.p * (1 - c.p);

export function outcomeVariance(contribs: readonly Contribution[], measure: Measure): number {
  let total = 0;
  for (const c of contribs) total += outcomeNoise(c, weightOf(c, measure));
  return total;
}

/**
 * The policy's wins on this history: leads that kept their rep count their real outcome (no uncertainty),
 * the others their probability with outcome noise and model uncertainty.
 */
export function expected(contribs: readonly Contribution[], model: Model, measure: Measure): Interval {
  const { mean, gradient } = linear(contribs, measure);
  return normalInterval(mean, outcomeVariance(contribs, measure) + modelVariance(model, gradient), 0);
}

/**
 * The policy's mean wins (what it would win on average over fresh outcomes of the same leads): the same
 * point estimate, but a kept lead's real outcome is one draw around its rep's probability, so its noise
 * Σ a²·p̂(1−p̂) is added, while a counterfactual lead's probability already is a mean (no outcome noise).
 * This is the interval to hold against a ground truth of expected wins.
 */
export function expectedMean(contribs: readonly Contribution[], model: Model, measure: Measure): Interval {
  const { mean, gradient } = linear(contribs, measure);
  return normalInterval(mean, keptNoise(contribs, measure) + modelVariance(model, gradient), 0);
}

/** The outcome noise of the kept leads' real outcomes around their reps' probabilities. */
function keptNoise(contribs: readonly Contribution[], measure: Measure): number {
  let noise = 0;
  for (const c of contribs) if (!c.counterfactual) noise += keptNoiseOf(c, measure);
  return noise;
}

function keptNoiseOf(c: Contribution, measure: Measure): number {
  const w = measure === 'wins' ? 1 : c.keptAmount;
  return w * w * c.keptP * (1 - c.keptP);
}

/**
 * expected and expectedMean of one measure at once: the same point estimate and model variance,
 * computed once (a breakdown asks for both on every group).
 */
export function estimates(contribs: readonly Contribution[], model: Model, measure: Measure): { expected: Interval; mean: Interval } {
  // linear, outcomeVariance and keptNoise in one pass: each sum still adds the leads in their order.
  let mean = 0;
  let outcome = 0;
  let kept = 0;
  const gradient = new Map<string, number>();
  for (const c of contribs) {
    const w = weightOf(c, measure);
    mean += w * c.p;
    addGradient(gradient, c, w, measure);
    outcome += outcomeNoise(c, w);
    if (!c.counterfactual) kept += keptNoiseOf(c, measure);
  }
  const variance = modelVariance(model, gradient);
  return { expected: normalInterval(mean, outcome + variance, 0), mean: normalInterval(mean, kept + variance, 0) };
}

/** B − A on the same leads (aligned by index), paired as described above. */
export function expectedDifference(a: readonly Contribution[], b: readonly Contribution[], model: Model, measure: Measure): Interval {
  const la = linear(a, measure);
  const lb = linear(b, measure);
  const gradient = new Map(lb.gradient);
  for (const [key, g] of la.gradient) gradient.set(key, (gradient.get(key) ?? 0) - g);
  let noise = 0;
  for (let i = 0; i < a.length; i++) {
    const ca = a[i]!;
    const cb = b[i]!;
    if (ca.repId === cb.repId && ca.p === cb.p && ca.counterfactual === cb.counterfactual) continue;
    const wa = weightOf(ca, measure);
    const wb = weightOf(cb, measure);
    noise += wa * wa * ca.p * (1 - ca.p) + wb * wb * cb.p * (1 - cb.p);
  }
  return normalInterval(lb.mean - la.mean, noise + modelVariance(model, gradient));
}
