/**
 * A first mapping from a file's header and a sample of its rows, for the user to correct: roles
 * from header names (Chinese and English), types and date order from the values, and a list of
 * what it could not decide.
 */
import type { Words } from '../types.js';
import { dateShape, decideDateOrder, hasYearLast } from './dates.js';
import { asciiKey, chineseKey, safeKey } from './guessKeys.js';
import { type LinkedKeys, pickLeadId, pickLinkColumn } from './guessLeadId.js';
import { pickOutcome } from './guessOutcome.js';
import { guessValues } from './guessValues.js';
import type { MappingInput } from './mapping.js';
import { matchRoles } from './matchRoles.js';
import { pickRosterId } from './guessRoster.js';
import { ACTIVITY_ROLES, ATTRIBUTES, headerKey, LEAD_ROLES, ownName, ROSTER_ROLES, STAGE_ROLES } from './synonyms.js';
import { ACTIVITY_WORDS, classify, OUTCOME_WORDS } from './valueWords.js';
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
/** Excel's error values (#VALUE!, #N/A, #DIV/0!, #REF!, #NAME?, #NUM!, #NULL!). */
const SHEET_ERROR = /^#(?:VALUE!|N\/A|DIV\/0!|REF!|NAME\?|NUM!|NULL!)$/i;

const WHAT_BECAME = ['owner', 'team', 'outcome', 'closedAt', 'amount'];

/** Whether at least 60 % of the values (and at least one) are activity kinds (call, email, 拜访 …). */
function mostlyActivityKinds(values: readonly string[]): boolean {
  if (values.length === 0) return false;
  let known = 0;
  for (const v of values) if (classify(v, ACTIVITY_WORDS) !== undefined) known++;
  return known >= 0.6 * values.length;
}

/**
 * Which kind of file this is, from which roles its header names, and (given sample rows) from the
 * values of a type column: a task or activity export also has a Created Date, but its types are
 * calls, emails and meetings.
 */
export function guessKind(headers: string[], sample: ReadonlyArray<ReadonlyMap<string, string>> = []): GuessKind {
  const leads = matchRoles(headers, LEAD_ROLES);
  const acts = matchRoles(headers, ACTIVITY_ROLES);
  const type = acts.get('type');
  if (type?.confidence === 'high' && mostlyActivityKinds(sample.map((r) => (r.get(type.column) ?? '').trim()).filter((v) => v !== ''))) return 'activities';
  if (leads.has('createdAt') && leads.get('createdAt')!.confidence === 'high') return 'leads';
  // A leads export with a creation date named loosely ("Contact Create Date") still says what became
  // of each lead — owner, team, status, close date or amount — where a stage log names a lead, a
  // time and a stage, and an activity log a lead, a time, a rep and a type.
  if (leads.has('createdAt') && WHAT_BECAME.filter((role) => leads.has(role)).length >= 2) return 'leads';
  if (acts.has('type') && acts.has('at')) return 'activities';
  const stages = matchRoles(headers, STAGE_ROLES);
  if (stages.has('stage') && stages.has('at') && stages.has('leadId')) return 'stages';
  const roster = matchRoles(headers, ROSTER_ROLES);
  if (roster.has('name') && !acts.has('at')) return 'roster';
  return acts.has('at') && acts.has('leadId') && !leads.has('createdAt') ? 'activities' : 'leads';
}

/** Lead roles but the id and the outcome, which are chosen from the values too (guessLeadId, guessOutcome). */
const LEAD_NAMED_ROLES = Object.fromEntries(Object.entries(LEAD_ROLES).filter(([role]) => role !== 'id'));
/** Header words of a date column that says when a lead was won (Converted At) when no closedAt name matched. */
const CLOSED_WORDS = /convert|won|closed|close|成交|转化|赢单|签约|关闭/;

/** What a guess says of the time zone it set: one note a file (a merge of several files keeps the first file's). */
const TIME_ZONE_NOTES = {
  chinese: {
    en: 'timeZone set to Asia/Shanghai because the file is in Chinese: change it if the CRM wrote another zone',
    zh: '文件为中文，timeZone 设为 Asia/Shanghai：如 CRM 使用其他时区请修改',
  },
  other: { en: 'timeZone set to UTC: set the zone your CRM wrote zone-less dates in', zh: 'timeZone 设为 UTC：请改为 CRM 导出不带时区日期时所用的时区' },
} as const satisfies Record<string, Words>;

