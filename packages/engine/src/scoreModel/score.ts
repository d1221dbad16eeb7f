/**
 * Scoring with a smart-score model: compile once (level maps, closures), then score many leads.
 * Pure: the caller says how to read a fact and which activities the lead had by `now`.
 */
import type { ModelFeature, ScoreModel } from './model.js';

export interface ScoreInput {
  /** Reads a fact path as conditions do (`lead.source`); undefined/null/'' are "missing". */
  fact: (path: string) => unknown;
  /**
   * The lead's activities (only the kind and `at` are read); needed by activity-count features.
   * The kind is `type` (the simulator's history) or `kind` (the engine's state records).
   */
  activities?: ReadonlyArray<{ type?: string; kind?: string; at: string }>;
  /** The lead's creation instant (ISO or epoch ms): activity windows start here. */
  createdAt?: string | number;
  /** When it is scored (epoch ms): activities after it are not known yet and not counted. */
  now?: number;
}

/** One feature's push on this lead, for the explanation ("来源=转介绍 +12"). */
export interface ScoreContribution {
  id: string;
  label: { en: string; zh: string };
  /** The value as read, for display; null when missing. */
  value: string | number | boolean | null;
  /** Change in the 0–100 score against an average lead's value of this feature, others held. */
  points: number;
  /** The same in log-odds (model units). */
  logit: number;
}

export interface ScoreResult {
  /** Calibrated P(won), 0–1. */
  probability: number;
  /** 100 · probability, one decimal. */
  score: number;
  /** Raw log-odds before calibration. */
  logit: number;
}

export interface CompiledScoreModel {
  readonly model: ScoreModel;
  score(input: ScoreInput): ScoreResult;
  /** The score plus every feature's contribution, largest push first. */
  explain(input: ScoreInput): ScoreResult & { contributions: ScoreContribution[] };
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const isMissing = (v: unknown): boolean => v === undefined || v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v));

const DAY_MS = 86_400_000;
/** Two digits of `s` at `i` as a number, or a large negative one when either is not a digit. */
const two = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -10_000;
};

/**
 * Epoch ms of an ISO instant. The form the engine and server write (`2026-03-02T01:00:00.000Z`,
 * also without the fraction) is read digit by digit: a lead's activity windows read several
 * instants per score and Date.parse was most of the scoring time. Anything else goes to Date.parse.
 * Days from the civil date by H. Hinnant's `days_from_civil` (proleptic Gregorian, as Date uses).
 */
export function instantMs(t: string | number | undefined): number {
  if (t === undefined) return Number.NaN;
  if (typeof t === 'number') return t;
  const n = t.length;
  if (
    (n === 20 || (n === 24 && t.charCodeAt(19) === 46)) &&
    t.charCodeAt(n - 1) === 90 &&
    t.charCodeAt(4) === 45 &&
    t.charCodeAt(7) === 45 &&
    t.charCodeAt(10) === 84 &&
    t.charCodeAt(13) === 58 &&
    t.charCodeAt(16) === 58
  ) {
    const y = two(t, 0) * 100 + two(t, 2);
    const mo = two(t, 5);
    const d = two(t, 8);
    const h = two(t, 11);
    const mi = two(t, 14);
    const sec = two(t, 17);
    const milli = n === 24 ? two(t, 20) * 10 + digit(t, 22) : 0;
    if (y >= 0 && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && sec >= 0 && sec <= 59 && milli >= 0) {
      const yy = mo <= 2 ? y - 1 : y;
      const era = Math.floor(yy / 400);
      const yoe = yy - era * 400;
      const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
      const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
      // A day past the month's end (02-30) is not a date: leave it to Date.parse, which refuses it.
      if (d <= 28 || d <= daysIn(y, mo)) return (era * 146_097 + doe - 719_468) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + milli;
    }
  }
  return Date.parse(t);
}

/** One digit of `s` at `i`, or a large negative number when it is not one. */
const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -10_000;
};
const daysIn = (y: number, mo: number): number =>
  mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : mo === 4 || mo === 6 || mo === 9 || mo === 11 ? 30 : 31;

/**
 * What one scoring reads once for all its activity-count features: the window's start, the
 * scoring instant, and each activity's kind and instant. Kept on the compiled model and refilled
 * per call (scoring is synchronous), so a score allocates nothing.
 */
interface Scratch {
  start: number;
  now: number;
  n: number;
  kinds: Array<string | undefined>;
  times: number[];
}

/** One feature: its log-odds for the lead; its value as read goes to `shown[i]` (for the explanation). */
type Term = (input: ScoreInput, s: Scratch, shown: unknown[], i: number) => number;

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

