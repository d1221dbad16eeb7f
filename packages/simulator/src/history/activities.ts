/**
 * Activity and stage-change files: rows keyed by lead id. A row of a lead the import does not have,
 * or dated before its lead was created, is rejected: the replay starts a lead's clock at its
 * creation, and an earlier follow-up would give it a negative time to first contact.
 */
import type { HistoryActivity, HistoryStageChange } from '../types.js';
import type { LeadsRead } from './leads.js';
import { type Mapping, normalValue } from './mapping.js';
import { CellProblem, quoted, type Sheet } from './sheet.js';
import type { TableRow } from './table.js';

type ActivitiesMapping = NonNullable<Mapping['activities']>;
type StagesMapping = NonNullable<Mapping['stages']>;

export function activityColumns(m: ActivitiesMapping): { all: string[]; dates: string[] } {
  const c = m.columns;
  return { all: [c.leadId, c.at, c.rep, c.type].filter((x): x is string => x !== undefined), dates: [c.at] };
}

export function stageColumns(m: StagesMapping): { all: string[]; dates: string[] } {
  return { all: [m.columns.leadId, m.columns.at, m.columns.stage], dates: [m.columns.at] };
}

/** The lead the row belongs to, at a time not before its creation. */
function leadAndTime(sheet: Sheet, row: TableRow, leadColumn: string, atColumn: string, leads: LeadsRead): { leadId: string; at: string } {
  const leadId = sheet.required(row, leadColumn, 'missing-lead-id', { en: 'the lead id', zh: '线索编号' });
  const lead = leads.used.get(leadId);
  if (!lead) {
    const rejectedAt = leads.rejected.get(leadId);
    if (rejectedAt !== undefined)
      throw new CellProblem(leadColumn, 'lead-rejected', {
        en: `lead "${leadId}" was rejected (leads file row ${rejectedAt})`,
        zh: `线索“${leadId}”已被拒绝（线索文件第 ${rejectedAt} 行）`,
      });
    const near = leads.loose.near(leadId);
    if (near !== undefined)
      throw new CellProblem(leadColumn, 'unknown-lead', {
        en: `lead "${leadId}" is not in the leads file, but "${near}" is: ids are compared exactly (case, spaces, full-width letters), so write them one way`,
        zh: `线索“${leadId}”不在线索文件中，但有“${near}”：编号按原样比较（大小写、空格、全角半角均区分），请统一写法`,
      });
    throw new CellProblem(leadColumn, 'unknown-lead', { en: `lead "${leadId}" is not in the leads file`, zh: `线索“${leadId}”不在线索文件中` });
  }
  const at = sheet.date(row, atColumn);
  if (at === undefined) throw new CellProblem(atColumn, 'missing-date', { en: 'the time is empty', zh: '时间为空' });
  if (at < lead.createdAt)
    throw new CellProblem(
      atColumn,
      'before-created',
      quoted(sheet.cell(row, atColumn)!, {
        en: `is before lead "${leadId}" was created (${lead.createdAt} UTC)`,
        zh: `早于线索“${leadId}”的创建时间（UTC ${lead.createdAt}）`,
      }),
    );
  // The lead's own id string: the row's copy would be one more string per activity.
  return { leadId: lead.id, at };
}

export function readActivities(sheet: Sheet, m: ActivitiesMapping, leads: LeadsRead): HistoryActivity[] {
  const c = m.columns;
  const kinds = new Map<string, string>();
  if (m.typeValues) for (const [kind, raws] of Object.entries(m.typeValues)) for (const raw of raws) kinds.set(normalValue(raw), kind);
  if (c.type === undefined) sheet.notes.push({ en: 'no type column is mapped: every activity is a follow_up', zh: '未映射跟进方式列：所有跟进记为 follow_up' });
  const out: HistoryActivity[] = [];
  for (const row of sheet.consume()) {
    try {
      const { leadId, at } = leadAndTime(sheet, row, c.leadId, c.at, leads);
      const activity: HistoryActivity = { leadId, at, type: 'follow_up', row: row.row };
      const rep = sheet.cell(row, c.rep);
      if (rep !== undefined) activity.repId = rep;
      const raw = sheet.cell(row, c.type);
      if (raw !== undefined) {
        if (m.typeValues) {
          const kind = kinds.get(normalValue(raw));
          if (kind === undefined)
            throw new CellProblem(
              c.type,
              'unknown-activity-type',
              quoted(raw, {
                en: `is not one of typeValues (${[...kinds.keys()].join(', ')}): add it in the mapping`,
                zh: `不在 typeValues 中（${[...kinds.keys()].join('，')}）：请在映射文件中加入`,
              }),
            );
          activity.type = kind;
        } else activity.type = raw;
      }
      out.push(activity);
    } catch (e) {
      if (!(e instanceof CellProblem)) throw e;
      sheet.reject(row.row, e);
    }
  }
  tooEarlyHint(sheet);
  return out;
}

export function readStages(sheet: Sheet, m: StagesMapping, leads: LeadsRead): HistoryStageChange[] {
  const out: HistoryStageChange[] = [];
  for (const row of sheet.consume()) {
    try {
      const { leadId, at } = leadAndTime(sheet, row, m.columns.leadId, m.columns.at, leads);
      const stage = sheet.required(row, m.columns.stage, 'missing-stage', { en: 'the stage', zh: '阶段' });
      out.push({ leadId, at, stage, row: row.row });
    } catch (e) {
      if (!(e instanceof CellProblem)) throw e;
      sheet.reject(row.row, e);
    }
  }
  tooEarlyHint(sheet);
  return out;
}

/** Many rows "before their lead" is usually one zone mistake, not many data errors. */
function tooEarlyHint(sheet: Sheet): void {
  const early = sheet.rejects.filter((r) => r.code === 'before-created').length;
  if (early > 0 && early * 2 >= sheet.rowCount)
    sheet.notes.push({
      en: `${early} of ${sheet.rowCount} rows are dated before their lead was created: check the mapping's timeZone and dateOrder`,
      zh: `${sheet.rowCount} 行中有 ${early} 行早于其线索的创建时间：请检查映射文件的 timeZone 和 dateOrder`,
    });
}
