/**
 * Who the reps are: the roster file when there is one, else every rep the history names (as owner
 * or as activity rep) with the team seen most with them as owner. Ties go to the team whose name
 * sorts first (by code unit), so the same export always gives the same roster.
 */
import { repSchema } from '@sluice/engine';
import type { History, HistoryActivity, HistoryLead, HistoryRep, Words } from '../types.js';
import type { Mapping } from './mapping.js';
import { CellProblem, quoted, type Sheet, type SheetColumns } from './sheet.js';
import type { TableRow } from './tableRow.js';
import { parseBoolean } from './values.js';

type RosterMapping = NonNullable<Mapping['roster']>;

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function rosterColumns(m: RosterMapping): SheetColumns {
  const c = m.columns;
  const given = (columns: (string | undefined)[]) => columns.filter((x): x is string => x !== undefined);
  return { all: given([c.id, c.name, c.team, c.roles, c.weight, c.cap, c.dailyCap, c.active]), dates: [], numbers: given([c.weight, c.cap, c.dailyCap]) };
}

/** What a roster's status column says of a rep still at work, and of one who left. */
const ACTIVE = new Set(['active', 'enabled', 'employed', '在职', '启用', '正常', '有效']);
const INACTIVE = new Set(['inactive', 'disabled', 'left', 'resigned', 'terminated', '离职', '停用', '禁用', '冻结', '无效']);
const ROLE_SEPARATORS = /\s*[,;，；、/|]\s*/;
const WHOLE: Words = { en: 'must be a whole number of 0 or more', zh: '须为大于或等于 0 的整数' };
const RULE_WORDS: Record<'weight' | 'cap' | 'dailyCap', Words> = {
  weight: { en: 'must be a number from 0 to 1000', zh: '须为 0 到 1000 之间的数' },
  cap: WHOLE,
  dailyCap: WHOLE,
};

/** The rep's roles, weight, caps and status from their optional columns (rejecting the row with the column and reason). */
function repLimits(sheet: Sheet, row: TableRow, c: RosterMapping['columns']): Partial<HistoryRep> {
  const out: Partial<HistoryRep> = {};
  const roles = sheet.cell(row, c.roles);
  if (roles !== undefined) out.roles = [...new Set(roles.split(ROLE_SEPARATORS).filter((r) => r !== ''))];
  // The engine's own rules for a rep (repSchema): weight 0–1000, caps whole and 0 or more.
  const number = (column: string | undefined, field: 'weight' | 'cap' | 'dailyCap'): number | undefined => {
    const parsed = sheet.number(row, column, true);
    if (parsed === undefined || column === undefined) return undefined;
    const raw = sheet.cell(row, column)!;
    if (!parsed.ok) throw new CellProblem(column, parsed.code, quoted(raw, parsed.reason));
    if (!repSchema.shape[field].safeParse(parsed.value).success) throw new CellProblem(column, 'bad-number', quoted(raw, RULE_WORDS[field]));
    return parsed.value;
  };
  const weight = number(c.weight, 'weight');
  const cap = number(c.cap, 'cap');
  const dailyCap = number(c.dailyCap, 'dailyCap');
  if (weight !== undefined) out.weight = weight;
  if (cap !== undefined) out.cap = cap;
  if (dailyCap !== undefined) out.dailyCap = dailyCap;
  const status = sheet.cell(row, c.active);
  if (status !== undefined && c.active !== undefined) {
    const key = status.normalize('NFKC').toLowerCase();
    const yesNo = parseBoolean(status);
    const active = ACTIVE.has(key) ? true : INACTIVE.has(key) ? false : yesNo.ok ? yesNo.value : undefined;
    if (active === undefined)
      throw new CellProblem(
        c.active,
        'bad-status',
        quoted(status, { en: 'is not a status: use active/inactive, 在职/离职 or yes/no', zh: '不是在职状态：请用 在职/离职、active/inactive 或 是/否' }),
      );
    out.active = active;
  }
  return out;
}

