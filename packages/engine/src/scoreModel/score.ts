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
const toMs = (t: string | number | undefined): number => (t === undefined ? Number.NaN : typeof t === 'number' ? t : Date.parse(t));

type Term = (input: ScoreInput) => { logit: number; value: string | number | boolean | null };

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

function compileTerm(f: ModelFeature): Term {
  switch (f.kind) {
    case 'numeric':
      return (input) => {
        let v = numberOf(input.fact(f.fact));
        if (!Number.isFinite(v)) return { logit: f.missingWeight, value: null };
        const shown = v;
        if (f.min !== undefined && v < f.min) v = f.min;
        if (f.max !== undefined && v > f.max) v = f.max;
        if (f.transform === 'log1p') v = Math.log1p(Math.max(v, 0));
        return { logit: (f.weight * (v - f.mean)) / f.scale, value: shown };
      };
    case 'category': {
      const levels = new Map(f.levels.map((l) => [l.value, l.weight]));
      return (input) => {
        const raw = input.fact(f.fact);
        if (isMissing(raw)) return { logit: f.missingWeight, value: null };
        const value = String(raw);
        return { logit: levels.get(value) ?? f.otherWeight, value };
      };
    }
    case 'flag':
      return (input) => {
        const raw = input.fact(f.fact);
        if (isMissing(raw)) return { logit: f.missingWeight, value: null };
        const on = raw === true || raw === 1 || (typeof raw === 'string' && /^(true|yes|y|1|是)$/i.test(raw.trim()));
        return { logit: on ? f.weight : 0, value: on };
      };
    case 'activityCount': {
      const windowMs = f.withinHours * 3_600_000;
      return (input) => {
        const start = toMs(input.createdAt);
        if (!Number.isFinite(start) || !input.activities) return { logit: f.missingWeight, value: null };
        const end = Math.min(start + windowMs, input.now ?? Number.POSITIVE_INFINITY);
        let n = 0;
        for (const a of input.activities) {
          if (f.activityType !== undefined && (a.type ?? a.kind) !== f.activityType) continue;
          const at = Date.parse(a.at);
          if (at >= start && at <= end) n++;
        }
        const x = f.transform === 'log1p' ? Math.log1p(n) : n;
        return { logit: (f.weight * (x - f.mean)) / f.scale, value: n };
      };
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

/** Compiles a model (already parsed by `scoreModelSchema`) for repeated scoring. */
export function compileScoreModel(model: ScoreModel): CompiledScoreModel {
  const terms = model.features.map(compileTerm);
  const calibrate = model.calibration ? (z: number) => sigmoid(model.calibration!.a * z + model.calibration!.b) : sigmoid;
  const result = (z: number): ScoreResult => {
    const probability = calibrate(z);
    return { probability, score: Math.round(probability * 1000) / 10, logit: z };
  };
  return {
    model,
    score(input) {
      let z = model.intercept;
      for (let i = 0; i < terms.length; i++) z += terms[i]!(input).logit;
      return result(z);
    },
    explain(input) {
      const parts = terms.map((t) => t(input));
      const z = parts.reduce((s, p) => s + p.logit, model.intercept);
      const out = result(z);
      const contributions = parts.map((p, i): ScoreContribution => {
        const f = model.features[i]!;
        const delta = p.logit - f.reference;
        // Points: the 0–100 score with this feature as it is, minus with it at an average lead's value.
        const points = Math.round((calibrate(z) - calibrate(z - delta)) * 1000) / 10;
        return { id: f.id, label: f.label, value: p.value, points, logit: delta };
      });
      contributions.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || a.id.localeCompare(b.id));
      return { ...out, contributions };
    },
  };
}
