import { z } from 'zod';

/**
 * The one translator of schema (zod) issues into Chinese, for the server's field errors, the
 * compiler's errors and the editor alike. zod's own locales are used per call: the global zod
 * config (English) is left alone, so every English message stays exactly what zod (or a schema's
 * custom message) says.
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
 * One issue in both languages: zod's English (a custom message kept as is) and its Chinese.
 * `input` is the value that was validated: zod drops each issue's input once the English message
 * is written, and the Chinese "received …" needs it back.
 */
export function schemaIssueMessage(issue: SchemaIssue, input?: unknown): { en: string; zh: string } {
  return { en: issue.message, zh: schemaIssueZh(issue, input) };
}

/** One issue in Chinese. */
export function schemaIssueZh(issue: SchemaIssue, input?: unknown): string {
  // A custom message written in both languages ("English / 中文") already has its Chinese half.
  const own = bilingualZh(issue.message);
  if (own) return own;
  return render(chinese, withInput(issue, input)) ?? '无效输入';
}

const CJK = /[\u4e00-\u9fff]/;

function bilingualZh(message: string): string | undefined {
  const parts = message.split(' / ');
  if (parts.length < 2) return undefined;
  const zh = parts.slice(1).join(' / ').trim();
  return CJK.test(zh) && !CJK.test(parts[0]!) ? zh : undefined;
}

/** Representative values of the type names zod's English "received …" uses. */
const SAMPLE: Record<string, unknown> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  number: 0,
  string: '',
  boolean: false,
  bigint: 0n,
  symbol: Symbol('sample'),
  undefined: undefined,
  null: null,
  array: [],
  object: {},
  function: () => undefined,
};

/** The issue with its input put back (read at the issue's path in the validated value). */
function withInput(issue: SchemaIssue, root: unknown): RawIssue {
  const raw = (input: unknown) => ({ ...issue, input }) as unknown as RawIssue;
  if ('input' in issue) return raw(issue.input);
  const found = raw(valueAt(root, issue.path));
  if (issue.code !== 'invalid_type' || render(english, found) === issue.message) return found;
  // The value zod saw was not the one sent (a coercion turned "abc" into NaN): take the type its
  // English message names, so both languages say the same thing.
  const received = /, received (\S+)$/.exec(issue.message)?.[1];
  return received !== undefined && Object.hasOwn(SAMPLE, received) ? raw(SAMPLE[received]) : found;
}

function render(locale: z.core.$ZodErrorMap, issue: RawIssue): string | undefined {
  const out = locale(issue);
  return (typeof out === 'string' ? out : out?.message) || undefined;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}
