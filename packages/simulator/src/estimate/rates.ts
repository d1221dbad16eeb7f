/**
 * Reading the fitted model: a rep's win probability for a lead's segment at a given load, with what the
 * intervals need to carry the model's own uncertainty (the delta method over its parameters).
 */
import type { Model } from './model.js';
import { DEFAULT_KAPPA, posterior } from './shrinkage.js';
import { logistic, logit } from './stats.js';

export interface RateReading {
  /** Shrunk rep × segment rate before the load adjustment. */
  base: number;
  /** After the load adjustment: the lead's win probability. */
  p: number;
  /** Posterior variance of base. */
  baseVariance: number;
  /** ∂base/∂(segment rate). */
  priorWeight: number;
  /** ∂p/∂base (1 when there is no load adjustment). */
  dpDbase: number;
  /** Centred load the adjustment used (load − the rep's mean load); ∂p/∂slope = p(1−p)·x. */
  x: number;
  /** How far x lies past the history's range (signed; 0 inside it): the part of x that is extrapolated. */
  beyond: number;
  /** False when the rep never had a lead in this segment: the history cannot say. */
  seen: boolean;
  known: boolean;
}

/**
 * A load as the model reads it: centred on the rep's own mean load, and how far past the range the history
 * showed it lies. Past the range the fitted slope is extrapolated (a policy that doubles loads must not be
 * read as if loads stayed where history had them), and the intervals widen with that distance.
 */
export function centredLoad(model: Model, repId: string, load: number | undefined): { x: number; beyond: number } {
  if (load === undefined) return { x: 0, beyond: 0 };
  const centre = model.load.repMeanLoad[repId] ?? model.load.meanLoad;
  const x = load - centre;
  const [lo, hi] = model.load.range;
  return { x, beyond: x > hi ? x - hi : x < lo ? x - lo : 0 };
}

/**
 * First-contact delay multiplier e^(γ·x) inside the history's range; past it, the tangent line at the edge
 * when it grows (busier than ever seen: slower in proportion, not exponentially), e^(γ·x) when it shrinks.
 */
export function delayFactor(model: Model, repId: string, load: number | undefined): number {
  const { x, beyond } = centredLoad(model, repId, load);
  const gamma = model.load.delaySlope;
  if (gamma * beyond <= 0) return Math.exp(gamma * x);
  return Math.exp(gamma * (x - beyond)) * (1 + gamma * beyond);
}

export function readRate(model: Model, repId: string, segment: string, load: number | undefined): RateReading {
  const cell = model.cells[repId]?.[segment];
  const seg = model.segments[segment];
  let base: number;
  let baseVariance: number;
  let priorWeight: number;
  if (cell) {
    ({ rate: base, variance: baseVariance, priorWeight } = cell);
  } else if (seg) {
    ({ rate: base, variance: baseVariance, priorWeight } = posterior({ leads: 0, wins: 0 }, seg.rate, seg.kappa));
  } else {
    ({ rate: base, variance: baseVariance, priorWeight } = posterior({ leads: 0, wins: 0 }, model.overall.rate, DEFAULT_KAPPA));
  }
  const { x, beyond } = centredLoad(model, repId, load);
  const shift = model.load.conversionSlope * x;
  if (shift === 0 || base <= 0 || base >= 1) {
    return { base, p: base, baseVariance, priorWeight, dpDbase: 1, x, beyond, seen: !!cell, known: !!seg };
  }
  const p = logistic(logit(base) + shift);
  return { base, p, baseVariance, priorWeight, dpDbase: (p * (1 - p)) / (base * (1 - base)), x, beyond, seen: !!cell, known: !!seg };
}

/** Expected deal amount for a lead in a segment: its own amount when history has one, else the segment's mean won amount. */
export function amountFor(model: Model, segment: string, own: number | undefined): { amount: number; fromSegment: boolean } {
  if (own !== undefined) return { amount: own, fromSegment: false };
  const seg = model.segments[segment];
  return { amount: seg?.amount.mean ?? model.overall.amountMean ?? 0, fromSegment: true };
}
