import { wallTimeToInstant } from '../format/format.js';
import type { CellKind } from './columns.js';
import { dayWords } from './days.js';

export interface Bilingual {
  en: string;
  zh: string;
}

export type CellResult = { ok: true; value: unknown } | { ok: false; error: Bilingual } | { ok: true; empty: true };

const EMPTY: CellResult = { ok: true, empty: true };
const fail = (en: string, zh: string): CellResult => ({ ok: false, error: { en, zh } });

/**
 * One pasted cell as the value the API takes. Spreadsheet habits are read as meant: thousands
 * separators, full-width digits, 是/否, a percentage for a rate, a list split on commas or 、.
 */
export function readCell(kind: CellKind, raw: string, timeZone = 'UTC'): CellResult {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return EMPTY;
  switch (kind) {
    case 'text':
    case 'zone':
      return { ok: true, value: text };
    case 'number':
    case 'int': {
      const n = readNumber(text);
      if (n === undefined) return fail(`"${text}" is not a number`, `“${text}”不是数字`);
      if (kind === 'int' && !Number.isInteger(n)) return fail(`"${text}" is not a whole number`, `“${text}”不是整数`);
      return { ok: true, value: n };
    }
    case 'bool': {
      const b = BOOLEANS[text.toLowerCase()];
      if (b === undefined)
        return fail(`"${text}" is not yes/no (use 是/否, yes/no, true/false or 1/0)`, `“${text}”不是“是/否”（可填 是/否、yes/no、true/false 或 1/0）`);
      return { ok: true, value: b };
    }
    case 'list':
      return { ok: true, value: splitList(text) };
    case 'shifts':
      return readShifts(text);
    case 'instant': {
      if (/(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && Number.isFinite(Date.parse(text))) return { ok: true, value: text.replace(' ', 'T') };
      const wall = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(text);
      const iso = wall ? wallTimeToInstant(`${wall[1]}-${pad(wall[2]!)}-${pad(wall[3]!)}T${pad(wall[4] ?? '0')}:${wall[5] ?? '00'}`, timeZone) : undefined;
      if (!iso) return fail(`"${text}" is not a date (e.g. 2026-03-02 or 2026-03-02 09:30)`, `“${text}”不是日期（如 2026-03-02 或 2026-03-02 09:30）`);
      return { ok: true, value: iso.replace('.000Z', 'Z') };
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return fail(`"${short(text)}" is not JSON`, `“${short(text)}”不是 JSON`);
      }
  }
}

const BOOLEANS: Record<string, boolean> = {
  true: true,
  false: false,
  yes: true,
  no: false,
  y: true,
  n: false,
  '1': true,
  '0': false,
  是: true,
  否: false,
  在职: true,
  离职: false,
  启用: true,
  停用: false,
  有效: true,
  无效: false,
  '✓': true,
  '✗': false,
};

/** 1,234 · 1 234 · 1，234 · 12.5 · 83% (as 0.83); a comma that does not group thousands is refused, not guessed. */
export function readNumber(text: string): number | undefined {
  let t = text.replace(/[\s\u00a0]/g, '');
  let scale = 1;
  if (t.endsWith('%')) {
    scale = 0.01;
    t = t.slice(0, -1);
  }
  if (/[,，]/.test(t)) {
    if (!/^[-+]?\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?$/.test(t)) return undefined;
    t = t.replace(/[,，]/g, '');
  }
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(t)) return undefined;
  const n = Number(t) * scale;
  // 83% is 0.83, not 0.8300000000000001.
  return scale === 1 ? n : Math.round(n * 1e10) / 1e10;
}

export function splitList(text: string): string[] {
  return text
    .split(/[,，、;；|\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export interface Shift {
  days: number[];
  start: string;
  end: string;
}

const DAY_NAMES: Record<string, number> = {
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
  sun: 7,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
};

/** "1-5 09:00-18:00; 6 10:00-14:00", "周一至周五 09:00-18:00", "Mon-Fri 9:00-18:00", or the JSON. */
export function readShifts(text: string): CellResult {
  if (text.startsWith('[')) return readCell('json', text);
  const shifts: Shift[] = [];
  for (const part of text
    .split(/[;；|\n]/)
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = /^(.+?)\s*(\d{1,2}:\d{2})\s*[-–~至到]\s*(\d{1,2}:\d{2})$/.exec(part);
    const days = m ? readDays(m[1]!) : undefined;
    if (!m || !days) {
      return fail(
        `"${part}" is not a shift: write days and hours, e.g. Mon–Fri 09:00-18:00 or 1-5 09:00-18:00 (1 = Monday)`,
        `“${part}”不是班次：请写星期与时间，如 周一至周五 09:00-18:00（1 = 周一）`,
      );
    }
    shifts.push({ days, start: clock(m[2]!), end: clock(m[3]!) });
  }
  return { ok: true, value: shifts };
}

function readDays(text: string): number[] | undefined {
  // The words the table writes for several days (周末, every day …), alone or among other days.
  const words = dayWords();
  const whole = words.get(text.trim().toLowerCase());
  if (whole) return whole;
  const days = new Set<number>();
  for (const token of text.split(/[,，、/\s]+/).filter(Boolean)) {
    const word = words.get(token.toLowerCase());
    if (word) {
      for (const d of word) days.add(d);
      continue;
    }
    const range = token.split(/[-–~至到]/);
    if (range.length > 2) return undefined;
    const from = day(range[0]!);
    const to = range.length === 2 ? day(range[1]!) : from;
    if (from === undefined || to === undefined || to < from) return undefined;
    for (let d = from; d <= to; d++) days.add(d);
  }
  return days.size > 0 ? [...days].sort((a, b) => a - b) : undefined;
}

function day(token: string): number | undefined {
  const t = token
    .trim()
    .toLowerCase()
    .replace(/^(周|星期|礼拜)/, '');
  if (/^[1-7]$/.test(t)) return Number(t);
  return DAY_NAMES[t.slice(0, 3)] ?? DAY_NAMES[t];
}

function clock(text: string): string {
  const [h, m] = text.split(':');
  return `${pad(h!)}:${m}`;
}

/** Shifts as numbered days ("1-5 09:00-18:00"), the language-neutral form the paste also reads; screens use days.ts's shiftsLabel. */
export function shiftsText(shifts: Shift[] | undefined): string {
  if (!shifts?.length) return '';
  return shifts.map((s) => `${daysText(s.days)} ${s.start}-${s.end}`).join('; ');
}

function daysText(days: number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return runs.join(',');
}

function pad(s: string): string {
  return s.padStart(2, '0');
}

function short(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
