// Small pieces the node sentences are made of. No engine import: the sentences are drawn on
// read-only canvases of screens that must not pull the whole engine in.

export type Lang = 'zh' | 'en';
export type Cfg = Record<string, unknown>;

export const obj = (v: unknown): Cfg => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Cfg) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
export const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** `a, b and c` / `a、b、c`; long lists end in "+n". */
export function list(items: unknown[], lang: Lang, max = 3): string {
  const words = items.map(str).filter((s) => s !== '');
  const shown = words.slice(0, max);
  const more = words.length - shown.length;
  const joined = lang === 'zh' ? shown.join('、') : shown.join(', ');
  return more > 0 ? `${joined} +${more}` : joined;
}

const UNITS: Record<string, { one: string; many: string; zh: string }> = {
  minutes: { one: 'minute', many: 'minutes', zh: '分钟' },
  hours: { one: 'hour', many: 'hours', zh: '小时' },
  days: { one: 'day', many: 'days', zh: '天' },
  workingDays: { one: 'working day', many: 'working days', zh: '个工作日' },
};

/** A duration as the engine writes it: a number of days, or `{ value, unit }`; `unit` names a plain number's unit. */
export function duration(v: unknown, lang: Lang, unit = 'days'): string {
  const o = obj(v);
  const value = num(v) ?? num(o.value);
  if (value === undefined) return '?';
  const w = UNITS[str(o.unit) || unit] ?? UNITS.days!;
  return lang === 'zh' ? `${value} ${w.zh}` : `${value} ${value === 1 ? w.one : w.many}`;
}

/** A `{ value, unit }` field when set, else the older plain-number field in `unit`. */
export function durationOf(c: Cfg, field: string, legacy: string, unit: string, lang: Lang): string {
  return c[field] !== undefined ? duration(c[field], lang) : duration(c[legacy], lang, unit);
}

const OPS: Record<string, { en: string; zh: string }> = {
  equal: { en: '=', zh: '=' },
  notEqual: { en: '≠', zh: '≠' },
  in: { en: 'is one of', zh: '属于' },
  notIn: { en: 'is none of', zh: '不属于' },
  contains: { en: 'contains', zh: '包含' },
  doesNotContain: { en: 'does not contain', zh: '不包含' },
  lessThan: { en: '<', zh: '<' },
  lessThanInclusive: { en: '≤', zh: '≤' },
  greaterThan: { en: '>', zh: '>' },
  greaterThanInclusive: { en: '≥', zh: '≥' },
  startsWith: { en: 'starts with', zh: '开头为' },
  endsWith: { en: 'ends with', zh: '结尾为' },
};

function value(v: unknown, lang: Lang): string {
  if (Array.isArray(v)) return `[${list(v, lang, 4)}]`;
  if (typeof v === 'string') return `"${v}"`;
  return str(v) || JSON.stringify(v) || '?';
}

/** A condition (fact test, or all / any / not of them) in words; deep trees are cut short. */
export function condition(v: unknown, lang: Lang, depth = 0): string {
  const c = obj(v);
  if (depth > 2) return '…';
  const zh = lang === 'zh';
  for (const [key, en, cn] of [
    ['all', ' and ', ' 且 '],
    ['any', ' or ', ' 或 '],
  ] as const) {
    if (Array.isArray(c[key])) {
      const parts = (c[key] as unknown[]).map((x) => condition(x, lang, depth + 1));
      if (parts.length === 0) return zh ? '（空条件）' : '(empty)';
      const shown = parts.slice(0, 3).join(zh ? cn : en);
      const joined = parts.length > 3 ? `${shown}${zh ? ` …共 ${parts.length} 项` : ` … ${parts.length} in all`}` : shown;
      return depth > 0 && parts.length > 1 ? `(${joined})` : joined;
    }
  }
  if (c.not !== undefined) return zh ? `非 ${condition(c.not, lang, depth + 1)}` : `not ${condition(c.not, lang, depth + 1)}`;
  const fact = str(c.fact) || '?';
  const op = str(c.operator);
  if (op === 'exists') return c.value === false ? (zh ? `${fact} 为空` : `${fact} is missing`) : zh ? `${fact} 有值` : `${fact} is set`;
  const words = OPS[op];
  return `${fact} ${words ? words[lang] : op || '?'} ${value(c.value, lang)}`;
}
