import { z } from 'zod';
import type { Labels } from '../types/decision.js';

/**
 * The one translator of schema (zod) issues into words a sales-ops user reads, in English and
 * Chinese, for the compiler's errors (and so the editor's problems list), the server's field
 * errors and the policy tests alike. The place (node, field path) is shown beside a message, so a
 * message says only what is wrong: "must be 0 or more" / "不能小于 0", "required" / "必填".
 *
 * A schema's own message is kept (its Chinese half too, when it is written "English / 中文").
 * zod's locales are used only for an issue of a kind not worded here, and per call: the global zod
 * config (English) is left alone, so `issue.message` stays what zod (or the schema) says.
 */
const english = z.locales.en().localeError;
const chinese = z.locales.zhCN().localeError;

export type SchemaIssue = z.core.$ZodIssue;
type RawIssue = z.core.$ZodRawIssue;

/** Where in the validated value an issue is, e.g. `items[1].weight` (empty for the value itself). */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

/** The same as a JSON path, e.g. `$.items[1].weight` (`$` is the whole value). */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/** A field path under a base JSON path: `$.nodes[2].data` + `teams` → `$.nodes[2].data.teams`. */
export function joinPath(base: string, field: string): string {
  if (field === '') return base;
  return field.startsWith('[') ? base + field : `${base}.${field}`;
}

/**
 * One issue in both languages. `input` is the value that was validated: zod drops each issue's
 * input, and "required" (a field left out) or a coerced query parameter ("abc" read as NaN) is
 * told from it.
 */
export function schemaIssueMessage(issue: SchemaIssue, input?: unknown): Labels {
  const { en, zh } = describe(issue, { root: input, base: [] });
  return { en, zh };
}

/** One issue in Chinese (the Chinese of schemaIssueMessage). */
export function schemaIssueZh(issue: SchemaIssue, input?: unknown): string {
  return schemaIssueMessage(issue, input).zh;
}

/** What an issue is read against: the validated value, and where the issue's own path starts in it (a union's branch). */
interface Where {
  root: unknown;
  base: readonly PropertyKey[];
}

/** Words for an issue; `generic` when they say no more than "not valid". */
type Words = Labels & { generic?: boolean };

function describe(issue: SchemaIssue, where: Where): Words {
  const ours = plain(issue, where);
  if (isZodDefault(issue)) return ours ?? zodWords(issue, where);
  // The schema's own message.
  const halves = bilingual(issue.message);
  if (halves) return halves;
  if (CJK.test(issue.message)) return { en: ours && !ours.generic ? ours.en : issue.message, zh: issue.message };
  const zh = ours ? ours.zh : zodWords(issue, where).zh;
  // "取值无效" alone would hide what the English says: it is given with it.
  return { en: issue.message, zh: !ours || ours.generic ? `${zh}（${issue.message}）` : zh };
}

/** zod's English for a wrong type: the received type is read from it (zod saw the value; we may not have it). */
const ZOD_WRONG_TYPE = /^Invalid input: expected .+, received (\S+)$/;

/** Whether the message is zod's own (in either locale), not one the schema set. */
function isZodDefault(issue: SchemaIssue): boolean {
  if (issue.code === 'invalid_type') return ZOD_WRONG_TYPE.test(issue.message);
  const raw = issue as unknown as RawIssue;
  return issue.message === render(english, raw) || issue.message === render(chinese, raw);
}

const CJK = /[\u4e00-\u9fff]/;

/**
 * A message written in both languages, "English / 中文": split at the first " / " whose English
 * half has no Chinese, else at the last one followed by Chinese (an English half may quote a
 * Chinese team name).
 */
function bilingual(message: string): Labels | undefined {
  const cuts: number[] = [];
  for (let i = message.indexOf(' / '); i >= 0; i = message.indexOf(' / ', i + 1)) cuts.push(i);
  const at = (i: number) => ({ en: message.slice(0, i).trim(), zh: message.slice(i + 3).trim() });
  const halves = cuts.map(at).filter((h) => h.en !== '' && CJK.test(h.zh));
  return halves.find((h) => !CJK.test(h.en)) ?? halves.at(-1);
}

// --- our words -----------------------------------------------------------------------------

