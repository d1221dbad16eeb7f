import { describe, expect, it } from 'vitest';
import { parseBoolean, parseNumber } from './values.js';

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
