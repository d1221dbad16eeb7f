/**
 * Text → a table of named cells, each row knowing the file line it started on. CSV goes through
 * csv-parse (quoting, embedded newlines, any delimiter); JSON Lines through JSON.parse. Rows the
 * parser cannot read become `broken` rows with their line, never an exception.
 */
import { parse } from 'csv-parse/sync';
import type { Words } from '../types.js';
import { type HistoryFile, HistoryImportError, located } from './errors.js';
import { CellSharing, type ColumnIndex, TableRow } from './tableRow.js';

export { TableRow } from './tableRow.js';

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface BrokenRow {
  row: number;
  code: string;
  reason: Words;
}

export interface Table {
  format: 'csv' | 'jsonl';
  delimiter?: Delimiter;
  headers: string[];
  /** Header names that appear more than once: mapping them is an error, not a silent pick. */
  duplicateHeaders: string[];
  rows: TableRow[];
  broken: BrokenRow[];
  /** Rows whose every cell is empty (Excel's trailing ",,,,"): not records, but counted for the summary. */
  blankRows: number;
  /** Rows with fewer values than the header has columns (read with the missing cells empty): how many, and the first ones' value counts by row. */
  shortRows?: { count: number; widths: Map<number, number> };
}

/** Short rows whose value counts are kept, to say so when one of them is rejected. */
const SHORT_ROWS_KEPT = 1_000;

export interface TableOptions {
  format?: 'auto' | 'csv' | 'jsonl';
  delimiter?: 'auto' | Delimiter;
}

export function readTable(text: string, options: TableOptions, file: HistoryFile): Table {
  // One newline convention, so csv-parse's line count is the file's line count.
  const normal = text.replace(/\r\n?/g, '\n');
  const format = options.format && options.format !== 'auto' ? options.format : looksLikeJsonLines(normal) ? 'jsonl' : 'csv';
  return format === 'jsonl' ? readJsonLines(normal, file) : readCsv(normal, options.delimiter ?? 'auto');
}

