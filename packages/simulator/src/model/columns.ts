/**
 * Every mapped lead attribute is a candidate feature. This file reads what kind of value each one
 * holds and drops, with a reason, the ones that cannot be used or would leak the outcome; what is
 * left goes to the encoders (encode.ts). The statistical check (one column alone predicting the
 * outcome almost perfectly) needs a fit, so it lives in leakage.ts.
 */
import type { JsonValue } from '@sluice/engine';
import type { HistoryLead, Words } from '../types.js';
import { type DroppedFeature, dropReason } from './reasons.js';
import type { LabelledLead } from './rows.js';

export type ValueKind = 'number' | 'category' | 'flag' | 'date';

export interface Candidate {
  /** The attribute key: the fact is `lead.<key>`. */
  key: string;
  label: Words;
  kind: ValueKind;
}

export interface ColumnContext {
  /** Attribute key → the export column it reads (from the mapping), for labels and the mapping check. */
  columns: Record<string, string>;
  /** Export columns the mapping uses for outcome, close date, amount and owner. */
  outcomeColumns: Array<{ field: 'outcome' | 'closedAt' | 'amount' | 'owner'; column: string }>;
  horizonHours: number;
  minLevelCount: number;
  exclude: ReadonlySet<string>;
  /** Keys the user says are known at scoring time: the leak checks do not drop them. */
  include: ReadonlySet<string>;
}

export const isMissing = (v: unknown): boolean => v === undefined || v === null || v === '' || (typeof v === 'number' && !Number.isFinite(v));
const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
/** The engine's flag reading (score.ts): these mean yes; the NO list only decides that a text column is a yes/no column. */
export const FLAG_YES = /^(true|yes|y|1|是)$/i;
const FLAG_ANY = /^(true|false|yes|no|y|n|1|0|是|否)$/i;

/**
 * Leak words, matched against the key split into words and the column name. English words whole,
 * Chinese as substrings. Stage/status/amount are recorded as a deal progresses; won/lost/closed are
 * the outcome itself.
 */
const LEAK_WORDS_EN = /\b(stages?|status|won|wins?|lost|loss|closed?|closing|amount|revenue|converted|conversion|outcome|result|deal)\b/i;
const LEAK_WORDS_ZH = /(成交|赢单|输单|阶段|状态|金额|签约|转化|结果|关单|回款)/;
const OUTCOME_VALUE = /\b(closed|won|lost|converted|deal)\b|成交|赢单|输单|已签约/i;
const ID_WORDS = /\b(id|number|no|code|uuid)\b|编号|号码|单号/i;

/** `lastNotableActivity` → `last notable activity`, so word boundaries work on keys. */
export const words = (key: string): string =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .toLowerCase();

function leakWord(text: string): string | undefined {
  return LEAK_WORDS_EN.exec(words(text))?.[1] ?? LEAK_WORDS_ZH.exec(text)?.[1];
}

function kindOf(values: readonly JsonValue[]): ValueKind {
  if (values.every((v) => typeof v === 'number')) return 'number';
  if (values.every((v) => typeof v === 'boolean')) return 'flag';
  const texts = values.map(String);
  if (texts.every((t) => ISO_INSTANT.test(t) && Number.isFinite(Date.parse(t)))) return 'date';
  const distinct = new Set(texts.map((t) => t.trim().toLowerCase()));
  if (distinct.size === 2 && [...distinct].every((t) => FLAG_ANY.test(t))) return 'flag';
  return 'category';
}

