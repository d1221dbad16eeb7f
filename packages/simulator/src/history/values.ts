/**
 * Amounts, numbers and yes/no values as exports write them: ¥1,234.50, $1,234, 1.234,56 €,
 * 12 345 元, 人民币1.2万元, $1.5M, 是/否. Anything not clearly a number is rejected, never guessed.
 */
import type { Words } from '../types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; code: string; reason: Words };

const PREFIX = /^(?:US\$|HK\$|人民币|RMB|CNY|USD|EUR|GBP|HKD|JPY|[¥￥$€£])\s*/i;
const SUFFIX = /\s*(?:元|圆|块|RMB|CNY|USD|EUR|GBP|HKD|JPY|[¥￥$€£])$/i;
/** 1.2万, 3亿, 12.5k, $1.5M (a CRM's short form of a million), 2MM, 1.5百万. */
const SCALE = /\s*(万|亿|千|百万|千万|k|m|mm)$/i;
const SCALES: Record<string, number> = { 万: 1e4, 亿: 1e8, 千: 1e3, 百万: 1e6, 千万: 1e7, k: 1e3, m: 1e6, mm: 1e6 };

const NOT_A_NUMBER: Words = { en: 'is not a number', zh: '不是数字' };

/** `allowNegative: false` for amounts: a negative deal is a refund or a typo, never revenue. */
export function parseNumber(raw: string, allowNegative: boolean): Parsed<number> {
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
  v = v.replace(PREFIX, '').replace(SUFFIX, '');
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
  const body = plainDigits(v);
  if (body === undefined) return { ok: false, code: 'bad-number', reason: NOT_A_NUMBER };
  // Rounded to 6 decimals so 1.2万 is 12000, not 12000.000000000002.
  const value = Math.round(Number(body) * scale * 1e6) / 1e6;
  if (!Number.isFinite(value)) return { ok: false, code: 'bad-number', reason: NOT_A_NUMBER };
  if (negative && value !== 0 && !allowNegative)
    return { ok: false, code: 'negative-amount', reason: { en: 'is negative: an amount must be 0 or more', zh: '为负数：金额须大于或等于 0' } };
  return { ok: true, value: negative && value !== 0 ? -value : value };
}

/** The digits with one decimal point, or undefined when the separators do not make one number. */
function plainDigits(v: string): string | undefined {
  if (/^\d+(\.\d+)?$/.test(v) || /^\.\d+$/.test(v)) return v;
  if (/^\d+(\.\d+)?e[+-]?\d+$/i.test(v)) return v;
  // 1,234 / 1,234,567.89: comma thousands.
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(v)) return v.replaceAll(',', '');
  // 1.234.567 / 1.234,56: dot thousands, comma decimals (a lone 1.234 is read above as 1.234).
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(v) || /^\d{1,3}(\.\d{3})*,\d+$/.test(v)) return v.replaceAll('.', '').replace(',', '.');
  // 12 345 / 12'345 / 12 345,50: space or apostrophe thousands.
  const spaced = /^\d{1,3}([ \u00a0\u202f'’]\d{3})+([.,]\d+)?$/.exec(v);
  if (spaced) return v.replace(/[ \u00a0\u202f'’]/g, '').replace(',', '.');
  // 1,5 / 12,50: a decimal comma (three digits after it would be thousands, read above).
  if (/^\d+,\d{1,2}$/.test(v)) return v.replace(',', '.');
  return undefined;
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
