import { describe, expect, it } from 'vitest';
import { utf8 } from './gb18030.testkit.js';
import { importHistory } from './importHistory.js';

const mapping = (decimalMark?: '.' | ',') => ({
  version: 1,
  timeZone: 'Europe/Berlin',
  leads: {
    ...(decimalMark ? { decimalMark } : {}),
    columns: { id: 'Lead', createdAt: 'Created', owner: 'Owner', amount: 'Amount' },
    attributes: { budget: { column: 'Budget', type: 'number' } },
  },
});

// A European export: "€1.234" is one thousand two hundred and thirty-four, as "2.171,50 €" in the same column says.
const EU = ['Lead;Created;Owner;Amount;Budget', 'A;2026-03-01;ana;€1.234;1.500', 'B;2026-03-02;ben;2.171,50 €;', 'C;2026-03-03;ana;€980;2,5'].join('\n');

describe('importHistory: a number column is read with one decimal mark', () => {
  it('decided by the values that read one way only, column by column, with a note saying why', () => {
    const r = importHistory({ mapping: mapping(), leads: utf8(EU) });
    expect(r.history.leads.map((l) => [l.id, l.amount, l.attributes.budget])).toEqual([
      ['A', 1234, 1500],
      ['B', 2171.5, undefined],
      ['C', 980, 2.5],
    ]);
    expect(r.rejects).toEqual([]);
    expect(r.summaries[0]!.notes!.map((n) => n.en)).toEqual(
      expect.arrayContaining([
        'column "Amount" read with "," as the decimal mark, because of "2.171,50 €" in row 3: "€1.234" (row 2) is 1234',
        'column "Budget" read with "," as the decimal mark, because of "2,5" in row 4: "1.500" (row 2) is 1500',
      ]),
    );
  });

  it('set in the mapping, a value written the other way is rejected with its row and column', () => {
    const r = importHistory({ mapping: mapping('.'), leads: utf8(EU) });
    expect(r.history.leads.map((l) => [l.id, l.amount])).toEqual([['A', 1.234]]);
    expect(r.rejects.map((x) => [x.row, x.column, x.code, x.reason.en])).toEqual([
      [3, 'Amount', 'other-decimal-mark', '"2.171,50 €" writes "," as its decimal point, but the column\'s decimal mark is "."'],
      [4, 'Budget', 'other-decimal-mark', '"2,5" writes "," as its decimal point, but the column\'s decimal mark is "."'],
    ]);
  });

  it('a column writing both conventions rejects only the values that read two ways', () => {
    const mixed = ['Lead;Created;Amount', 'A;2026-03-01;"1,234.50"', 'B;2026-03-02;1.234,50', 'C;2026-03-03;1.234', 'D;2026-03-04;99'].join('\n');
    const m = { version: 1, timeZone: 'UTC', leads: { columns: { id: 'Lead', createdAt: 'Created', amount: 'Amount' } } };
    const r = importHistory({ mapping: m, leads: utf8(mixed) });
    expect(r.history.leads.map((l) => [l.id, l.amount])).toEqual([
      ['A', 1234.5],
      ['B', 1234.5],
      ['D', 99],
    ]);
    expect(r.rejects.map((x) => [x.row, x.column, x.code])).toEqual([[4, 'Amount', 'ambiguous-number']]);
  });
});

describe('importHistory: mixed currencies', () => {
  it('are noted on the leads file, never summed silently', () => {
    const leads = ['线索编号,创建时间,成交金额', 'L1,2026-03-01,¥1000', 'L2,2026-03-02,€200', 'L3,2026-03-03,500元'].join('\n');
    const m = { version: 1, timeZone: 'Asia/Shanghai', leads: { columns: { id: '线索编号', createdAt: '创建时间', amount: '成交金额' } } };
    const r = importHistory({ mapping: m, leads: utf8(leads) });
    expect(r.history.leads.map((l) => l.amount)).toEqual([1000, 200, 500]);
    const note = r.summaries[0]!.notes!.find((n) => n.en.includes('mixes currencies'));
    expect(note?.en).toContain('CNY in 2 row(s) (first "¥1000", row 2), EUR in 1 row(s) (first "€200", row 3)');
    expect(note?.zh).toContain('混有多种货币');
  });
});

describe('importHistory: rows shorter than the header', () => {
  const m = { version: 1, timeZone: 'UTC', leads: { columns: { id: 'id', createdAt: 'created', owner: 'owner', amount: 'amount' } } };

  it('are read with the missing cells empty, and counted in a note', () => {
    const r = importHistory({
      mapping: m,
      leads: utf8(['id,owner,amount,created', '1,ana,10,2026-03-01', '2,ben,20,2026-03-02', '3,ana', '4,ben,5,2026-03-04'].join('\n')),
    });
    expect(r.history.leads.map((l) => l.id)).toEqual(['1', '2', '4']);
    expect(r.summaries[0]!.notes).toContainEqual({
      en: "1 row(s) have fewer values than the header's 4 columns (rows 4): their missing cells are read as empty",
      zh: '1 行的值少于表头的 4 列（第 4 行）：缺少的单元格按空值读取',
    });
  });

  it('a short row rejected for a cell it never reached says it may be cut short', () => {
    const r = importHistory({ mapping: m, leads: utf8(['id,owner,amount,created', '1,ana,10,2026-03-01', '3,ana'].join('\n')) });
    expect(r.rejects).toEqual([
      {
        file: 'leads',
        row: 3,
        column: 'created',
        code: 'missing-date',
        reason: {
          en: "the created time is empty (the row ends after 2 of the header's 4 values: is it cut short?)",
          zh: '创建时间为空（该行只有表头 4 列中的前 2 个值：是否被截断？）',
        },
      },
    ]);
  });

  it('a trailing delimiter or a full row gets no such note', () => {
    const r = importHistory({ mapping: m, leads: utf8(['id,owner,amount,created,', '1,ana,10,2026-03-01,', '2,ben,20,2026-03-02'].join('\n')) });
    expect(r.summaries[0]!.notes?.some((n) => n.en.includes('fewer values')) ?? false).toBe(false);
    expect(r.history.leads).toHaveLength(2);
  });
});