/** Candidate features from the training leads; every attribute not kept is in `dropped` with its reason. */
export function profileColumns(
  train: readonly LabelledLead[],
  all: readonly HistoryLead[],
  ctx: ColumnContext,
): { candidates: Candidate[]; dropped: DroppedFeature[] } {
  // Mapped columns count even when every cell is empty: the report then says so instead of staying silent.
  const keys = new Set<string>(Object.keys(ctx.columns));
  for (const lead of all) for (const k of Object.keys(lead.attributes)) keys.add(k);
  const candidates: Candidate[] = [];
  const dropped: DroppedFeature[] = [];
  const leakColumns = new Map(ctx.outcomeColumns.map((c) => [c.column, c.field]));
  for (const key of [...keys].sort()) {
    const column = ctx.columns[key];
    const label: Words = { en: column ?? key, zh: column ?? key };
    const drop = (code: DroppedFeature['code'], reason: Words) => dropped.push({ id: key, label, code, reason });
    const trusted = ctx.include.has(key);
    if (ctx.exclude.has(key)) {
      drop('excluded', dropReason.excluded());
      continue;
    }
    const field = column === undefined ? undefined : leakColumns.get(column);
    if (field !== undefined && column !== undefined) {
      drop('leak-mapping', dropReason.leakMapping(field, column));
      continue;
    }
    const word = leakWord(key) ?? (column === undefined ? undefined : leakWord(column));
    if (word !== undefined && !trusted) {
      drop('leak-name', dropReason.leakName(word));
      continue;
    }
    const present = train.map((r) => r.lead.attributes[key]).filter((v): v is JsonValue => !isMissing(v));
    const missingShare = train.length === 0 ? 1 : 1 - present.length / train.length;
    if (missingShare > 0.95) {
      drop('mostly-missing', dropReason.mostlyMissing(missingShare));
      continue;
    }
    const kind = kindOf(present);
    if (kind === 'date') {
      const late = lateShare(train, key, ctx.horizonHours);
      if (late > 0.01 && !trusted) drop('leak-time', dropReason.leakTime(late, ctx.horizonHours));
      else drop('date', dropReason.date());
      continue;
    }
    const distinct = new Set(present.map((v) => String(v)));
    if (distinct.size < 2 && missingShare === 0) {
      drop('constant', dropReason.constant());
      continue;
    }
    if (looksLikeId(kind, key, column, distinct.size, present.length)) {
      drop('id-or-text', dropReason.idOrText(distinct.size, present.length));
      continue;
    }
    if (!trusted) {
      const fill = fillLeak(all, key);
      if (fill) {
        drop('leak-fill', dropReason.leakFill(fill.closed, fill.open));
        continue;
      }
      if (kind === 'category') {
        const named = outcomeNamedLevel(train, key, ctx.minLevelCount);
        if (named) {
          drop('leak-values', dropReason.leakValues(named.level, named.purity));
          continue;
        }
      }
    }
    candidates.push({ key, label, kind });
  }
  return { candidates, dropped };
}

function lateShare(train: readonly LabelledLead[], key: string, horizonHours: number): number {
  let late = 0;
  let n = 0;
  for (const r of train) {
    const v = r.lead.attributes[key];
    if (typeof v !== 'string') continue;
    n++;
    if (Date.parse(v) > r.created + horizonHours * 3_600_000) late++;
  }
  return n === 0 ? 0 : late / n;
}

function looksLikeId(kind: ValueKind, key: string, column: string | undefined, levels: number, rows: number): boolean {
  if (rows < 20) return false;
  if (kind === 'category') return levels >= 0.5 * rows;
  if (kind === 'number') return levels >= 0.99 * rows || (levels >= 0.9 * rows && (ID_WORDS.test(words(key)) || ID_WORDS.test(column ?? '')));
  return false;
}

/** Filled for most closed leads but rarely for open ones: sales fills it in when a lead closes. */
function fillLeak(all: readonly HistoryLead[], key: string): { closed: number; open: number } | undefined {
  let closed = 0;
  let closedFilled = 0;
  let open = 0;
  let openFilled = 0;
  for (const lead of all) {
    const filled = !isMissing(lead.attributes[key]);
    if (lead.outcome === 'open') {
      open++;
      if (filled) openFilled++;
    } else {
      closed++;
      if (filled) closedFilled++;
    }
  }
  if (open < 20 || closed < 20) return undefined;
  const c = closedFilled / closed;
  const o = openFilled / open;
  return c >= 0.3 && o <= 0.25 * c ? { closed: c, open: o } : undefined;
}

/** A frequent value that names an outcome ("Closed by Horizzon") and is nearly all one outcome. */
function outcomeNamedLevel(train: readonly LabelledLead[], key: string, minCount: number): { level: string; purity: number } | undefined {
  const counts = new Map<string, { n: number; won: number }>();
  for (const r of train) {
    const v = r.lead.attributes[key];
    if (isMissing(v)) continue;
    const level = String(v);
    const c = counts.get(level) ?? { n: 0, won: 0 };
    c.n++;
    c.won += r.y;
    counts.set(level, c);
  }
  const floor = Math.min(minCount, 10);
  for (const [level, c] of [...counts].sort((a, b) => b[1].n - a[1].n)) {
    if (c.n < floor || !OUTCOME_VALUE.test(level)) continue;
    const purity = Math.max(c.won, c.n - c.won) / c.n;
    if (purity >= 0.95) return { level, purity };
  }
  return undefined;
}