/** Whether a guess's note is the one about the time zone it set. */
export function isTimeZoneNote(note: Words): boolean {
  return note.en === TIME_ZONE_NOTES.chinese.en || note.en === TIME_ZONE_NOTES.other.en;
}

export interface GuessOptions {
  /** Lead ids the activity or stage file refers to: the leads column holding them is the id. */
  links?: readonly LinkedKeys[];
  /** For an activity or stage file: the leads file's sample values by column, to find the lead id column by its values. */
  leadColumns?: ReadonlyMap<string, ReadonlySet<string>>;
  /** For a roster file: the reps the other files name (the leads' owners, the activities' reps), to find its id column by its values. */
  repValues?: ReadonlySet<string>;
}

export function guessMapping(
  headers: string[],
  sample: ReadonlyArray<ReadonlyMap<string, string> | Record<string, string>>,
  kind?: GuessKind,
  options: GuessOptions = {},
): MappingGuess {
  const rows = sample.map((r) => (r instanceof Map ? (r as ReadonlyMap<string, string>) : new Map(Object.entries(r))));
  const cells = (column: string) => rows.map((r) => (r.get(column) ?? '').trim());
  const values = (column: string) => cells(column).filter((v) => v !== '');
  const k = kind ?? guessKind(headers, rows);
  const notes: Words[] = [];
  const found = matchRoles(headers, k === 'leads' ? LEAD_NAMED_ROLES : ROLES[k]);
  const columns: Record<string, string> = {};
  let outcomeValues: Record<string, string[]> | undefined;
  if (k === 'leads') {
    const taken = () => new Set([...found.values()].map((g) => g.column));
    const named = found.get('outcome');
    const outcome = pickOutcome(headers, (h) => !taken().has(h), cells, named);
    if (outcome) {
      found.set('outcome', { column: outcome.column, role: 'columns.outcome', confidence: outcome.confidence });
      outcomeValues = outcome.outcomeValues;
    }
    const id = pickLeadId(headers, (h) => !taken().has(h), cells, options.links ?? []);
    if (id) found.set('id', { column: id.column, role: 'columns.id', confidence: id.confidence });
    if (!found.has('closedAt')) {
      const free = taken();
      const closed = headers.find(
        (h) => !free.has(h) && CLOSED_WORDS.test(headerKey(h)) && values(h).length > 0 && values(h).every((v) => dateShape(v).kind !== 'bad'),
      );
      if (closed) {
        found.set('closedAt', { column: closed, role: 'columns.closedAt', confidence: 'low' });
        notes.push({
          en: `"${closed}" taken as closedAt (when the lead was won or lost) because it is a date named for the outcome: check it`,
          zh: `“${closed}”是以结果命名的日期列，因此被当作 closedAt（赢单或输单时间）：请核对`,
        });
      }
    }
    notes.push(...(id?.notes ?? []), ...(outcome?.notes ?? []));
  }
  if ((k === 'activities' || k === 'stages') && !found.has('leadId') && options.leadColumns) {
    const taken = new Set([...found.values()].map((g) => g.column));
    const link = pickLinkColumn(headers, (h) => !taken.has(h), cells, options.leadColumns);
    if (link) {
      found.set('leadId', { column: link.column, role: 'columns.leadId', confidence: 'low' });
      notes.push({
        en: `"${link.column}" taken as ${k}.columns.leadId because its values are lead ids of the leads file column "${link.leadsColumn}": check it`,
        zh: `“${link.column}”的取值是线索文件“${link.leadsColumn}”列中的线索编号，因此被当作 ${k}.columns.leadId：请核对`,
      });
    }
  }
  const rosterIdNoted = k === 'roster' && pickRosterId(headers, found, cells, options.repValues, notes);
  // The roles in the order a person writes them.
  const ordered = Object.keys(ROLES[k]).flatMap((role) => (found.has(role) ? [[role, found.get(role)!] as const] : []));
  found.clear();
  for (const [role, g] of ordered) found.set(role, g);

  for (const role of REQUIRED[k])
    if (!found.has(role))
      notes.push({
        en: `no column looks like ${k}.columns.${role} (required): set it by hand`,
        zh: `没有找到对应 ${k}.columns.${role}（必填）的列：请手动填写`,
      });
  for (const [role, g] of found) {
    columns[role] = g.column;
    // The id and the outcome say in their own notes why they were chosen.
    if (
      g.confidence === 'low' &&
      !(k === 'leads' && (role === 'id' || role === 'outcome' || role === 'closedAt')) &&
      !(role === 'leadId' && options.leadColumns) &&
      !(role === 'id' && rosterIdNoted)
    )
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
      // Spreadsheet error cells (#VALUE!) do not make a number column text: their rows are rejected, and the note says so.
      const errors = values(h).filter((v) => SHEET_ERROR.test(v));
      const {
        key: base,
        type,
        known,
      } = attributeFor(
        h,
        i,
        values(h).filter((v) => !SHEET_ERROR.test(v)),
      );
      const key = base in attributes ? `${base}_${i + 1}` : base;
      if (errors.length > 0 && type !== 'string')
        notes.push({
          en: `"${h}" read as ${type} although ${errors.length} sample value(s) like "${errors[0]}" are spreadsheet errors: those rows are rejected; clear the cells, or make the attribute a plain column name (text) to keep them`,
          zh: `“${h}”按 ${type} 读取，但样本中有 ${errors.length} 个“${errors[0]}”这类电子表格错误值：这些行会被拒绝；可清空这些单元格，或把该属性改为只写列名（按文本）以保留它们`,
        });
      if (type === 'date') dateColumns.push(h);
      if (!known)
        notes.push({
          en: `"${h}" kept as attribute "${key}" (${type}): rename the key, or delete it if policies do not need it`,
          zh: `“${h}”作为属性“${key}”（${type}）保留：可重命名该键，策略不需要时可删除`,
        });
      attributes[key] = type === 'string' ? h : { column: h, type };
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
    if (columns.outcome) section.outcomeValues = outcomeValues ?? guessValues(values, rows, columns.outcome, OUTCOME_WORDS, notes, 'outcomeValues');
    section.attributes = attributes;
  }
  if (k === 'activities' && columns.type) section.typeValues = guessValues(values, rows, columns.type, ACTIVITY_WORDS, notes, 'typeValues');

  const chinese = headers.some((h) => CJK.test(h)) || rows.some((r) => [...r.values()].some((v) => CJK.test(v)));
  const timeZone = chinese ? 'Asia/Shanghai' : 'UTC';
  notes.push(TIME_ZONE_NOTES[chinese ? 'chinese' : 'other']);
  return { kind: k, mapping: { version: 1, timeZone, [k]: section }, columns: guesses, notes };
}

function attributeFor(header: string, index: number, vals: string[]): { key: string; type: 'string' | 'number' | 'boolean' | 'date'; known: boolean } {
  const own = ownName(header);
  const hk = headerKey(header);
  const ownKey = headerKey(own);
  for (const [key, spec] of Object.entries(ATTRIBUTES))
    if (spec.names.includes(hk) || spec.names.includes(ownKey)) return { key, type: spec.type, known: true };
  const type = valueType(vals);
  const key = asciiKey(own) ?? chineseKey(own) ?? `field${index + 1}`;
  return { key: safeKey(key, type), type, known: false };
}

/** number / date / boolean when every sample value is one; text otherwise. Leading zeros (codes) stay text. */
function valueType(vals: string[]): 'string' | 'number' | 'boolean' | 'date' {
  if (vals.length === 0) return 'string';
  if (vals.every((v) => !/^0\d/.test(v) && parseNumber(v, true).ok)) return 'number';
  if (vals.every((v) => dateShape(v).kind !== 'bad')) return 'date';
  if (vals.every((v) => parseBoolean(v).ok)) return 'boolean';
  return 'string';
}
