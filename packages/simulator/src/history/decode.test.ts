import { describe, expect, it } from 'vitest';
import { decodeText } from './decode.js';
import { HistoryImportError } from './errors.js';
import { gb18030, utf8 } from './gb18030.testkit.js';

const TEXT = '线索编号,创建时间\nL1,2026年3月4日\n';

describe('decodeText: the encodings exports come in', () => {
  it('UTF-8 without and with BOM', () => {
    expect(decodeText(utf8(TEXT), 'auto', 'leads')).toEqual({ text: TEXT, encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(TEXT)]), 'auto', 'leads')).toEqual({ text: TEXT, encoding: 'utf-8 with BOM' });
  });

  it('a UTF-8 BOM outranks the encoding a mapping names (a workbook stored as CSV under a mapping for GB18030)', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(TEXT)]);
    expect(decodeText(withBom, 'gb18030', 'leads')).toEqual({ text: TEXT, encoding: 'utf-8 with BOM' });
  });

  it('GB18030 detected when the bytes are not UTF-8, or when asked', () => {
    expect(decodeText(gb18030(TEXT), 'auto', 'leads')).toEqual({ text: TEXT, encoding: 'gb18030' });
    expect(decodeText(gb18030(TEXT), 'gb18030', 'leads')).toEqual({ text: TEXT, encoding: 'gb18030' });
  });

  it('UTF-16 LE with BOM (Excel "Unicode text")', () => {
    const units = [...TEXT].flatMap((c) => {
      const u = c.charCodeAt(0);
      return [u & 0xff, u >> 8];
    });
    expect(decodeText(new Uint8Array([0xff, 0xfe, ...units]), 'auto', 'leads')).toEqual({ text: TEXT, encoding: 'utf-16le' });
  });

  it('text passed as a string keeps its characters, without a BOM', () => {
    expect(decodeText(`\uFEFF${TEXT}`, 'auto', 'leads')).toEqual({ text: TEXT, encoding: 'text' });
  });

  it('"utf-8" asked for GB18030 bytes: the line and what to try, in both languages', () => {
    try {
      decodeText(gb18030(TEXT), 'utf-8', 'activities');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HistoryImportError);
      expect((e as HistoryImportError).words).toEqual({
        en: 'activities file: line 1 is not valid utf-8: check the encoding (try encoding "gb18030" or "auto")',
        zh: '跟进记录文件：第 1 行不是合法的 utf-8 编码：请检查编码（可试 "gb18030" 或 "auto"）',
      });
    }
  });
});
