import { describe, expect, it } from 'vitest';
import { HistoryImportError } from './errors.js';
import { gb18030, utf8 } from './gb18030.testkit.js';
import { guessMapping } from './guess.js';
import { importHistory } from './importHistory.js';

const CN_MAPPING = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  leads: {
    columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人', team: '所属部门', outcome: '状态', closedAt: '成交时间', amount: '成交金额' },
    outcomeValues: { won: ['赢单', '成交'], lost: ['输单', '无效'], open: ['跟进中'] },
    attributes: { region: '区域', industry: '行业', employees: { column: '员工数', type: 'number' }, vip: { column: '重点客户', type: 'boolean' } },
  },
  activities: { columns: { leadId: '线索编号', rep: '跟进人', at: '跟进时间', type: '跟进方式' }, typeValues: { call: ['电话'], visit: ['拜访'] } },
  stages: { columns: { leadId: '线索编号', at: '变更时间', stage: '阶段' } },
  roster: { columns: { id: '工号', name: '姓名', team: '部门' } },
};

// A Chinese Excel export: semicolons, CRLF, a trailing delimiter, day-first dates decided by row 3.
const CN_LEADS = [
  '线索编号;创建时间;负责人;所属部门;状态;成交时间;成交金额;区域;行业;员工数;重点客户;',
  'L1;03/04/2026 09:30;张三;华东;赢单;2026年4月10日 15:00;"￥1,234.50";上海;制造;"1,200";是;',
  'L2;25/03/2026;李四;华南;跟进中;;;广东;;;;',
  'L3;2026-03-05 08:00:00;张三;华北;成交;2026/3/20;1.2万;北京;"软件\r\n服务";80;否;',
  'L2;26/03/2026;王五;华南;跟进中;;;广东;;;;',
  ';26/03/2026;王五;华南;跟进中;;;;;;;',
  'L4;26/03/2026;王五;华南;赢了;;;;;;;',
  'L5;2026-02-30;王五;华南;跟进中;;;;;;;',
  'L6;26/03/2026;王五;华南;赢单;;-300;;;;;',
  'L7;26/03/2026;王五;华南;输单;20/03/2026;;;;;;',
  'L8;27/03/2026;;;跟进中;;;;;十几个;;',
  'L9;28/03/2026;王五;华东; 无效 ;;;;;;;',
].join('\r\n');

const CN_ACTIVITIES = [
  '线索编号,跟进人,跟进时间,跟进方式',
  'L1,张三,2026-04-03 10:00,电话',
  'L1,张三,2026-04-05 10:00,拜访',
  'L2,李四,2026-03-24 10:00,电话',
  'L4,王五,2026-03-27 10:00,电话',
  'L404,王五,2026-03-27 10:00,电话',
  'L3,Ann,2026-03-06 10:00,微信',
  'L3,,2026-03-06 11:00,电话',
].join('\n');

const CN_STAGES = ['线索编号,变更时间,阶段', 'L1,2026-04-08 12:00,谈判', 'L1,,签约', 'L9,2026-03-29,'].join('\n');

