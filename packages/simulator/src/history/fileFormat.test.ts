import { describe, expect, it } from 'vitest';
import { decodeText } from './decode.js';
import { HistoryImportError } from './errors.js';
import { notATextExport } from './fileFormat.js';
import { gb18030, utf8 } from './gb18030.testkit.js';

/** A zip's first local file header naming `entry` (what every .xlsx, .docx and .zip begins with), then some stored bytes. */
function zipStart(entry: string): Uint8Array {
  const name = utf8(entry);
  const header = [0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0, 0, 0, 0x62, 0x5c, 1, 2, 3, 4, 5, 0, 0, 0, 9, 0, 0, 0, name.length, 0, 0, 0];
  return new Uint8Array([...header, ...name, 0xad, 0x91, 0xcd, 0x4e, 0xc3, 0x30]);
}

const refusal = (bytes: Uint8Array) => {
  try {
    decodeText(bytes, 'auto', 'leads');
  } catch (e) {
    if (e instanceof HistoryImportError) return e;
  }
  throw new Error('decodeText read the bytes as text');
};

describe('files that are no text export are told apart by their first bytes', () => {
  it('an Excel workbook (.xlsx) is named as one, with how to save it as CSV, in both languages', () => {
    for (const entry of ['[Content_Types].xml', 'xl/workbook.xml', 'docProps/app.xml']) {
      const words = notATextExport(zipStart(entry));
      expect(words?.en).toMatch(/^this is an Excel workbook \(\.xlsx\), not a CSV: open it in Excel or WPS and save it as "CSV UTF-8/);
      expect(words?.zh).toMatch(/^这是 Excel 工作簿（\.xlsx），不是 CSV：请在 Excel 或 WPS 中打开，另存为“CSV UTF-8/);
    }
    const e = refusal(zipStart('[Content_Types].xml'));
    expect(e.words.en).toMatch(/^leads file: this is an Excel workbook/);
    expect(e.words.zh).toMatch(/^线索文件：这是 Excel 工作簿/);
    expect(e.where).toEqual({ file: 'leads' });
  });

  it('another zip, an .xls, a PDF and gzip each say what they are', () => {
    expect(notATextExport(zipStart('leads.csv'))?.en).toMatch(/^this is a zip archive, not a CSV: unzip it/);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect(notATextExport(xls)?.en).toMatch(/^this is an Excel 97–2003 workbook \(\.xls\)/);
    expect(notATextExport(xls)?.zh).toMatch(/^这是 Excel 97–2003 工作簿（\.xls）/);
    expect(notATextExport(utf8('%PDF-1.7\n%âãÏÓ'))?.en).toMatch(/^this is a PDF/);
    expect(notATextExport(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]))?.en).toMatch(/^this is gzip-compressed/);
    // Given as a string (bytes read as Latin-1), a workbook is still told.
    expect(() => decodeText(String.fromCharCode(...zipStart('xl/workbook.xml')), 'auto', 'leads')).toThrow(/Excel workbook/);
  });

  it('text exports are never taken for one: CSV in any encoding, JSON Lines, headers that start alike', () => {
    for (const text of ['线索编号,创建时间\nL1,2026/3/4\n', 'PK,Created\n1,2026-03-04\n', '%PDF,x\n', '{"id":"L1"}\n', '']) {
      expect(notATextExport(utf8(text)), text).toBeUndefined();
      expect(notATextExport(gb18030(text)), text).toBeUndefined();
    }
    expect(decodeText(utf8('PK,Created\n1,2026-03-04\n'), 'auto', 'leads').text).toBe('PK,Created\n1,2026-03-04\n');
  });
});