/** A type a value must be, after "must be" / "必须是". */
const EXPECTED: Record<string, Labels> = {
  string: { en: 'text', zh: '文本' },
  number: { en: 'a number', zh: '数字' },
  int: { en: 'a whole number', zh: '整数' },
  bigint: { en: 'a whole number', zh: '整数' },
  boolean: { en: 'true or false', zh: 'true 或 false' },
  array: { en: 'a list', zh: '列表' },
  tuple: { en: 'a list', zh: '列表' },
  object: { en: 'a set of fields', zh: '一组字段' },
  record: { en: 'a set of fields', zh: '一组字段' },
  date: { en: 'a date', zh: '日期' },
};

/** A type a value was, after "not" / "而不是". */
const RECEIVED: Record<string, Labels> = {
  string: { en: 'text', zh: '文本' },
  number: { en: 'a number', zh: '数字' },
  bigint: { en: 'a number', zh: '数字' },
  boolean: { en: 'true/false', zh: '布尔值（true/false）' },
  array: { en: 'a list', zh: '列表' },
  object: { en: 'a set of fields', zh: '一组字段' },
  null: { en: 'empty (null)', zh: '空值（null）' },
  NaN: { en: 'NaN (not a number)', zh: 'NaN（非数字）' },
  Infinity: { en: 'infinity', zh: '无穷大' },
  '-Infinity': { en: 'minus infinity', zh: '负无穷大' },
  date: { en: 'a date', zh: '日期' },
  function: { en: 'a function', zh: '函数' },
};

const REQUIRED: Words = { en: 'required', zh: '必填' };

/** Our words for an issue, or undefined for a kind not worded here (zod's locales say it then). */
function plain(issue: SchemaIssue, where: Where): Words | undefined {
  const i = issue as unknown as Record<string, unknown>;
  switch (issue.code) {
    case 'invalid_type':
      return wrongType(issue.expected, received(issue, where), () => missing(where, issue.path));
    case 'too_small':
    case 'too_big':
      return size(issue.code === 'too_small' ? 'min' : 'max', issue.origin, i.minimum ?? i.maximum, issue.inclusive !== false, i.exact === true);
    case 'invalid_value': {
      const one = oneOf(issue.values);
      return missing(where, issue.path) ? { en: `required; ${one.en}`, zh: `必填；${one.zh}` } : one;
    }
    case 'unrecognized_keys': {
      const keys = issue.keys;
      return { en: `unknown field${keys.length > 1 ? 's' : ''}: ${keys.join(', ')}`, zh: `无法识别的字段：${keys.join('、')}` };
    }
    case 'invalid_format':
      return format(issue);
    case 'not_multiple_of':
      return multipleOf(issue.divisor);
    case 'invalid_union':
      return union(issue, where);
    case 'invalid_key': {
      const inner = joined(issue.issues.map((sub) => describe(sub, { root: undefined, base: [] })));
      return { en: `field name: ${inner.en}`, zh: `字段名：${inner.zh}` };
    }
    case 'invalid_element': {
      const inner = joined(issue.issues.map((sub) => describe(sub, { root: where.root, base: [...where.base, ...issue.path] })));
      return { en: `value: ${inner.en}`, zh: `值：${inner.zh}` };
    }
    case 'custom':
      return { en: 'is not valid', zh: '取值无效', generic: true };
    default:
      return undefined;
  }
}

/** The type zod received, as its English named it (or as the value read now); a coerced text read as NaN is text. */
function received(issue: SchemaIssue & { code: 'invalid_type' }, where: Where): string | undefined {
  const value = valueAt(where, issue.path);
  const named = (issue as { received?: unknown }).received;
  const type = typeof named === 'string' ? named : (ZOD_WRONG_TYPE.exec(issue.message)?.[1] ?? (where.root === undefined ? undefined : typeName(value)));
  if (type === 'NaN' && where.root !== undefined && !(typeof value === 'number')) return missing(where, issue.path) ? 'undefined' : typeName(value);
  return type;
}

