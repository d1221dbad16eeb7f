/**
 * Amounts, numbers and yes/no values as exports write them: ¥1,234.50, $1,234, 1.234,56 €,
 * 12 345 元, 人民币1.2万元, $1.5M, 是/否. Anything not clearly a number is rejected, never guessed.
 *
 * "1.234" and "1,234" read two ways: one thousand and some, or one and a fraction. Which way is a
 * column's convention (its decimal mark), decided by the values that read only one way
 * (numberColumns.ts) or set in the mapping; a value alone reads "." as the decimal point.
 */
import type { Words } from '../types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; reason: Words };
/** The character a column writes between a number's whole part and its fraction. */
export type DecimalMark = '.' | ',';

const PREFIX = /^(?:US\$|HK\$|人民币|RMB|CNY|USD|EUR|GBP|HKD|JPY|[¥￥$€£])\s*/i;
const SUFFIX = /\s*(?:元|圆|块|RMB|CNY|USD|EUR|GBP|HKD|JPY|[¥￥$€£])$/i;
/** 1.2万, 3亿, 12.5k, $1.5M (a CRM's short form of a million), 2MM, 1.5百万. */
const SCALE = /\s*(万|亿|千|百万|千万|k|m|mm)$/i;
const SCALES: Record<string, number> = { 万: 1e4, 亿: 1e8, 千: 1e3, 百万: 1e6, 千万: 1e7, k: 1e3, m: 1e6, mm: 1e6 };
/**
 * The currency a sign or code names. ¥ and ￥ are the yuan: the exports that write them are
 * Chinese CRMs' (a yen amount says JPY).
 */
const CURRENCIES: Record<string, string> = {
  '¥': 'CNY',
  '￥': 'CNY',
  元: 'CNY',
  圆: 'CNY',
  块: 'CNY',
  人民币: 'CNY',
  rmb: 'CNY',
  cny: 'CNY',
  $: 'USD',
  us$: 'USD',
  usd: 'USD',
  hk$: 'HKD',
  hkd: 'HKD',
  '€': 'EUR',
  eur: 'EUR',
  '£': 'GBP',
  gbp: 'GBP',
  jpy: 'JPY',
};

const NOT_A_NUMBER: Words = { en: 'is not a number', zh: '不是数字' };

/** A number's digits read with each decimal mark (undefined: that mark cannot read them), its sign, scale and currency. */
interface NumberText {
  dot: string | undefined;
  comma: string | undefined;
  negative: boolean;
  scale: number;
  currency: string | undefined;
}

function numberText(raw: string): NumberText | undefined {
  let v = raw.normalize('NFKC').trim();
  let negative = false;
  if (/^\(.*\)$/.test(v)) {
    negative = true;
    v = v.slice(1, -1).trim();
  }
  if (/^[-−]/.test(v)) {
    negative = true;
    v = v.slice(1).trim();
  } else if (v.startsWith('+')) v = v.slice(1).trim();
  let currency: string | undefined;
  const prefix = PREFIX.exec(v);
  if (prefix) {
    currency = CURRENCIES[prefix[0].trim().toLowerCase()];
    v = v.slice(prefix[0].length);
  }
  const suffix = SUFFIX.exec(v);
  if (suffix) {
    currency ??= CURRENCIES[suffix[0].trim().toLowerCase()];
    v = v.slice(0, suffix.index);
  }
  if (/^[-−]/.test(v)) {
    // "¥-100": the sign after the currency.
    negative = true;
    v = v.slice(1).trim();
  }
  let scale = 1;
  const unit = SCALE.exec(v);
  if (unit && unit.index > 0) {
    scale = SCALES[unit[1]!.toLowerCase()]!;
    v = v.slice(0, unit.index);
  }
  const read = readings(v);
  return read.dot === undefined && read.comma === undefined ? undefined : { ...read, negative, scale, currency };
}

/**
 * The plain digits (one "." at most) `v` stands for when "." is the decimal mark and when "," is;
 * undefined where the separators make no number under that mark.
 */
