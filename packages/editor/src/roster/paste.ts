import type { ProblemError } from '../api/client.js';
import { englishHalf } from '../format/bilingual.js';
import { readCell, type Bilingual } from './cells.js';
import { columnForHeader, COLUMNS, type Column, type EntityName } from './columns.js';
import { columnLetter, parseTsv } from './tsv.js';

/** The most rows one POST /v1/{entity}/bulk takes (server BULK_MAX). */
export const BULK_MAX = 5000;

export interface PastedHeader {
  index: number;
  letter: string;
  text: string;
  column: Column | undefined;
}

export interface RowError {
  /** The column's letter and header as pasted; absent for an error about the whole row. */
  letter?: string;
  header?: string;
  message: Bilingual;
  /** Found by the server (after sending) rather than while reading the paste. */
  fromServer?: boolean;
}

export interface PastedRow {
  /** The row's number in the pasted block, the header row being 1: what the user finds in their sheet. */
  line: number;
  cells: string[];
  item: Record<string, unknown>;
  errors: RowError[];
}

export interface Paste {
  entity: EntityName;
  headers: PastedHeader[];
  rows: PastedRow[];
  /** Problems with the block as a whole (no id column, a column nobody knows …): nothing is sent while any stands. */
  problems: Bilingual[];
}

/**
 * A pasted block read against one entity's columns: the first non-empty row is the header,
 * every later non-empty row one item. Nothing is dropped silently: an unknown column, an
 * unreadable cell or a row without an id each come back as an error where it is.
 */
export function readPaste(entity: EntityName, text: string, timeZone = 'UTC'): Paste {
  const grid = parseTsv(text);
  const headerAt = grid.findIndex((r) => !isBlank(r));
  const problems: Bilingual[] = [];
  if (headerAt === -1) return { entity, headers: [], rows: [], problems: [{ en: 'Nothing was pasted', zh: '没有粘贴任何内容' }] };
  const headers: PastedHeader[] = grid[headerAt]!.map((text, index) => ({
    index,
    letter: columnLetter(index),
    text: text.trim(),
    column: columnForHeader(entity, text),
  }));
  const known = COLUMNS[entity].map((c) => c.label.zh).join('、');
  const knownEn = COLUMNS[entity].map((c) => c.field).join(', ');
  for (const h of headers) {
    if (h.column || h.text === '') continue;
    problems.push({
      en: `Column ${h.letter} "${h.text}" is not a ${entity} field; rename it to one of: ${knownEn} — or remove the column`,
      zh: `第 ${h.letter} 列“${h.text}”不是可识别的字段，请改为以下之一：${known}，或删除该列`,
    });
  }
  const seen = new Map<string, PastedHeader>();
  for (const h of headers) {
    if (!h.column) continue;
    const first = seen.get(h.column.field);
    if (first)
      problems.push({
        en: `Columns ${first.letter} and ${h.letter} both mean "${h.column.label.en}"`,
        zh: `第 ${first.letter} 列与第 ${h.letter} 列都表示“${h.column.label.zh}”`,
      });
    else seen.set(h.column.field, h);
  }
  if (!seen.has('id'))
    problems.push({ en: 'No ID column: every row needs its ID (header "ID" or "编号")', zh: '缺少 ID 列：每行都需要 ID（表头写“ID”或“编号”）' });

  const rows: PastedRow[] = [];
  grid.forEach((cells, r) => {
    if (r <= headerAt || isBlank(cells)) return;
    const row: PastedRow = { line: r - headerAt + 1, cells, item: {}, errors: [] };
    if (cells.length > headers.length && cells.slice(headers.length).some((c) => c.trim() !== '')) {
      row.errors.push({
        message: {
          en: `${cells.length} cells but only ${headers.length} columns have a header`,
          zh: `本行有 ${cells.length} 个单元格，但只有 ${headers.length} 列有表头`,
        },
      });
    }
    for (const h of headers) {
      if (!h.column) continue;
      const read = readCell(h.column.kind, cells[h.index] ?? '', timeZone);
      if (!read.ok) row.errors.push({ letter: h.letter, header: h.text, message: read.error });
      else if (!('empty' in read)) row.item[h.column.field] = read.value;
    }
    if (seen.has('id') && row.item.id === undefined) {
      const h = seen.get('id')!;
      row.errors.push({ letter: h.letter, header: h.text, message: { en: 'ID is empty', zh: 'ID 为空' } });
    }
    rows.push(row);
  });
  if (rows.length === 0) problems.push({ en: 'Only a header row: paste the header and the rows under it', zh: '只有表头：请连同表头下方的数据行一起粘贴' });
  if (rows.length > BULK_MAX) problems.push({ en: `${rows.length} rows: at most ${BULK_MAX} at once`, zh: `共 ${rows.length} 行：一次最多 ${BULK_MAX} 行` });
  return { entity, headers, rows, problems };
}

function isBlank(cells: string[]): boolean {
  return cells.every((c) => c.trim() === '');
}

export function canSend(p: Paste): boolean {
  return p.problems.length === 0 && p.rows.length > 0 && p.rows.every((r) => r.errors.length === 0);
}

/**
 * The server's answer to a refused batch put back on the rows it is about: `$.items[3].weight` is
 * the fourth row sent, column "权重" as the user named it. Errors the server gives for the batch as
 * a whole come back in `rest`.
 */
export function placeServerErrors(p: Paste, errors: ProblemError[]): { paste: Paste; rest: Bilingual[] } {
  const rows = p.rows.map((r) => ({ ...r, errors: r.errors.filter((e) => !e.fromServer) }));
  const rest: Bilingual[] = [];
  for (const e of errors) {
    const m = /^\$\.items\[(\d+)\](?:\.([A-Za-z]+))?(.*)$/.exec(e.path);
    const row = m ? rows[Number(m[1])] : undefined;
    const message = { en: englishHalf(e.message), zh: e.messageZh ?? e.message };
    if (!m || !row) {
      rest.push(message);
      continue;
    }
    const field = m[2];
    const header = field ? p.headers.find((h) => h.column?.field === field) : undefined;
    // A detail below the field (shifts[0].start) is said, since the cell holds several values.
    const where = m[3] ? `${m[3].replace(/^\./, '')}: ` : '';
    row.errors.push({
      ...(header ? { letter: header.letter, header: header.text } : field ? { header: field } : {}),
      message: { en: `${where}${message.en}`, zh: `${where}${message.zh}` },
      fromServer: true,
    });
  }
  return { paste: { ...p, rows }, rest };
}