function wrongType(expected: string, got: string | undefined, isMissing: () => boolean): Words | undefined {
  if (got === 'undefined' || (got === undefined && isMissing())) return REQUIRED;
  const want = EXPECTED[expected];
  if (!want) return undefined;
  // 1.5 where a whole number is wanted: a number all the same, only not whole.
  const was = (expected === 'int' || expected === 'bigint') && got === 'number' ? undefined : got === undefined ? undefined : RECEIVED[got];
  return was
    ? { en: `must be ${want.en}, not ${was.en}`, zh: zhCat('必须是', want.zh, '，而不是', was.zh) }
    : { en: `must be ${want.en}`, zh: zhCat('必须是', want.zh) };
}

/** Chinese run together, with a space where a Chinese character meets a Latin word or a number ("必须是 true 或 false"). */
function zhCat(...parts: string[]): string {
  let out = '';
  for (const p of parts) {
    if (p === '') continue;
    const gap = out !== '' && ((CJK.test(out.at(-1)!) && /^[\w"]/.test(p)) || (/[\w"]$/.test(out) && CJK.test(p[0]!)));
    out += gap ? ` ${p}` : p;
  }
  return out;
}

/** What a count is of, per origin: characters of text, items of a list. */
const COUNTED: Record<string, { one: string; many: string; zh: string; list: boolean }> = {
  string: { one: 'character', many: 'characters', zh: '个字符', list: false },
  array: { one: 'item', many: 'items', zh: '项', list: true },
  set: { one: 'item', many: 'items', zh: '项', list: true },
  map: { one: 'entry', many: 'entries', zh: '项', list: true },
};

function size(side: 'min' | 'max', origin: string | undefined, bound: unknown, inclusive: boolean, exact: boolean): Words | undefined {
  if (typeof bound !== 'number' && typeof bound !== 'bigint') return undefined;
  const counted = origin === undefined ? undefined : COUNTED[origin];
  if (counted) {
    // A count is whole: "more than 2" is "at least 3".
    const n = Number(bound) + (inclusive || exact ? 0 : side === 'min' ? 1 : -1);
    const unit = n === 1 ? counted.one : counted.many;
    if (exact)
      return counted.list
        ? { en: `exactly ${n} ${unit}`, zh: `必须正好 ${n} ${counted.zh}` }
        : { en: `must be exactly ${n} ${unit}`, zh: `必须正好 ${n} ${counted.zh}` };
    if (side === 'max' && n <= 0) return { en: 'must be empty', zh: '必须为空' };
    if (side === 'min' && !counted.list && n <= 1) return { en: 'must not be empty', zh: '不能为空' };
    if (counted.list)
      return side === 'min' ? { en: `at least ${n} ${unit}`, zh: `至少 ${n} ${counted.zh}` } : { en: `at most ${n} ${unit}`, zh: `最多 ${n} ${counted.zh}` };
    return side === 'min'
      ? { en: `must be at least ${n} ${unit}`, zh: `至少 ${n} ${counted.zh}` }
      : { en: `must be at most ${n} ${unit}`, zh: `不能超过 ${n} ${counted.zh}` };
  }
  if (origin === 'date') {
    const d = new Date(Number(bound));
    if (Number.isNaN(d.getTime())) return undefined;
    const v = d.toISOString();
    if (side === 'min') return inclusive ? { en: `must be ${v} or later`, zh: `不能早于 ${v}` } : { en: `must be after ${v}`, zh: `必须晚于 ${v}` };
    return inclusive ? { en: `must be ${v} or earlier`, zh: `不能晚于 ${v}` } : { en: `must be before ${v}`, zh: `必须早于 ${v}` };
  }
  if (origin !== undefined && origin !== 'number' && origin !== 'int' && origin !== 'bigint') return undefined;
  const v = String(bound);
  if (exact) return { en: `must be ${v}`, zh: `必须等于 ${v}` };
  if (side === 'min') return inclusive ? { en: `must be ${v} or more`, zh: `不能小于 ${v}` } : { en: `must be more than ${v}`, zh: `必须大于 ${v}` };
  return inclusive ? { en: `must be ${v} or less`, zh: `不能大于 ${v}` } : { en: `must be less than ${v}`, zh: `必须小于 ${v}` };
}

/** An allowed value as a user types it: plain, quoted only when it would not read as one (empty, spaced, with a comma). */
function shown(v: unknown): string {
  if (typeof v === 'string') return v === '' || /^\s|\s$|[,、]/.test(v) ? JSON.stringify(v) : v;
  return typeof v === 'bigint' ? v.toString() : String(v);
}

