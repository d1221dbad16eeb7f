/**
 * Candidates → encoders → design matrix, and back: fitted weights → the model's features. The
 * encoding is exactly what the engine's compiled scorer computes (engine/src/scoreModel/score.ts),
 * so a lead scored in a decision gets the probability it got here:
 * - number: clamped to the training 1st/99th percentile, log1p when the right tail is heavy,
 *   standardised; missing → x = 0 plus its own indicator column (its weight = missingWeight);
 * - category: one column per level seen ≥ minLevelCount times, one for the rest ("other"), one for
 *   missing (each present only when some training lead has it);
 * - flag: 1 when yes; missing gets its own column;
 * - activity count: log1p(count within the horizon), standardised.
 */
import type { ModelFeature, ScoreModel } from '@sluice/engine';
import { quantileSorted, sampleSkewness } from 'simple-statistics';
import type { Words } from '../types.js';
import { type Candidate, FLAG_YES, isMissing } from './columns.js';
import type { LabelledLead } from './rows.js';

const HOUR_MS = 3_600_000;

interface Base {
  id: string;
  label: Words;
  hasMissing: boolean;
}
export type Encoder =
  | (Base & { kind: 'numeric'; key: string; min: number; max: number; transform: 'none' | 'log1p'; mean: number; scale: number })
  | (Base & { kind: 'category'; key: string; levels: string[]; hasOther: boolean })
  | (Base & { kind: 'flag'; key: string })
  | (Base & { kind: 'activityCount'; activityType?: string; withinHours: number; mean: number; scale: number });

export const width = (e: Encoder): number => (e.hasMissing ? 1 : 0) + (e.kind === 'category' ? e.levels.length + (e.hasOther ? 1 : 0) : 1);

function numberOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '') return Number(v);
  return Number.NaN;
}

function meanScale(values: readonly number[]): { mean: number; scale: number } {
  const mean = values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1);
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(values.length, 1);
  return { mean, scale: Math.sqrt(variance) };
}

export function activityCount(r: LabelledLead, withinHours: number, type?: string): number {
  const end = r.created + withinHours * HOUR_MS;
  let n = 0;
  for (const a of r.activities) {
    if (type !== undefined && a.type !== type) continue;
    const at = Date.parse(a.at);
    if (at >= r.created && at <= end) n++;
  }
  return n;
}

/** Builds one encoder from the training rows; undefined when it would carry no information (constant). */
export function buildEncoder(c: Candidate, rows: readonly LabelledLead[], minLevelCount: number): Encoder | undefined {
  const raw = rows.map((r) => r.lead.attributes[c.key]);
  const hasMissing = raw.some(isMissing);
  const base = { id: c.key, key: c.key, label: c.label, hasMissing };
  if (c.kind === 'number') {
    const present = raw
      .filter((v) => !isMissing(v))
      .map(numberOf)
      .filter(Number.isFinite);
    if (present.length === 0) return undefined;
    const sorted = [...present].sort((a, b) => a - b);
    const min = quantileSorted(sorted, 0.01);
    const max = quantileSorted(sorted, 0.99);
    const clamped = present.map((v) => Math.min(Math.max(v, min), max));
    // A long right tail (visits, time on site) would let a few big values set the slope: log1p evens it.
    const skewed = min >= 0 && clamped.length > 2 && sampleSkewness(clamped) > 1;
    const transform = skewed ? 'log1p' : 'none';
    const xs = skewed ? clamped.map((v) => Math.log1p(v)) : clamped;
    const { mean, scale } = meanScale(xs);
    if (!(scale > 1e-9) && !hasMissing) return undefined;
    return { ...base, kind: 'numeric', min, max, transform, mean, scale: scale > 1e-9 ? scale : 1 };
  }
  if (c.kind === 'flag') return { ...base, kind: 'flag' };
  const counts = new Map<string, number>();
  for (const v of raw) if (!isMissing(v)) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  const levels = [...counts]
    .filter(([, n]) => n >= minLevelCount)
    .map(([v]) => v)
    .sort();
  const hasOther = levels.length < counts.size;
  if (levels.length + (hasOther ? 1 : 0) + (hasMissing ? 1 : 0) < 2) return undefined;
  return { ...base, kind: 'category', levels, hasOther };
}