function compileTerm(f: ModelFeature): Term {
  switch (f.kind) {
    case 'numeric': {
      const { weight, mean, scale, missingWeight, min, max } = f;
      const log = f.transform === 'log1p';
      return (input, _s, shown, i) => {
        let v = numberOf(input.fact(f.fact));
        if (!Number.isFinite(v)) {
          shown[i] = null;
          return missingWeight;
        }
        shown[i] = v;
        if (min !== undefined && v < min) v = min;
        if (max !== undefined && v > max) v = max;
        if (log) v = Math.log1p(Math.max(v, 0));
        return (weight * (v - mean)) / scale;
      };
    }
    case 'category': {
      const levels = new Map(f.levels.map((l) => [l.value, l.weight]));
      const { otherWeight, missingWeight } = f;
      return (input, _s, shown, i) => {
        const raw = input.fact(f.fact);
        if (isMissing(raw)) {
          shown[i] = null;
          return missingWeight;
        }
        const value = typeof raw === 'string' ? raw : String(raw);
        shown[i] = value;
        return levels.get(value) ?? otherWeight;
      };
    }
    case 'flag': {
      const { weight, missingWeight } = f;
      return (input, _s, shown, i) => {
        const raw = input.fact(f.fact);
        if (isMissing(raw)) {
          shown[i] = null;
          return missingWeight;
        }
        const on = raw === true || raw === 1 || (typeof raw === 'string' && /^(true|yes|y|1|是)$/i.test(raw.trim()));
        shown[i] = on;
        return on ? weight : 0;
      };
    }
    case 'activityCount': {
      const windowMs = f.withinHours * 3_600_000;
      const { weight, mean, scale, missingWeight, activityType } = f;
      const log = f.transform === 'log1p';
      return (input, s, shown, i) => {
        if (!Number.isFinite(s.start) || !input.activities) {
          shown[i] = null;
          return missingWeight;
        }
        const start = s.start;
        const end = Math.min(start + windowMs, s.now);
        let n = 0;
        for (let k = 0; k < s.n; k++) {
          if (activityType !== undefined && s.kinds[k] !== activityType) continue;
          const at = s.times[k]!;
          if (at >= start && at <= end) n++;
        }
        shown[i] = n;
        const x = log ? Math.log1p(n) : n;
        return (weight * (x - mean)) / scale;
      };
    }
  }
}

/** Reads what the activity features share, once per scoring. */
function prepare(input: ScoreInput, s: Scratch): void {
  s.start = instantMs(input.createdAt);
  s.now = input.now ?? Number.POSITIVE_INFINITY;
  const list = input.activities;
  s.n = list ? list.length : 0;
  if (!list || !Number.isFinite(s.start)) return;
  for (let k = 0; k < list.length; k++) {
    const a = list[k]!;
    s.kinds[k] = a.type ?? a.kind;
    s.times[k] = instantMs(a.at);
  }
}

// A memo of a pure function of the model document (documents are not mutated): a decision path
// scores with the tenant's published model object, compiled once however many decisions use it.
const compiled = new WeakMap<ScoreModel, CompiledScoreModel>();

/** The compiled form of a model object, compiled on first use and kept while the object lives. */
export function compiledScoreModel(model: ScoreModel): CompiledScoreModel {
  let found = compiled.get(model);
  if (!found) {
    found = compileScoreModel(model);
    compiled.set(model, found);
  }
  return found;
}

/** Compiles a model (already parsed by `scoreModelSchema`) for repeated scoring. */
export function compileScoreModel(model: ScoreModel): CompiledScoreModel {
  const terms = model.features.map(compileTerm);
  const count = terms.length;
  const needsActivities = model.features.some((f) => f.kind === 'activityCount');
  const scratch: Scratch = { start: Number.NaN, now: Number.POSITIVE_INFINITY, n: 0, kinds: [], times: [] };
  const shown: unknown[] = new Array(count).fill(null);
  const cal = model.calibration;
  const calibrate = cal ? (z: number) => sigmoid(cal.a * z + cal.b) : sigmoid;
  const result = (z: number): ScoreResult => {
    const probability = calibrate(z);
    return { probability, score: Math.round(probability * 1000) / 10, logit: z };
  };
  const logitOf = (input: ScoreInput, logits?: number[]): number => {
    if (needsActivities) prepare(input, scratch);
    let z = model.intercept;
    for (let i = 0; i < count; i++) {
      const t = terms[i]!(input, scratch, shown, i);
      if (logits) logits[i] = t;
      z += t;
    }
    return z;
  };
  return {
    model,
    score(input) {
      return result(logitOf(input));
    },
    explain(input) {
      const logits = new Array<number>(count);
      const z = logitOf(input, logits);
      const out = result(z);
      const p = out.probability;
      const contributions: ScoreContribution[] = new Array(count);
      for (let i = 0; i < count; i++) {
        const f = model.features[i]!;
        const delta = logits[i]! - f.reference;
        // Points: the 0–100 score with this feature as it is, minus with it at an average lead's value.
        const points = Math.round((p - calibrate(z - delta)) * 1000) / 10;
        contributions[i] = { id: f.id, label: f.label, value: shown[i] as ScoreContribution['value'], points, logit: delta };
      }
      // Plain code-unit order breaks ties: localeCompare cost more than the rest of the explanation.
      contributions.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      return { ...out, contributions };
    },
  };
}
