import { describe, expect, it } from 'vitest';
import { readNumberColumn } from './numberColumns.js';

const cells = (...values: string[]) => values.map((value, i) => ({ value, row: i + 2 }));

describe('readNumberColumn: the decimal mark, decided over the whole column', () => {
  it('a value that reads only with "," decides ",", and the note names it and what the two-way values became', () => {
    const r = readNumberColumn('Amount', cells('€1.234', '€980', '2.171,50 €'), 'auto');
    expect(r.mark).toBe(',');
    expect(r.ambiguous).toBe('read');
    expect(r.notes).toEqual([
      {
        en: 'column "Amount" read with "," as the decimal mark, because of "2.171,50 €" in row 4: "€1.234" (row 2) is 1234',
        zh: '“Amount”列以“,”为小数点读取，依据是第 4 行的“2.171,50 €”：“€1.234”（第 2 行）读作 1234',
      },
    ]);
  });

  it('a value that reads only with "." decides ".", with no note (the reading a value alone gets)', () => {
    expect(readNumberColumn('Amount', cells('1,234', '12.5'), 'auto')).toEqual({ mark: '.', ambiguous: 'read', notes: [] });
  });

  it('no evidence either way: "." with a note counting the values that could be thousands', () => {
    const r = readNumberColumn('金额', cells('1.234', '5.678', '900', '1,500'), 'auto');
    expect(r.mark).toBeUndefined();
    expect(r.notes.map((n) => n.en)).toEqual([
      'column "金额": 2 value(s) like "1.234" (row 2) could be thousands or a fraction; read with "." as the decimal point (1.234). If "." separates thousands there, set decimalMark to ","',
    ]);
  });

  it('both conventions in one column: two-way values are rejected, and the note shows one of each', () => {
    const r = readNumberColumn('Amount', cells('1,234.56', '1.234', '1.234,56', '1,000'), 'auto');
    expect(r).toMatchObject({ mark: undefined, ambiguous: 'reject' });
    expect(r.notes[0]!.en).toBe(
      'column "Amount" writes numbers both as "1,234.56" (row 2) and as "1.234,56" (row 4): each is read its own way; the 2 like "1.234" (row 3) read either way and are rejected until decimalMark is set',
    );
  });

  it('"1,234" alone gets no note: one and a fraction is rarely written so', () => {
    expect(readNumberColumn('Employees', cells('1,200', '80'), 'auto')).toEqual({ mark: undefined, ambiguous: 'read', notes: [] });
  });

  it("the mapping's decimalMark wins over the values", () => {
    expect(readNumberColumn('Amount', cells('1,234.56', '1.234'), ',')).toEqual({ mark: ',', ambiguous: 'read', notes: [] });
  });

  it('no numbers at all says nothing', () => {
    expect(readNumberColumn('Amount', cells('n/a', '800'), 'auto')).toEqual({ mark: undefined, ambiguous: 'read', notes: [] });
  });
});

describe('readNumberColumn: currencies', () => {
  it("a column mixing currencies gets a note with each currency's count and first row, the most used first", () => {
    const r = readNumberColumn('成交金额', cells('¥100', '€200', '300元', '400', 'RMB 500'), 'auto');
    expect(r.notes).toEqual([
      {
        en: 'column "成交金额" mixes currencies: CNY in 3 row(s) (first "¥100", row 2), EUR in 1 row(s) (first "€200", row 3). Amounts are read as written and never converted, so sums and revenue add them as one currency: export in one currency, or convert the column first',
        zh: '“成交金额”列混有多种货币：CNY 3 行（首见第 2 行“¥100”），EUR 1 行（首见第 3 行“€200”）。金额按原样读取、不做换算，合计与收入会把它们当作同一种货币相加：请以单一货币导出，或先换算该列',
      },
    ]);
  });

  it('one currency written several ways (¥, 元, 人民币) and values without a sign are not mixed', () => {
    expect(readNumberColumn('成交金额', cells('¥100', '300元', '人民币1.2万', '400'), 'auto').notes).toEqual([]);
  });
});
