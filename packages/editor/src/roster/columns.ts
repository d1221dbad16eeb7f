/**
 * The roster's columns, per entity: the field the server's schema names (engine types/domain.ts),
 * how a cell is read, and the header names people use for it in a spreadsheet, in both languages.
 * The table, the edit form and the paste all read these, so a column exists once.
 */
export type EntityName = 'reps' | 'teams' | 'pools' | 'customers';
export const ENTITY_NAMES: EntityName[] = ['reps', 'teams', 'pools', 'customers'];

export type CellKind = 'text' | 'int' | 'number' | 'bool' | 'list' | 'shifts' | 'instant' | 'zone' | 'json';

export interface Column {
  field: string;
  kind: CellKind;
  label: { en: string; zh: string };
  /** Other header names that mean this column (compared without case, spaces, _ or -). */
  aliases?: string[];
  /** Shown in the table (the rest only in the form). */
  listed?: boolean;
  required?: boolean;
}

const id = (zh: string, aliases: string[] = []): Column => ({
  field: 'id',
  kind: 'text',
  label: { en: 'ID', zh },
  aliases: ['编号', '编码', 'code', ...aliases],
  listed: true,
  required: true,
});
const name = (zh: string): Column => ({ field: 'name', kind: 'text', label: { en: 'Name', zh }, aliases: ['名称', '姓名', '名字'], listed: true });

export const COLUMNS: Record<EntityName, Column[]> = {
  reps: [
    id('销售ID', ['工号', '员工编号', 'rep id', 'repid', '销售编号']),
    name('姓名'),
    { field: 'teams', kind: 'list', label: { en: 'Teams', zh: '团队' }, aliases: ['team', '所属团队', '小组'], listed: true },
    { field: 'roles', kind: 'list', label: { en: 'Roles', zh: '职能' }, aliases: ['role', '角色', '职能标签'] },
    { field: 'weight', kind: 'number', label: { en: 'Weight', zh: '权重' }, listed: true },
    { field: 'cap', kind: 'int', label: { en: 'Cap', zh: '持有上限' }, aliases: ['上限', 'open cap', '最大持有'], listed: true },
    { field: 'dailyCap', kind: 'int', label: { en: 'Daily cap', zh: '每日上限' }, aliases: ['daily', '日上限', '每日分配上限'], listed: true },
    { field: 'openLoad', kind: 'int', label: { en: 'Open leads', zh: '当前持有' }, aliases: ['open load', 'load', '持有数', '在手线索'], listed: true },
    { field: 'active', kind: 'bool', label: { en: 'Active', zh: '在职' }, aliases: ['启用', '状态', 'enabled'], listed: true },
    { field: 'timeZone', kind: 'zone', label: { en: 'Time zone', zh: '时区' }, aliases: ['zone', 'tz'], listed: true },
    { field: 'shifts', kind: 'shifts', label: { en: 'Shifts', zh: '班次' }, aliases: ['shift', '工作时间', '排班'], listed: true },
    { field: 'outOfOffice', kind: 'json', label: { en: 'Out of office', zh: '休假' }, aliases: ['ooo', 'away', '请假'] },
    { field: 'calendar', kind: 'text', label: { en: 'Calendar', zh: '工作日历' }, aliases: ['日历'] },
    { field: 'level', kind: 'text', label: { en: 'Level', zh: '级别' }, aliases: ['职级', '等级'] },
    { field: 'skills', kind: 'list', label: { en: 'Skills', zh: '技能' } },
    { field: 'languages', kind: 'list', label: { en: 'Languages', zh: '语言' } },
    { field: 'industries', kind: 'list', label: { en: 'Industries', zh: '行业' } },
    { field: 'regions', kind: 'list', label: { en: 'Regions', zh: '区域' }, aliases: ['region', '地区', '大区'] },
    { field: 'products', kind: 'list', label: { en: 'Products', zh: '产品' }, aliases: ['product', '产品线'] },
    { field: 'conversionRate', kind: 'number', label: { en: 'Conversion rate', zh: '转化率' }, aliases: ['conversion'] },
  ],
  teams: [
    id('团队ID', ['team id', '团队编号']),
    name('团队名称'),
    { field: 'managerId', kind: 'text', label: { en: 'Manager', zh: '主管' }, aliases: ['manager id', '经理', '负责人', '主管ID'], listed: true },
    { field: 'poolId', kind: 'text', label: { en: 'Pool', zh: '公海池' }, aliases: ['pool id', '公海', '线索池'], listed: true },
  ],
  pools: [
    id('公海池ID', ['pool id', '公海池编号']),
    name('公海池名称'),
    { field: 'dailyClaimLimit', kind: 'int', label: { en: 'Daily claim limit', zh: '每日领取上限' }, aliases: ['daily claims', '每日领取'], listed: true },
    { field: 'ownedCap', kind: 'int', label: { en: 'Owned cap', zh: '拥有客户上限' }, aliases: ['owned', '持有上限'], listed: true },
    { field: 'coolingDays', kind: 'number', label: { en: 'Cooling days', zh: '冷却天数' }, aliases: ['cooling', '冷却期'], listed: true },
    { field: 'countSigned', kind: 'bool', label: { en: 'Count signed', zh: '计入签约客户' }, aliases: ['签约计入'] },
    { field: 'calendar', kind: 'text', label: { en: 'Calendar', zh: '工作日历' }, aliases: ['日历'] },
    { field: 'limits', kind: 'json', label: { en: 'Per-rep limits', zh: '分级限额' }, aliases: ['限额'] },
  ],
  customers: [
    id('客户ID', ['customer id', '客户编号']),
    { field: 'company', kind: 'text', label: { en: 'Company', zh: '公司名称' }, aliases: ['客户名称', '公司', '企业名称', 'name', '名称'], listed: true },
    { field: 'aliases', kind: 'list', label: { en: 'Aliases', zh: '别名' }, aliases: ['简称', 'alias'], listed: true },
    { field: 'emailDomains', kind: 'list', label: { en: 'E-mail domains', zh: '邮箱域名' }, aliases: ['domain', 'domains', '域名'], listed: true },
    { field: 'phones', kind: 'list', label: { en: 'Phones', zh: '电话' }, aliases: ['phone', '手机', '联系电话'], listed: true },
    { field: 'ownerId', kind: 'text', label: { en: 'Owner', zh: '负责人' }, aliases: ['owner id', '所属销售', '归属'], listed: true },
    { field: 'parentId', kind: 'text', label: { en: 'Parent', zh: '上级客户' }, aliases: ['parent id', '母公司', '集团'] },
    { field: 'reportedAt', kind: 'instant', label: { en: 'Reported at', zh: '报备时间' } },
    { field: 'discoveredAt', kind: 'instant', label: { en: 'Discovered at', zh: '发现时间' } },
  ],
};

/** Header text as compared: no case, no spaces, underscores, hyphens or a trailing "(…)" unit. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（][^)）]*[)）]\s*$/, '')
    .replace(/[\s_\-*:：]/g, '');
}

/** The column a header names, or undefined. */
export function columnForHeader(entity: EntityName, header: string): Column | undefined {
  const key = normalizeHeader(header);
  if (!key) return undefined;
  return COLUMNS[entity].find((c) => [c.field, c.label.en, c.label.zh, ...(c.aliases ?? [])].some((n) => normalizeHeader(n) === key));
}
