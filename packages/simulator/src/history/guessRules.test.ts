/** One test per guessing rule: lead id, outcome, closedAt, amount, attribute keys, activity kinds. */
import { describe, expect, it } from 'vitest';
import { guessMapping, type MappingGuess } from './guess.js';
import { guessMappingsFromFiles } from './guessFiles.js';
import { chineseKey, safeKey } from './guessKeys.js';
import { idNamed } from './guessLeadId.js';
import { parseMapping } from './mapping.js';

/** Rows from a header line and value lines (comma-separated, no quoting needed here). */
function table(header: string, ...lines: string[]): [string[], Array<Record<string, string>>] {
  const headers = header.split(',');
  return [headers, lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [headers[i]!, v])))];
}
const leads = (g: MappingGuess) =>
  g.mapping.leads as { columns: Record<string, string>; outcomeValues?: Record<string, string[]>; attributes: Record<string, unknown> };

describe('lead id', () => {
  it('without other files: a unique opaque column named ID beats a sequential number, and the note names both', () => {
    const g = guessMapping(...table('Lead Number,Prospect ID,Created At', '1001,7f3a9c20-1b,2026-01-02', '1002,a81c44e1-9d,2026-01-03'));
    expect(leads(g).columns.id).toBe('Prospect ID');
    expect(leads(g).attributes.leadNumber).toEqual({ column: 'Lead Number', type: 'number' });
    expect(g.notes.map((n) => n.en)).toContain(
      '"Prospect ID" taken as the lead id (unique, named ID, opaque), not "Lead Number": use the column your activity or stage files refer to',
    );
    expect(g.columns.find((c) => c.role === 'columns.id')!.confidence).toBe('low');
  });

  it('a repeated ID loses to a unique one, and ids of other things (Owner ID, Account ID) are never the lead id', () => {
    const g = guessMapping(...table('Account ID,Owner ID,Record ID,Created', 'A1,U1,R1,2026-01-02', 'A2,U1,R2,2026-01-02', 'A3,U2,R3,2026-01-02'));
    expect(leads(g).columns.id).toBe('Record ID');
    const h = guessMapping(...table('Batch ID,线索编号,创建时间', 'B1,X1,2026-01-02', 'B1,X2,2026-01-02'));
    expect(leads(h).columns.id).toBe('线索编号');
  });

  it('knows SugarCRM-style exports (Record Number, Date Entered) and 线索单号, 录入时间, 完成时间', () => {
    const g = guessMapping(
      ...table(
        'Record Number,Opportunity Name,Date Entered,Sales Rep,Stage,Won Date,Deal Value',
        'R1,Acme,2026-01-02,Ann,Closed Won,2026-01-09,100',
        'R2,Beta,2026-01-03,Bo,Open,,',
      ),
    );
    expect([leads(g).columns.id, leads(g).columns.createdAt, leads(g).columns.owner, leads(g).columns.closedAt]).toEqual([
      'Record Number',
      'Date Entered',
      'Sales Rep',
      'Won Date',
    ]);
    const zh = guessMapping(...table('线索单号,录入时间,归属人,商机状态,完成时间', 'S1,2026-01-02,王芳,赢单,2026-01-09', 'S2,2026-01-03,李强,跟进中,'));
    expect([leads(zh).columns.id, leads(zh).columns.createdAt, leads(zh).columns.closedAt]).toEqual(['线索单号', '录入时间', '完成时间']);
  });

  it('a single exact lead-id name with unique values is taken without a note', () => {
    const g = guessMapping(...table('Lead ID,Created Date', 'L-1,2026-01-02', 'L-2,2026-01-03'));
    expect(leads(g).columns.id).toBe('Lead ID');
    expect(g.columns.find((c) => c.role === 'columns.id')!.confidence).toBe('high');
    expect(g.notes.some((n) => n.en.includes('lead id'))).toBe(false);
  });

  it('with an activities file: the column holding the activities’ lead ids wins, whatever its name', () => {
    const [files] = [
      guessMappingsFromFiles([
        { content: 'Lead ID,Ref,Created At\nL-1,k9,2026-01-02 10:00\nL-2,k7,2026-01-02 11:00\nL-3,k4,2026-01-02 12:00\n' },
        { content: 'Lead ID,Activity Date,Activity Type\nk9,2026-01-03 10:00,Call\nk4,2026-01-03 11:00,Email\nk9,2026-01-04 10:00,Call\n' },
      ]),
    ];
    expect(files.map((f) => f.kind)).toEqual(['leads', 'activities']);
    expect(leads(files[0]!).columns.id).toBe('Ref');
    expect(files[0]!.notes[0]!.en).toBe('"Ref" taken as the lead id because 2 of the 2 lead ids the other files refer to are in it (not "Lead ID")');
  });

  it('an activities file whose lead column has no known name gets the column whose values are lead ids', () => {
    const [l, a] = guessMappingsFromFiles([
      { content: 'Lead ID,Created At\nL-1,2026-01-02 10:00\nL-2,2026-01-02 11:00\n' },
      { content: 'Subject,Lead,Activity Date,Activity Type\nHi,L-2,2026-01-03 10:00,Call\nHi,L-1,2026-01-03 11:00,Email\n' },
    ]);
    expect((a!.mapping.activities as { columns: Record<string, string> }).columns.leadId).toBe('Lead');
    expect(a!.notes[0]!.en).toBe('"Lead" taken as activities.columns.leadId because its values are lead ids of the leads file column "Lead ID": check it');
    expect(a!.columns.find((c) => c.role === 'columns.leadId')!.confidence).toBe('low');
    expect(leads(l!).columns.id).toBe('Lead ID');
  });

  it('one id column holding all the activities’ lead ids is taken with high confidence and no note', () => {
    const [l] = guessMappingsFromFiles([
      { content: 'Lead ID,Created At\nL-1,2026-01-02 10:00\nL-2,2026-01-02 11:00\n' },
      { content: 'Lead ID,Activity Date,Type\nL-2,2026-01-03 10:00,Call\n' },
    ]);
    expect(leads(l!).columns.id).toBe('Lead ID');
    expect(l!.columns.find((c) => c.role === 'columns.id')!.confidence).toBe('high');
    expect(l!.notes.some((n) => n.en.includes('lead id'))).toBe(false);
  });

  it('says so when no leads column holds the activities’ lead ids', () => {
    const [l] = guessMappingsFromFiles([
      { content: 'Lead ID,Created At\nL-1,2026-01-02 10:00\n' },
      { content: 'Lead ID,Activity Date,Type\nZ-9,2026-01-03 10:00,Call\n' },
    ]);
    expect(leads(l!).columns.id).toBe('Lead ID');
    expect(l!.notes.map((n) => n.en)).toContain(
      'no column of the leads file holds the lead ids of activities column "Lead ID": check leads.columns.id and activities.columns.leadId',
    );
  });

  it('idNamed reads ID as a word, not as letters inside one', () => {
    expect(['Lead ID', 'leadId', '线索ID', 'UUID', 'prospect_id', 'ID'].map(idNamed)).toEqual([true, true, true, true, true, true]);
    expect(['Paid', 'Valid', 'Idle'].map(idNamed)).toEqual([false, false, false]);
  });
});

