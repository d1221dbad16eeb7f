/**
 * How good a lead score is on leads whose outcome is known: ranking (AUC, lift by decile) for any
 * score, and — when the score is a probability — how honest it is (log loss, Brier, calibration).
 * The points table and the model are measured by this one function, so they are compared alike.
 */
import { mean } from 'simple-statistics';
import { rank, rankedAuc } from './auc.js';
import { checkRows, type Scored } from './scored.js';

export interface CalibrationBin {
  /** 0–9: the bin of predictions in [bin/10, (bin+1)/10); bin 9 includes 1. */
  bin: number;
  lo: number;
  hi: number;
  n: number;
  /** Mean predicted probability in the bin. */
  meanP: number;
  /** Share won among the bin's leads. */
  rate: number;
}

export interface LiftDecile {
  /** 1 = the tenth of leads scored highest. */
  decile: number;
  n: number;
  rate: number;
  /** The decile's win rate over the overall win rate. */
  lift: number;
  /** Share of all won leads found in this and the higher deciles. */
  cumulativeCapture: number;
}

export interface ScoreMetrics {
  n: number;
  positives: number;
  auc: number;
  /** Mean negative log-likelihood, p clipped to [1e-15, 1 − 1e-15]; null unless the scores are probabilities. */
  logLoss: number | null;
  /** Mean squared error of the probability; null unless the scores are probabilities. */
  brier: number | null;
  /** Expected calibration error: Σ (bin n / n) · |meanP − rate| over the calibration bins; null unless probabilities. */
  ece: number | null;
  /** Ten equal-width bins over [0, 1]; empty bins are left out. Empty unless probabilities. */
  calibration: CalibrationBin[];
  lift: LiftDecile[];
}

const CLIP = 1e-15;
const BINS = 10;
const DECILES = 10;

/**
 * Metrics of scores against outcomes. `probabilities` (default true): the scores are P(won), so log
 * loss, Brier and calibration are computed too; false for a points score, which only ranks.
 * Throws EvaluateInputError naming the row for a non-finite score, a probability outside 0–1, an
 * outcome other than 0/1, and for rows with only one outcome (no AUC exists then).
 */
export function scoreMetrics(rows: readonly Scored[], opts: { probabilities?: boolean } = {}): ScoreMetrics {
  const probabilities = opts.probabilities ?? true;
  const { positives } = checkRows(rows, probabilities);
  const n = rows.length;
  const auc = rankedAuc(rank(rows));
  const lift = liftByDecile(rows, positives);
  if (!probabilities) return { n, positives, auc, logLoss: null, brier: null, ece: null, calibration: [], lift };
  const logLoss = mean(
    // The probability given to what happened, clipped at 1e-15: the same as clipping p to
    // [1e-15, 1 − 1e-15], without 1 − (1 − 1e-15) rounding to 1.11e-15 in floating point.
    rows.map((r) => -Math.log(Math.max(CLIP, r.y === 1 ? r.p : 1 - r.p))),
  );
  const brier = mean(rows.map((r) => (r.p - r.y) ** 2));
  const calibration = calibrationBins(rows);
  const ece = calibration.reduce((sum, b) => sum + (b.n / n) * Math.abs(b.meanP - b.rate), 0);
  return { n, positives, auc, logLoss, brier, ece, calibration, lift };
}

/** Equal-width bins (not equal-count): a reader compares a bin's rate with its fixed range. */
function calibrationBins(rows: readonly Scored[]): CalibrationBin[] {
  const sums = Array.from({ length: BINS }, () => ({ n: 0, p: 0, won: 0 }));
  for (const r of rows) {
    const s = sums[Math.min(BINS - 1, Math.floor(r.p * BINS))]!;
    s.n++;
    s.p += r.p;
    s.won += r.y;
  }
  return sums.flatMap((s, bin) => (s.n === 0 ? [] : [{ bin, lo: bin / BINS, hi: (bin + 1) / BINS, n: s.n, meanP: s.p / s.n, rate: s.won / s.n }]));
}

/**
 * Leads sorted by score, highest first, equal scores in the order given (so the same rows always
 * make the same deciles), cut into ten groups of ⌊n/10⌋ or ⌈n/10⌉; with fewer than ten leads the
 * empty deciles are left out.
 */
function liftByDecile(rows: readonly Scored[], positives: number): LiftDecile[] {
  const n = rows.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => rows[b]!.p - rows[a]!.p || a - b);
  const base = positives / n;
  const out: LiftDecile[] = [];
  let captured = 0;
  for (let d = 0; d < DECILES; d++) {
    const from = Math.floor((d * n) / DECILES);
    const to = Math.floor(((d + 1) * n) / DECILES);
    if (to === from) continue;
    let won = 0;
    for (let k = from; k < to; k++) won += rows[order[k]!]!.y;
    captured += won;
    const rate = won / (to - from);
    out.push({ decile: d + 1, n: to - from, rate, lift: rate / base, cumulativeCapture: captured / positives });
  }
  return out;
}
