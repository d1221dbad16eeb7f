import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DELIMITERS, detectDelimiter, readTable, type Table } from './table.js';

const plain = (t: Table) => t.rows.map((r) => ({ row: r.row, ...Object.fromEntries(r.values) }));

describe('detectDelimiter: from the header line', () => {
  it.each([
    ['a,b,c', ','],
    ['a;b;c', ';'],
    ['a\tb\tc', '\t'],
    ['a|b|c', '|'],
    ['"x,y";z;w', ';'],
    ['单列', ','],
  ])('%j → %j', (line, d) => {
    expect(detectDelimiter(line)).toBe(d);
  });
});

describe('readTable: CSV as exports write it', () => {
  it('CRLF, a quoted value with a newline, a trailing delimiter and empty values; rows are file lines', () => {
    const t = readTable('id,name,note,\r\n1,"Ann",,\r\n2,"Bo\r\nb","x, y",\r\n\r\n3,,"say ""hi""",\r\n', {}, 'leads');
    expect(t.delimiter).toBe(',');
    expect(t.headers).toEqual(['id', 'name', 'note']);
    expect(plain(t)).toEqual([
      { row: 2, id: '1', name: 'Ann', note: '' },
      { row: 3, id: '2', name: 'Bo\nb', note: 'x, y' },
      { row: 6, id: '3', name: '', note: 'say "hi"' },
    ]);
    expect(t.broken).toEqual([]);
  });

  it('a semicolon file with spaces around values and a short row', () => {
    const t = readTable('a ; b ; c\n 1 ; "two" ;3\n4;5\n', {}, 'leads');
    expect(t.delimiter).toBe(';');
    expect(plain(t)).toEqual([
      { row: 2, a: '1', b: 'two', c: '3' },
      { row: 3, a: '4', b: '5', c: '' },
    ]);
  });

  it("Excel's sep= line sets the delimiter and counts as a line", () => {
    const t = readTable('sep=|\nid|v\n1|a,b\n', {}, 'leads');
    expect(t.delimiter).toBe('|');
    expect(plain(t)).toEqual([{ row: 3, id: '1', v: 'a,b' }]);
  });

  it('tab-separated (Excel "Unicode text")', () => {
    expect(plain(readTable('id\tv\n1\tx y\n', {}, 'leads'))).toEqual([{ row: 2, id: '1', v: 'x y' }]);
  });

  it('rows with every cell empty are counted, not records', () => {
    const t = readTable('id,v\n1,a\n,,\n,\n2,b\n', {}, 'leads');
    expect(plain(t).map((r) => r.row)).toEqual([2, 5]);
    expect(t.blankRows).toBe(2);
  });

  it('a row with more values than the header is broken, with its line', () => {
    const t = readTable('id,amount\n1,1,234\n2,5\n', {}, 'leads');
    expect(plain(t)).toEqual([{ row: 3, id: '2', amount: '5' }]);
    expect(t.broken).toEqual([
      {
        row: 2,
        code: 'too-many-values',
        reason: {
          en: 'the row has 3 values but the header has 2 columns (an unquoted "," inside a value?)',
          zh: '该行有 3 个值，但表头只有 2 列（值中是否有未加引号的“,”？）',
        },
      },
    ]);
  });

  it('a quote never closed: the rows before it are kept, the rest reported from its line', () => {
    const t = readTable('id,v\n1,a\n2,"b\n3,c\n', {}, 'leads');
    expect(plain(t)).toEqual([{ row: 2, id: '1', v: 'a' }]);
    expect(t.broken.map((b) => [b.row, b.code, b.reason.en])).toEqual([
      [3, 'unreadable-csv', 'a quoted value is never closed, so the rest of the file could not be read (through line 4)'],
    ]);
  });

  it('a quote inside an unquoted value breaks its own row only', () => {
    const t = readTable('id,v\n1,5" screen\n2,c\n', {}, 'leads');
    expect(t.broken.map((b) => [b.row, b.reason.en])).toEqual([
      [2, 'a quote appears inside an unquoted value (quote the whole value and write the quote as "")'],
    ]);
    expect(plain(t)).toEqual([{ row: 3, id: '2', v: 'c' }]);
  });

  it('a closing quote followed by text: the parser loses its place, and says so for the rest of the file', () => {
    const t = readTable('id,v\n1,"a"b\n2,c\n', {}, 'leads');
    expect(t.broken.map((b) => [b.row, b.reason.en])).toEqual([
      [2, 'a closing quote is followed by other characters (write a quote inside a value as "")'],
      [3, 'a quoted value is never closed, so the rest of the file could not be read'],
    ]);
    expect(plain(t)).toEqual([]);
  });

  it('empty and duplicate header names', () => {
    const t = readTable('id,,note,note\n1,x,a,b\n', {}, 'leads');
    expect(t.headers).toEqual(['id', '(column 2)', 'note', 'note']);
    expect(t.duplicateHeaders).toEqual(['note']);
    expect(plain(t)).toEqual([{ row: 2, id: '1', '(column 2)': 'x', note: 'a' }]);
  });
});