describe('outcome', () => {
  const flag = (header: string, yes: string, no: string) =>
    guessMapping(...table(`Lead ID,Created,Do Not Email,${header}`, `L1,2026-01-02,No,${yes}`, `L2,2026-01-02,Yes,${no}`, `L3,2026-01-02,No,${no}`));

  for (const [header, yes, no] of [
    ['Converted', '1', '0'],
    ['Is Won', 'true', 'false'],
    ['Purchased', 'Yes', 'No'],
    ['是否转化', '是', '否'],
    ['是否成交', 'Y', 'N'],
  ] as const)
    it(`a yes/no column named for winning (${header}: ${yes}/${no}) is the outcome, yes → won, no → lost`, () => {
      const g = flag(header, yes, no);
      expect(leads(g).columns.outcome).toBe(header);
      expect(leads(g).outcomeValues).toEqual({ won: [yes], lost: [no], open: [] });
      expect(leads(g).attributes.doNotEmail).toEqual({ column: 'Do Not Email', type: 'boolean' });
      const note = g.notes.find((n) => n.en.startsWith(`"${header}" read as the outcome`))!;
      expect(note.en).toBe(
        `"${header}" read as the outcome: "${yes}" → won, "${no}" → lost; move the "no" values to outcomeValues.open if some of those leads are still being worked`,
      );
      expect(note.zh).toContain('赢单');
      expect(parseMapping(g.mapping).ok).toBe(true);
    });

  it('a yes/no column named for losing: yes → lost, no → open', () => {
    const g = flag('Lost', 'Yes', 'No');
    expect(leads(g).outcomeValues).toEqual({ won: [], lost: ['Yes'], open: ['No'] });
  });

  it('a yes/no column with another name (Do Not Email) is never the outcome', () => {
    const g = guessMapping(...table('Lead ID,Created,Do Not Email', 'L1,2026-01-02,Yes', 'L2,2026-01-02,No'));
    expect(leads(g).columns.outcome).toBeUndefined();
  });

  for (const [won, lost] of [
    ['成交', '未成交'],
    ['Won', 'Lost'],
    ['Converted', 'Not Converted'],
    ['已转化', '未转化'],
  ] as const)
    it(`a column of outcome words (${won}/${lost}) is the outcome whatever its name`, () => {
      const g = guessMapping(...table('Lead ID,Created,Result Flag X', `L1,2026-01-02,${won}`, `L2,2026-01-02,${lost}`, 'L3,2026-01-02,'));
      expect(leads(g).columns.outcome).toBe('Result Flag X');
      expect(leads(g).outcomeValues).toEqual({ won: [won], lost: [lost], open: [''] });
    });

  it("other CRMs' status picklists are read whatever their spacing and punctuation", () => {
    // Salesforce's default Lead Status picklist, then Zoho's and a Chinese CRM's.
    const salesforce = guessMapping(
      ...table(
        'Lead ID,Created,Lead Status',
        'L1,2026-01-02,Open - Not Contacted',
        'L2,2026-01-02,Working - Contacted',
        'L3,2026-01-02,Closed - Converted',
        'L4,2026-01-02,Closed - Not Converted',
      ),
    );
    expect(leads(salesforce).outcomeValues).toEqual({
      won: ['Closed - Converted'],
      lost: ['Closed - Not Converted'],
      open: ['Open - Not Contacted', 'Working - Contacted'],
    });
    const zoho = guessMapping(
      ...table('Lead ID,Created,Lead Status', 'L1,2026-01-02,Junk Lead', 'L2,2026-01-02,Attempted to Contact', 'L3,2026-01-02,Converted'),
    );
    expect(leads(zoho).outcomeValues).toEqual({ won: ['Converted'], lost: ['Junk Lead'], open: ['Attempted to Contact'] });
    const chinese = guessMapping(
      ...table('线索编号,创建时间,线索状态', 'L1,2026-01-02,已转客户', 'L2,2026-01-02,无效线索', 'L3,2026-01-02,待分配', 'L4,2026-01-02,已成单'),
    );
    expect(leads(chinese).outcomeValues).toEqual({ won: ['已转客户', '已成单'], lost: ['无效线索'], open: ['待分配'] });
  });

  it('a status column with no won value loses to a converted flag; the status stays an attribute', () => {
    const g = guessMapping(...table('Lead ID,Created,Status,Converted', 'L1,2026-01-02,Open,1', 'L2,2026-01-02,Working,0'));
    expect(leads(g).columns.outcome).toBe('Converted');
    expect(leads(g).attributes.crmStatus).toBe('Status');
  });

  it('a status column with won values keeps the outcome over a flag', () => {
    const g = guessMapping(...table('Lead ID,Created,Status,Converted', 'L1,2026-01-02,Closed Won,1', 'L2,2026-01-02,Closed Lost,0'));
    expect(leads(g).columns.outcome).toBe('Status');
    expect(leads(g).attributes.converted).toEqual({ column: 'Converted', type: 'number' });
  });
});

