/**
 * The evaluation report (h-eval's ModelReport) as the page shows it. The page reads it through this
 * one function so the screen does not depend on every detail of the JSON: fields it cannot find are
 * shown as "—", never guessed.
 */
import type { ScoreModel, Words } from './types.js';

export interface Metrics {
  n: number;
  positives: number;
  auc: number;
  logLoss: number | null;
  brier: number | null;
  ece: number | null;
  calibration: Array<{ bin: number; lo: number; hi: number; n: number; meanP: number; rate: number }>;
  lift: Array<{ decile: number; n: number; rate: number; lift: number; cumulativeCapture: number }>;
}

export interface FeatureUsed {
  id: string;
  label: Words;
  kind?: string;
  /** How strongly it moves the score (largest |weight| of the feature), for ranking. */
  strength: number | null;
}

export interface FeatureDropped {
  id: string;
  label?: Words;
  reason: Words;
}

export interface Evaluation {
  model: Metrics | null;
  points: Metrics | null;
  /** AUC(model) − AUC(points) with its 95 % interval, when both were scored on the same leads. */
  aucDifference: { difference: number; low: number; high: number } | null;
  used: FeatureUsed[];
  dropped: FeatureDropped[];
  offered: boolean;
  reason: Words | null;
  train: { n: number | null; from: string | null; to: string | null } | null;
  test: { n: number | null; from: string | null; to: string | null } | null;
  assumptions: Words[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const words = (v: unknown): Words | null => (isObj(v) && typeof v.en === 'string' && typeof v.zh === 'string' ? { en: v.en, zh: v.zh } : null);

function metrics(v: unknown): Metrics | null {
  if (!isObj(v)) return null;
  // A split's metrics, or `{ test, train }` of them: the page shows the held-out (test) ones.
  if (isObj(v.test) && num(v.auc) === null) return metrics(v.test);
  const auc = num(v.auc);
  if (auc === null) return null;
  return {
    n: num(v.n) ?? 0,
    positives: num(v.positives) ?? 0,
    auc,
    logLoss: num(v.logLoss),
    brier: num(v.brier),
    ece: num(v.ece),
    calibration: Array.isArray(v.calibration) ? (v.calibration as Metrics['calibration']) : [],
    lift: Array.isArray(v.lift) ? (v.lift as Metrics['lift']) : [],
  };
}

function strength(f: Obj): number | null {
  const direct = num(f.weight) ?? num(f.importance) ?? num(f.strength);
  if (direct !== null) return Math.abs(direct);
  const w = isObj(f.weights) ? f.weights : isObj(f.weight) ? f.weight : null;
  if (w) {
    const values = [num(w.maxAbs), num(w.max), num(w.min), num(w.range)].filter((x): x is number => x !== null);
    if (values.length) return Math.max(...values.map(Math.abs));
  }
  return null;
}

function period(v: unknown): Evaluation['train'] {
  if (!isObj(v)) return null;
  return { n: num(v.n) ?? num(v.rows) ?? num(v.count), from: str(v.from), to: str(v.to) };
}

/**
 * How far a feature can move the log-odds: |weight| per standard deviation (numbers, activity
 * counts), |weight| for a flag, the spread between its levels for a category. From the artefact
 * itself, so the page can rank features even when the report lists them without weights.
 */
export function featureStrengths(model: ScoreModel): FeatureUsed[] {
  return model.features.map((f) => {
    let strength: number;
    if (f.kind === 'category') {
      const w = [...f.levels.map((l) => l.weight), f.otherWeight];
      strength = Math.max(...w) - Math.min(...w);
    } else strength = Math.abs(f.weight);
    return { id: f.id, label: f.label, kind: f.kind, strength };
  });
}

export function readEvaluation(report: unknown, model?: ScoreModel): Evaluation {
  const read = readReport(report);
  if (!model) return read;
  const fromModel = featureStrengths(model);
  const byId = new Map(fromModel.map((f) => [f.id, f]));
  const used = read.used.length ? read.used.map((u) => (u.strength === null && byId.has(u.id) ? { ...u, strength: byId.get(u.id)!.strength } : u)) : fromModel;
  return { ...read, used };
}

function readReport(report: unknown): Evaluation {
  const r = isObj(report) ? report : {};
  const m = isObj(r.metrics) ? r.metrics : r;
  const f = isObj(r.features) ? r.features : {};
  const usedRaw = Array.isArray(f.used) ? f.used : Array.isArray(r.used) ? r.used : [];
  const droppedRaw = Array.isArray(f.dropped) ? f.dropped : Array.isArray(r.dropped) ? r.dropped : [];
  const offered = isObj(r.offered) ? r.offered : null;
  const diff = isObj(r.aucDifference) ? r.aucDifference : isObj(m.aucDifference) ? m.aucDifference : null;
  const data = isObj(r.data) ? r.data : isObj(r.split) ? r.split : {};
  return {
    model: metrics(m.model),
    points: metrics(m.points),
    aucDifference: diff && num(diff.difference) !== null ? { difference: num(diff.difference)!, low: num(diff.low) ?? NaN, high: num(diff.high) ?? NaN } : null,
    used: usedRaw.filter(isObj).map((u) => ({
      id: String(u.id ?? ''),
      label: words(u.label) ?? { en: String(u.id ?? ''), zh: String(u.id ?? '') },
      ...(typeof u.kind === 'string' ? { kind: u.kind } : {}),
      strength: strength(u),
    })),
    dropped: droppedRaw.filter(isObj).map((d) => ({
      id: String(d.id ?? ''),
      ...(words(d.label) ? { label: words(d.label)! } : {}),
      reason: words(d.reason) ?? words(d.why) ?? { en: String(d.code ?? d.reason ?? ''), zh: String(d.code ?? d.reason ?? '') },
    })),
    offered: offered ? offered.offered === true || offered.value === true : r.offered === true,
    reason: (offered ? words(offered.reason) : null) ?? words(r.reason) ?? words(r.offeredReason),
    train: period(data.train),
    test: period(data.test),
    assumptions: Array.isArray(r.assumptions) ? r.assumptions.map(words).filter((w): w is Words => w !== null) : [],
  };
}

/** Which side is better on a metric: higher AUC, lower log loss / calibration error / Brier; null when not comparable. */
export function winner(metric: 'auc' | 'logLoss' | 'ece' | 'brier', model: number | null, points: number | null): 'model' | 'points' | 'tie' | null {
  if (model === null || points === null) return null;
  if (model === points) return 'tie';
  const higherIsBetter = metric === 'auc';
  return model > points === higherIsBetter ? 'model' : 'points';
}