function looksLikeJsonLines(text: string): boolean {
  const first = firstLine(text);
  if (!first?.trim().startsWith('{')) return false;
  try {
    const value: unknown = JSON.parse(first);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

/** The first line with more than blanks, found without splitting a whole file into lines. */
function firstLine(text: string): string | undefined {
  for (let start = 0; start < text.length; ) {
    const nl = text.indexOf('\n', start);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(start, end);
    if (line.trim() !== '') return line;
    start = end + 1;
  }
  return undefined;
}

/** Counts each candidate outside quotes in the header line; the most frequent wins, ties in list order. */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch as Delimiter)) counts.set(ch as Delimiter, counts.get(ch as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

const CSV_ERRORS: Record<string, Words> = {
  CSV_QUOTE_NOT_CLOSED: { en: 'a quoted value is never closed, so the rest of the file could not be read', zh: '引号未闭合，文件其余部分无法读取' },
  CSV_INVALID_CLOSING_QUOTE: {
    en: 'a closing quote is followed by other characters (write a quote inside a value as "")',
    zh: '右引号后紧跟了其他字符（值中的引号请写作 ""）',
  },
  INVALID_OPENING_QUOTE: {
    en: 'a quote appears inside an unquoted value (quote the whole value and write the quote as "")',
    zh: '未加引号的值中出现了引号（请给整个值加引号，并把其中的引号写作 ""）',
  },
};

function readCsv(text: string, choice: 'auto' | Delimiter): Table {
  let body = text;
  let lineOffset = 0;
  let delimiter: Delimiter | undefined = choice === 'auto' ? undefined : choice;
  // Excel writes "sep=;" as a first line when the delimiter is not the locale's own.
  const sep = /^sep=(.)\n/.exec(body);
  if (sep && (DELIMITERS as readonly string[]).includes(sep[1]!)) {
    delimiter ??= sep[1] as Delimiter;
    body = body.slice(sep[0].length);
    lineOffset = 1;
  }
  const headerLine = firstLine(body) ?? '';
  delimiter ??= detectDelimiter(headerLine);

  const broken: BrokenRow[] = [];
  const table: Table = { format: 'csv', delimiter, headers: [], duplicateHeaders: [], rows: [], broken, blankRows: 0 };
  const columns: ColumnIndex = new Map();
  const sharing = new CellSharing();
  let header = true;
  // Each record becomes a row as the parser hands it over: the parser keeps none of them.
  const take = (record: string[], end: number): void => {
    if (header) {
      header = false;
      readHeader(table, record, columns);
      return;
    }
    let inner = 0;
    for (const v of record) for (let at = v.indexOf('\n'); at >= 0; at = v.indexOf('\n', at + 1)) inner++;
    const row = end - inner;
    if (record.every((v) => v === '')) {
      table.blankRows++;
      return;
    }
    const width = table.headers.length;
    if (record.length > width && record.slice(width).some((v) => v !== '')) {
      broken.push({
        row,
        code: 'too-many-values',
        reason: {
          en: `the row has ${record.length} values but the header has ${width} columns (an unquoted "${shown(delimiter)}" inside a value?)`,
          zh: `该行有 ${record.length} 个值，但表头只有 ${width} 列（值中是否有未加引号的“${shown(delimiter)}”？）`,
        },
      });
      return;
    }
    // Short rows read as empty cells (some exporters leave trailing empty cells out), counted for
    // a note; a trailing delimiter's empty extras are dropped.
    if (record.length > width) record.length = width;
    if (record.length < width) {
      const short = (table.shortRows ??= { count: 0, widths: new Map() });
      if (short.count++ < SHORT_ROWS_KEPT) short.widths.set(row, record.length);
      while (record.length < width) record.push('');
    }
    table.rows.push(new TableRow(row, sharing.share(record), columns));
  };

  let lastEnd = lineOffset;
  parse(body, {
    delimiter,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    // Where the last good record ended, so a skipped one can say which line it started on.
    on_record: (record: string[], context: { lines: number }) => {
      lastEnd = context.lines + lineOffset;
      take(record, lastEnd);
      return null;
    },
    on_skip: (err: { code?: string; lines?: number; message: string } | undefined, chunk?: string) => {
      const code = err?.code ?? 'CSV_ERROR';
      const leading = /^\n*/.exec(chunk ?? '')![0].length;
      const row = lastEnd + 1 + leading;
      broken.push({
        row,
        code: 'unreadable-csv',
        reason: unreadable(code, err?.lines !== undefined && err.lines + lineOffset > row ? err.lines + lineOffset : undefined),
      });
      if (err?.lines !== undefined) lastEnd = err.lines + lineOffset;
    },
  });
  broken.sort((a, b) => a.row - b.row);
  return table;
}

function readHeader(table: Table, record: string[], columns: ColumnIndex): void {
  const header = record.map((h) => h.trim());
  // A trailing delimiter on the header line makes empty trailing columns: they name nothing.
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  table.headers = header.map((h, i) => (h === '' ? `(column ${i + 1})` : h));
  table.duplicateHeaders = [...new Set(table.headers.filter((h, i) => table.headers.indexOf(h) !== i))];
  table.headers.forEach((h, i) => {
    if (!columns.has(h)) columns.set(h, i);
  });
}

/** `through`: the last line the error swallowed, when it swallowed more than its own. */
function unreadable(code: string, through: number | undefined): Words {
  const r = CSV_ERRORS[code] ?? { en: `the CSV parser could not read it (${code})`, zh: `CSV 解析失败（${code}）` };
  return through === undefined ? r : { en: `${r.en} (through line ${through})`, zh: `${r.zh}（至第 ${through} 行）` };
}

function shown(d: Delimiter): string {
  return d === '\t' ? 'tab' : d;
}

function readJsonLines(text: string, file: HistoryFile): Table {
  const table: Table = { format: 'jsonl', headers: [], duplicateHeaders: [], rows: [], broken: [], blankRows: 0 };
  const columns: ColumnIndex = new Map();
  text.split('\n').forEach((line, i) => {
    const row = i + 1;
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      table.broken.push({ row, code: 'bad-json', reason: { en: 'the line is not valid JSON', zh: '该行不是合法的 JSON' } });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      table.broken.push({ row, code: 'bad-json', reason: { en: 'the line is not a JSON object', zh: '该行不是 JSON 对象' } });
      return;
    }
    const cells: (string | undefined)[] = [];
    // An API export nests fields ({"id": 1, "properties": {"createdate": …}}): each nested field is a
    // column of its own, named by its path ("properties.createdate"); arrays stay one JSON text.
    const put = (object: object, prefix: string): void => {
      for (const [k, v] of Object.entries(object)) {
        const key = prefix + k.trim();
        if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
          put(v, `${key}.`);
          continue;
        }
        let i = columns.get(key);
        if (i === undefined) {
          i = table.headers.length;
          columns.set(key, i);
          table.headers.push(key);
        }
        cells[i] = cellText(v);
      }
    };
    put(value, '');
    table.rows.push(new TableRow(row, cells, columns));
  });
  if (table.rows.length === 0 && table.broken.length === 0)
    throw new HistoryImportError(located(file, { en: 'the file has no rows', zh: '文件没有数据行' }), { file });
  return table;
}

/** JSON scalars become the text a CSV would have held, so one set of value parsers reads both. */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
