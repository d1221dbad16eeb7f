/**
 * Scoring with a smart-score model: compile once (level maps, closures), then score many leads.
 * Pure: the caller says how to read a fact and which activities the lead had by `now`.
 */
import { instantMs } from './instant.js';
import type { ModelFeature, ScoreModel } from './model.js';

export interface ScoreInput {
  /**
   * The lead as a plain record of its fields (`{ source: '广告', totalVisits: 3 }`), for callers
   * that hold one (the simulator's history rows, the CLI): a feature on `lead.<field>` reads
   * `record[field]` directly. Reading each feature through a path look-up was a third of a score.
   * Features on any other path, or every feature when there is no record, go through `fact`.
   */
  record?: Readonly<Record<string, unknown>>;
  /** Reads a fact path as conditions do (`lead.source`); undefined/null/'' are "missing". */
  fact?: (path: string) => unknown;
  /**
   * The lead's activities (only the kind and `at` are read); needed by activity-count features.
   * The kind is `type` (the simulator's history) or `kind` (the engine's state records).
   */
  activities?: ReadonlyArray<{ type?: string; kind?: string; at: string | number }>;
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
  /**
   * The score plus only the `top` largest pushes that moved the score at all (points ≠ 0), in
   * `explain`'s order: what a decision's explanation names, without building the rest.
   */
  explainTop(input: ScoreInput, top: number): ScoreResult & { contributions: ScoreContribution[] };
}

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
const isMissing = (v: unknown): boolean => v === undefined || v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v));

/** ln(1 + n) for the small counts activity features see: Math.log1p is a runtime call, a table read is not. */
const LOG1P = Float64Array.from({ length: 64 }, (_, n) => Math.log1p(n));
const log1pCount = (n: number): number => (n < 64 ? LOG1P[n]! : Math.log1p(n));

/**
 * What one scoring of a model with activity features counts in one pass over the lead's
 * activities: per activity feature, how many fell in its window. Kept on the compiled model and
 * refilled per call (scoring is synchronous), so a score allocates no list.
 */
interface Scratch {
  /** Activities counted per activity feature, or −1 when the window cannot be read (no creation instant / no list). */
  counts: Int32Array;
}

/** One feature: its log-odds for the lead; its value as read goes to `shown[i]` (for the explanation). */
type Term = (input: ScoreInput, s: Scratch, shown: unknown[], i: number) => number;

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

/** A non-text category value as text: an object from a stray payload must not throw (`{ toString: 0 }`). */
function textOf(v: unknown): string {
  if (typeof v !== 'object' && typeof v !== 'function') return String(v);
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return typeof v;
  }
}

/**
 * How a feature reads its fact: from the record when there is one and the path is `lead.<field>`,
 * else by path. A record is flat (history attributes): without `fact`, `lead.a.b` is its field
 * `a.b`; with `fact` (the engine, where the lead may nest), a nested path is read by path.
 */
function readerOf(path: string): (input: ScoreInput) => unknown {
  if (!path.startsWith('lead.')) return (input) => input.fact?.(path);
  const field = path.slice('lead.'.length);
  const nested = field.includes('.');
  // A field a plain object inherits (`constructor`, `toString`) is the lead's only when its own.
  const inherited = field in Object.prototype;
  return (input) => {
    const record = input.record;
    if (record === undefined || (nested && input.fact !== undefined)) return input.fact?.(path);
    return inherited && !Object.hasOwn(record, field) ? undefined : record[field];
  };
}

