import { describe, expect, it } from 'vitest';
import { gb18030 } from './gb18030.testkit.js';
import { guessKind, guessMapping } from './guess.js';
import { guessMappingFromFile } from './guessFiles.js';
import { parseMapping } from './mapping.js';

describe('guessMapping: a Chinese CRM export', () => {
  const headers = [
    '线索编号',
    '创建时间',
    '负责人',
    '所属部门',
    '状态',
    '成交金额',
    '成交时间',
    '来源',
    '行业',
    '省份',
    '等级',
    '员工数',
    '客户规模',
    '线索创建人',
  ];
  const rows = [
    ['L1', '03/04/2026 09:30', '张三', '华东', '赢单', '￥1,200', '20/04/2026', '官网', '制造', '上海', 'A', '120', '大', '系统'],
    ['L2', '25/03/2026 10:00', '李四', '华南', '跟进中', '', '', '展会', '软件', '广东', 'B', '1,500', '中', '系统'],
    ['L3', '26/03/2026 10:00', '李四', '华南', '无效', '', '', '展会', '软件', '广东', 'C', '', '小', '系统'],
    ['L4', '27/03/2026 10:00', '李四', '华南', '暂缓', '', '', '展会', '软件', '广东', 'C', '', '小', '系统'],
  ].map((r) => Object.fromEntries(r.map((v, i) => [headers[i]!, v])));
  const guess = guessMapping(headers, rows);

  it('maps the known Chinese names, the outcome values it recognises, and types from the values', () => {
    expect(guess.kind).toBe('leads');
    expect(guess.mapping).toEqual({
      version: 1,
      timeZone: 'Asia/Shanghai',
      leads: {
        dateOrder: 'dmy',
        columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人', team: '所属部门', outcome: '状态', amount: '成交金额', closedAt: '成交时间' },
        outcomeValues: { won: ['赢单'], lost: ['无效'], open: ['跟进中'] },
        attributes: {
          source: '来源',
          industry: '行业',
          region: '省份',
          grade: '等级',
          employees: { column: '员工数', type: 'number' },
          customerSize: '客户规模',
          leadCreator: '线索创建人',
        },
      },
    });
  });

  it('says what it could not decide, in both languages', () => {
    const en = guess.notes.map((n) => n.en);
    expect(en).toContain('outcomeValues: could not tell what "暂缓" means: add it to one of the lists (or it rejects its rows)');
    expect(en).toContain('"客户规模" kept as attribute "customerSize" (string): rename the key, or delete it if policies do not need it');
    expect(en).toContain('dates read day-first because of "25/03/2026 10:00"');
    expect(guess.notes.find((n) => n.en.includes('暂缓'))!.zh).toBe('outcomeValues：无法判断“暂缓”的含义：请把它加入其中一个列表（否则这些行会被拒绝）');
    expect(guess.columns.find((c) => c.column === '客户规模')).toEqual({ column: '客户规模', role: 'attributes.customerSize', confidence: 'low' });
    expect(guess.columns.find((c) => c.column === '线索编号')).toEqual({ column: '线索编号', role: 'columns.id', confidence: 'high' });
  });

  it('the guess is a valid mapping once the open question is answered', () => {
    expect(parseMapping(guess.mapping).ok).toBe(true);
  });
});

describe('guessMapping: an English CRM export', () => {
  const headers = [
    'Lead ID',
    'Created Date',
    'Lead Owner',
    'Department',
    'Lead Status',
    'Amount',
    'Close Date',
    'Lead Source',
    'Industry',
    'Region',
    'Rating',
    'Annual Revenue',
    'Is VIP',
    'Last Touch',
  ];
  const rows = [
    ['00Q1', '3/14/2026 2:05 PM', 'Ann Lee', 'East', 'Closed Won', '$12,500.00', '4/1/2026', 'Web', 'Retail', 'NE', 'Hot', '1,000,000', 'yes', '2026-04-01'],
    ['00Q2', '3/4/2026 9:00 AM', 'Bob Ray', 'West', 'Open', '', '', 'Event', 'Tech', 'W', 'Warm', '250000', 'no', '2026-03-05'],
  ].map((r) => Object.fromEntries(r.map((v, i) => [headers[i]!, v])));

  it('maps English names, month-first dates, typed attributes with camelCase keys', () => {
    const g = guessMapping(headers, rows);
    expect(g.mapping).toEqual({
      version: 1,
      timeZone: 'UTC',
      leads: {
        dateOrder: 'mdy',
        columns: {
          id: 'Lead ID',
          createdAt: 'Created Date',
          owner: 'Lead Owner',
          team: 'Department',
          outcome: 'Lead Status',
          amount: 'Amount',
          closedAt: 'Close Date',
        },
        outcomeValues: { won: ['Closed Won'], lost: [], open: ['Open'] },
        attributes: {
          source: 'Lead Source',
          industry: 'Industry',
          region: 'Region',
          grade: 'Rating',
          annualRevenue: { column: 'Annual Revenue', type: 'number' },
          isVIP: { column: 'Is VIP', type: 'boolean' },
          lastTouch: { column: 'Last Touch', type: 'date' },
        },
      },
    });
    expect(g.notes.map((n) => n.en)).toContain('timeZone set to UTC: set the zone your CRM wrote zone-less dates in');
  });

  it('names a required role it could not find', () => {
    const g = guessMapping(['Lead ID', 'Owner'], []);
    expect(g.notes[0]).toEqual({
      en: 'no column looks like leads.columns.createdAt (required): set it by hand',
      zh: '没有找到对应 leads.columns.createdAt（必填）的列：请手动填写',
    });
  });
});

