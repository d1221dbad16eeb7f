/**
 * A model's features compiled into one table of same-shaped rows, evaluated by one loop with a
 * switch: a closure per feature made every call site see fifteen different functions, and the
 * scoring's reads and calls went megamorphic. Score and explanation share this one evaluation.
 */
import { instantMs } from './instant.js';
import type { ModelFeature } from './model.js';
import type { ScoreInput } from './score.js';

const NUMERIC = 0;
const CATEGORY = 1;
const FLAG = 2;
const ACTIVITY = 3;

/** One feature as the scoring loop reads it; every row has every field, so all rows share one shape. */
export interface FeatureRow {
  kind: number;
  /** The fact path (`lead.source`); '' for an activity count. */
  path: string;
  /** The record's field for a `lead.<field>` path, or '' when the fact is read by path only. */
  field: string;
  /** `lead.a.b`: with a `fact` function it is read by path (the engine's leads nest). */
  nested: boolean;
  /** The field is one a plain object inherits (`constructor`): the record has it only when its own. */
  inherited: boolean;
  weight: number;
  mean: number;
  scale: number;
  min: number;
  max: number;
  log: boolean;
  missingWeight: number;
  otherWeight: number;
  levels: Map<string, number> | null;
  /** Activity counts: the type counted (undefined: any), the window, and the slot in the counts. */
  activityType: string | undefined;
  windowMs: number;
  activity: number;
}

/** Per-call scratch kept on the compiled model (scoring is synchronous): nothing is allocated per score. */
export interface Scratch {
  /** Activities counted per activity feature, or −1 when the window cannot be read (no creation instant / no list). */
  counts: Int32Array;
  /** The value the last evaluated feature read, for the explanation (null: missing). */
  shown: string | number | boolean | null;
}

export function featureRows(features: readonly ModelFeature[]): FeatureRow[] {
  let activity = 0;
  return features.map((f): FeatureRow => {
    const path = f.kind === 'activityCount' ? '' : f.fact;
    const field = path.startsWith('lead.') ? path.slice('lead.'.length) : '';
    return {
      kind: f.kind === 'numeric' ? NUMERIC : f.kind === 'category' ? CATEGORY : f.kind === 'flag' ? FLAG : ACTIVITY,
      path,
      field,
      nested: field.includes('.'),
      inherited: field !== '' && field in Object.prototype,
      weight: f.kind === 'category' ? 0 : f.weight,
      mean: f.kind === 'numeric' || f.kind === 'activityCount' ? f.mean : 0,
      scale: f.kind === 'numeric' || f.kind === 'activityCount' ? f.scale : 1,
      min: f.kind === 'numeric' && f.min !== undefined ? f.min : Number.NEGATIVE_INFINITY,
      max: f.kind === 'numeric' && f.max !== undefined ? f.max : Number.POSITIVE_INFINITY,
      log: (f.kind === 'numeric' || f.kind === 'activityCount') && f.transform === 'log1p',
      missingWeight: f.missingWeight,
      otherWeight: f.kind === 'category' ? f.otherWeight : 0,
      levels: f.kind === 'category' ? new Map(f.levels.map((l) => [l.value, l.weight])) : null,
      activityType: f.kind === 'activityCount' ? f.activityType : undefined,
      windowMs: f.kind === 'activityCount' ? f.withinHours * 3_600_000 : 0,
      activity: f.kind === 'activityCount' ? activity++ : -1,
    };
  });
}

/**
 * How a feature reads its fact: from the record when there is one and the path is `lead.<field>`,
 * else by path. A record is flat (history attributes): without `fact`, `lead.a.b` is its field
 * `a.b`; with `fact` (the engine, where the lead may nest), a nested path is read by path.
 */
function read(f: FeatureRow, input: ScoreInput): unknown {
  const record = input.record;
  if (record === undefined || f.field === '' || (f.nested && input.fact !== undefined)) return input.fact?.(f.path);
  return f.inherited && !Object.hasOwn(record, f.field) ? undefined : record[f.field];
}

const isMissing = (v: unknown): boolean => v === undefined || v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v));

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

/** ln(1 + n) for the small counts activity features see: Math.log1p is a runtime call, a table read is not. */
const LOG1P = Float64Array.from({ length: 64 }, (_, n) => Math.log1p(n));
const log1pCount = (n: number): number => (n < 64 ? LOG1P[n]! : Math.log1p(n));

/** One feature's log-odds for the lead; the value it read goes to `s.shown`. */
export function termOf(f: FeatureRow, input: ScoreInput, s: Scratch): number {
  if (f.kind === ACTIVITY) {
    const n = s.counts[f.activity]!;
    if (n < 0) {
      s.shown = null;
      return f.missingWeight;
    }
    s.shown = n;
    return (f.weight * ((f.log ? log1pCount(n) : n) - f.mean)) / f.scale;
  }
  const raw = read(f, input);
  if (f.kind === NUMERIC) {
    let v = numberOf(raw);
    if (!Number.isFinite(v)) {
      s.shown = null;
      return f.missingWeight;
    }
    s.shown = v;
    if (v < f.min) v = f.min;
    if (v > f.max) v = f.max;
    if (f.log) v = Math.log1p(Math.max(v, 0));
    return (f.weight * (v - f.mean)) / f.scale;
  }
  if (isMissing(raw)) {
    s.shown = null;
    return f.missingWeight;
  }
  if (f.kind === CATEGORY) {
    const value = typeof raw === 'string' ? raw : textOf(raw);
    s.shown = value;
    return f.levels!.get(value) ?? f.otherWeight;
  }
  const on = raw === true || raw === 1 || (typeof raw === 'string' && /^(true|yes|y|1|是)$/i.test(raw.trim()));
  s.shown = on;
  return on ? f.weight : 0;
}

/**
 * Counts every activity window in one pass: each activity's instant is read once (reading
 * instants was most of a score's time), and only when some feature counts its kind.
 */
export function countActivities(windows: readonly FeatureRow[], input: ScoreInput, counts: Int32Array): void {
  const start = instantMs(input.createdAt);
  const list = input.activities;
  if (!list || !Number.isFinite(start)) {
    counts.fill(-1);
    return;
  }
  counts.fill(0);
  const now = input.now ?? Number.POSITIVE_INFINITY;
  const m = windows.length;
  for (let k = 0; k < list.length; k++) {
    const a = list[k]!;
    const kind = a.type ?? a.kind;
    let at = 0;
    let read = false;
    for (let j = 0; j < m; j++) {
      const f = windows[j]!;
      if (f.activityType !== undefined && f.activityType !== kind) continue;
      if (!read) {
        at = instantMs(a.at);
        read = true;
        // Not yet happened when scored, or before the lead: no window counts it.
        if (!(at >= start && at <= now)) break;
      }
      if (at <= start + f.windowMs) counts[j]!++;
    }
  }
}