function compileTerm(f: ModelFeature, activityIndex: number): Term {
  switch (f.kind) {
    case 'numeric': {
      const { weight, mean, scale, missingWeight, min, max } = f;
      const log = f.transform === 'log1p';
      const read = readerOf(f.fact);
      return (input, _s, shown, i) => {
        let v = numberOf(read(input));
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
      const read = readerOf(f.fact);
      return (input, _s, shown, i) => {
        const raw = read(input);
        if (isMissing(raw)) {
          shown[i] = null;
          return missingWeight;
        }
        const value = typeof raw === 'string' ? raw : textOf(raw);
        shown[i] = value;
        return levels.get(value) ?? otherWeight;
      };
    }
    case 'flag': {
      const { weight, missingWeight } = f;
      const read = readerOf(f.fact);
      return (input, _s, shown, i) => {
        const raw = read(input);
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
      const { weight, mean, scale, missingWeight } = f;
      const log = f.transform === 'log1p';
      return (_input, s, shown, i) => {
        const n = s.counts[activityIndex]!;
        if (n < 0) {
          shown[i] = null;
          return missingWeight;
        }
        shown[i] = n;
        const x = log ? log1pCount(n) : n;
        return (weight * (x - mean)) / scale;
      };
    }
  }
}

type ActivityFeature = Extract<ModelFeature, { kind: 'activityCount' }>;

/**
 * Counts every activity feature's window in one pass: each activity's instant is read once
 * (reading instants was most of a score's time), and only when some feature counts its kind.
 */
function countActivities(features: readonly ActivityFeature[], input: ScoreInput, counts: Int32Array): void {
  const start = instantMs(input.createdAt);
  const list = input.activities;
  if (!list || !Number.isFinite(start)) {
    counts.fill(-1);
    return;
  }
  counts.fill(0);
  const now = input.now ?? Number.POSITIVE_INFINITY;
  const m = features.length;
  for (let k = 0; k < list.length; k++) {
    const a = list[k]!;
    const kind = a.type ?? a.kind;
    let at = 0;
    let read = false;
    for (let j = 0; j < m; j++) {
      const f = features[j]!;
      if (f.activityType !== undefined && f.activityType !== kind) continue;
      if (!read) {
        at = instantMs(a.at);
        read = true;
        // Not yet happened when scored, or before the lead: no window counts it.
        if (!(at >= start && at <= now)) break;
      }
      if (at <= start + f.withinHours * 3_600_000) counts[j]!++;
    }
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

/** Largest push first; plain code-unit order breaks ties (localeCompare cost more than the rest of an explanation). */
const byPush = (a: ScoreContribution, b: ScoreContribution): number => Math.abs(b.points) - Math.abs(a.points) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Compiles a model (already parsed by `scoreModelSchema`) for repeated scoring. */
export function compileScoreModel(model: ScoreModel): CompiledScoreModel {
  const activityFeatures = model.features.filter((f): f is ActivityFeature => f.kind === 'activityCount');
  let nextActivity = 0;
  const terms = model.features.map((f) => compileTerm(f, f.kind === 'activityCount' ? nextActivity++ : -1));
  const count = terms.length;
  const scratch: Scratch = { counts: new Int32Array(activityFeatures.length) };
  const shown: unknown[] = new Array(count).fill(null);
  const logits = new Float64Array(count);
  const points = new Float64Array(count);
  const cal = model.calibration;
  const calibrate = cal ? (z: number) => sigmoid(cal.a * z + cal.b) : sigmoid;
  const result = (z: number): ScoreResult => {
    const probability = calibrate(z);
    return { probability, score: Math.round(probability * 1000) / 10, logit: z };
  };
  const logitOf = (input: ScoreInput, keep: boolean): number => {
    if (activityFeatures.length > 0) countActivities(activityFeatures, input, scratch.counts);
    let z = model.intercept;
    for (let i = 0; i < count; i++) {
      const t = terms[i]!(input, scratch, shown, i);
      if (keep) logits[i] = t;
      z += t;
    }
    return z;
  };
  /** Fills `points` (the 0–100 score as it is minus with feature i at an average lead's value) for the last logitOf. */
  const pushes = (z: number, p: number): void => {
    for (let i = 0; i < count; i++) points[i] = Math.round((p - calibrate(z - (logits[i]! - model.features[i]!.reference))) * 1000) / 10;
  };
  const contribution = (i: number): ScoreContribution => {
    const f = model.features[i]!;
    return { id: f.id, label: f.label, value: shown[i] as ScoreContribution['value'], points: points[i]!, logit: logits[i]! - f.reference };
  };
  return {
    model,
    score(input) {
      return result(logitOf(input, false));
    },
    explain(input) {
      const z = logitOf(input, true);
      const out = result(z);
      pushes(z, out.probability);
      const contributions: ScoreContribution[] = new Array(count);
      for (let i = 0; i < count; i++) contributions[i] = contribution(i);
      contributions.sort(byPush);
      return { ...out, contributions };
    },
    explainTop(input, top) {
      const z = logitOf(input, true);
      const out = result(z);
      pushes(z, out.probability);
      // Picks the largest pushes one by one: a decision names a few of a model's features, and
      // sorting every feature's contribution object was most of an explanation's cost.
      const picked: ScoreContribution[] = [];
      const taken = new Uint8Array(count);
      while (picked.length < top) {
        let best = -1;
        for (let i = 0; i < count; i++) {
          if (taken[i] || points[i] === 0) continue;
          if (best < 0) best = i;
          else {
            const d = Math.abs(points[i]!) - Math.abs(points[best]!);
            if (d > 0 || (d === 0 && model.features[i]!.id < model.features[best]!.id)) best = i;
          }
        }
        if (best < 0) break;
        taken[best] = 1;
        picked.push(contribution(best));
      }
      return { ...out, contributions: picked };
    },
  };
}