describe('importHistory: a Chinese export in GB18030', () => {
  const result = importHistory({ mapping: CN_MAPPING, leads: gb18030(CN_LEADS), activities: gb18030(CN_ACTIVITIES), stages: CN_STAGES });

  it('reads the leads it can, typed, with zone-less times in Asia/Shanghai', () => {
    expect(result.history.leads).toEqual([
      {
        id: 'L1',
        createdAt: '2026-04-03T01:30:00.000Z',
        ownerRepId: '张三',
        team: '华东',
        outcome: 'won',
        closedAt: '2026-04-10T07:00:00.000Z',
        amount: 1234.5,
        attributes: { region: '上海', industry: '制造', employees: 1200, vip: true },
        row: 2,
      },
      { id: 'L2', createdAt: '2026-03-24T16:00:00.000Z', ownerRepId: '李四', team: '华南', outcome: 'open', attributes: { region: '广东' }, row: 3 },
      {
        id: 'L3',
        createdAt: '2026-03-05T00:00:00.000Z',
        ownerRepId: '张三',
        team: '华北',
        outcome: 'won',
        closedAt: '2026-03-19T16:00:00.000Z',
        amount: 12000,
        attributes: { region: '北京', industry: '软件\n服务', employees: 80, vip: false },
        row: 4,
      },
      { id: 'L9', createdAt: '2026-03-27T16:00:00.000Z', ownerRepId: '王五', team: '华东', outcome: 'lost', attributes: {}, row: 13 },
    ]);
  });

  it('reports every rejected row with its file line, column and reason in both languages', () => {
    const leads = result.rejects.filter((r) => r.file === 'leads');
    expect(leads.map((r) => [r.row, r.column, r.code, r.reason.en])).toEqual([
      [6, '线索编号', 'duplicate-id', 'lead id "L2" already appears in row 3 (the first row is kept)'],
      [7, '线索编号', 'missing-id', 'the lead id is empty'],
      [
        8,
        '状态',
        'unknown-outcome',
        '"赢了" is not one of outcomeValues (won: "赢单", "成交"; lost: "输单", "无效"; open: "跟进中"): add it to one of them in the mapping',
      ],
      [9, '创建时间', 'bad-date', '"2026-02-30" has no day 30 in month 2 of 2026'],
      [10, '成交金额', 'negative-amount', '"-300" is negative: an amount must be 0 or more'],
      [11, '成交时间', 'closed-before-created', 'closed (2026-03-19T16:00:00.000Z) before it was created (2026-03-25T16:00:00.000Z)'],
      [12, '员工数', 'bad-number', '"十几个" is not a number'],
    ]);
    expect(leads[0]!.reason.zh).toBe('线索编号“L2”已在第 3 行出现（保留第一行）');
    expect(leads[2]!.reason.zh).toContain('“赢了”不在 outcomeValues 中');
  });

  it('rejects activities of unknown or rejected leads, before their lead, or of an unknown kind', () => {
    expect(result.history.activities).toEqual([
      { leadId: 'L1', repId: '张三', at: '2026-04-03T02:00:00.000Z', type: 'call', row: 2 },
      { leadId: 'L1', repId: '张三', at: '2026-04-05T02:00:00.000Z', type: 'visit', row: 3 },
      { leadId: 'L3', at: '2026-03-06T03:00:00.000Z', type: 'call', row: 8 },
    ]);
    expect(result.rejects.filter((r) => r.file === 'activities').map((r) => [r.row, r.column, r.code])).toEqual([
      [4, '跟进时间', 'before-created'],
      [5, '线索编号', 'lead-rejected'],
      [6, '线索编号', 'unknown-lead'],
      [7, '跟进方式', 'unknown-activity-type'],
    ]);
    const rejected = result.rejects.find((r) => r.file === 'activities' && r.row === 5)!;
    expect(rejected.reason).toEqual({ en: 'lead "L4" was rejected (leads file row 8)', zh: '线索“L4”已被拒绝（线索文件第 8 行）' });
  });

  it('reads stage changes', () => {
    expect(result.history.stageChanges).toEqual([{ leadId: 'L1', at: '2026-04-08T04:00:00.000Z', stage: '谈判', row: 2 }]);
    expect(result.rejects.filter((r) => r.file === 'stages').map((r) => [r.row, r.column, r.code])).toEqual([
      [3, '变更时间', 'missing-date'],
      [4, '阶段', 'missing-stage'],
    ]);
  });

  it('sums up each file: read = used + skipped, counted by reason, with what it decided', () => {
    const [leads, activities, stages] = result.summaries;
    expect(leads).toMatchObject({
      file: 'leads',
      rowsRead: 11,
      rowsUsed: 4,
      rowsSkipped: 7,
      skippedBy: { 'duplicate-id': 1, 'missing-id': 1, 'unknown-outcome': 1, 'bad-date': 1, 'negative-amount': 1, 'closed-before-created': 1, 'bad-number': 1 },
      encoding: 'gb18030',
      delimiter: ';',
    });
    expect(leads!.notes!.map((n) => n.en)).toEqual([
      'column "创建时间" read day-first (dd/mm/yyyy), because of "25/03/2026" in row 3',
      'column "成交时间" read day-first (dd/mm/yyyy), because of "20/03/2026" in row 11',
      'no roster file: 3 rep(s) taken from the history, each with the team seen most with them as owner',
    ]);
    expect(activities).toMatchObject({ rowsRead: 7, rowsUsed: 3, rowsSkipped: 4, encoding: 'gb18030', delimiter: ',' });
    expect(stages).toMatchObject({ rowsRead: 3, rowsUsed: 1, rowsSkipped: 2, encoding: 'text' });
  });

  it('derives the roster from owners and activity reps, each with the team seen most with them', () => {
    // 张三 owns L1 (华东) and L3 (华北): a tie, broken by the team name that sorts first.
    // Ann's only activity was rejected (微信 is not in typeValues), so Ann is not a rep.
    expect(result.history.reps).toEqual([
      { id: '张三', teams: ['华东'] },
      { id: '李四', teams: ['华南'] },
      { id: '王五', teams: ['华东'] },
    ]);
    expect(result.history.teams).toEqual([{ id: '华东' }, { id: '华北' }, { id: '华南' }]);
  });

  it('a row number rides on the lead (row 4 spans two lines: the next lead is row 6)', () => {
    expect(result.rejects.find((r) => r.code === 'duplicate-id')!.row).toBe(6);
  });
});

