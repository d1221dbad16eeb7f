/**
 * A first mapping from a file's header and a sample of its rows, for the user to correct: roles
 * from header names (Chinese and English), types and date order from the values, and a list of
 * what it could not decide.
 */
import type { Words } from '../types.js';
import { dateShape, decideDateOrder, hasYearLast } from './dates.js';
import { decodeText, type EncodingChoice } from './decode.js';
import type { MappingInput } from './mapping.js';
import { ACTIVITY_ROLES, ACTIVITY_WORDS, ATTRIBUTES, classify, headerKey, LEAD_ROLES, OUTCOME_WORDS, ROSTER_ROLES, STAGE_ROLES } from './synonyms.js';
import { readTable } from './table.js';
import { parseBoolean, parseNumber } from './values.js';

export type GuessKind = 'leads' | 'activities' | 'stages' | 'roster';

export interface ColumnGuess {
  column: string;
  /** columns.<role> or attributes.<key>. */
  role: string;
  /** high: the header is a known name; low: it only contains one, or the values disagree. */
  confidence: 'high' | 'low';
}

export interface MappingGuess {
  kind: GuessKind;
  /** version, timeZone and the one section for this file: merge sections of several files into one mapping. */
  mapping: Partial<MappingInput> & Pick<MappingInput, 'version' | 'timeZone'>;
  columns: ColumnGuess[];
  notes: Words[];
}

const ROLES: Record<GuessKind, Record<string, readonly string[]>> = {
  leads: LEAD_ROLES,
  activities: ACTIVITY_ROLES,
  stages: STAGE_ROLES,
  roster: ROSTER_ROLES,
};
const REQUIRED: Record<GuessKind, string[]> = { leads: ['id', 'createdAt'], activities: ['leadId', 'at'], stages: ['leadId', 'at', 'stage'], roster: ['id'] };
const DATE_ROLES = new Set(['createdAt', 'closedAt', 'at']);
const CJK = /[\u4e00-\u9fff]/;

/** Assigns roles to headers: exact names first for every role, then headers that contain a name. */
function matchRoles(headers: string[], roles: Record<string, readonly string[]>): Map<string, ColumnGuess> {
  const out = new Map<string, ColumnGuess>();
  const taken = new Set<string>();
  const keys = headers.map(headerKey);
  for (const pass of ['exact', 'contains'] as const)
    for (const [role, names] of Object.entries(roles)) {
      if (out.has(role)) continue;
      for (const name of names) {
        const i = keys.findIndex((k, j) => !taken.has(headers[j]!) && (pass === 'exact' ? k === name : name.length >= 2 && k.includes(name)));
        if (i >= 0) {
          out.set(role, { column: headers[i]!, role: `columns.${role}`, confidence: pass === 'exact' ? 'high' : 'low' });
          taken.add(headers[i]!);
          break;
        }
      }
    }
  return out;
}

/** Which kind of file this is, from which roles its header names. */
export function guessKind(headers: string[]): GuessKind {
  const leads = matchRoles(headers, LEAD_ROLES);
  const acts = matchRoles(headers, ACTIVITY_ROLES);
  if (leads.has('createdAt') && leads.get('createdAt')!.confidence === 'high') return 'leads';
  if (acts.has('type') && acts.has('at')) return 'activities';
  const stages = matchRoles(headers, STAGE_ROLES);
  if (stages.has('stage') && stages.has('at') && stages.has('leadId')) return 'stages';
  const roster = matchRoles(headers, ROSTER_ROLES);
  if (roster.has('name') && !acts.has('at')) return 'roster';
  return acts.has('at') && acts.has('leadId') && !leads.has('createdAt') ? 'activities' : 'leads';
}

