/**
 * Scoring with a smart-score model: compile once (level maps, closures), then score many leads.
 * Pure: the caller says how to read a fact and which activities the lead had by `now`.
 */
import { countActivities, featureRows, type Scratch, termOf } from './features.js';
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
  const rows = featureRows(model.features);
  const windows = rows.filter((f) => f.activity >= 0);
  const count = rows.length;
  const scratch: Scratch = { counts: new Int32Array(windows.length), shown: null };
  const shown: Array<string | number | boolean | null> = new Array(count).fill(null);
  const logits = new Float64Array(count);
  const points = new Float64Array(count);
  const cal = model.calibration;
  const calibrate = cal ? (z: number) => sigmoid(cal.a * z + cal.b) : sigmoid;
  const result = (z: number): ScoreResult => {
    const probability = calibrate(z);
    return { probability, score: Math.round(probability * 1000) / 10, logit: z };
  };
  const logitOf = (input: ScoreInput, keep: boolean): number => {
    if (windows.length > 0) countActivities(windows, input, scratch.counts);
    let z = model.intercept;
    for (let i = 0; i < count; i++) {
      const t = termOf(rows[i]!, input, scratch);
      if (keep) {
        logits[i] = t;
        shown[i] = scratch.shown;
      }
      z += t;
    }
    return z;
  };
  /** Fills `points` (the 0–100 score as it is minus with feature i at an average lead's value) for the last logitOf. */
  const pushes = (z: number, p: number): void => {
    for (let i = 0; i < count; i++) points[i] = Math.round((p - calibrate(z - (logits[i]! - model.features[i]!.reference))) * 1000) / 10;
  };
  /**
   * Whether feature i's push is named before j's (after the last `pushes`): the larger first, plain
   * code-unit order of ids between equals (localeCompare cost more than the rest of an explanation).
   */
  const before = (i: number, j: number): boolean => {
    const d = Math.abs(points[i]!) - Math.abs(points[j]!);
    return d > 0 || (d === 0 && model.features[i]!.id < model.features[j]!.id);
  };
  const contribution = (i: number): ScoreContribution => {
    const f = model.features[i]!;
    return { id: f.id, label: f.label, value: shown[i]!, points: points[i]!, logit: logits[i]! - f.reference };
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
      const order = Array.from({ length: count }, (_, i) => i).sort((i, j) => (before(i, j) ? -1 : before(j, i) ? 1 : 0));
      return { ...out, contributions: order.map(contribution) };
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
        for (let i = 0; i < count; i++) if (!taken[i] && points[i] !== 0 && (best < 0 || before(i, best))) best = i;
        if (best < 0) break;
        taken[best] = 1;
        picked.push(contribution(best));
      }
      return { ...out, contributions: picked };
    },
  };
}