function oneOf(values: readonly unknown[]): Words {
  if (values.length === 1) return { en: `must be ${shown(values[0])}`, zh: `只能是 ${shown(values[0])}` };
  const list = values.map(shown);
  return { en: `must be one of: ${list.join(', ')}`, zh: `只能是以下之一：${list.join('、')}` };
}

/** Formats a sales-ops user meets, with an example to type; others are said by zod's locale. */
const FORMATS: Record<string, Labels> = {
  // Generic: a schema's own message for its pattern is shown beside it in Chinese too.
  regex: { en: 'is not in the expected format', zh: '格式不正确' },
  email: { en: 'must be an email address', zh: '必须是电子邮件地址' },
  url: { en: 'must be a web address (URL)', zh: '必须是网址（URL）' },
  datetime: { en: 'must be a date and time, e.g. 2026-03-02T10:00:00Z', zh: '必须是日期时间，如 2026-03-02T10:00:00Z' },
  date: { en: 'must be a date, e.g. 2026-03-02', zh: '必须是日期，如 2026-03-02' },
  time: { en: 'must be a time of day, e.g. 09:30', zh: '必须是时刻，如 09:30' },
  duration: { en: 'must be an ISO 8601 duration, e.g. P7D', zh: '必须是 ISO 8601 时长，如 P7D' },
  lowercase: { en: 'must be lower-case', zh: '必须全部小写' },
  uppercase: { en: 'must be upper-case', zh: '必须全部大写' },
  uuid: { en: 'must be a UUID', zh: '必须是 UUID' },
  guid: { en: 'must be a GUID', zh: '必须是 GUID' },
};

function format(issue: SchemaIssue & { code: 'invalid_format' }): Words | undefined {
  const i = issue as unknown as Record<string, unknown>;
  switch (issue.format) {
    case 'starts_with':
      return { en: `must start with "${String(i.prefix)}"`, zh: `必须以“${String(i.prefix)}”开头` };
    case 'ends_with':
      return { en: `must end with "${String(i.suffix)}"`, zh: `必须以“${String(i.suffix)}”结尾` };
    case 'includes':
      return { en: `must contain "${String(i.includes)}"`, zh: `必须包含“${String(i.includes)}”` };
    case 'regex':
      return { ...FORMATS.regex!, generic: true };
    default:
      return Object.hasOwn(FORMATS, issue.format) ? FORMATS[issue.format] : undefined;
  }
}

function multipleOf(divisor: number | bigint): Words {
  const d = Number(divisor);
  if (d === 1) return { en: 'must be a whole number', zh: '必须是整数' };
  // 0.01: a number of decimal places, not "a multiple of 0.01".
  const places = d > 0 && d < 1 ? Math.round(-Math.log10(d)) : 0;
  if (places > 0 && places <= 12 && 10 ** -places === d) {
    return { en: `at most ${places} decimal place${places > 1 ? 's' : ''}`, zh: `最多 ${places} 位小数` };
  }
  return { en: `must be a multiple of ${String(divisor)}`, zh: `必须是 ${String(divisor)} 的倍数` };
}

/**
 * A value that matched no form of a union. A discriminator names its allowed values; a value
 * whose type fits one form only is told what is wrong in that form ("unit: must be one of: …");
 * a value of a type no form takes is told the types ("must be a whole number or a set of fields").
 */