export function guessMapping(headers: string[], sample: ReadonlyArray<ReadonlyMap<string, string> | Record<string, string>>, kind?: GuessKind): MappingGuess {
  const rows = sample.map((r) => (r instanceof Map ? (r as ReadonlyMap<string, string>) : new Map(Object.entries(r))));
  const values = (column: string) => rows.map((r) => (r.get(column) ?? '').trim()).filter((v) => v !== '');
  const k = kind ?? guessKind(headers);
  const notes: Words[] = [];
  const found = matchRoles(headers, ROLES[k]);
  const columns: Record<string, string> = {};

  for (const role of REQUIRED[k])
    if (!found.has(role))
      notes.push({
        en: `no column looks like ${k}.columns.${role} (required): set it by hand`,
        zh: `没有找到对应 ${k}.columns.${role}（必填）的列：请手动填写`,
      });
  for (const [role, g] of found) {
    columns[role] = g.column;
    if (g.confidence === 'low')
      notes.push({
        en: `"${g.column}" taken as ${role} because its name contains a known name: check it`,
        zh: `“${g.column}”因列名包含常见名称而被当作 ${role}：请核对`,
      });
    if (DATE_ROLES.has(role)) {
      const bad = values(g.column).filter((v) => dateShape(v).kind === 'bad');
      if (bad.length > 0) {
        g.confidence = 'low';
        notes.push({
          en: `"${g.column}" (${role}) has values that are not dates, e.g. "${bad[0]}"`,
          zh: `“${g.column}”（${role}）中有不是日期的值，如“${bad[0]}”`,
        });
      }
    }
    if (role === 'amount') {
      const bad = values(g.column).filter((v) => !parseNumber(v, true).ok);
      if (bad.length > 0) {
        g.confidence = 'low';
        notes.push({
          en: `"${g.column}" (amount) has values that are not numbers, e.g. "${bad[0]}"`,
          zh: `“${g.column}”（金额）中有不是数字的值，如“${bad[0]}”`,
        });
      }
    }
  }
  const guesses = [...found.values()];
  const section: Record<string, unknown> = {};

  // Dates: which order year-last values read in, from every date column together.
  const dateColumns = guesses.filter((g) => DATE_ROLES.has(g.role.slice('columns.'.length))).map((g) => g.column);
  const attributes: Record<string, string | { column: string; type: 'number' | 'boolean' | 'date' }> = {};
  if (k === 'leads') {
    const used = new Set(guesses.map((g) => g.column));
    headers.forEach((h, i) => {
      if (used.has(h) || /^\(column \d+\)$/.test(h)) return;
      const { key, type, known } = attributeFor(h, i, values(h));
      if (type === 'date') dateColumns.push(h);
      if (!known)
        notes.push({
          en: `"${h}" kept as attribute "${key}" (${type}): rename the key, or delete it if policies do not need it`,
          zh: `“${h}”作为属性“${key}”（${type}）保留：可重命名该键，策略不需要时可删除`,
        });
      attributes[key in attributes ? `${key}_${i + 1}` : key] = type === 'string' ? h : { column: h, type };
      guesses.push({ column: h, role: `attributes.${key}`, confidence: known ? 'high' : 'low' });
    });
  }
  const dateValues = dateColumns.flatMap(values);
  const order = decideDateOrder(dateValues);
  if (order.order) {
    section.dateOrder = order.order;
    notes.push({
      en: `dates read ${order.order === 'dmy' ? 'day-first' : 'month-first'} because of "${order.evidence!.value}"`,
      zh: `日期按${order.order === 'dmy' ? '日/月/年' : '月/日/年'}读取，依据是“${order.evidence!.value}”`,
    });
  } else if (hasYearLast(dateValues))
    notes.push({
      en: 'dates like 03/04/2026 could be day-first or month-first and the sample does not say: set dateOrder to "dmy" or "mdy"',
      zh: '03/04/2026 这类日期无法从样本判断是日/月/年还是月/日/年：请把 dateOrder 设为 "dmy" 或 "mdy"',
    });

  section.columns = columns;
  if (k === 'leads') {
    if (columns.outcome) section.outcomeValues = guessValues(values, rows, columns.outcome, OUTCOME_WORDS, notes, 'outcomeValues');
    section.attributes = attributes;
  }
  if (k === 'activities' && columns.type) section.typeValues = guessValues(values, rows, columns.type, ACTIVITY_WORDS, notes, 'typeValues');

  const chinese = headers.some((h) => CJK.test(h)) || rows.some((r) => [...r.values()].some((v) => CJK.test(v)));
  const timeZone = chinese ? 'Asia/Shanghai' : 'UTC';
  notes.push(
    chinese
      ? {
          en: 'timeZone set to Asia/Shanghai because the file is in Chinese: change it if the CRM wrote another zone',
          zh: '文件为中文，timeZone 设为 Asia/Shanghai：如 CRM 使用其他时区请修改',
        }
      : { en: 'timeZone set to UTC: set the zone your CRM wrote zone-less dates in', zh: 'timeZone 设为 UTC：请改为 CRM 导出不带时区日期时所用的时区' },
  );
  return { kind: k, mapping: { version: 1, timeZone, [k]: section }, columns: guesses, notes };
}

