/** The leads file → HistoryLeads: each row used whole or rejected with its first problem. */
import type { JsonValue } from '@sluice/engine';
import type { HistoryLead, Outcome, Words } from '../types.js';
import { LooseLeadIds } from './consistency.js';
import { type Mapping, normalValue } from './mapping.js';
import { CellProblem, quoted, type Sheet, type SheetColumns } from './sheet.js';
import { parseBoolean } from './values.js';

const DAY_MS = 86_400_000;

export type LeadsMapping = Mapping['leads'];

/** Columns the sheet must find, and which of them are dates and numbers. */
export function leadColumns(m: LeadsMapping): SheetColumns {
  const c = m.columns;
  const attrs = Object.values(m.attributes).map((a) => (typeof a === 'string' ? { column: a, type: 'string' } : a));
  const all = [c.id, c.createdAt, c.owner, c.team, c.outcome, c.closedAt, c.amount, ...attrs.map((a) => a.column)].filter((x): x is string => x !== undefined);
  const dates = [c.createdAt, c.closedAt, ...attrs.filter((a) => a.type === 'date').map((a) => a.column)].filter((x): x is string => x !== undefined);
  const numbers = [c.amount, ...attrs.filter((a) => a.type === 'number').map((a) => a.column)].filter((x): x is string => x !== undefined);
  return { all: [...new Set(all)], dates: [...new Set(dates)], numbers: [...new Set(numbers)] };
}

export interface LeadsRead {
  leads: HistoryLead[];
  /** Lead id → row, for leads that were used. */
  used: Map<string, HistoryLead>;
  /** Lead id → the row that rejected it, so an activity of a rejected lead says so. */
  rejected: Map<string, number>;
  /** The used ids written loosely, so an activity naming "cn-1002" for "CN-1002" can say so. */
  loose: LooseLeadIds;
}

export function readLeads(sheet: Sheet, m: LeadsMapping): LeadsRead {
  const c = m.columns;
  const outcomes = outcomeLookup(m.outcomeValues);
  const used = new Map<string, HistoryLead>();
  const out: LeadsRead = { leads: [], used, rejected: new Map(), loose: new LooseLeadIds(() => used.keys()) };
  if (c.outcome === undefined) sheet.notes.push({ en: 'no outcome column is mapped: every lead is open', zh: '未映射状态列：所有线索均视为跟进中' });
  for (const row of sheet.consume()) {
    let id: string | undefined;
    try {
      id = sheet.required(row, c.id, 'missing-id', { en: 'the lead id', zh: '线索编号' });
      const first = out.used.get(id)?.row;
      if (first !== undefined)
        throw new CellProblem(c.id, 'duplicate-id', {
          en: `lead id "${id}" already appears in row ${first} (the first row is kept)`,
          zh: `线索编号“${id}”已在第 ${first} 行出现（保留第一行）`,
        });
      const createdAt = sheet.date(row, c.createdAt);
      if (createdAt === undefined) throw new CellProblem(c.createdAt, 'missing-date', { en: 'the created time is empty', zh: '创建时间为空' });
      const lead: HistoryLead = { id, createdAt, attributes: {}, outcome: 'open', row: row.row };
      const owner = sheet.cell(row, c.owner);
      if (owner !== undefined) lead.ownerRepId = owner;
      const team = sheet.cell(row, c.team);
      if (team !== undefined) lead.team = team;
      const rawOutcome = c.outcome === undefined ? undefined : (row.get(c.outcome) ?? '');
      if (rawOutcome !== undefined) lead.outcome = outcomeOf(rawOutcome, c.outcome!, outcomes, m.outcomeValues);
      let closedAt = sheet.date(row, c.closedAt);
      if (closedAt !== undefined) {
        // A close date without a time ("2026-03-04") means some time that day: a lead created and
        // closed the same day reads as closed at its creation, not as closed before it.
        const dateOnly = !/\d[:：]\d/.test(sheet.cell(row, c.closedAt) ?? '');
        if (dateOnly && closedAt < createdAt && Date.parse(createdAt) - Date.parse(closedAt) < DAY_MS) closedAt = createdAt;
        if (closedAt < createdAt)
          throw new CellProblem(c.closedAt, 'closed-before-created', {
            en: `closed (${closedAt}) before it was created (${createdAt})`,
            zh: `关闭时间（${closedAt}）早于创建时间（${createdAt}）`,
          });
        lead.closedAt = closedAt;
      }
      const a = sheet.number(row, c.amount, false);
      if (a !== undefined) {
        if (!a.ok) throw new CellProblem(c.amount, a.code === 'bad-number' ? 'bad-amount' : a.code, quoted(sheet.cell(row, c.amount)!, a.reason));
        lead.amount = a.value;
      }
      for (const [key, spec] of Object.entries(m.attributes)) {
        const { column, type } = typeof spec === 'string' ? { column: spec, type: 'string' as const } : spec;
        const value = attributeValue(sheet, row, column, type);
        if (value !== undefined) lead.attributes[key] = value;
      }
      out.leads.push(lead);
      out.used.set(id, lead);
    } catch (e) {
      if (!(e instanceof CellProblem)) throw e;
      sheet.reject(row.row, e);
      if (id !== undefined && !out.used.has(id) && !out.rejected.has(id)) out.rejected.set(id, row.row);
    }
  }
  return out;
}

function attributeValue(
  sheet: Sheet,
  row: Parameters<Sheet['cell']>[0],
  column: string,
  type: 'string' | 'number' | 'boolean' | 'date',
): JsonValue | undefined {
  const raw = sheet.cell(row, column);
  if (raw === undefined) return undefined;
  if (type === 'string') return raw;
  if (type === 'date') return sheet.date(row, column);
  const parsed = type === 'number' ? sheet.number(row, column, true)! : parseBoolean(raw);
  if (!parsed.ok) throw new CellProblem(column, parsed.code, quoted(raw, parsed.reason));
  return parsed.value;
}

function outcomeLookup(values: LeadsMapping['outcomeValues']): Map<string, Outcome> {
  const map = new Map<string, Outcome>();
  if (values) for (const kind of ['won', 'lost', 'open'] as const) for (const raw of values[kind]) map.set(normalValue(raw), kind);
  return map;
}

function outcomeOf(raw: string, column: string, lookup: Map<string, Outcome>, values: LeadsMapping['outcomeValues']): Outcome {
  const found = lookup.get(normalValue(raw));
  if (found) return found;
  const list = (kind: 'won' | 'lost' | 'open') => (values?.[kind] ?? []).map((v) => `"${v}"`).join(', ') || '—';
  const known: Words = {
    en: `is not one of outcomeValues (won: ${list('won')}; lost: ${list('lost')}; open: ${list('open')}): add it to one of them in the mapping`,
    zh: `不在 outcomeValues 中（赢单：${list('won')}；输单：${list('lost')}；跟进中：${list('open')}）：请在映射文件中把它加入其中之一`,
  };
  if (raw.trim() === '')
    throw new CellProblem(column, 'missing-outcome', {
      en: `the outcome is empty (add "" to outcomeValues.open to read empty as open)`,
      zh: '状态为空（如需把空值视为跟进中，请在 outcomeValues.open 中加入 ""）',
    });
  throw new CellProblem(column, 'unknown-outcome', quoted(raw.trim(), known));
}