describe('guessMapping: a leads export whose id column is named for another record', () => {
  const headers = ['商机编号', '创建时间', '负责人', '状态', '手机号码'];
  const row = (id: string, owner: string, phone: string) => ({ 商机编号: id, 创建时间: '2026-03-04 09:30', 负责人: owner, 状态: '跟进中', 手机号码: phone });

  it('takes a unique id-named column at low confidence, saying why', () => {
    const g = guessMapping(headers, [row('B-1', '张三', '13800000001'), row('B-2', '张三', '13800000002'), row('B-3', '李四', '13800000003')]);
    expect(g.mapping.leads?.columns?.id).toBe('商机编号');
    expect(g.columns.find((c) => c.column === '商机编号')).toMatchObject({ role: 'columns.id', confidence: 'low' });
    expect(g.notes).toContainEqual({
      en: 'no column is named as the lead id; "商机编号" is taken because it is named as an id and every value in it is different: check that it identifies the lead',
      zh: '没有以线索编号命名的列；“商机编号”被当作线索编号，因为它以编号命名且取值各不相同：请确认它能标识线索',
    });
  });

  it('not when its values repeat (an owner or account id), nor a unique column not named as an id', () => {
    const g = guessMapping(headers, [row('B-1', '张三', '13800000001'), row('B-1', '张三', '13800000002')]);
    expect(g.mapping.leads?.columns?.id).toBeUndefined();
  });
});

