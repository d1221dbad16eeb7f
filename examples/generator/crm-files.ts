/**
 * Two CRM styles of export, written from a world and the history a policy left in it: an English
 * B2B CRM (UTF-8, LF, month-first dates, "$12,500.00") and a Chinese B2C CRM as Excel saves it
 * (GB18030, CRLF, 2026/3/4 14:05, ¥12,500). Each comes with the mapping (SIM.md shape) that reads it.
 */
import type { History } from '../../packages/simulator/src/types.js';
import type { World } from '../../packages/simulator/src/world/index.js';
import { csvText, usAmount, usDate, usDateTime, zhAmount, zhDateTime } from './csv.js';
import { encodeGb18030 } from './gb18030.js';

export const EN_MAPPING = {
  version: 1,
  timeZone: 'America/New_York',
  leads: {
    encoding: 'auto',
    delimiter: 'auto',
    dateOrder: 'mdy',
    columns: { id: 'Lead ID', createdAt: 'Created Date', owner: 'Owner', team: 'Team', outcome: 'Status', closedAt: 'Close Date', amount: 'Amount' },
    outcomeValues: { won: ['Closed Won'], lost: ['Closed Lost'], open: ['Working'] },
    attributes: {
      company: 'Company',
      region: 'Region',
      industry: 'Industry',
      source: 'Source',
      employees: { column: 'Employees', type: 'number' },
      grade: 'Grade',
      segment: 'Segment',
    },
  },
  activities: {
    encoding: 'auto',
    delimiter: 'auto',
    dateOrder: 'mdy',
    columns: { leadId: 'Lead ID', rep: 'Assigned To', at: 'Activity Date', type: 'Type' },
    typeValues: { call: ['Call'], email: ['Email'], visit: ['Meeting'], message: ['SMS'] },
  },
};

export const ZH_MAPPING = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  leads: {
    encoding: 'gb18030',
    delimiter: 'auto',
    dateOrder: 'ymd',
    columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人', team: '所属部门', outcome: '状态', closedAt: '成交时间', amount: '成交金额' },
    outcomeValues: { won: ['赢单'], lost: ['输单'], open: ['跟进中'] },
    attributes: { region: '区域', industry: '行业', source: '来源', grade: '等级', segment: '客户类型' },
  },
  activities: {
    encoding: 'gb18030',
    delimiter: 'auto',
    dateOrder: 'ymd',
    columns: { leadId: '线索编号', rep: '跟进人', at: '跟进时间', type: '跟进方式' },
    typeValues: { call: ['电话'], visit: ['拜访'], message: ['微信'], email: ['邮件'] },
  },
};

const EN_TYPES: Record<string, string> = { call: 'Call', email: 'Email', visit: 'Meeting', message: 'SMS' };
const ZH_TYPES: Record<string, string> = { call: '电话', visit: '拜访', message: '微信', email: '邮件' };

export interface ExportFile {
  name: string;
  bytes: Uint8Array;
}

/** A lead still being worked when the export was taken shows as open, without close date or amount. */
function closedBy(lead: History['leads'][number], exportAt: string): boolean {
  return lead.outcome !== 'open' && lead.closedAt !== undefined && lead.closedAt <= exportAt;
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

export function englishCrmFiles(world: World, history: History): ExportFile[] {
  const tz = world.timeZone;
  const exportAt = world.end;
  const leads = [
    ['Lead ID', 'Company', 'Created Date', 'Owner', 'Team', 'Status', 'Close Date', 'Amount', 'Source', 'Industry', 'Region', 'Employees', 'Grade', 'Segment'],
  ];
  for (const l of history.leads) {
    const closed = closedBy(l, exportAt);
    const a = l.attributes;
    leads.push([
      l.id,
      text(a.company),
      usDateTime(l.createdAt, tz),
      text(l.ownerRepId),
      text(l.team),
      closed ? (l.outcome === 'won' ? 'Closed Won' : 'Closed Lost') : 'Working',
      closed && l.closedAt ? usDate(l.closedAt, tz) : '',
      closed && l.amount !== undefined ? usAmount(l.amount) : '',
      text(a.source),
      text(a.industry),
      text(a.region),
      text(a.employees),
      text(a.grade),
      text(a.segment),
    ]);
  }
  const activities = [['Lead ID', 'Assigned To', 'Activity Date', 'Type']];
  for (const a of history.activities) {
    if (a.at <= exportAt) activities.push([a.leadId, text(a.repId), usDateTime(a.at, tz), EN_TYPES[a.type] ?? a.type]);
  }
  const utf8 = new TextEncoder();
  return [
    { name: 'en-crm-leads.csv', bytes: utf8.encode(csvText(leads, '\n')) },
    { name: 'en-crm-activities.csv', bytes: utf8.encode(csvText(activities, '\n')) },
    { name: 'en-crm.mapping.json', bytes: utf8.encode(`${JSON.stringify(EN_MAPPING, null, 2)}\n`) },
  ];
}

export function chineseCrmFiles(world: World, history: History): ExportFile[] {
  const tz = world.timeZone;
  // Taken two days after the last arrival: the newest leads are still being worked.
  const exportAt = new Date(Date.parse(world.end) + 2 * 86_400_000).toISOString();
  const leads = [['线索编号', '创建时间', '负责人', '所属部门', '状态', '成交时间', '成交金额', '来源', '行业', '区域', '等级', '客户类型']];
  for (const l of history.leads) {
    const closed = closedBy(l, exportAt);
    const won = closed && l.outcome === 'won';
    const a = l.attributes;
    leads.push([
      l.id,
      zhDateTime(l.createdAt, tz),
      text(l.ownerRepId),
      text(l.team),
      closed ? (won ? '赢单' : '输单') : '跟进中',
      // A Chinese CRM's 成交时间 is the signing time: lost leads have none.
      won && l.closedAt ? zhDateTime(l.closedAt, tz) : '',
      won && l.amount !== undefined ? zhAmount(l.amount) : '',
      text(a.source),
      text(a.industry),
      text(a.region),
      text(a.grade),
      text(a.segment),
    ]);
  }
  const activities = [['线索编号', '跟进人', '跟进时间', '跟进方式']];
  for (const a of history.activities) {
    if (a.at <= exportAt) activities.push([a.leadId, text(a.repId), zhDateTime(a.at, tz), ZH_TYPES[a.type] ?? a.type]);
  }
  return [
    { name: 'zh-crm-leads.csv', bytes: encodeGb18030(csvText(leads, '\r\n')) },
    { name: 'zh-crm-activities.csv', bytes: encodeGb18030(csvText(activities, '\r\n')) },
    // The mapping is a JSON file a person edits: UTF-8 like every JSON file.
    { name: 'zh-crm.mapping.json', bytes: new TextEncoder().encode(`${JSON.stringify(ZH_MAPPING, null, 2)}\n`) },
  ];
}
