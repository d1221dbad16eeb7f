import { describe, expect, it } from 'vitest';
import { csvText, usAmount, usDate, usDateTime, zhAmount, zhDateTime } from './csv.js';
import { encodeGb18030 } from './gb18030.js';

describe('CSV writing', () => {
  it('quotes fields with commas, quotes and line breaks (RFC 4180) and ends every line', () => {
    expect(
      csvText(
        [
          ['a', 'Acme, Inc.', 'say "hi"'],
          ['x\ny', '', 'z'],
        ],
        '\r\n',
      ),
    ).toBe('a,"Acme, Inc.","say ""hi"""\r\n"x\ny",,z\r\n');
  });

  it('writes US dates month first in the zone, across the DST change', () => {
    // 2026-03-08 is the US spring-forward day: 06:30Z is 01:30 EST, 07:30Z is 03:30 EDT.
    expect(usDateTime('2026-03-08T06:30:00Z', 'America/New_York')).toBe('03/08/2026 01:30 AM');
    expect(usDateTime('2026-03-08T07:30:00Z', 'America/New_York')).toBe('03/08/2026 03:30 AM');
    expect(usDateTime('2026-03-04T19:05:00Z', 'America/New_York')).toBe('03/04/2026 02:05 PM');
    expect(usDate('2026-03-05T04:30:00Z', 'America/New_York')).toBe('03/04/2026');
  });

  it('writes Chinese Excel dates without leading zeros, in Beijing time', () => {
    expect(zhDateTime('2026-03-04T06:05:00Z', 'Asia/Shanghai')).toBe('2026/3/4 14:05');
    expect(zhDateTime('2026-03-04T16:05:00Z', 'Asia/Shanghai')).toBe('2026/3/5 0:05');
  });

  it('writes amounts with currency signs and thousands separators', () => {
    expect(usAmount(12500)).toBe('$12,500.00');
    expect(usAmount(1_250_000)).toBe('$1,250,000.00');
    expect(zhAmount(12500)).toBe('¥12,500');
  });
});

describe('encodeGb18030', () => {
  it('writes the GB18030 bytes of Chinese text, the yen sign and ASCII', () => {
    // 你 C4E3, 好 BAC3, 人 C8CB (GB2312 rows); ¥ U+00A5 is the four-byte code 81 30 84 36.
    expect([...encodeGb18030('你好,人¥1')]).toEqual([0xc4, 0xe3, 0xba, 0xc3, 0x2c, 0xc8, 0xcb, 0x81, 0x30, 0x84, 0x36, 0x31]);
  });

  it('round-trips through a GB18030 decoder and is not valid UTF-8', () => {
    const text = '线索编号,创建时间,负责人,所属部门,状态,成交时间,成交金额\r\nXS000001,2026/3/4 14:05,王伟,销售一部,赢单,,¥12,500\r\n';
    const bytes = encodeGb18030(text);
    expect(new TextDecoder('gb18030').decode(bytes)).toBe(text);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
  });

  it('writes characters beyond the BMP as linear four-byte codes', () => {
    // U+10000 is the first: 90 30 81 30. 😀 U+1F600 → offset 62976 = ((4·10 + 9)·126 + 123)·10 + 6 → 94 39 FC 36.
    expect([...encodeGb18030('\u{10000}😀')]).toEqual([0x90, 0x30, 0x81, 0x30, 0x94, 0x39, 0xfc, 0x36]);
    expect(new TextDecoder('gb18030').decode(encodeGb18030('跟进😀ok'))).toBe('跟进😀ok');
  });

  it('says which character it cannot write, in both languages', () => {
    expect(() => encodeGb18030('ok\ud800x')).toThrow(
      'Character "\ud800" (U+D800) at index 2 has no GB18030 code here / 第 2 个字符 "\ud800" 无法编码为 GB18030',
    );
  });
});
