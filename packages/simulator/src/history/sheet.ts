/**
 * One input file opened for import: decoded, parsed, its mapped columns found in the header, its
 * date columns' day/month order decided, and a place to put every row it does not use.
 */
import type { ImportSummary, RejectedRow, Words } from '../types.js';
import { decideDateOrder, hasYearLast, type ParsedDate, parseDate, ZoneOffsets } from './dates.js';
import { decodeText, type EncodingChoice } from './decode.js';
import { FILE_WORDS, type HistoryFile, HistoryImportError, located } from './errors.js';
import type { FileMapping } from './mapping.js';
import { type NumberColumnReading, readNumberColumn } from './numberColumns.js';
import { readTable, type Table, type TableRow } from './table.js';
import { type Parsed, parseNumber } from './values.js';

/** A problem with one cell: the row is rejected with it. */
export class CellProblem {
  constructor(
    readonly column: string | undefined,
    readonly code: string,
    readonly reason: Words,
  ) {}
}

const DATES_REMEMBERED = 2_000;

/** The mapped columns (as the mapping names them), which of them hold dates and which numbers. */
export interface SheetColumns {
  all: string[];
  dates: string[];
  numbers?: string[];
}

export class Sheet {
  /** Given away one by one by `consume`, so a row is garbage once its lead or activity is built. */
  private rows: (TableRow | undefined)[];
  /** How many rows the file had (broken and blank ones aside). */
  readonly rowCount: number;
  readonly rejects: RejectedRow[] = [];
  readonly notes: Words[] = [];
  private readonly summaryBase: Omit<ImportSummary, 'rowsUsed' | 'rowsSkipped' | 'skippedBy' | 'notes'>;
  private readonly orders = new Map<string, 'ymd' | 'dmy' | 'mdy' | undefined>();
  /** Per number column, its decimal mark as decided over the whole column. */
  private readonly numberReadings = new Map<string, NumberColumnReading>();
  /** Per date column, each distinct text read once: close dates repeat a few hundred days a million times. */
  private readonly datesRead = new Map<string, Map<string, ParsedDate> | null>();
  private readonly shortRows: Table['shortRows'];
  private readonly headers: string[];
  /** The mapping's zone, its offsets remembered per hour across every date column. */
  private readonly offsets: ZoneOffsets;

  constructor(
    readonly file: HistoryFile,
    content: string | Uint8Array,
    options: FileMapping,
    columns: SheetColumns,
    readonly timeZone: string,
    encodingOverride?: EncodingChoice,
  ) {
    this.offsets = new ZoneOffsets(timeZone);
    const { text, encoding } = decodeText(content, encodingOverride ?? options.encoding, file);
    const table = readTable(text, options, file);
    if (table.headers.length === 0)
      throw new HistoryImportError(located(file, { en: 'the file is empty (no header line)', zh: '文件为空（没有表头行）' }), { file });
    this.checkColumns(columns.all, table.headers, table.duplicateHeaders);
    this.rows = table.rows;
    this.rowCount = table.rows.length;
    for (const b of table.broken) this.rejects.push({ file, row: b.row, code: b.code, reason: b.reason });
    this.shortRows = table.shortRows;
    this.headers = table.headers;
    if (table.shortRows) this.notes.push(shortRowsNote(table.shortRows, table.headers.length));
    if (table.blankRows > 0)
      this.notes.push({ en: `${table.blankRows} row(s) with every cell empty were ignored`, zh: `忽略了 ${table.blankRows} 个所有单元格都为空的行` });
    this.summaryBase = {
      file,
      rowsRead: table.rows.length + table.broken.length,
      encoding,
      ...(table.delimiter !== undefined ? { delimiter: table.delimiter } : {}),
    };
    this.decideOrders(columns.dates, options.dateOrder);
    for (const c of new Set(columns.numbers ?? [])) {
      const reading = readNumberColumn(c, this.cellsOf(c), options.decimalMark ?? 'auto');
      this.numberReadings.set(c, reading);
      this.notes.push(...reading.notes);
    }
  }

