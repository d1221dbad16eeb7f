import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sluice } from './cliRunner.js';

const FIX = join(ROOT, 'packages/cli/test/fixtures/history');
const LEADS = join(FIX, 'leads-gb18030.csv');
const ACTIVITIES = join(FIX, 'activities.csv');
const MAPPING = join(FIX, 'mapping-zh.json');

describe('sluice mapping --guess', () => {
  it('proposes a mapping for a Chinese GB18030 export, and says what it could not decide on stderr', async () => {
    const r = await sluice('mapping', '--guess', LEADS);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      version: 1,
      timeZone: 'Asia/Shanghai',
      leads: {
        encoding: 'gb18030',
        dateOrder: 'dmy',
        columns: { id: '线索编号', createdAt: '创建时间', owner: '负责人', team: '所属部门', outcome: '状态', closedAt: '成交时间', amount: '成交金额' },
        outcomeValues: { won: ['赢单'], lost: ['输单'], open: ['跟进中'] },
        attributes: { source: '来源', industry: '行业', employees: { column: '员工数', type: 'number' } },
      },
    });
    expect(r.stderr).toContain('leads-gb18030.csv: leads, gb18030, delimiter ","');
    expect(r.stderr).toContain('outcomeValues: could not tell what "暂缓" means');
    expect(r.stderr).toContain('outcomeValues：无法判断“暂缓”的含义');
    expect(r.stderr).toContain('dates read day-first because of "25/03/2026 09:30"');
  });

  it('two files that both look like leads: the error says how to name each, and one --kind per --guess does it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-kind-'));
    try {
      const leads = join(dir, 'leads.csv');
      const follow = join(dir, 'follow.csv');
      writeFileSync(leads, '线索编号,创建时间,负责人\nL1,2026-03-01 09:00,张三\nL2,2026-03-02 09:00,李四\n');
      // An activities export whose time column is named like a lead's creation time.
      writeFileSync(follow, '线索编号,创建时间,负责人\nL1,2026-03-03 09:00,张三\nL1,2026-03-04 09:00,张三\n');
      const both = await sluice('mapping', '--guess', leads, '--guess', follow);
      expect(both.code).toBe(2);
      expect(both.stderr).toContain(
        `both look like leads files: say what each is with one --kind per --guess, in the same order (--guess ${leads} --kind leads --guess ${follow} --kind activities)`,
      );
      const lone = await sluice('mapping', '--guess', leads, '--guess', follow, '--kind', 'activities');
      expect(lone.code).toBe(2);
      expect(lone.stderr).toBe(
        'sluice: give --kind once for each --guess file, in the same order (2 file(s), 1 --kind), e.g. --guess a.csv --kind leads --guess b.csv --kind activities / 请为每个 --guess 文件各给一个 --kind，顺序一致（2 个文件，1 个 --kind），如 --guess a.csv --kind leads --guess b.csv --kind activities\n',
      );
      const named = await sluice('mapping', '--guess', leads, '--kind', 'leads', '--guess', follow, '--kind', 'activities');
      expect(named.code, named.stderr).toBe(0);
      const mapping = JSON.parse(named.stdout) as { leads: { columns: Record<string, string> }; activities: { columns: Record<string, string> } };
      expect(mapping.leads.columns).toMatchObject({ id: '线索编号', createdAt: '创建时间', owner: '负责人' });
      expect(mapping.activities.columns).toMatchObject({ leadId: '线索编号', at: '创建时间', rep: '负责人' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sluice import notes leads created after today (the CLI reads the clock, the import has none)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sluice-future-'));
    try {
      const leads = join(dir, 'leads.csv');
      const mapping = join(dir, 'mapping.json');
      writeFileSync(leads, 'id,created\nA,2026-03-01\nB,2099-03-01\n');
      writeFileSync(mapping, JSON.stringify({ version: 1, timeZone: 'UTC', leads: { columns: { id: 'id', createdAt: 'created' } } }));
      const r = await sluice('import', '--leads', leads, '--mapping', mapping, '--json');
      expect(r.code, r.stderr).toBe(0);
      const notes = (JSON.parse(r.stdout) as { summaries: Array<{ notes?: Array<{ en: string }> }> }).summaries[0]!.notes!.map((n) => n.en);
      expect(notes).toContainEqual(expect.stringMatching(/^1 lead\(s\) are created after today \(\d{4}-\d{2}-\d{2}\): rows 3 \(2099-03-01\)/));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('guesses each file of several into one mapping', async () => {
    const r = await sluice('mapping', '--guess', LEADS, '--guess', ACTIVITIES, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { mapping: Record<string, unknown>; files: Array<{ kind: string; encoding: string }> };
    expect(out.files.map((f) => [f.kind, f.encoding])).toEqual([
      ['leads', 'gb18030'],
      ['activities', 'utf-8'],
    ]);
    expect(out.mapping.activities).toEqual({
      columns: { leadId: '线索编号', rep: '跟进人', at: '跟进时间', type: '跟进方式' },
      typeValues: { call: ['电话'], visit: ['拜访'], email: ['邮件'] },
    });
  });

  it('--schema prints the published JSON Schema (examples/schemas/mapping.schema.json is up to date)', async () => {
    const r = await sluice('mapping', '--schema');
    expect(r.code).toBe(0);
    // Regenerate with: pnpm sluice mapping --schema > examples/schemas/mapping.schema.json
    expect(r.stdout).toBe(readFileSync(join(ROOT, 'examples/schemas/mapping.schema.json'), 'utf8'));
  });

  it('--check: a file that is not JSON exits 2 with one bilingual line; a valid mapping is ok', async () => {
    const r = await sluice('mapping', '--check', join(FIX, 'activities.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sluice: mapping file ".*activities.csv" is not valid JSON: .* \/ 映射文件 ".*" 不是合法的 JSON\n$/);
    const ok = await sluice('mapping', '--check', MAPPING);
    expect([ok.code, ok.stdout]).toEqual([0, `${MAPPING}: ok / 有效\n`]);
  });
});

describe('sluice import', () => {
  it('prints the summary per file and every rejected row with its row number, column and reason (en / zh)', async () => {
    const r = await sluice('import', '--leads', LEADS, '--activities', ACTIVITIES, '--mapping', MAPPING);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('  7 rows read, 4 used, 3 skipped / 读取 7 行，使用 4 行，跳过 3 行');
    expect(lines).toContain('  5 rows read, 1 used, 4 skipped / 读取 5 行，使用 1 行，跳过 4 行');
    expect(lines).toContain('         1  unknown-outcome — outcome not in outcomeValues / 状态不在 outcomeValues 中');
    expect(lines).toContain(`  ✗ ${LEADS} row 6, column "线索编号" [duplicate-id]: lead id "L002" already appears in row 3 (the first row is kept)`);
    expect(lines).toContain('      第 6 行“线索编号”列：线索编号“L002”已在第 3 行出现（保留第一行）');
    expect(lines).toContain(`  ✗ ${LEADS} row 7, column "成交金额" [negative-amount]: "-500" is negative: an amount must be 0 or more`);
    expect(lines).toContain(`  ✗ ${ACTIVITIES} row 4, column "线索编号" [unknown-lead]: lead "L404" is not in the leads file`);
    expect(lines).toContain(`  ✗ ${ACTIVITIES} row 5, column "线索编号" [lead-rejected]: lead "L004" was rejected (leads file row 5)`);
    expect(lines).toContain('history: 4 leads, 1 activities, 0 stage changes, 3 reps, 3 teams');
  });

  it('--json: summaries, rejects and totals; --strict exits 1 when a row was rejected', async () => {
    const r = await sluice('import', '--leads', LEADS, '--activities', ACTIVITIES, '--mapping', MAPPING, '--json', '--strict');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      summaries: Array<{ file: string; rowsRead: number; rowsUsed: number; rowsSkipped: number; encoding: string }>;
      rejects: Array<{ file: string; row: number; column?: string; code: string }>;
      totals: Record<string, number>;
    };
    expect(out.summaries.map((s) => [s.file, s.rowsRead, s.rowsUsed, s.rowsSkipped, s.encoding])).toEqual([
      ['leads', 7, 4, 3, 'gb18030'],
      ['activities', 5, 1, 4, 'utf-8'],
    ]);
    expect(out.rejects.map((x) => [x.file, x.row, x.column, x.code])).toEqual([
      ['leads', 5, '状态', 'unknown-outcome'],
      ['leads', 6, '线索编号', 'duplicate-id'],
      ['leads', 7, '成交金额', 'negative-amount'],
      ['activities', 3, '跟进时间', 'before-created'],
      ['activities', 4, '线索编号', 'unknown-lead'],
      ['activities', 5, '线索编号', 'lead-rejected'],
      ['activities', 6, '跟进方式', 'unknown-activity-type'],
    ]);
    expect(out.totals).toEqual({ leads: 4, activities: 1, stageChanges: 0, reps: 3, teams: 3 });
  });

  it('a mapping that names columns the file lacks: every one on one line in both languages, exit 2, no stack', async () => {
    const r = await sluice('import', '--leads', ACTIVITIES, '--mapping', MAPPING);
    expect(r.code).toBe(2);
    const missing = ['创建时间', '负责人', '所属部门', '状态', '成交时间', '成交金额', '来源', '行业', '员工数'];
    expect(r.stderr).toBe(
      `sluice: leads file: the mapping names columns ${missing.map((c) => `"${c}"`).join(', ')}, which the header does not have. Columns: 线索编号, 跟进人, 跟进时间, 跟进方式 / 线索文件：映射文件中的${missing.map((c) => `“${c}”`).join('、')}列在表头中不存在。现有列：线索编号，跟进人，跟进时间，跟进方式\n`,
    );
  });

  it('an Excel workbook is read as its first sheet, by import and --guess, with the mapping written for the CRM CSV', async () => {
    const workbook = join(ROOT, 'examples/exports/workbooks/zh-crm-leads.xlsx');
    const crmMapping = join(ROOT, 'examples/exports/zh-crm.mapping.json');
    const imported = await sluice('import', '--leads', workbook, '--mapping', crmMapping, '--json');
    expect(imported.code).toBe(0);
    const report = JSON.parse(imported.stdout) as { summaries: Array<{ file: string; rowsRead: number; rowsUsed: number }>; totals: { leads: number } };
    expect(report.summaries[0]).toMatchObject({ file: 'leads', rowsRead: 5, rowsUsed: 5 });
    expect(report.totals.leads).toBe(5);
    const guessed = await sluice('mapping', '--guess', workbook);
    expect(guessed.code).toBe(0);
    expect(JSON.parse(guessed.stdout).leads.columns).toMatchObject({ id: '线索编号', createdAt: '创建时间', owner: '负责人', team: '所属部门' });
    // A workbook cut short: one line naming the file, in both languages, for import and --guess.
    const broken = join(mkdtempSync(join(tmpdir(), 'sluice-xlsx-')), 'cut.xlsx');
    writeFileSync(broken, readFileSync(workbook).subarray(0, 1500));
    const cut = await sluice('import', '--leads', broken, '--mapping', crmMapping);
    expect([cut.code, cut.stdout]).toEqual([2, '']);
    expect(cut.stderr).toMatch(
      /^sluice: leads file: this Excel workbook cannot be read \(.*\): open it in Excel or WPS and save it again, or save it as "CSV UTF-8" \/ 线索文件：无法读取此 Excel 工作簿/,
    );
    const cutGuess = await sluice('mapping', '--guess', broken);
    expect([cutGuess.code, cutGuess.stdout]).toEqual([2, '']);
    expect(cutGuess.stderr).toContain(`sluice: ${broken}: this Excel workbook cannot be read`);
    // An Excel 97–2003 workbook is still not read: one line in both languages saying to save it as CSV.
    const xls = join(mkdtempSync(join(tmpdir(), 'sluice-xls-')), 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    const old = await sluice('import', '--leads', xls, '--mapping', MAPPING);
    expect([old.code, old.stdout]).toEqual([2, '']);
    expect(old.stderr).toMatch(/^sluice: leads file: this is an Excel 97–2003 workbook \(\.xls\), not a CSV: .* \/ 线索文件：这是 Excel 97–2003 工作簿/);
  });
});
