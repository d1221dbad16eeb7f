/**
 * Excel workbooks (.xlsx), the default export of most Chinese CRMs: the first sheet becomes CSV
 * text, which the import and the guess then read exactly as they read a CSV export — one path for
 * mapping, dates, rejects and row numbers. Pure: bytes in, bytes out (the CLI and the server read
 * the files). read-excel-file reads the workbook (zip + XML, no native code); csv-stringify
 * quotes the cells.
 *
 * Cells keep what the sheet holds: text as typed, numbers as the workbook stores them (no float
 * re-formatting: a phone number stays 13800138000), and a date cell as local wall-clock text
 * ("2026-03-01 09:30:00", or "2026-03-01" at midnight) — a workbook stores no time zone, so the
 * mapping's time zone applies, as it does to a CSV's dates.
 */
import { stringify } from 'csv-stringify/sync';
import { readSheet } from 'read-excel-file/universal';
import { type HistoryFile, HistoryImportError, located } from './errors.js';
import { isXlsx } from './fileFormat.js';

const HEAD_BYTES = 4096;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A date cell as the wall-clock text it shows: Excel's day fractions are rounded to the second (09:29:59.999 is 09:30). */
function dateText(d: Date): string {
  const ms = Math.round(d.getTime() / 1000) * 1000;
  if (!Number.isFinite(ms)) return '';
  const t = new Date(ms);
  const day = `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
  const h = t.getUTCHours();
  const m = t.getUTCMinutes();
  const s = t.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return dateText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/**
 * The workbook's first sheet as CSV text (comma-delimited, a header row first as in the sheet);
 * undefined when the bytes are no .xlsx workbook (they are read as text, as before). A workbook
 * that cannot be read is a HistoryImportError, naming `file` when given (an upload does not know yet).
 */
export async function workbookAsCsv(bytes: Uint8Array, file?: HistoryFile): Promise<{ text: string; rows: number } | undefined> {
  if (!isXlsx(bytes.subarray(0, HEAD_BYTES))) return undefined;
  let rows: unknown[][];
  try {
    // A copy of exactly these bytes (a Node Buffer may be a view of a larger pool).
    const copy = new Uint8Array(bytes).buffer as ArrayBuffer;
    rows = (await readSheet(copy, { parseNumber: (text: string) => text })) as unknown[][];
  } catch (e) {
    const words = {
      en: `this Excel workbook cannot be read (${(e as Error).message}): open it in Excel or WPS and save it again, or save it as "CSV UTF-8"`,
      zh: `无法读取此 Excel 工作簿（${(e as Error).message}）：请在 Excel 或 WPS 中打开后重新保存，或另存为“CSV UTF-8”`,
    };
    throw file === undefined ? new HistoryImportError(words) : new HistoryImportError(located(file, words), { file });
  }
  return { text: stringify(rows.map((row) => row.map(cellText))), rows: rows.length };
}