describe('importHistory: an English CRM export', () => {
  const mapping = {
    version: 1,
    timeZone: 'America/New_York',
    leads: {
      columns: { id: 'Lead ID', createdAt: 'Created Date', owner: 'Lead Owner', outcome: 'Status', amount: 'Amount' },
      outcomeValues: { won: ['Closed Won'], lost: ['Closed Lost'], open: ['Open', ''] },
      attributes: { source: 'Lead Source' },
    },
  };

  it('UTF-8 with BOM, month-first dates with AM/PM, empty outcome read as open when the mapping says so', () => {
    const text =
      'Lead ID,Created Date,Lead Owner,Status,Amount,Lead Source\n00Q1,3/14/2026 2:05 PM,Ann Lee,closed won,"$12,500.00",Web\n00Q2,03/04/2026 9:00 AM,Bob,,,\n';
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]);
    const r = importHistory({ mapping, leads: bytes });
    expect(r.history.leads).toEqual([
      { id: '00Q1', createdAt: '2026-03-14T18:05:00.000Z', ownerRepId: 'Ann Lee', outcome: 'won', amount: 12500, attributes: { source: 'Web' }, row: 2 },
      { id: '00Q2', createdAt: '2026-03-04T14:00:00.000Z', ownerRepId: 'Bob', outcome: 'open', attributes: {}, row: 3 },
    ]);
    expect(r.summaries[0]).toMatchObject({ rowsRead: 2, rowsUsed: 2, rowsSkipped: 0, encoding: 'utf-8 with BOM', delimiter: ',' });
    expect(r.summaries[0]!.notes![0]!.en).toBe('column "Created Date" read month-first (mm/dd/yyyy), because of "3/14/2026 2:05 PM" in row 2');
  });

  const small = {
    ...mapping,
    leads: { columns: { id: 'Lead ID', createdAt: 'Created Date', outcome: 'Status', amount: 'Amount' }, outcomeValues: mapping.leads.outcomeValues },
  };

  it('a column that never says day or month first is rejected row by row, telling what to set', () => {
    const r = importHistory({
      mapping: small,
      leads: 'Lead ID,Created Date,Lead Owner,Status,Amount,Lead Source\nA,03/04/2026,x,Open,,\nB,2026-03-05,x,Open,,\n',
    });
    expect(r.history.leads.map((l) => l.id)).toEqual(['B']);
    expect(r.rejects.map((x) => [x.row, x.column, x.code])).toEqual([[2, 'Created Date', 'ambiguous-date']]);
    const fixed = importHistory({
      mapping: { ...mapping, leads: { columns: { id: 'Lead ID', createdAt: 'Created Date' }, dateOrder: 'dmy' } },
      leads: 'Lead ID,Created Date\nA,03/04/2026\n',
    });
    expect(fixed.history.leads[0]!.createdAt).toBe('2026-04-03T04:00:00.000Z'); // 3 April, EDT
  });

  it('JSON Lines leads', () => {
    const r = importHistory({
      mapping: small,
      leads: '{"Lead ID":"J1","Created Date":"2026-03-04T10:00:00Z","Status":"Closed Lost","Amount":250}\n{"Lead ID":"J2","Created Date":"2026-03-05"}\n',
    });
    expect(r.history.leads).toEqual([
      { id: 'J1', createdAt: '2026-03-04T10:00:00.000Z', outcome: 'lost', amount: 250, attributes: {}, row: 1 },
      { id: 'J2', createdAt: '2026-03-05T05:00:00.000Z', outcome: 'open', attributes: {}, row: 2 },
    ]);
  });
});