/** Early-behaviour encoders: all activities and each type seen on enough leads, counted within the horizon. */
export function activityEncoders(rows: readonly LabelledLead[], horizonHours: number, minLevelCount: number): Encoder[] {
  if (!(horizonHours > 0)) return [];
  // Types counted on enough leads within the horizon; later ones are never counted, so not features.
  const leadsWithType = new Map<string, number>();
  for (const r of rows) {
    const seen = new Set<string>();
    const end = r.created + horizonHours * HOUR_MS;
    for (const a of r.activities) {
      const at = Date.parse(a.at);
      if (at >= r.created && at <= end) seen.add(a.type);
    }
    for (const t of seen) leadsWithType.set(t, (leadsWithType.get(t) ?? 0) + 1);
  }
  const types = [...leadsWithType]
    .filter(([, n]) => n >= minLevelCount)
    .map(([t]) => t)
    .sort();
  const out: Encoder[] = [];
  const h = horizonHours;
  for (const type of [undefined, ...(types.length > 1 ? types : [])]) {
    const xs = rows.map((r) => Math.log1p(activityCount(r, h, type)));
    const { mean, scale } = meanScale(xs);
    if (!(scale > 1e-9)) continue;
    const label: Words =
      type === undefined ? { en: `activities within ${h} h`, zh: `${h} 小时内跟进次数` } : { en: `${type} within ${h} h`, zh: `${h} 小时内 ${type} 次数` };
    out.push({ id: `${type ?? 'activities'}@${h}h`, label, hasMissing: false, kind: 'activityCount', activityType: type, withinHours: h, mean, scale });
  }
  return out;
}

/** Writes a lead's encoded values for one encoder at `offset`; the slots were zeroed by the caller. */
function encodeInto(e: Encoder, r: LabelledLead, out: Float64Array, offset: number): void {
  if (e.kind === 'activityCount') {
    out[offset] = (Math.log1p(activityCount(r, e.withinHours, e.activityType)) - e.mean) / e.scale;
    return;
  }
  const v = r.lead.attributes[e.key];
  const missingSlot = offset + width(e) - 1;
  if (isMissing(v)) {
    if (e.hasMissing) out[missingSlot] = 1;
    return;
  }
  switch (e.kind) {
    case 'numeric': {
      let x = numberOf(v);
      if (!Number.isFinite(x)) {
        if (e.hasMissing) out[missingSlot] = 1;
        return;
      }
      x = Math.min(Math.max(x, e.min), e.max);
      if (e.transform === 'log1p') x = Math.log1p(Math.max(x, 0));
      out[offset] = (x - e.mean) / e.scale;
      return;
    }
    case 'flag': {
      const on = v === true || v === 1 || (typeof v === 'string' && FLAG_YES.test(v.trim()));
      out[offset] = on ? 1 : 0;
      return;
    }
    case 'category': {
      const i = e.levels.indexOf(String(v));
      if (i >= 0) out[offset + i] = 1;
      else if (e.hasOther) out[offset + e.levels.length] = 1;
      return;
    }
  }
}

export interface Design {
  x: Float64Array;
  y: Uint8Array;
  rows: number;
  columns: number;
}

export function designMatrix(encoders: readonly Encoder[], rows: readonly LabelledLead[]): Design {
  const columns = encoders.reduce((s, e) => s + width(e), 0);
  const x = new Float64Array(rows.length * columns);
  const y = new Uint8Array(rows.length);
  const row = new Float64Array(columns);
  rows.forEach((r, i) => {
    row.fill(0);
    let o = 0;
    for (const e of encoders) {
      encodeInto(e, r, row, o);
      o += width(e);
    }
    x.set(row, i * columns);
    y[i] = r.y;
  });
  return { x, y, rows: rows.length, columns };
}

/** Fitted weights (in design-column order) → the model's features, references still 0. */
export function toModelFeatures(encoders: readonly Encoder[], weights: Float64Array): ModelFeature[] {
  let o = 0;
  const round = (v: number) => Number(v.toPrecision(12));
  return encoders.map((e): ModelFeature => {
    const w = (i: number) => round(weights[o + i]!);
    const missingWeight = e.hasMissing ? w(width(e) - 1) : 0;
    const common = { id: e.id, label: e.label, missingWeight, reference: 0 };
    let f: ModelFeature;
    switch (e.kind) {
      case 'numeric':
        f = {
          ...common,
          kind: 'numeric',
          fact: `lead.${e.key}`,
          transform: e.transform,
          min: round(e.min),
          max: round(e.max),
          mean: round(e.mean),
          scale: round(e.scale),
          weight: w(0),
        };
        break;
      case 'flag':
        f = { ...common, kind: 'flag', fact: `lead.${e.key}`, weight: w(0) };
        break;
      case 'category':
        f = {
          ...common,
          kind: 'category',
          fact: `lead.${e.key}`,
          levels: e.levels.map((value, i) => ({ value, weight: w(i) })),
          otherWeight: e.hasOther ? w(e.levels.length) : 0,
        };
        break;
      case 'activityCount':
        f = {
          ...common,
          kind: 'activityCount',
          ...(e.activityType === undefined ? {} : { activityType: e.activityType }),
          withinHours: e.withinHours,
          transform: 'log1p',
          mean: round(e.mean),
          scale: round(e.scale),
          weight: w(0),
        };
        break;
    }
    o += width(e);
    return f;
  });
}

export type { ScoreModel };