export function readRoster(sheet: Sheet, m: RosterMapping): HistoryRep[] {
  const c = m.columns;
  const reps: HistoryRep[] = [];
  const rows = new Map<string, number>();
  for (const row of sheet.consume()) {
    try {
      const id = sheet.required(row, c.id, 'missing-id', { en: 'the rep id', zh: '销售编号' });
      const first = rows.get(id);
      if (first !== undefined)
        throw new CellProblem(c.id, 'duplicate-id', {
          en: `rep id "${id}" already appears in row ${first} (the first row is kept)`,
          zh: `销售编号“${id}”已在第 ${first} 行出现（保留第一行）`,
        });
      rows.set(id, row.row);
      const name = sheet.cell(row, c.name);
      const team = sheet.cell(row, c.team);
      reps.push({ id, ...(name !== undefined ? { name } : {}), teams: team !== undefined ? [team] : [], ...repLimits(sheet, row, c) });
    } catch (e) {
      if (!(e instanceof CellProblem)) throw e;
      sheet.reject(row.row, e);
    }
  }
  return reps;
}

/**
 * Owners and activity reps written as a roster rep's name become that rep's id (exports often have
 * only names); a name two reps share stays as written. Reps the history names but the roster does
 * not are added as inactive, so "keep the historical owner" still has someone to keep.
 */
export function applyRoster(roster: HistoryRep[], leads: HistoryLead[], activities: HistoryActivity[]): { reps: HistoryRep[]; notes: Words[] } {
  const ids = new Set(roster.map((r) => r.id));
  const byName = new Map<string, string | null>();
  for (const r of roster) if (r.name !== undefined && !ids.has(r.name)) byName.set(r.name, byName.has(r.name) ? null : r.id);
  const resolve = (v: string) => (ids.has(v) ? v : (byName.get(v) ?? v));
  let renamed = 0;
  for (const l of leads)
    if (l.ownerRepId !== undefined) {
      const id = resolve(l.ownerRepId);
      if (id !== l.ownerRepId) renamed++;
      l.ownerRepId = id;
    }
  for (const a of activities)
    if (a.repId !== undefined) {
      const id = resolve(a.repId);
      if (id !== a.repId) renamed++;
      a.repId = id;
    }
  const notes: Words[] = [];
  if (renamed > 0)
    notes.push({ en: `${renamed} owner/rep value(s) were rep names, read as the roster's ids`, zh: `${renamed} 个负责人/跟进人取值是姓名，已按名单换成编号` });
  const missing = derivedReps(leads, activities).filter((r) => !ids.has(r.id));
  if (missing.length > 0) {
    const shown = missing.slice(0, 8).map((r) => r.id);
    const more = missing.length > 8 ? ` …(+${missing.length - 8})` : '';
    notes.push({
      en: `${missing.length} rep(s) in the history are not in the roster and were added as inactive: ${shown.join(', ')}${more}`,
      zh: `历史中有 ${missing.length} 位销售不在名单中，已作为停用人员加入：${shown.join('，')}${more}`,
    });
  }
  return { reps: [...roster, ...missing.map((r) => ({ ...r, active: false }))], notes };
}

export function derivedReps(leads: HistoryLead[], activities: HistoryActivity[]): HistoryRep[] {
  const teamCounts = new Map<string, Map<string, number>>();
  const seen = new Set<string>();
  for (const l of leads) {
    if (l.ownerRepId === undefined) continue;
    seen.add(l.ownerRepId);
    if (l.team === undefined) continue;
    const counts = teamCounts.get(l.ownerRepId) ?? new Map<string, number>();
    counts.set(l.team, (counts.get(l.team) ?? 0) + 1);
    teamCounts.set(l.ownerRepId, counts);
  }
  for (const a of activities) if (a.repId !== undefined) seen.add(a.repId);
  return [...seen].sort(byCode).map((id) => {
    const counts = [...(teamCounts.get(id) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || byCode(a[0], b[0]));
    return { id, teams: counts.length > 0 ? [counts[0]![0]] : [] };
  });
}

export function teamsOf(reps: HistoryRep[], leads: HistoryLead[]): History['teams'] {
  const ids = new Set<string>();
  for (const r of reps) for (const t of r.teams ?? []) ids.add(t);
  for (const l of leads) if (l.team !== undefined) ids.add(l.team);
  return [...ids].sort(byCode).map((id) => ({ id }));
}