describe('importHistory: the roster file', () => {
  it('owner names become roster ids; reps the roster lacks are added inactive; roster rows are checked', () => {
    const r = importHistory({
      mapping: { ...CN_MAPPING, leads: { columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人', team: '所属部门' } } },
      leads: '线索编号,创建时间,负责人,所属部门\nA,2026-03-01,张三,华东\nB,2026-03-01,S9,华南\nC,2026-03-01,S2,华南\n',
      roster: '工号,姓名,部门\nS1,张三,华东\nS2,李四,华南\nS1,张三丰,华东\n,无名,华南\n',
    });
    expect(r.history.leads.map((l) => l.ownerRepId)).toEqual(['S1', 'S9', 'S2']);
    expect(r.history.reps).toEqual([
      { id: 'S1', name: '张三', teams: ['华东'] },
      { id: 'S2', name: '李四', teams: ['华南'] },
      { id: 'S9', teams: ['华南'], active: false },
    ]);
    expect(r.rejects.filter((x) => x.file === 'roster').map((x) => [x.row, x.code])).toEqual([
      [4, 'duplicate-id'],
      [5, 'missing-id'],
    ]);
    expect(r.summaries.find((s) => s.file === 'roster')!.notes!.map((n) => n.en)).toEqual([
      "1 owner/rep value(s) were rep names, read as the roster's ids",
      '1 rep(s) in the history are not in the roster and were added as inactive: S9',
    ]);
  });
});

describe('importHistory: a roster with roles, weights, caps and status', () => {
  it('reads them into the reps the policies route among, rejecting a bad value with its row and column', () => {
    const r = importHistory({
      mapping: {
        ...CN_MAPPING,
        leads: { columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人' } },
        roster: {
          columns: { id: '工号', name: '姓名', team: '部门', roles: '角色', weight: '权重', cap: '持有上限', dailyCap: '每日上限', active: '在职状态' },
        },
      },
      leads: '线索编号,创建时间,负责人\nA,2026-03-01,S1\n',
      roster: [
        '工号,姓名,部门,角色,权重,持有上限,每日上限,在职状态',
        'S1,张三,华东,"SDR、AE",1.5,40,10,在职',
        'S2,李四,华南,AE,,,,离职',
        'S3,王五,华南,SDR; AE ;SDR,2,,,active',
        'S4,赵六,华南,,,-5,,在职',
        'S5,钱七,华南,,,,3.5,在职',
        'S6,孙八,华南,,,,,休假',
        'S7,周九,华南,,2000,,,',
      ].join('\n'),
    });
    expect(r.history.reps).toEqual([
      { id: 'S1', name: '张三', teams: ['华东'], roles: ['SDR', 'AE'], weight: 1.5, cap: 40, dailyCap: 10, active: true },
      { id: 'S2', name: '李四', teams: ['华南'], roles: ['AE'], active: false },
      { id: 'S3', name: '王五', teams: ['华南'], roles: ['SDR', 'AE'], weight: 2, active: true },
    ]);
    expect(r.rejects.filter((x) => x.file === 'roster').map((x) => [x.row, x.column, x.code])).toEqual([
      [5, '持有上限', 'bad-number'],
      [6, '每日上限', 'bad-number'],
      [7, '在职状态', 'bad-status'],
      [8, '权重', 'bad-number'],
    ]);
    const reasons = r.rejects.filter((x) => x.file === 'roster').map((x) => x.reason);
    expect(reasons[1]!.en).toContain('must be a whole number of 0 or more');
    expect(reasons[2]!.zh).toContain('不是在职状态');
  });

  it('guesses those columns from Chinese and English headers', () => {
    const g = guessMapping(
      ['工号', '姓名', '部门', '角色', '权重', '持有上限', '每日上限', '在职状态'],
      [{ 工号: 'S1', 姓名: '张三', 部门: '华东', 角色: 'SDR', 权重: '1', 持有上限: '40', 每日上限: '10', 在职状态: '在职' }],
    );
    expect(g.kind).toBe('roster');
    expect(g.mapping.roster!.columns).toEqual({
      id: '工号',
      name: '姓名',
      team: '部门',
      roles: '角色',
      weight: '权重',
      cap: '持有上限',
      dailyCap: '每日上限',
      active: '在职状态',
    });
    const en = guessMapping(
      ['Rep ID', 'Name', 'Team', 'Role', 'Weight', 'Capacity', 'Daily Limit', 'Active'],
      [{ 'Rep ID': 'r1', Name: 'Ana', Team: 'West', Role: 'AE', Weight: '1', Capacity: '40', 'Daily Limit': '10', Active: 'yes' }],
    );
    expect(en.mapping.roster!.columns).toMatchObject({ roles: 'Role', weight: 'Weight', cap: 'Capacity', dailyCap: 'Daily Limit', active: 'Active' });
  });
});

describe('importHistory: problems that stop the import', () => {
  const run = (input: Parameters<typeof importHistory>[0]) => {
    try {
      importHistory(input);
      return undefined;
    } catch (e) {
      expect(e).toBeInstanceOf(HistoryImportError);
      return (e as HistoryImportError).words;
    }
  };

  it('every mapped column the header lacks, at once, naming the columns it has', () => {
    expect(run({ mapping: CN_MAPPING, leads: '线索编号,创建时间,负责人,状态,区域\nA,2026-03-01,张三,赢单,上海\n' })).toEqual({
      en: 'leads file: the mapping names columns "所属部门", "成交时间", "成交金额", "行业", "员工数", "重点客户", which the header does not have. Columns: 线索编号, 创建时间, 负责人, 状态, 区域',
      zh: '线索文件：映射文件中的“所属部门”、“成交时间”、“成交金额”、“行业”、“员工数”、“重点客户”列在表头中不存在。现有列：线索编号，创建时间，负责人，状态，区域',
    });
    const one = { version: 1, timeZone: 'UTC', leads: { columns: { id: 'id', createdAt: 'created' } } };
    expect(run({ mapping: one, leads: 'id,created_at\n1,2026-03-01\n' })).toEqual({
      en: 'leads file: the mapping names column "created", which the header does not have. Columns: id, created_at',
      zh: '线索文件：映射文件中的“created”列在表头中不存在。现有列：id，created_at',
    });
  });

  it('an invalid mapping, with the field path', () => {
    const words = run({ mapping: { version: 1, timeZone: 'Asia/Beijing', leads: { columns: { id: 'id' } } }, leads: 'id\n1\n' });
    expect(words!.en).toBe(
      'the mapping is invalid: timeZone: unknown time zone "Asia/Beijing" — did you mean "Asia/Shanghai"?; leads.columns.createdAt: required: name the column of the export that holds it',
    );
    expect(words!.zh).toContain('timeZone：未知时区');
    expect(words!.zh).toContain('leads.columns.createdAt：必填：请填写导出文件中对应的列名');
  });

  it('a file given without its mapping section', () => {
    const m = { version: 1, timeZone: 'UTC', leads: { columns: { id: 'id', createdAt: 'at' } } };
    expect(run({ mapping: m, leads: 'id,at\n1,2026-03-01\n', activities: 'x\n' })!.en).toBe(
      'an activities file was given but the mapping has no "activities" section',
    );
  });

  it('bytes that are neither UTF-8 nor GB18030 name the line', () => {
    const m = { version: 1, timeZone: 'UTC', leads: { columns: { id: 'id', createdAt: 'at' } } };
    const bytes = new Uint8Array([...utf8('id,at\n1,2026-03-01\n'), 0x81, 0x20, 0x0a]);
    expect(run({ mapping: m, leads: bytes })!.en).toBe('leads file: line 3 is neither UTF-8 nor GB18030: save the file as UTF-8 (CSV UTF-8 in Excel)');
  });
});

describe('a close date without a time', () => {
  const mapping = {
    version: 1,
    timeZone: 'America/New_York',
    leads: {
      columns: { id: 'Lead ID', createdAt: 'Created', outcome: 'Status', closedAt: 'Close Date' },
      outcomeValues: { won: ['Won'], lost: ['Lost'], open: ['Open'] },
    },
  };
  const leads = [
    'Lead ID,Created,Status,Close Date',
    'A,2026-03-04 15:20,Won,2026-03-04',
    'B,2026-03-04 15:20,Lost,2026-03-03',
    'C,2026-03-04 15:20,Won,2026-03-04 09:00',
  ].join('\n');
  const result = importHistory({ mapping, leads: utf8(leads) });

  it('on the day the lead was created reads as closed at its creation, not before it', () => {
    expect(result.history.leads.find((l) => l.id === 'A')).toMatchObject({
      createdAt: '2026-03-04T20:20:00.000Z',
      closedAt: '2026-03-04T20:20:00.000Z',
      outcome: 'won',
    });
  });

  it('on an earlier day, or with a time before the creation, is still refused', () => {
    expect(result.rejects.map((r) => [r.row, r.code])).toEqual([
      [3, 'closed-before-created'],
      [4, 'closed-before-created'],
    ]);
  });
});
