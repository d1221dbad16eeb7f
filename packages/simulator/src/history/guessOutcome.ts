/**
 * Which column says whether a lead was won, and what its raw values mean. Marketing exports often
 * have no status column but a flag (Converted 0/1, 是否转化 是/否): a yes/no column counts when its
 * name speaks of winning or converting, and its yes becomes won, its no lost (shown to correct).
 * Without an outcome a history trains nothing, so a column with a won value beats one without.
 */
import type { Words } from '../types.js';
import { headerKey } from './synonyms.js';
import { classify, OUTCOME_WORDS } from './valueWords.js';
import { parseBoolean } from './values.js';

export type OutcomeValues = { won: string[]; lost: string[]; open: string[] };

export interface OutcomePick {
  column: string;
  confidence: 'high' | 'low';
  outcomeValues: OutcomeValues;
  notes: Words[];
}

/** Header words that make a yes/no column an outcome: yes means won … */
const WON_NAME = /convert|won|^win|iswin|closedwon|success|purchas|成交|转化|赢单|签约|成功|购买|付费|下单/;
/** … or, for these, yes means lost. */
const LOST_NAME = /lost|churn|输单|丢单|流失/;
/** More distinct values than this is a free-text column, not a status. */
const MAX_LEVELS = 40;

interface Read {
  column: string;
  values: OutcomeValues;
  unknown: string[];
  flag: 'won' | 'lost' | undefined;
  hasEmpty: boolean;
}

function read(column: string, cells: string[]): Read | undefined {
  const distinct = [...new Set(cells.map((v) => v.trim()))];
  const hasEmpty = distinct.includes('');
  const raw = distinct.filter((v) => v !== '');
  if (raw.length === 0 || raw.length > MAX_LEVELS) return undefined;
  const key = headerKey(column);
  const flag = LOST_NAME.test(key) ? 'lost' : WON_NAME.test(key) ? 'won' : undefined;
  const binary = flag !== undefined && raw.every((v) => parseBoolean(v).ok);
  const values: OutcomeValues = { won: [], lost: [], open: [] };
  const unknown: string[] = [];
  for (const v of raw) {
    if (binary) {
      const yes = (parseBoolean(v) as { value: boolean }).value;
      if (flag === 'won') values[yes ? 'won' : 'lost'].push(v);
      else values[yes ? 'lost' : 'open'].push(v);
      continue;
    }
    const kind = classify(v, OUTCOME_WORDS);
    if (kind) values[kind].push(v);
    else unknown.push(v);
  }
  return { column, values, unknown, flag: binary ? flag : undefined, hasEmpty };
}

/**
 * `named`: the column a status header name matched (exact or contained). Every column is read;
 * one counts when it was named, is a yes/no flag named for winning, or all its values are outcome words.
 */
export function pickOutcome(
  headers: readonly string[],
  free: (column: string) => boolean,
  cells: (column: string) => string[],
  named: { column: string; confidence: 'high' | 'low' } | undefined,
): OutcomePick | undefined {
  let best: { r: Read; score: number[] } | undefined;
  for (const column of headers) {
    if (column !== named?.column && !free(column)) continue;
    const r = read(column, cells(column));
    if (!r) continue;
    const kinds = (['won', 'lost', 'open'] as const).filter((k) => r.values[k].length > 0).length;
    const nameScore = column === named?.column ? (named.confidence === 'high' ? 3 : 2) : r.flag ? 2 : 1;
    if (nameScore === 1 && (r.unknown.length > 0 || kinds < 2)) continue;
    if (column !== named?.column && r.values.won.length === 0 && r.flag !== 'lost') continue;
    const score = [r.values.won.length > 0 ? 1 : 0, r.unknown.length === 0 ? 1 : 0, nameScore];
    if (!best || compare(score, best.score) > 0) best = { r, score };
  }
  if (!best) return undefined;
  const { r } = best;
  const notes: Words[] = [];
  const low = best.score[2]! < 3 || r.unknown.length > 0;
  if (r.flag === 'won')
    notes.push({
      en: `"${r.column}" read as the outcome: ${list(r.values.won)} → won, ${list(r.values.lost)} → lost; move the "no" values to outcomeValues.open if some of those leads are still being worked`,
      zh: `“${r.column}”被当作结果列：${list(r.values.won)} → 赢单，${list(r.values.lost)} → 输单；如其中有仍在跟进的线索，请把“否”类取值移到 outcomeValues.open`,
    });
  else if (r.flag === 'lost')
    notes.push({
      en: `"${r.column}" read as the outcome: ${list(r.values.lost)} → lost, ${list(r.values.open)} → open: check it`,
      zh: `“${r.column}”被当作结果列：${list(r.values.lost)} → 输单，${list(r.values.open)} → 跟进中：请核对`,
    });
  else if (r.column !== named?.column)
    notes.push({
      en: `"${r.column}" read as the outcome because its values are won/lost/open words: check outcomeValues`,
      zh: `“${r.column}”的取值是赢单/输单/跟进中等词，因此被当作结果列：请核对 outcomeValues`,
    });
  for (const v of r.unknown)
    notes.push({
      en: `outcomeValues: could not tell what "${v}" means: add it to one of the lists (or it rejects its rows)`,
      zh: `outcomeValues：无法判断“${v}”的含义：请把它加入其中一个列表（否则这些行会被拒绝）`,
    });
  if (r.hasEmpty) {
    r.values.open.push('');
    notes.push({ en: 'empty outcome cells are read as open ("" in outcomeValues.open)', zh: '状态为空的单元格视为跟进中（outcomeValues.open 中的 ""）' });
  }
  return { column: r.column, confidence: low ? 'low' : 'high', outcomeValues: r.values, notes };
}

const list = (vs: string[]) => (vs.length ? vs.map((v) => `"${v}"`).join(', ') : '(none)');

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