function union(issue: SchemaIssue & { code: 'invalid_union' }, where: Where): Words {
  const i = issue as unknown as { options?: unknown; inclusive?: unknown };
  if (Array.isArray(i.options) && i.options.length > 0) {
    const one = oneOf(i.options);
    return missing(where, issue.path) ? { en: `required; ${one.en}`, zh: `必填；${one.zh}` } : one;
  }
  if (i.inclusive === false) return { en: 'fits more than one of the allowed forms', zh: '同时符合多种允许的格式，无法确定' };
  const generic: Words = { en: 'does not match any of the allowed forms', zh: '不符合任何一种允许的格式', generic: true };
  const branches = issue.errors;
  if (branches.length === 0) return generic;
  const inner: Where = { root: where.root, base: [...where.base, ...issue.path] };
  const misses = (b: readonly SchemaIssue[]) =>
    b.some((s) => s.path.length === 0 && (s.code === 'invalid_value' || (s.code === 'invalid_type' && !wholeOnly(s, inner))));
  const fitting = branches.filter((b) => !misses(b));
  if (fitting.length === 1) {
    const said = fitting[0]!.map((s) => {
      const w = describe(s, inner);
      const at = fieldPath(s.path);
      return at === '' ? w : { en: `${at}: ${w.en}`, zh: `${at}：${w.zh}` };
    });
    return joined(said);
  }
  if (fitting.length > 0 || !branches.every((b) => b.length === 1)) return generic;
  // Each form refused the value at once, for its type or value: say what the forms take.
  const takes: Labels[] = [];
  let got: string | undefined;
  for (const [s] of branches) {
    if (s!.code === 'invalid_value') takes.push(...s!.values.map((v) => ({ en: shown(v), zh: shown(v) })));
    else if (s!.code === 'invalid_type' && EXPECTED[s!.expected]) {
      takes.push(EXPECTED[s!.expected]!);
      got = received(s!, inner);
    } else return generic;
  }
  if (got === 'undefined' || missing(where, issue.path)) return REQUIRED;
  const en = [...new Set(takes.map((t) => t.en))];
  const zh = [...new Set(takes.map((t) => t.zh))];
  const list = {
    en: en.length === 1 ? en[0]! : `${en.slice(0, -1).join(', ')} or ${en.at(-1)!}`,
    zh: zhCat(...zh.flatMap((z, n) => (n === 0 ? [z] : ['或', z]))),
  };
  const was = got === undefined ? undefined : RECEIVED[got];
  return was
    ? { en: `must be ${list.en}, not ${was.en}`, zh: zhCat('必须是', list.zh, '，而不是', was.zh) }
    : { en: `must be ${list.en}`, zh: zhCat('必须是', list.zh) };
}

/** A number where a whole one is wanted: the form fits, only the value is not whole. */
function wholeOnly(s: SchemaIssue & { code: 'invalid_type' }, where: Where): boolean {
  return (s.expected === 'int' || s.expected === 'bigint') && received(s, where) === 'number';
}

function joined(words: readonly Words[]): Words {
  if (words.length === 1) return words[0]!;
  return { en: words.map((w) => w.en).join('; '), zh: words.map((w) => w.zh).join('；'), generic: words.every((w) => w.generic) };
}

// --- reading the validated value -------------------------------------------------------------

/** The value at an issue's path (under the union branch it is in), undefined when not there or not known. */
function valueAt(where: Where, path: readonly PropertyKey[]): unknown {
  let v = where.root;
  for (const key of [...where.base, ...path]) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** Whether the issue is about a field left out of an object that is there (not a value sent as null, not an unknown input). */
function missing(where: Where, path: readonly PropertyKey[]): boolean {
  const full = [...where.base, ...path];
  if (where.root === undefined || full.length === 0) return false;
  const parent = valueAt({ root: where.root, base: [] }, full.slice(0, -1));
  if (parent === null || typeof parent !== 'object' || Array.isArray(parent)) return false;
  const key = full.at(-1)!;
  return !Object.hasOwn(parent, key) || (parent as Record<PropertyKey, unknown>)[key] === undefined;
}

/** zod's name for a value's type, as its English "received …" says it. */
function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Date) return 'date';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : Number.isFinite(v) ? 'number' : String(v);
  return typeof v;
}

// --- zod's own locales, for a kind of issue not worded above ---------------------------------

function zodWords(issue: SchemaIssue, where: Where): Words {
  return { en: issue.message, zh: render(chinese, withInput(issue, where)) ?? '取值无效', generic: true };
}

/** The issue with its input put back (zod drops it; its Chinese "received …" needs it). */
function withInput(issue: SchemaIssue, where: Where): RawIssue {
  if ('input' in issue) return issue as unknown as RawIssue;
  return { ...issue, input: valueAt(where, issue.path) } as unknown as RawIssue;
}

function render(locale: z.core.$ZodErrorMap, issue: RawIssue): string | undefined {
  const out = locale(issue);
  return (typeof out === 'string' ? out : out?.message) || undefined;
}
