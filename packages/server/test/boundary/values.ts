/**
 * The boundary table: for one field of an OpenAPI schema, the values at and just past the edges
 * of its type, and the edges of what PostgreSQL (and PGlite) can store behind it. Every value
 * here is tried, one field at a time, inside an otherwise valid request.
 */

/** A JSON schema fragment of the OpenAPI document (already free of `$ref`). */
export type Schema = Record<string, any>;

/** Where a field is sent: in the URL (always a string) or in the JSON body. */
export type Where = 'path' | 'query' | 'body';

/**
 * A number written into the body exactly as given: `-0`, `1e309` and 2^53+1 cannot survive
 * JSON.stringify of a JavaScript number.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

/** The field left out (query and body only). */
export const ABSENT = Symbol('absent');

/** What fits in a URL: Node answers 431 by itself (before the app) past 16 KiB of headers. */
const URL_BYTES_MAX = 8000;
export const fitsInUrl = (value: unknown) => encodeURIComponent(String(value)).length <= URL_BYTES_MAX;

export interface Probe {
  label: string;
  value: unknown;
}

/** Instants at the edges of JavaScript's Date, PostgreSQL's timestamptz and a CRM's sense. */
export const INSTANTS: string[] = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '-000001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '1970-01-01T00:00:00Z',
  '1970-01-01T00:00:00+15:59',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-14:00',
  '+275760-09-13T00:00:00Z',
  '2026-03-02T10:00:00+14:00',
  '2026-03-02T10:00:00-14:00',
  '2026-03-02T10:00:00+15:59',
  '2026-03-02T10:00:00+16:00',
  '2026-03-02T10:00:00-16:00',
  '2026-03-02T10:00:00+20:00',
  '2026-03-02T10:00:00+24:00',
  '2026-03-02T10:00:00+0800',
  '2026-03-02T10:00:00',
  '2026-03-02T10:00:00Z',
  '2026-03-02',
  '2026-03-02T10:00:00.123456789Z',
  '2026-03-02T24:00:00Z',
  '2026-12-31T23:59:60Z',
];

/** Time zone names: real ones, near misses, invented ones, and things that are not names. */
export const ZONES: string[] = [
  'Asia/Shanghai',
  'UTC',
  'Etc/GMT+12',
  'America/St_Johns',
  'Asia/Shangai',
  'asia/shanghai',
  'Mars/Olympus',
  'Local',
  '+08:00',
  'GMT+8',
  '',
];

/** Integer edges: int4, int8, the exact range of a double, and things that are not integers. */
const INTEGERS: Array<[string, unknown]> = [
  ['2^31-1', 2 ** 31 - 1],
  ['2^31', 2 ** 31],
  ['-2^31-1', -(2 ** 31) - 1],
  ['2^53', 2 ** 53],
  ['2^53+1', new RawJson('9007199254740993')],
  ['2^63', new RawJson('9223372036854775808')],
  ['-1', -1],
  ['0', 0],
  ['-0', new RawJson('-0')],
  ['1.5', 1.5],
  ['1e308', 1e308],
  ['1e309', new RawJson('1e309')],
  ['"3000000000"', '3000000000'],
];
const NUMBERS: Array<[string, unknown]> = [...INTEGERS, ['-1e308', -1e308], ['5e-324', 5e-324]];
/** The same edges as URL text (path and query parameters are always strings). */
const INTEGER_TEXT = [
  '2147483647',
  '2147483648',
  '3000000000',
  '9007199254740993',
  '9223372036854775808',
  '-1',
  '0',
  '-0',
  '1.5',
  '1e3',
  '1e308',
  '1e309',
  '0x10',
  ' 1',
  'NaN',
  '',
];

