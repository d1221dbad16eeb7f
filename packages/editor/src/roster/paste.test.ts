import { describe, expect, it } from 'vitest';
import { readCell, readNumber, readShifts, shiftsText } from './cells.js';
import { canSend, placeServerErrors, readPaste } from './paste.js';
import { columnLetter, parseTsv } from './tsv.js';

describe('parseTsv', () => {
  it('splits tabs and CRLF rows and drops the trailing line break', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('a\nb\rc')).toEqual([['a'], ['b'], ['c']]);
  });

  it('reads quoted cells holding tabs, line breaks and doubled quotes', () => {
    expect(parseTsv('"x\ty"\t"line 1\r\nline 2"\t"say ""hi"""\nnext')).toEqual([['x\ty', 'line 1\r\nline 2', 'say "hi"'], ['next']]);
  });

  it('keeps a quote inside an unquoted cell as text, and keeps empty cells', () => {
    expect(parseTsv('5" screen\t\t"a" b\n')).toEqual([['5" screen', '', '"a" b']]);
    expect(parseTsv('\uFEFFid\tname')).toEqual([['id', 'name']]);
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

describe('cells', () => {
  it('reads numbers with thousands separators, full-width digits and percentages', () => {
    expect(readNumber('1,234')).toBe(1234);
    expect(readNumber('1，234，567.5')).toBe(1234567.5);
    expect(readNumber('1 000')).toBe(1000);
    expect(readNumber('83%')).toBe(0.83);
    expect(readCell('int', '１２')).toEqual({ ok: true, value: 12 });
    expect(readNumber('1,5')).toBeUndefined();
    expect(readNumber('12a')).toBeUndefined();
  });

  it('refuses a fraction where a whole number is needed, in both languages', () => {
    expect(readCell('int', '2.5')).toEqual({ ok: false, error: { en: '"2.5" is not a whole number', zh: '“2.5”不是整数' } });
  });

  it('reads yes/no in Chinese and English, lists on commas and 、, and empty cells as absent', () => {
    expect(readCell('bool', '是')).toEqual({ ok: true, value: true });
    expect(readCell('bool', 'FALSE')).toEqual({ ok: true, value: false });
    expect(readCell('bool', 'maybe').ok).toBe(false);
    expect(readCell('list', 'ae、sdr, east，west')).toEqual({ ok: true, value: ['ae', 'sdr', 'east', 'west'] });
    expect(readCell('number', '   ')).toEqual({ ok: true, empty: true });
  });

  it('reads shifts written the way people write them, and writes them back', () => {
    expect(readShifts('周一至周五 9:00-18:00；周六 10:00-14:00')).toEqual({
      ok: true,
      value: [
        { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
        { days: [6], start: '10:00', end: '14:00' },
      ],
    });
    expect(readShifts('Mon-Wed,Fri 08:30~17:30')).toEqual({ ok: true, value: [{ days: [1, 2, 3, 5], start: '08:30', end: '17:30' }] });
    expect(readShifts('weekdays').ok).toBe(false);
    expect(
      shiftsText([
        { days: [1, 2, 3, 5], start: '08:30', end: '17:30' },
        { days: [6], start: '10:00', end: '14:00' },
      ]),
    ).toBe('1-3,5 08:30-17:30; 6 10:00-14:00');
  });

  it('reads a date without an offset on the tenant clock', () => {
    expect(readCell('instant', '2026/3/2 09:30', 'Asia/Shanghai')).toEqual({ ok: true, value: '2026-03-02T01:30:00Z' });
    expect(readCell('instant', '2026-03-02T09:30:00+08:00')).toEqual({ ok: true, value: '2026-03-02T09:30:00+08:00' });
  });
});

describe('readPaste', () => {
  const block = [
    '销售ID\t姓名\t团队\t权重\t持有上限\t在职\t班次\t时区',
    'ae-1\t王芳\tae\t1,000\t20\t是\t周一至周五 09:00-18:00\tAsia/Shanghai',
    '\t\t\t\t\t\t\t',
    'ae-2\t"李, 雷"\tae、east\t2\t\t否\t\t',
  ].join('\r\n');

  it('maps Chinese headers to fields and rows to items, counting rows as in the sheet', () => {
    const p = readPaste('reps', block);
    expect(p.problems).toEqual([]);
    expect(p.headers.map((h) => h.column?.field)).toEqual(['id', 'name', 'teams', 'weight', 'cap', 'active', 'shifts', 'timeZone']);
    expect(p.rows.map((r) => r.line)).toEqual([2, 4]);
    expect(p.rows[0]!.item).toEqual({
      id: 'ae-1',
      name: '王芳',
      teams: ['ae'],
      weight: 1000,
      cap: 20,
      active: true,
      shifts: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
      timeZone: 'Asia/Shanghai',
    });
    // Empty cells are left out, so the schema's defaults apply.
    expect(p.rows[1]!.item).toEqual({ id: 'ae-2', name: '李, 雷', teams: ['ae', 'east'], weight: 2, active: false });
    expect(canSend(p)).toBe(true);
  });

  it('maps English headers whatever their case, spacing or unit', () => {
    const p = readPaste('pools', 'ID\tDaily Claim Limit\tcooling_days (days)\npublic\t5\t3');
    expect(p.rows[0]!.item).toEqual({ id: 'public', dailyClaimLimit: 5, coolingDays: 3 });
  });

  it('names the row and column of a bad cell and keeps every row', () => {
    const p = readPaste('reps', 'id\tweight\tcap\nr1\t2\t10\nr2\theavy\t3.5\nr3\t1\t');
    expect(p.rows).toHaveLength(3);
    expect(p.rows[1]!.line).toBe(3);
    expect(p.rows[1]!.errors).toEqual([
      { letter: 'B', header: 'weight', message: { en: '"heavy" is not a number', zh: '“heavy”不是数字' } },
      { letter: 'C', header: 'cap', message: { en: '"3.5" is not a whole number', zh: '“3.5”不是整数' } },
    ]);
    expect(p.rows[1]!.cells).toEqual(['r2', 'heavy', '3.5']);
    expect(canSend(p)).toBe(false);
  });

  it('refuses an unknown column rather than dropping it, and asks for an ID column', () => {
    const p = readPaste('teams', '名称\t备注\n华东\t重点');
    expect(p.problems.map((x) => x.zh)).toEqual([expect.stringContaining('第 B 列“备注”不是可识别的字段'), expect.stringContaining('缺少 ID 列')]);
    expect(p.problems[0]!.en).toContain('Column B "备注" is not a teams field');
    expect(canSend(p)).toBe(false);
  });

  it('says when a row has an empty ID or more cells than headers', () => {
    const p = readPaste('teams', 'ID\t名称\n\t华东\tx');
    expect(p.rows[0]!.errors.map((e) => e.message.en)).toEqual(['3 cells but only 2 columns have a header', 'ID is empty']);
  });

  it('puts the server’s errors on the row and column they are about, in both languages', () => {
    const p = readPaste('reps', 'ID\t时区\t班次\nr1\tAsia/Shanghai\t\nr2\tAsia/Beijing\t1 09:00-25:00');
    const { paste, rest } = placeServerErrors(p, [
      { path: '$.items[1].timeZone', message: 'unknown time zone "Asia/Beijing"', messageZh: '未知时区 "Asia/Beijing"' },
      { path: '$.items[1].shifts[0].end', message: 'time of day as HH:MM', messageZh: '格式不正确' },
      { path: '$.items', message: 'too many', messageZh: '太多' },
    ]);
    expect(paste.rows[0]!.errors).toEqual([]);
    expect(paste.rows[1]!.line).toBe(3);
    expect(paste.rows[1]!.errors).toEqual([
      { letter: 'B', header: '时区', message: { en: 'unknown time zone "Asia/Beijing"', zh: '未知时区 "Asia/Beijing"' }, fromServer: true },
      { letter: 'C', header: '班次', message: { en: '[0].end: time of day as HH:MM', zh: '[0].end: 格式不正确' }, fromServer: true },
    ]);
    expect(rest).toEqual([{ en: 'too many', zh: '太多' }]);
    // The pasted cells are untouched.
    expect(paste.rows[1]!.cells).toEqual(['r2', 'Asia/Beijing', '1 09:00-25:00']);
  });
});
