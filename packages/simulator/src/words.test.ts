import { describe, expect, it } from 'vitest';
import { formatMetric, METRIC_DIGITS, METRIC_WORDS } from './words.js';

describe('formatMetric: a figure as both screens show it', () => {
  it('groups thousands and keeps whole what is counted or paid', () => {
    expect(formatMetric('expectedRevenue', 35_780_000, 'en')).toBe('35,780,000');
    expect(formatMetric('expectedRevenue', 11_651_494.93, 'zh')).toBe('11,651,495');
    expect(formatMetric('reclaimed', 1478.83, 'en')).toBe('1,479');
  });

  it('gives each metric the decimals it has meaning for', () => {
    expect(formatMetric('expectedWins', 30.2891, 'en')).toBe('30.3');
    expect(formatMetric('expectedWins', 79, 'en')).toBe('79');
    expect(formatMetric('gini', 0.0324515, 'en')).toBe('0.032');
    expect(formatMetric('firstContactP90', 30.75, 'en')).toBe('30.8');
    expect(formatMetric('somethingNew', 1.23456, 'en')).toBe('1.23');
  });

  it('shows no value as a dash and a rounded negative zero as 0', () => {
    expect(formatMetric('gini', null, 'en')).toBe('—');
    expect(formatMetric('gini', Number.NaN, 'zh')).toBe('—');
    expect(formatMetric('expectedWins', -0.04, 'en')).toBe('0');
    expect(formatMetric('expectedWins', -0.4, 'en')).toBe('-0.4');
  });

  it('has decimals for every metric it names', () => {
    for (const metric of Object.keys(METRIC_WORDS)) expect(METRIC_DIGITS[metric], metric).toBeTypeOf('number');
  });
});