const cursorOf = (value: unknown, encoding: BufferEncoding = 'base64url') =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(encoding);
/** Cursors of this API are base64url JSON: odd JSON and odd instants inside a well-formed one. */
export const CURSORS: Probe[] = [
  { label: 'cursor {}', value: cursorOf({}) },
  { label: 'cursor []', value: cursorOf([]) },
  { label: 'cursor "x"', value: cursorOf('"x"') },
  { label: 'cursor 42', value: cursorOf('42') },
  { label: 'cursor null', value: cursorOf('null') },
  { label: 'cursor {at:0000,id}', value: cursorOf({ at: '0000-01-01T00:00:00Z', id: 'a' }) },
  { label: 'cursor {at:+275760}', value: cursorOf({ at: '+275760-09-13T00:00:00Z' }) },
  { label: 'cursor ["x","a"]', value: cursorOf(['x', 'a']) },
  { label: 'cursor [1,"a"]', value: cursorOf([1, 'a']) },
  { label: 'cursor ["2026…",1]', value: cursorOf(['2026-03-02T00:00:00Z', 1]) },
  { label: 'cursor ["2026…","a"] base64', value: cursorOf(['2026-03-02T00:00:00Z', 'a'], 'base64') },
  { label: 'cursor with a 300-char id', value: cursorOf(['2026-03-02T00:00:00Z', 'x'.repeat(300)]) },
  ...INSTANTS.map((at) => ({ label: `cursor [${at},"a"]`, value: cursorOf([at, 'a']) })),
  { label: 'cursor not base64', value: '!!!not-base64***' },
  { label: 'cursor truncated', value: cursorOf(['2026-03-02T00:00:00Z', 'a']).slice(0, 7) },
];

const INSTANT_LIKE = /^[+-]?\d{4,6}-\d{2}-\d{2}([T ]|$)/;
export const looksLikeInstant = (v: unknown) => typeof v === 'string' && INSTANT_LIKE.test(v);

/** A schema for a value the document does not describe (an `{}` schema): its runtime type. */
export function inferredSchema(value: unknown): Schema {
  if (typeof value === 'string') return looksLikeInstant(value) ? { type: 'string', format: 'date-time' } : { type: 'string' };
  if (typeof value === 'number') return { type: Number.isInteger(value) ? 'integer' : 'number' };
  if (typeof value === 'boolean') return { type: 'boolean' };
  if (Array.isArray(value)) return { type: 'array', items: {} };
  if (value !== null && typeof value === 'object') return { type: 'object', additionalProperties: {} };
  return {};
}

/** The types a schema admits (a `type` list, or the branches of anyOf / oneOf). */
export function typesOf(schema: Schema): string[] {
  const out = new Set<string>();
  const add = (s: Schema) => {
    if (Array.isArray(s.type)) s.type.forEach((t: string) => out.add(t));
    else if (typeof s.type === 'string') out.add(s.type);
    else if (s.enum) out.add(typeof s.enum[0] === 'number' ? 'number' : 'string');
    else if (s.properties) out.add('object');
    for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? [])]) add(b);
  };
  add(schema);
  return [...out];
}

export interface FieldContext {
  where: Where;
  /** The field's own name (last key of its path), for name-based tables: zones, cursors. */
  name: string;
  /** The value the valid request has here (or undefined when the field is optional and left out). */
  valid: unknown;
}