describe('won time and amount', () => {
  it('converted-at names are closedAt; a date named for the outcome is taken with a note', () => {
    expect(leads(guessMapping(...table('Lead ID,Created,Converted At', 'L1,2026-01-02,2026-02-01'))).columns.closedAt).toBe('Converted At');
    expect(leads(guessMapping(...table('线索ID,创建时间,转化时间', 'L1,2026-01-02,2026-02-01'))).columns.closedAt).toBe('转化时间');
    const g = guessMapping(...table('Lead ID,Created,Won On', 'L1,2026-01-02,2026-02-01', 'L2,2026-01-02,'));
    expect(leads(g).columns.closedAt).toBe('Won On');
    expect(g.notes.map((n) => n.en)).toContain(
      '"Won On" taken as closedAt (when the lead was won or lost) because it is a date named for the outcome: check it',
    );
  });

  it('amount names in both languages', () => {
    expect(leads(guessMapping(...table('线索编号,创建时间,成交额', 'L1,2026-01-02,"¥1,200"'))).columns.amount).toBe('成交额');
    expect(leads(guessMapping(...table('Lead ID,Created,Deal Size', 'L1,2026-01-02,1200'))).columns.amount).toBe('Deal Size');
  });
});

describe('attribute keys', () => {
  it('Chinese headers get English keys: whole-header dictionary, then word by word', () => {
    expect(chineseKey('访问次数')).toBe('visits');
    expect(chineseKey('来源渠道')).toBe('sourceChannel');
    expect(chineseKey('线索来源类型')).toBe('leadSourceType');
    expect(chineseKey('首次访问时间')).toBe('firstVisitAt');
    expect(chineseKey('微信ID')).toBe('wechatId');
    expect(chineseKey('（客户）行业')).toBe('customerIndustry');
    expect(chineseKey('鬼灭之刃')).toBeUndefined();
  });

  it('in a guess: known names first, dictionary keys next, field<N> for what no dictionary knows', () => {
    const g = guessMapping(...table('线索编号,创建时间,来源渠道,职业,首次访问时间,鬼灭之刃', 'L1,2026/1/2 10:00,官网,学生,2026/1/1 09:00,x'));
    expect(leads(g).attributes).toEqual({
      source: '来源渠道',
      occupation: '职业',
      firstVisitAt: { column: '首次访问时间', type: 'date' },
      field6: '鬼灭之刃',
    });
    expect(parseMapping(g.mapping).ok).toBe(true);
  });

  it('reserved lead fields and engine-typed fields of another type get a crm prefix', () => {
    expect(safeKey('status', 'string')).toBe('crmStatus');
    expect(safeKey('id', 'string')).toBe('crmId');
    expect(safeKey('score', 'string')).toBe('crmScore');
    expect(safeKey('score', 'number')).toBe('score');
    expect(safeKey('city', 'string')).toBe('city');
  });

  it('spreadsheet error cells do not make a number column text, and the note says their rows are rejected', () => {
    const g = guessMapping(...table('Lead ID,Created,TotalVisits', 'L1,2026-01-02,3', 'L2,2026-01-02,#VALUE!', 'L3,2026-01-02,5'));
    expect(leads(g).attributes.totalVisits).toEqual({ column: 'TotalVisits', type: 'number' });
    expect(g.notes.map((n) => n.en)).toContain(
      '"TotalVisits" read as number although 1 sample value(s) like "#VALUE!" are spreadsheet errors: those rows are rejected; clear the cells, or make the attribute a plain column name (text) to keep them',
    );
  });
});