  /** The column's non-empty cells with their rows, read before any row is consumed. */
  private *cellsOf(column: string): Generator<{ value: string; row: number }> {
    for (const r of this.rows) {
      const value = r!.get(column)?.trim();
      if (value) yield { value, row: r!.row };
    }
  }

  /** Every mapped column the header lacks or has twice, said at once (one run per fix was a run per column). */
  private checkColumns(columns: string[], headers: string[], duplicates: string[]): void {
    const f = FILE_WORDS[this.file];
    const twice = columns.find((c) => duplicates.includes(c));
    if (twice !== undefined)
      throw new HistoryImportError(
        {
          en: `${f.en}: column "${twice}" appears more than once in the header: rename one of them`,
          zh: `${f.zh}：表头中“${twice}”列出现了不止一次，请重命名其中一列`,
        },
        { file: this.file, column: twice },
      );
    const missing = columns.filter((c) => !headers.includes(c));
    if (missing.length === 0) return;
    const en = missing.map((c) => `"${c}"`).join(', ');
    const zh = missing.map((c) => `“${c}”`).join('、');
    throw new HistoryImportError(
      {
        en: `${f.en}: the mapping names column${missing.length > 1 ? 's' : ''} ${en}, which the header does not have. Columns: ${headers.join(', ')}`,
        zh: `${f.zh}：映射文件中的${zh}列在表头中不存在。现有列：${headers.join('，')}`,
      },
      { file: this.file, column: missing[0]! },
    );
  }

  /**
   * Each date column decides its own order; a column whose values never say borrows the order
   * another date column of the same file decided (one export writes one date format).
   */
  private decideOrders(dateColumns: string[], configured: FileMapping['dateOrder']): void {
    if (configured !== 'auto') {
      for (const c of dateColumns) this.orders.set(c, configured);
      return;
    }
    const undecided: string[] = [];
    const decided = new Set<'dmy' | 'mdy'>();
    for (const c of dateColumns) {
      const values = this.rows.map((r) => r!.get(c) ?? '');
      if (!hasYearLast(values)) continue;
      const d = decideDateOrder(values);
      if (d.order && d.evidence) {
        this.orders.set(c, d.order);
        decided.add(d.order);
        const row = this.rows[d.evidence.index]!.row;
        const [en, zh] = d.order === 'dmy' ? ['day-first (dd/mm/yyyy)', '日/月/年'] : ['month-first (mm/dd/yyyy)', '月/日/年'];
        this.notes.push({
          en: `column "${c}" read ${en}, because of "${d.evidence.value}" in row ${row}`,
          zh: `“${c}”列按${zh}读取，依据是第 ${row} 行的“${d.evidence.value}”`,
        });
      } else if (d.conflict) {
        this.orders.set(c, undefined);
        this.notes.push({
          en: `column "${c}" mixes day-first ("${d.conflict.dayFirst}") and month-first ("${d.conflict.monthFirst}") dates: its dates like 03/04/2026 are rejected until dateOrder is set`,
          zh: `“${c}”列混有日/月/年（“${d.conflict.dayFirst}”）和月/日/年（“${d.conflict.monthFirst}”）两种日期：在设置 dateOrder 之前，其中 03/04/2026 这类日期会被拒绝`,
        });
      } else undecided.push(c);
    }
    const only = decided.size === 1 ? [...decided][0] : undefined;
    for (const c of undecided) {
      this.orders.set(c, only);
      if (only)
        this.notes.push({
          en: `column "${c}" read ${only === 'dmy' ? 'day-first' : 'month-first'} like the file's other date columns`,
          zh: `“${c}”列与本文件其他日期列一样按${only === 'dmy' ? '日/月/年' : '月/日/年'}读取`,
        });
    }
  }

  /** The trimmed cell, or undefined when the column is not mapped or the cell is empty. */
  cell(row: TableRow, column: string | undefined): string | undefined {
    if (column === undefined) return undefined;
    const v = row.get(column)?.trim();
    return v === undefined || v === '' ? undefined : v;
  }