function attributeFor(header: string, index: number, vals: string[]): { key: string; type: 'string' | 'number' | 'boolean' | 'date'; known: boolean } {
  const hk = headerKey(header);
  for (const [key, spec] of Object.entries(ATTRIBUTES)) if (spec.names.includes(hk)) return { key, type: spec.type, known: true };
  const ascii = header
    .trim()
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''))
    .replace(/^[^A-Za-z_]+/, '');
  const key = ascii.length > 0 && /^[\x20-\x7e]+$/.test(header) ? ascii[0]!.toLowerCase() + ascii.slice(1, 60) : `field${index + 1}`;
  return { key, type: valueType(vals), known: false };
}

/** number / date / boolean when every sample value is one; text otherwise. Leading zeros (codes) stay text. */
function valueType(vals: string[]): 'string' | 'number' | 'boolean' | 'date' {
  if (vals.length === 0) return 'string';
  if (vals.every((v) => !/^0\d/.test(v) && parseNumber(v, true).ok)) return 'number';
  if (vals.every((v) => dateShape(v).kind !== 'bad')) return 'date';
  if (vals.every((v) => parseBoolean(v).ok)) return 'boolean';
  return 'string';
}

function guessValues<K extends string>(
  values: (c: string) => string[],
  rows: ReadonlyArray<ReadonlyMap<string, string>>,
  column: string,
  words: Record<K, readonly string[]>,
  notes: Words[],
  field: string,
): Record<K, string[]> {
  const out = Object.fromEntries(Object.keys(words).map((kind) => [kind, [] as string[]])) as Record<K, string[]>;
  const distinct = [...new Set(values(column))];
  for (const v of distinct) {
    const kind = classify(v, words);
    if (kind !== undefined) out[kind].push(v);
    else
      notes.push({
        en: `${field}: could not tell what "${v}" means: add it to one of the lists (or it rejects its rows)`,
        zh: `${field}：无法判断“${v}”的含义：请把它加入其中一个列表（否则这些行会被拒绝）`,
      });
  }
  if (field === 'outcomeValues' && rows.some((r) => (r.get(column) ?? '').trim() === '')) {
    (out as Record<string, string[]>).open!.push('');
    notes.push({ en: 'empty outcome cells are read as open ("" in outcomeValues.open)', zh: '状态为空的单元格视为跟进中（outcomeValues.open 中的 ""）' });
  }
  // Lists nobody uses are left out of activity kinds; outcomes keep all three so the shape is plain.
  if (field === 'typeValues') for (const kind of Object.keys(out) as K[]) if (out[kind].length === 0) delete out[kind];
  return out;
}

/** Reads a file's bytes or text and guesses from its header and first `sampleSize` rows. */
export function guessMappingFromFile(
  content: string | Uint8Array,
  options: { encoding?: EncodingChoice; kind?: GuessKind; sampleSize?: number } = {},
): MappingGuess & { encoding: string; delimiter?: string; format: 'csv' | 'jsonl' } {
  const { text, encoding } = decodeText(content, options.encoding ?? 'auto', 'leads');
  const table = readTable(text, {}, 'leads');
  const guess = guessMapping(
    table.headers,
    table.rows.slice(0, options.sampleSize ?? 20_000).map((r) => r.values),
    options.kind,
  );
  const section = guess.mapping[guess.kind] as Record<string, unknown>;
  if (encoding === 'gb18030') section.encoding = 'gb18030';
  if (table.format === 'jsonl') section.format = 'jsonl';
  if (table.delimiter && table.delimiter !== ',') section.delimiter = table.delimiter;
  // Put the file options first, the way a person writes the file.
  guess.mapping[guess.kind] = Object.fromEntries(Object.entries(section).sort(([a], [b]) => order(a) - order(b))) as never;
  return { ...guess, encoding, ...(table.delimiter ? { delimiter: table.delimiter } : {}), format: table.format };
}

const KEY_ORDER = ['format', 'encoding', 'delimiter', 'dateOrder', 'columns', 'outcomeValues', 'typeValues', 'attributes'];
const order = (key: string) => KEY_ORDER.indexOf(key);