describe('guessKind and other files', () => {
  it('tells activities, stages and rosters from leads by their headers', () => {
    expect(guessKind(['线索编号', '创建时间', '负责人'])).toBe('leads');
    expect(guessKind(['线索编号', '跟进人', '跟进时间', '跟进方式'])).toBe('activities');
    expect(guessKind(['Lead ID', 'Changed At', 'New Stage'])).toBe('stages');
    expect(guessKind(['工号', '姓名', '部门'])).toBe('roster');
  });

  it('knows the leads exports of other CRMs by their own names for the creation date, owner and status', () => {
    // HubSpot, Zoho, Pipedrive, a web form, and Chinese CRMs' 新建时间 / 入库时间 / 留资时间.
    const exports: Array<[string[], string, string]> = [
      [['Record ID', 'Create Date', 'Contact owner', 'Lifecycle Stage', 'Close Date', 'Original Source'], 'Create Date', 'Contact owner'],
      [['Lead Id', 'Created Time', 'Lead Owner', 'Lead Status'], 'Created Time', 'Lead Owner'],
      [['ID', 'Lead created', 'Owner', 'Deal stage'], 'Lead created', 'Owner'],
      [['Lead ID', 'Date Added', 'Assigned To'], 'Date Added', 'Assigned To'],
      [['线索编号', '新建时间', '所属销售', '线索阶段'], '新建时间', '所属销售'],
      [['线索编号', '入库时间', '负责人'], '入库时间', '负责人'],
      [['线索编号', '留资时间', '归属销售', '来源渠道'], '留资时间', '归属销售'],
    ];
    for (const [headers, createdAt, owner] of exports) {
      expect(guessKind(headers), headers.join()).toBe('leads');
      const row = Object.fromEntries(headers.map((h, i) => [h, h === createdAt ? '2026-03-04 10:00' : `v${i}`]));
      const columns = guessMapping(headers, [row]).mapping.leads!.columns as Record<string, string>;
      expect([columns.createdAt, columns.owner], headers.join()).toEqual([createdAt, owner]);
    }
    const hubspot = guessMapping(
      ['Record ID', 'Create Date', 'Original Source', 'Lifecycle Stage'],
      [{ 'Record ID': '901', 'Create Date': '2026-03-04 10:00', 'Original Source': 'Organic Search', 'Lifecycle Stage': 'Lead' }],
    ).mapping.leads!;
    expect(hubspot.attributes).toEqual({ source: 'Original Source' });
    expect(hubspot.columns.outcome).toBe('Lifecycle Stage');
  });

  it("guesses a JSON Lines API export's nested fields by their own names", () => {
    const g = guessMappingFromFile(
      '{"id":"901","properties":{"createdate":"2026-03-04T10:00:00Z","hubspot_owner_id":"77","lifecyclestage":"customer","closedate":"2026-03-20T10:00:00Z","amount":"1200"}}\n' +
        '{"id":"902","properties":{"createdate":"2026-03-05T10:00:00Z","hubspot_owner_id":"78","lifecyclestage":"lead"}}\n',
    );
    expect(g.kind).toBe('leads');
    expect(g.mapping.leads!.columns).toMatchObject({
      id: 'id',
      createdAt: 'properties.createdate',
      owner: 'properties.hubspot_owner_id',
      outcome: 'properties.lifecyclestage',
      closedAt: 'properties.closedate',
      amount: 'properties.amount',
    });
    const nested = guessMappingFromFile('{"id":"1","created":"2026-03-04","properties":{"hs_analytics_source":"X","industry":"SaaS"},"a":{"b.c":1}}\n');
    expect(nested.mapping.leads!.attributes).toEqual({
      hsAnalyticsSource: 'properties.hs_analytics_source',
      industry: 'properties.industry',
      c: { column: 'a.b.c', type: 'number' },
    });
  });

  it('a task export with a Created Date is activities when its types are calls, emails and meetings; a lead type is not', () => {
    // Salesforce's task export: Related To ID, Created Date, Assigned To, Status, Subject, Type.
    const headers = ['Related To ID', 'Created Date', 'Assigned To', 'Status', 'Subject', 'Type'];
    const row = (type: string) => new Map(headers.map((h) => [h, h === 'Type' ? type : h === 'Created Date' ? '2026-03-04 10:00' : 'x']));
    expect(guessKind(headers, ['Call', 'Email', 'Meeting', 'Call'].map(row))).toBe('activities');
    const g = guessMapping(headers, ['Call', 'Email', 'Meeting', 'Call'].map(row));
    expect(g.kind).toBe('activities');
    expect(g.mapping.activities!.columns).toMatchObject({ at: 'Created Date', rep: 'Assigned To', type: 'Type' });
    // A leads file's Type column holds lead types: still leads.
    expect(guessKind(headers, ['Inbound', 'Outbound', 'Partner', 'Inbound'].map(row))).toBe('leads');
    expect(guessKind(headers)).toBe('leads');
  });

  it('a leads file whose creation date is named loosely is still leads when it says what became of the lead', () => {
    // "Contact Create Date" matches only loosely (it contains a known name); the owner and status say leads.
    expect(guessKind(['Record ID', 'Contact Create Date', 'Contact owner', 'Lead Status'])).toBe('leads');
    // A stage log's time and stage alone do not.
    expect(guessKind(['Record ID', 'Stage Change Date', 'Stage'])).toBe('stages');
  });

  it('an activities file gets typeValues from its values', () => {
    const g = guessMapping(
      ['线索编号', '跟进人', '跟进时间', '跟进方式'],
      [
        { 线索编号: 'L1', 跟进人: '张三', 跟进时间: '2026-03-04 10:00', 跟进方式: '电话' },
        { 线索编号: 'L1', 跟进人: '张三', 跟进时间: '2026-03-05 10:00', 跟进方式: '上门拜访' },
        { 线索编号: 'L2', 跟进人: '李四', 跟进时间: '2026-03-05 11:00', 跟进方式: '微信' },
      ],
    );
    expect(g.mapping).toEqual({
      version: 1,
      timeZone: 'Asia/Shanghai',
      activities: {
        columns: { leadId: '线索编号', rep: '跟进人', at: '跟进时间', type: '跟进方式' },
        typeValues: { call: ['电话'], visit: ['上门拜访'], wechat: ['微信'] },
      },
    });
  });

  it('from the bytes of a GB18030 file: encoding and delimiter go into the mapping', () => {
    const g = guessMappingFromFile(gb18030('线索编号;创建时间;负责人\r\nL1;2026/3/4 10:00;张三\r\n'));
    expect(g.encoding).toBe('gb18030');
    expect(g.mapping.leads).toEqual({
      encoding: 'gb18030',
      delimiter: ';',
      columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人' },
      attributes: {},
    });
  });
});