  required(row: TableRow, column: string, code: string, what: Words): string {
    const v = this.cell(row, column);
    if (v === undefined) throw new CellProblem(column, code, { en: `${what.en} is empty`, zh: `${what.zh}为空` });
    return v;
  }

  /** The cell as a number under its column's decimal mark (undefined: empty); a bad value rejects the row. */
  number(row: TableRow, column: string | undefined, allowNegative: boolean): Parsed<number> | undefined {
    const raw = this.cell(row, column);
    if (raw === undefined || column === undefined) return undefined;
    const reading = this.numberReadings.get(column);
    return parseNumber(raw, allowNegative, reading?.mark, reading?.ambiguous);
  }

  date(row: TableRow, column: string | undefined): string | undefined {
    const raw = this.cell(row, column);
    if (raw === undefined || column === undefined) return undefined;
    const parsed = this.parsedDate(raw, column);
    if (!parsed.ok) throw new CellProblem(column, parsed.code, quoted(raw, parsed.reason));
    return parsed.iso;
  }

  /**
   * Each row once, in file order, let go as it is handed over: the rows of a million-lead file and
   * what is built from them need not be held at the same time.
   */
  *consume(): Generator<TableRow> {
    const rows = this.rows;
    this.rows = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      rows[i] = undefined;
      yield row;
    }
  }

  private parsedDate(raw: string, column: string): ParsedDate {
    let read = this.datesRead.get(column);
    if (read === null) return parseDate(raw, this.orders.get(column), this.offsets);
    if (read === undefined) {
      read = new Map();
      this.datesRead.set(column, read);
    }
    let parsed = read.get(raw);
    if (parsed === undefined) {
      parsed = parseDate(raw, this.orders.get(column), this.offsets);
      // A column of times to the minute never repeats enough to be worth remembering.
      if (read.size < DATES_REMEMBERED) read.set(raw, parsed);
      else this.datesRead.set(column, null);
    }
    return parsed;
  }

  reject(row: number, problem: CellProblem): void {
    this.rejects.push({
      file: this.file,
      row,
      ...(problem.column !== undefined ? { column: problem.column } : {}),
      code: problem.code,
      reason: this.cutShort(row, problem),
    });
  }

  /** The reason, saying so when the cell was empty only because the row ended before its column. */
  private cutShort(row: number, problem: CellProblem): Words {
    const width = this.shortRows?.widths.get(row);
    const at = problem.column === undefined ? -1 : this.headers.indexOf(problem.column);
    if (width === undefined || at < width) return problem.reason;
    return {
      en: `${problem.reason.en} (the row ends after ${width} of the header's ${this.headers.length} values: is it cut short?)`,
      zh: `${problem.reason.zh}（该行只有表头 ${this.headers.length} 列中的前 ${width} 个值：是否被截断？）`,
    };
  }

  summary(rowsUsed: number): ImportSummary {
    const skippedBy: Record<string, number> = {};
    for (const r of this.rejects) skippedBy[r.code] = (skippedBy[r.code] ?? 0) + 1;
    this.rejects.sort((a, b) => a.row - b.row);
    return {
      ...this.summaryBase,
      rowsUsed,
      rowsSkipped: this.rejects.length,
      skippedBy,
      ...(this.notes.length > 0 ? { notes: this.notes } : {}),
    };
  }
}

function shortRowsNote(short: NonNullable<Table['shortRows']>, width: number): Words {
  const rows = [...short.widths.keys()].slice(0, 5).join(', ');
  const more = short.count > 5 ? ' …' : '';
  return {
    en: `${short.count} row(s) have fewer values than the header's ${width} columns (rows ${rows}${more}): their missing cells are read as empty`,
    zh: `${short.count} 行的值少于表头的 ${width} 列（第 ${rows}${more} 行）：缺少的单元格按空值读取`,
  };
}

/** A reason about a value, naming the value: `"2026-13-01" is not a date …`. */
export function quoted(raw: string, reason: Words): Words {
  const shown = raw.length > 60 ? `${raw.slice(0, 57)}…` : raw;
  return { en: `"${shown}" ${reason.en}`, zh: `“${shown}”${reason.zh}` };
}
