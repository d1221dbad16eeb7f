import { describe, expect, it } from 'vitest';
import { numberEvidence, parseBoolean, parseNumber } from './values.js';

const amount = (raw: string) => {
  const r = parseNumber(raw, false);
  return r.ok ? r.value : r.code;
};

describe('parseNumber: amounts as exports write them', () => {
  it.each([
    ['1234', 1234],
    ['1234.5', 1234.5],
    ['1,234.56', 1234.56],
    ['1,234,567', 1234567],
    ['¥1,234', 1234],
    ['￥1,234.00', 1234],
    ['$1,234.00', 1234],
    ['US$ 99', 99],
    ['1.234,56 €', 1234.56],
    ['€1.234.567', 1234567],
    ['1 234 元', 1234],
    ['12 345,50', 12345.5],
    ["12'345", 12345],
    ['1,5', 1.5],
    ['1.234', 1.234],
    ['1.2万', 12000],
    ['3亿', 300000000],
    ['2.5k', 2500],
    ['$1.5M', 1500000],
    ['2MM', 2000000],
    ['12 k', 12000],
    ['1.5百万', 1500000],
    ['3千万', 30000000],
    ['人民币1.2万元', 12000],
    ['RMB 800', 800],
    ['800元', 800],
    ['８８', 88],
    ['1.5e3', 1500],
    ['+12', 12],
    ['0', 0],
    ['-0', 0],
  ])('%s → %s', (raw, value) => {
    expect(amount(raw)).toBe(value);
  });

  it.each([
    ['-100', 'negative-amount'],
    ['(100)', 'negative-amount'],
    ['¥-100', 'negative-amount'],
    ['-¥1,000', 'negative-amount'],
    ['abc', 'bad-number'],
    ['1,23,4', 'bad-number'],
    ['12.3.4', 'bad-number'],
    ['', 'bad-number'],
    ['万', 'bad-number'],
    ['M', 'bad-number'],
    ['1.5MMM', 'bad-number'],
    ['5mk', 'bad-number'],
  ])('%s is rejected: %s', (raw, code) => {
    expect(amount(raw)).toBe(code);
  });

  it('a number attribute may be negative', () => {
    expect(parseNumber('-3.5', true)).toEqual({ ok: true, value: -3.5 });
    expect(parseNumber('(1,200)', true)).toEqual({ ok: true, value: -1200 });
  });

  it('says why in both languages', () => {
    expect(parseNumber('-5', false)).toEqual({
      ok: false,
      code: 'negative-amount',
      reason: { en: 'is negative: an amount must be 0 or more', zh: '为负数：金额须大于或等于 0' },
    });
  });
});

describe('parseBoolean', () => {
  it.each([
    ['是', true],
    ['否', false],
    ['TRUE', true],
    [' no ', false],
    ['Y', true],
    ['0', false],
    ['√', true],
  ])('%s → %s', (raw, value) => {
    expect(parseBoolean(raw)).toEqual({ ok: true, value });
  });
  it('rejects anything else', () => {
    expect(parseBoolean('maybe').ok).toBe(false);
  });
});

describe('parseNumber under a column decimal mark', () => {
  const read = (raw: string, mark: '.' | ',' | undefined, ambiguous: 'read' | 'reject' = 'read') => {
    const r = parseNumber(raw, true, mark, ambiguous);
    return r.ok ? r.value : r.code;
  };

  it('reads a value that reads two ways by the mark', () => {
    expect([read('€1.234', ','), read('€1.234', '.'), read('€1.234', undefined)]).toEqual([1234, 1.234, 1.234]);
    expect([read('1,234', ','), read('1,234', '.'), read('1,234', undefined)]).toEqual([1.234, 1234, 1234]);
    expect([read('12 345,5', ','), read("12'345", ',')]).toEqual([12345.5, 12345]);
  });

  it('rejects a value written with the other mark, saying which', () => {
    expect([read('1,234.56', ','), read('12.5', ','), read('1.234,56', '.'), read('12,5', '.')]).toEqual([
      'other-decimal-mark',
      'other-decimal-mark',
      'other-decimal-mark',
      'other-decimal-mark',
    ]);
    const r = parseNumber('12,5', true, '.');
    expect(r.ok ? '' : r.reason.en).toBe('writes "," as its decimal point, but the column\'s decimal mark is "."');
  });

  it('a value that reads the same either way is read whatever the mark; only a two-way value is rejected as ambiguous', () => {
    expect([read('1234', ',', 'reject'), read('12 345', undefined, 'reject'), read('1,2万', ','), read('1.2万', ',')]).toEqual([
      1234,
      12345,
      12000,
      'other-decimal-mark',
    ]);
    expect([read('1.234', undefined, 'reject'), read('1,234', undefined, 'reject')]).toEqual(['ambiguous-number', 'ambiguous-number']);
    expect([read('1,234.5', undefined, 'reject'), read('1.234,5', undefined, 'reject')]).toEqual([1234.5, 1234.5]);
  });
});

describe('numberEvidence', () => {
  it('names the currency and how the separators read', () => {
    expect(numberEvidence('¥1,234.50')).toEqual({ currency: 'CNY', reads: 'dot' });
    expect(numberEvidence('2.171,50 €')).toEqual({ currency: 'EUR', reads: 'comma' });
    expect(numberEvidence('人民币1.2万元')).toEqual({ currency: 'CNY', reads: 'dot' });
    expect(numberEvidence('US$ 1.234')).toEqual({ currency: 'USD', reads: 'either' });
    expect(numberEvidence('HK$1234')).toEqual({ currency: 'HKD', reads: 'same' });
    expect(numberEvidence('800')).toEqual({ currency: undefined, reads: 'same' });
    expect(numberEvidence('abc')).toBeUndefined();
  });
});