/** Every boundary value for one field, labelled, without duplicates. */
export function probesFor(schema: Schema, ctx: FieldContext): Probe[] {
  const url = ctx.where !== 'body';
  const out: Probe[] = [];
  const branches: Schema[] = [schema, ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])];
  for (const s of branches) {
    const types = typesOf({ ...s, anyOf: undefined, oneOf: undefined });
    if (s.enum) out.push(...enumProbes(s.enum, url));
    if (types.includes('string')) out.push(...stringProbes(s, ctx));
    if (types.includes('integer') || types.includes('number')) out.push(...numberProbes(s, types.includes('integer'), url));
    if (types.includes('boolean'))
      out.push(...(url ? ['true', 'false', '1', 'yes', ''] : [true, false, 'true', 0]).map((v) => ({ label: `boolean ${JSON.stringify(v)}`, value: v })));
    if (types.includes('array')) out.push(...arrayProbes(s, ctx));
    if (types.includes('object')) out.push(...objectProbes(ctx));
  }
  if (!url) out.push({ label: 'null', value: null });
  if (ctx.where !== 'path') out.push({ label: 'absent', value: ABSENT });
  // A URL field that the table above left empty still gets the integer texts (an untyped parameter).
  if (url && out.length <= 1) out.push(...INTEGER_TEXT.map((t) => ({ label: `text ${JSON.stringify(t)}`, value: t })));
  const seen = new Set<string>();
  return out.filter((p) => {
    const k = p.value === ABSENT ? 'ABSENT' : p.value instanceof RawJson ? `raw:${p.value.text}` : `${typeof p.value}:${JSON.stringify(p.value)}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function enumProbes(values: unknown[], url: boolean): Probe[] {
  const first = String(values[0]);
  const near = [first.toUpperCase(), `${first} `, 'not-one-of-them'];
  return [
    ...values.map((v) => ({ label: `enum ${JSON.stringify(v)}`, value: url ? String(v) : v })),
    ...near.map((v) => ({ label: `near enum ${JSON.stringify(v)}`, value: v })),
  ];
}

/** A string of exactly `length` UTF-16 units made of `unit`, matching the field's pattern if it has one. */
function filled(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

function stringProbes(s: Schema, ctx: FieldContext): Probe[] {
  const url = ctx.where !== 'body';
  const out: Probe[] = [];
  const add = (label: string, value: unknown) => out.push({ label, value });
  const pattern = typeof s.pattern === 'string' ? new RegExp(s.pattern, 'u') : undefined;
  const max: number | undefined = typeof s.maxLength === 'number' ? s.maxLength : undefined;
  const min: number | undefined = typeof s.minLength === 'number' ? s.minLength : undefined;
  const base = typeof ctx.valid === 'string' && ctx.valid.length > 0 ? ctx.valid : 'a';
  // Padding the valid value keeps it valid for patterns (ids, keys); plain letters otherwise.
  const fitting = (length: number) =>
    [base + filled('a', Math.max(0, length - base.length)), filled('a', length), filled('0', length)]
      .map((v) => v.slice(0, length))
      .find((v) => !pattern || pattern.test(v)) ?? filled('a', length);
  add('empty', '');
  add('spaces only', '   ');
  // Long strings: 70k characters in a body (under the 1 MiB limit); in a URL, what fits in one.
  add('long ASCII', filled('x', url ? URL_BYTES_MAX : 70_000));
  if (!url) add('a number instead', 12345);
  if (s.format === 'date-time' || looksLikeInstant(ctx.valid)) {
    INSTANTS.forEach((v) => add(`instant ${v}`, v));
    return out;
  }
  if (max !== undefined) {
    add(`maxLength ${max}`, fitting(max));
    add(`maxLength+1 ${max + 1}`, fitting(max + 1));
    add(`maxLength CJK ×${max}`, filled('线', max));
    add(`maxLength+1 CJK ×${max + 1}`, filled('线', max + 1));
    // Astral characters are two UTF-16 units each: zod counts units, PostgreSQL counts characters.
    add(`maxLength astral ×${Math.floor(max / 2)}`, filled('𠀀', max - (max % 2)));
    add(`maxLength+1 astral`, filled('𠀀', max + 1 + ((max + 1) % 2)));
  } else add('CJK and astral', '线索𠀀🙂');
  if (min !== undefined && min > 1) add(`minLength-1 ${min - 1}`, fitting(min - 1));
  add('long CJK', filled('线索', url ? 800 : 70_000));
  if (/time_?zone|^tz$/i.test(ctx.name)) ZONES.forEach((v) => add(`zone ${JSON.stringify(v)}`, v));
  if (/cursor|after|before/i.test(ctx.name)) out.push(...CURSORS);
  return out;
}

function numberProbes(s: Schema, integer: boolean, url: boolean): Probe[] {
  const edges: Array<[string, number]> = [];
  for (const [name, bound] of [
    ['minimum', s.minimum],
    ['maximum', s.maximum],
  ] as const) {
    if (typeof bound !== 'number') continue;
    edges.push([`${name}`, bound], [`${name}-1`, bound - 1], [`${name}+1`, bound + 1]);
    if (!integer) edges.push([`${name}±0.001`, name === 'minimum' ? bound - 0.001 : bound + 0.001]);
  }
  if (url)
    return [
      ...INTEGER_TEXT.map((t) => ({ label: `number text ${JSON.stringify(t)}`, value: t })),
      ...edges.map(([l, v]) => ({ label: `${l} ${v}`, value: String(v) })),
    ];
  return [
    ...(integer ? INTEGERS : NUMBERS).map(([label, value]) => ({ label: `number ${label}`, value })),
    ...edges.map(([l, v]) => ({ label: `${l} ${v}`, value: v })),
  ];
}

/** Copies of an item for long arrays: an `id` made unique, so a batch is not refused as duplicates. */
function copies(item: unknown, n: number): unknown[] {
  return Array.from({ length: n }, (_, i) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) && typeof (item as { id?: unknown }).id === 'string'
      ? { ...item, id: `${(item as { id: string }).id}-${i}` }
      : structuredClone(item),
  );
}

function arrayProbes(s: Schema, ctx: FieldContext): Probe[] {
  const valid = Array.isArray(ctx.valid) ? ctx.valid : [];
  const item = minimalItem(valid[0], s.items ?? {});
  const out: Probe[] = [
    { label: 'empty array', value: [] },
    { label: 'object instead of array', value: {} },
  ];
  if (item !== undefined) {
    out.push({ label: 'same item twice', value: [valid[0], valid[0]] });
    const size = Math.max(2, JSON.stringify(item).length + 1);
    // Under the 1 MiB body limit: a long array must reach the schema, not the size guard.
    const fit = Math.floor(900_000 / size);
    if (typeof s.maxItems === 'number') {
      if (s.maxItems <= fit) out.push({ label: `maxItems ${s.maxItems}`, value: copies(item, s.maxItems) });
      if (s.maxItems + 1 <= fit) out.push({ label: `maxItems+1 ${s.maxItems + 1}`, value: copies(item, s.maxItems + 1) });
    } else out.push({ label: `${Math.min(10_000, fit)} items (no maxItems)`, value: copies(item, Math.min(10_000, fit)) });
    if (typeof s.minItems === 'number' && s.minItems > 1) out.push({ label: `minItems-1 ${s.minItems - 1}`, value: copies(item, s.minItems - 1) });
  }
  return out;
}

/** The smallest valid copy of an item: its required properties only, so thousands fit in a body. */
function minimalItem(item: unknown, schema: Schema): unknown {
  if (item === null || typeof item !== 'object' || Array.isArray(item) || !Array.isArray(schema.required)) return item;
  return Object.fromEntries(Object.entries(item).filter(([k]) => schema.required.includes(k)));
}

function objectProbes(ctx: FieldContext): Probe[] {
  const valid = ctx.valid !== null && typeof ctx.valid === 'object' && !Array.isArray(ctx.valid) ? ctx.valid : {};
  return [
    { label: 'empty object', value: {} },
    { label: 'array instead of object', value: [] },
    { label: 'an unknown key', value: { ...valid, bfUnknownKey: 'x' } },
  ];
}

/** JSON text of a body, with RawJson numbers written as given. */
export function serialize(body: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(body, (_key, v) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `@@bf-raw-${raws.length - 1}@@`;
    }
    return v;
  });
  return text.replace(/"@@bf-raw-(\d+)@@"/g, (_, i: string) => raws[Number(i)]!);
}

/** A probe's value in a log line: short, with long strings summarised. */
export function show(value: unknown): string {
  if (value === ABSENT) return '(absent)';
  if (value instanceof RawJson) return value.text;
  if (typeof value === 'string' && value.length > 40) return `${JSON.stringify(value.slice(0, 12))}…(${value.length} chars)`;
  if (Array.isArray(value) && value.length > 3) return `[${value.length} items]`;
  const text = serialize(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
