/**
 * The load effect: how many open leads a rep held when a lead reached them, and what that did to
 * first-contact delay and conversion. Compared within each rep (load minus the rep's own mean load),
 * so a strong rep who is given more leads does not make load look good.
 */
import { parseInstant } from '@sluice/engine';
import type { HistoryLead } from '../types.js';
import { logistic } from './stats.js';

const INFINITE = Number.POSITIVE_INFINITY;

function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Open leads the owner held when each lead was created: the owner's other leads created earlier and not
 * yet ended. A lead ends at closedAt; a won/lost lead without closedAt at its last follow-up (else at
 * creation); an open lead never (it is still held when the export was taken).
 */
export function historicalLoads(leads: readonly HistoryLead[], lastActivityAt: ReadonlyMap<string, number>): Map<string, number> {
  const byRep = new Map<string, HistoryLead[]>();
  for (const lead of leads) {
    if (!lead.ownerRepId) continue;
    let list = byRep.get(lead.ownerRepId);
    if (!list) byRep.set(lead.ownerRepId, (list = []));
    list.push(lead);
  }
  const loads = new Map<string, number>();
  for (const list of byRep.values()) {
    const starts = Float64Array.from(list.map((lead) => parseInstant(lead.createdAt))).sort();
    const ends = Float64Array.from(
      list.map((lead) => {
        if (lead.outcome === 'open') return INFINITE;
        if (lead.closedAt) return parseInstant(lead.closedAt);
        return lastActivityAt.get(lead.id) ?? parseInstant(lead.createdAt);
      }),
    ).sort();
    for (const lead of list) {
      const t = parseInstant(lead.createdAt);
      // Created strictly before t, minus those already ended by t (an end never precedes its start).
      loads.set(lead.id, Math.max(0, lowerBound(starts, t) - upperBound(ends, t)));
    }
  }
  return loads;
}

export interface LoadPoint {
  /** Load minus the rep's mean load. */
  x: number;
  won: boolean;
  /** logit of the lead's shrunk rep × segment rate: the offset the slope is fitted on top of. */
  offset: number;
}

/**
 * Logistic slope β on centred load with a fixed offset per lead (one-parameter Newton–Raphson):
 * logit P(won) = offset + β·x. Returns β and its standard error 1/√information (0 when load never varies).
 */
export function fitConversionSlope(points: readonly LoadPoint[]): { slope: number; se: number } {
  let beta = 0;
  let information = 0;
  for (let iteration = 0; iteration < 50; iteration++) {
    let score = 0;
    information = 0;
    for (const point of points) {
      const p = logistic(point.offset + beta * point.x);
      score += ((point.won ? 1 : 0) - p) * point.x;
      information += p * (1 - p) * point.x * point.x;
    }
    if (information <= 1e-12) return { slope: 0, se: 0 };
    const step = score / information;
    beta += Math.max(-1, Math.min(1, step));
    if (Math.abs(step) < 1e-10) break;
  }
  return { slope: beta, se: 1 / Math.sqrt(information) };
}

/** Least-squares slope through the origin of within-rep centred log delay on centred load: delay × e^(γ·x). */
export function fitDelaySlope(points: ReadonlyArray<{ x: number; logDelay: number }>): number {
  let sxy = 0;
  let sxx = 0;
  for (const point of points) {
    sxy += point.x * point.logDelay;
    sxx += point.x * point.x;
  }
  return sxx > 0 ? sxy / sxx : 0;
}