function readings(v: string): { dot: string | undefined; comma: string | undefined } {
  // No separator, or an exponent: the same either way.
  if (/^\d+$/.test(v) || /^\d+e[+-]?\d+$/i.test(v)) return { dot: v, comma: v };
  // 1.234 / 1,234: one group of three after one to three digits reads both ways.
  if (/^\d{1,3}\.\d{3}$/.test(v)) return { dot: v, comma: v.replace('.', '') };
  if (/^\d{1,3},\d{3}$/.test(v)) return { dot: v.replace(',', ''), comma: v.replace(',', '.') };
  // 1234.5 / .5 / 1.5e3: a decimal point.
  if (/^\d*\.\d+$/.test(v) || /^\d+(\.\d+)?e[+-]?\d+$/i.test(v)) return { dot: v, comma: undefined };
  // 1,234,567 / 1,234.56: comma thousands.
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) return { dot: v.replaceAll(',', ''), comma: undefined };
  // 1.234.567 / 1.234,56 / 1,5: dot thousands, a decimal comma.
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(v) || /^\d{1,3}(\.\d{3})*,\d+$/.test(v) || /^\d+,\d{1,2}$/.test(v))
    return { dot: undefined, comma: v.replaceAll('.', '').replace(',', '.') };
  // 12 345 / 12'345, and 12 345,50 or 12 345.50: space or apostrophe thousands.
  const spaced = /^\d{1,3}(?:[ \u00a0\u202f'’]\d{3})+(?:([.,])\d+)?$/.exec(v);
  if (spaced) {
    const digits = v.replace(/[ \u00a0\u202f'’]/g, '');
    if (spaced[1] === undefined) return { dot: digits, comma: digits };
    return spaced[1] === '.' ? { dot: digits, comma: undefined } : { dot: undefined, comma: digits.replace(',', '.') };
  }
  return { dot: undefined, comma: undefined };
}

/**
 * What a column's pass reads of one value: its currency, and how its separators read — only with
 * "." as the decimal mark, only with ",", either way to different numbers ("1.234"), or the same
 * either way ("1234", "12 345").
 */
export function numberEvidence(raw: string): { currency: string | undefined; reads: 'dot' | 'comma' | 'either' | 'same' } | undefined {
  const t = numberText(raw);
  if (t === undefined) return undefined;
  const reads = t.comma === undefined ? 'dot' : t.dot === undefined ? 'comma' : Number(t.dot) === Number(t.comma) ? 'same' : 'either';
  return { currency: t.currency, reads };
}

/**
 * `allowNegative: false` for amounts: a negative deal is a refund or a typo, never revenue.
 * `mark`: the column's decimal mark; without one "." is the decimal point where the value could
 * read either way. `ambiguous: 'reject'` rejects a value that reads two ways (a column mixing both
 * conventions cannot say which it meant).
 */
export function parseNumber(raw: string, allowNegative: boolean, mark?: DecimalMark, ambiguous: 'read' | 'reject' = 'read'): Parsed<number> {
  const t = numberText(raw);
  if (t === undefined) return { ok: false, code: 'bad-number', reason: NOT_A_NUMBER };
  if (ambiguous === 'reject' && t.dot !== undefined && t.comma !== undefined && Number(t.dot) !== Number(t.comma))
    return {
      ok: false,
      code: 'ambiguous-number',
      reason: {
        en: 'reads two ways and the column writes numbers both as 1,234.56 and as 1.234,56: set decimalMark in the mapping',
        zh: '有两种读法，而该列既有 1,234.56 又有 1.234,56 的写法：请在映射文件中设置 decimalMark',
      },
    };
  const body = mark === ',' ? t.comma : mark === '.' ? t.dot : (t.dot ?? t.comma);
  if (body === undefined)
    return {
      ok: false,
      code: 'other-decimal-mark',
      reason:
        mark === ','
          ? { en: 'writes "." as its decimal point, but the column\'s decimal mark is ","', zh: '以“.”作小数点，但该列的小数点是“,”' }
          : { en: 'writes "," as its decimal point, but the column\'s decimal mark is "."', zh: '以“,”作小数点，但该列的小数点是“.”' },
    };
  // Rounded to 6 decimals so 1.2万 is 12000, not 12000.000000000002.
  const value = Math.round(Number(body) * t.scale * 1e6) / 1e6;
  if (!Number.isFinite(value)) return { ok: false, code: 'bad-number', reason: NOT_A_NUMBER };
  if (t.negative && value !== 0 && !allowNegative)
    return { ok: false, code: 'negative-amount', reason: { en: 'is negative: an amount must be 0 or more', zh: '为负数：金额须大于或等于 0' } };
  return { ok: true, value: t.negative && value !== 0 ? -value : value };
}

const TRUE = new Set(['true', 'yes', 'y', '1', '是', '真', '有', '√', '✓', '✔', 't', '对']);
const FALSE = new Set(['false', 'no', 'n', '0', '否', '假', '无', '×', '✗', '✘', 'f', '错']);

export function parseBoolean(raw: string): Parsed<boolean> {
  const v = raw.normalize('NFKC').trim().toLowerCase();
  if (TRUE.has(v)) return { ok: true, value: true };
  if (FALSE.has(v)) return { ok: true, value: false };
  return {
    ok: false,
    code: 'bad-boolean',
    reason: { en: 'is not yes/no (true/false, yes/no, 是/否, 1/0)', zh: '不是是/否值（true/false、yes/no、是/否、1/0）' },
  };
}
