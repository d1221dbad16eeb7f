/**
 * A block copied from Excel, WPS or Google Sheets, as rows of cells: tab-separated, rows ending in
 * CRLF, LF or CR; a cell holding a tab, a line break or a quote comes wrapped in double quotes with
 * inner quotes doubled. Nothing is trimmed here: what the user pasted is kept as pasted.
 */
export function parseTsv(text: string): string[][] {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  const endCell = () => {
    row.push(cell);
    cell = '';
    atCellStart = true;
  };
  const endRow = () => {
    endCell();
    rows.push(row);
    row = [];
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (atCellStart && ch === '"') {
      // A quoted cell runs to the quote not followed by another quote.
      const close = quotedEnd(src, i + 1);
      if (close !== -1) {
        cell = src.slice(i + 1, close).replace(/""/g, '"');
        i = close + 1;
        atCellStart = false;
        continue;
      }
    }
    atCellStart = false;
    if (ch === '\t') {
      endCell();
      i++;
    } else if (ch === '\r' || ch === '\n') {
      endRow();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += ch;
      i++;
    }
  }
  // The trailing line break spreadsheets add does not make an empty last row.
  if (cell !== '' || row.length > 0) endRow();
  return rows;
}

/** Index of the closing quote of a quoted cell that starts at `from`, or -1 when the quote is just text. */
function quotedEnd(src: string, from: number): number {
  let j = from;
  while (j < src.length) {
    if (src[j] === '"') {
      if (src[j + 1] === '"') {
        j += 2;
        continue;
      }
      const next = src[j + 1];
      // Only a quote that ends the cell closes it; `"a" b` is text with quotes in it.
      return next === undefined || next === '\t' || next === '\r' || next === '\n' ? j : -1;
    }
    j++;
  }
  return -1;
}

/** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    out = String.fromCharCode(65 + r) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