describe('readTable: JSON Lines', () => {
  it('one object per line; keys are the columns; scalars become text; bad lines are broken', () => {
    const t = readTable('{"id":"L1","amount":1200.5,"vip":true}\n\n[1]\n{"id":"L2","region":"华东","amount":null}\n{oops\n', {}, 'leads');
    expect(t.format).toBe('jsonl');
    expect(t.headers).toEqual(['id', 'amount', 'vip', 'region']);
    expect(plain(t)).toEqual([
      { row: 1, id: 'L1', amount: '1200.5', vip: 'true' },
      { row: 4, id: 'L2', region: '华东', amount: '' },
    ]);
    expect(t.broken.map((b) => [b.row, b.reason.en])).toEqual([
      [3, 'the line is not a JSON object'],
      [5, 'the line is not valid JSON'],
    ]);
  });

  it("an API export's nested fields are columns named by their path; arrays stay one JSON text", () => {
    const t = readTable(
      '{"id":"901","properties":{"createdate":"2026-03-04T10:00:00Z","hubspot_owner_id":"77","lifecyclestage":"lead"},"tags":["a","b"]}\n' +
        '{"id":"902","properties":{"createdate":"2026-03-05T10:00:00Z","owner":{"name":"Ana"}}}\n',
      {},
      'leads',
    );
    expect(t.headers).toEqual(['id', 'properties.createdate', 'properties.hubspot_owner_id', 'properties.lifecyclestage', 'tags', 'properties.owner.name']);
    expect(plain(t)).toEqual([
      {
        row: 1,
        id: '901',
        'properties.createdate': '2026-03-04T10:00:00Z',
        'properties.hubspot_owner_id': '77',
        'properties.lifecyclestage': 'lead',
        tags: '["a","b"]',
      },
      { row: 2, id: '902', 'properties.createdate': '2026-03-05T10:00:00Z', 'properties.owner.name': 'Ana' },
    ]);
  });
});

/** Writes a table the way a careful exporter does: a value is quoted when it holds a delimiter, quote, newline or edge space. */
function writeCsv(rows: string[][], d: string, eol: string, quoteAll: boolean): string {
  const cell = (v: string) => (quoteAll || /[",;\t|\n]|^\s|\s$/.test(v) || v === '' ? `"${v.replaceAll('"', '""')}"` : v);
  return rows.map((r) => r.map(cell).join(d)).join(eol) + eol;
}

describe('property: any table written with CSV quoting reads back the same', () => {
  const chars = fc.constantFrom('a', 'Z', '9', '中', '文', ' ', '"', ',', ';', '\t', '|', '\n', 'é', '¥', "'");
  const header = fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,5}$/), { minLength: 2, maxLength: 5 });
  const table = header.chain((h) =>
    fc.tuple(
      fc.constant(h),
      fc.array(
        fc.array(fc.string({ unit: chars, maxLength: 8 }), { minLength: h.length, maxLength: h.length }).filter((r) => r.some((v) => v !== '')),
        { maxLength: 8 },
      ),
    ),
  );

  it('with the delimiter detected from the header, LF or CRLF, quoted when needed or always', () => {
    fc.assert(
      fc.property(table, fc.constantFrom(...DELIMITERS), fc.constantFrom('\n', '\r\n'), fc.boolean(), ([h, rows], d, eol, quoteAll) => {
        const t = readTable(writeCsv([h, ...rows], d, eol, quoteAll), {}, 'leads');
        expect(t.delimiter).toBe(d);
        expect(t.headers).toEqual(h);
        expect(t.broken).toEqual([]);
        expect(t.rows.map((r) => h.map((c) => r.values.get(c)))).toEqual(rows);
        // Each record starts on the line after the previous one ended.
        let line = 2;
        t.rows.forEach((r, i) => {
          expect(r.row).toBe(line);
          line += 1 + rows[i]!.join('').split('\n').length - 1;
        });
      }),
      { numRuns: 300 },
    );
  });
});
