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
  /** Centred, clamped load the adjustment used; ∂p/∂slope = p(1−p)·x. */
  x: number;
  /** False when the rep never had a lead in this segment: the history cannot say. */
  seen: boolean;
  known: boolean;
}

export function clampLoad(model: Model, repId: string, load: number | undefined): number {
  if (load === undefined) return 0;
  const centre = model.load.repMeanLoad[repId] ?? model.load.meanLoad;
  return Math.min(model.load.range[1], Math.max(model.load.range[0], load - centre));
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
  const x = clampLoad(model, repId, load);
  const slope = model.load.conversionSlope;
  if (slope === 0 || x === 0 || base <= 0 || base >= 1) {
    return { base, p: base, baseVariance, priorWeight, dpDbase: 1, x, seen: !!cell, known: !!seg };
  }
  const p = logistic(logit(base) + slope * x);
  return { base, p, baseVariance, priorWeight, dpDbase: (p * (1 - p)) / (base * (1 - base)), x, seen: !!cell, known: !!seg };
}

/** Expected deal amount for a lead in a segment: its own amount when history has one, else the segment's mean won amount. */
export function amountFor(model: Model, segment: string, own: number | undefined): { amount: number; fromSegment: boolean } {
  if (own !== undefined) return { amount: own, fromSegment: false };
  const seg = model.segments[segment];
  return { amount: seg?.amount.mean ?? model.overall.amountMean ?? 0, fromSegment: true };
}
