/**
 * The hidden model behind the marketing export: the log-odds of a conversion from what is known
 * when the lead is created, plus the prospect's intent, which no column shows.
 *
 *   logit P(won) = INTERCEPT + Σ level effects (origin, source, do-not-email, last activity, country,
 *                  specialization, occupation, city)
 *                + website(visits, seconds on site, page views, occupation)
 *                + OLARK_TWICE if the source is Olark Chat and the last activity a chat too
 *                + TREND · (share of the period elapsed − ½)
 *                + INTENT · u,   u ~ N(0, 1) per lead, independent of every column
 *
 * website() is not linear: time on site saturates (1 − e^(−t/700 s)), a visit under a minute costs
 * extra, visits help up to six and hurt beyond (browsers who never buy), and the time effect is
 * damped for working professionals (they convert whatever they read). A logistic model on the raw
 * columns is good, not perfect. u also drives the early activities (the activities file), so early
 * behaviour carries information the creation-time columns do not.
 *
 * truth = P(won | columns known at creation) = E_u[σ(logit)], integrated numerically over u: the
 * best any model can do at scoring time (horizon 0).
 */
import { type OccupationKey, OLARK_CONVERSATION } from './marketing-vocabulary.js';

export const INTERCEPT = -1.55;
export const INTENT = 0.8;
export const TREND = 0.5;
export const OLARK_TWICE = -0.4;

export interface CreationFacts {
  /** Sum of the level effects of the categorical columns. */
  levels: number;
  occupation: OccupationKey;
  sourceIsOlark: boolean;
  lastActivity: string;
  /** undefined: the export's cell is blank. */
  visits: number | undefined;
  seconds: number;
  pageViews: number | undefined;
  /** 0 at the start of the period, 1 at its end. */
  elapsed: number;
}

export function websiteEffect(f: Pick<CreationFacts, 'visits' | 'seconds' | 'pageViews' | 'occupation'>): number {
  const damp = f.occupation === 'working' ? 0.4 : 1;
  let e = damp * 2 * (1 - Math.exp(-f.seconds / 700));
  if (f.seconds > 0 && f.seconds < 60) e -= 0.6;
  if (f.visits !== undefined) e += 0.12 * Math.min(f.visits, 6) - 0.08 * Math.max(0, f.visits - 6);
  if (f.pageViews !== undefined && f.pageViews > 0) e -= 0.1 * (f.pageViews - 2.5);
  return e;
}

/** Log-odds without the hidden intent. */
export function creationLogit(f: CreationFacts): number {
  const olark = f.sourceIsOlark && f.lastActivity === OLARK_CONVERSATION ? OLARK_TWICE : 0;
  return INTERCEPT + f.levels + websiteEffect(f) + olark + TREND * (f.elapsed - 0.5);
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** Grid over u in [−6, 6] with normal weights (normalised): accurate to ~1e−9 for σ. */
const GRID = (() => {
  const nodes: number[] = [];
  const weights: number[] = [];
  let total = 0;
  for (let i = -240; i <= 240; i++) {
    const u = i / 40;
    const w = Math.exp((-u * u) / 2);
    nodes.push(u);
    weights.push(w);
    total += w;
  }
  return { nodes, weights: weights.map((w) => w / total) };
})();

/** E_u[σ(logit + INTENT·u)], u ~ N(0, 1). */
export function probabilityAtCreation(logit: number): number {
  let p = 0;
  for (let i = 0; i < GRID.nodes.length; i++) p += GRID.weights[i]! * sigmoid(logit + INTENT * GRID.nodes[i]!);
  return p;
}

export function probabilityWithIntent(logit: number, u: number): number {
  return sigmoid(logit + INTENT * u);
}