describe('activity kinds', () => {
  it('a kind the word lists do not know is kept as its own kind, so its rows are not rejected', () => {
    const g = guessMapping(
      ...table('Prospect ID,Activity,Activity Date', 'p1,Email Opened,2026-01-02 10:00', 'p1,Phone Call,2026-01-02 11:00', 'p2,打开邮件,2026-01-02 12:00'),
    );
    expect(g.kind).toBe('activities');
    expect(g.mapping.activities).toEqual({
      columns: { leadId: 'Prospect ID', type: 'Activity', at: 'Activity Date' },
      typeValues: { emailOpened: ['Email Opened'], call: ['Phone Call'], 打开邮件: ['打开邮件'] },
    });
    expect(g.notes[0]!.en).toBe(
      'typeValues: "Email Opened" kept as its own kind "emailOpened": move it to call, visit, email, meeting, wechat or sms if it is one',
    );
  });
});

describe('a roster file whose id column has no known name', () => {
  const roster = (f: { mapping: Record<string, unknown> }) => (f.mapping.roster as { columns: Record<string, string> }).columns;
  // Every guess also says which time zone it set: not this rule's.
  const idNotes = (f: { notes: Array<{ en: string; zh: string }> }) => f.notes.filter((n) => !n.en.startsWith('timeZone'));
  const LEADS = 'Lead ID,Created At,Owner\nL-1,2026-01-02 10:00,Alice Carter\nL-2,2026-01-02 11:00,Ben Rossi\nL-3,2026-01-02 12:00,Alice Carter\n';

  it('gets the column whose values are the reps the leads name, with a note', () => {
    const [, r] = guessMappingsFromFiles([
      { content: LEADS },
      { content: 'Manager,Rep,Dept\nGrace Lopez,Alice Carter,West\nGrace Lopez,Ben Rossi,Central\nGrace Lopez,Emma Smith,East\n', kind: 'roster' },
    ]);
    expect(roster(r!)).toEqual({ id: 'Rep', team: 'Dept' });
    expect(r!.columns.find((c) => c.role === 'columns.id')!.confidence).toBe('low');
    expect(idNotes(r!).map((n) => n.en)).toEqual(['"Rep" taken as roster.columns.id because its values are the reps the history names: check it']);
    expect(idNotes(r!)[0]!.zh).toBe('“Rep”的取值是历史数据中出现的销售，因此被当作 roster.columns.id：请核对');
  });

  it('also by the reps an activities file names, when the leads file has no owner', () => {
    const [, , r] = guessMappingsFromFiles([
      { content: 'Lead ID,Created At\nL-1,2026-01-02 10:00\n' },
      { content: 'Lead ID,Activity Date,Activity Type,Done By\nL-1,2026-01-03 10:00,Call,wang.f\nL-1,2026-01-04 10:00,Email,li.m\n' },
      { content: '账户,部门\nwang.f,华东\nli.m,华南\n', kind: 'roster' },
    ]);
    expect(roster(r!).id).toBe('账户');
  });

  it("takes the rep's name as the id when nothing else is, and says the history must write owners the same way", () => {
    const [r] = guessMappingsFromFiles([{ content: 'Full Name,Team,Roles\nAlice Carter,West,AE\nBen Rossi,Central,SDR\n', kind: 'roster' }]);
    expect(roster(r!)).toEqual({ id: 'Full Name', team: 'Team', roles: 'Roles' });
    expect(idNotes(r!).map((n) => n.en)).toEqual([
      'no rep id column: "Full Name" (the rep\'s name) taken as roster.columns.id, so the history\'s owners must be written the same way: check it',
    ]);
  });

  it("a Salesforce users export: the name is the id (the leads' owners are names), Division the team, Role and Active", () => {
    const [, r] = guessMappingsFromFiles([
      { content: LEADS },
      {
        content:
          'Full Name,Email,Role,Profile,Active,Division\nAlice Carter,alice@acme.com,AE,Standard User,TRUE,West\nBen Rossi,ben@acme.com,SDR,Standard User,FALSE,Central\n',
      },
    ]);
    expect(r!.kind).toBe('roster');
    expect(roster(r!)).toEqual({ id: 'Full Name', team: 'Division', roles: 'Role', active: 'Active' });
  });

  it('keeps an id column named as one, with no note, whatever the leads name', () => {
    const [, r] = guessMappingsFromFiles([{ content: LEADS }, { content: '工号,姓名,部门\nE01,Alice Carter,West\nE02,Ben Rossi,Central\n', kind: 'roster' }]);
    expect(roster(r!)).toEqual({ id: '工号', name: '姓名', team: '部门' });
    expect(idNotes(r!)).toEqual([]);
  });
});
