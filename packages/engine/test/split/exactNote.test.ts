import { describe, expect, it } from 'vitest';
import { poolLeftoverText } from '../../src/nodes/split/creditNote.js';
import { basisPointsText, ONE } from '../../src/split/allocate.js';
import { revenueSplit } from '../../src/split/methods.js';
import { lineBasisPoints, overrideSplitProblems } from '../../src/split/overrides.js';

// Hand-worked: how exact shares read, and why a committee's split line is refused.
describe('exact shares, as people read them', () => {
  it('basis points as percents', () => {
    expect([10000, 3334, 2000, 250, 1, 0, 9999].map(basisPointsText)).toEqual(['100%', '33.34%', '20%', '2.5%', '0.01%', '0%', '99.99%']);
  });

  it('seven equal parties and one cent: four extra points to a–d, the cent to a, and the note says so', () => {
    // 10000 / 7 = 1428.57…: 7 × 1428 = 9996, four points left, all remainders equal → a, b, c, d.
    // 1 cent / 7: every quota is 0.14…, one cent left → a.
    const { shares, leftover } = revenueSplit(
      1,
      ['g', 'f', 'e', 'd', 'c', 'b', 'a'].map((repId) => ({ repId, weight: ONE, basis: 'custom' })),
    );
    expect(shares.map((s) => [s.repId, s.basisPoints, s.amountCents])).toEqual([
      ['a', 1429, 1],
      ['b', 1429, 0],
      ['c', 1429, 0],
      ['d', 1429, 0],
      ['e', 1428, 0],
      ['f', 1428, 0],
      ['g', 1428, 0],
    ]);
    expect(leftover).toEqual({ basisPoints: { units: 4, to: ['a', 'b', 'c', 'd'], tie: true }, cents: { units: 1, to: ['a'], tie: true } });
    expect(poolLeftoverText({ pool: 'revenue', lines: shares, wholeBasisPoints: 10000, wholeCents: 1, ...leftover })).toEqual({
      en:
        'rounding: 14.29% + 14.29% + 14.29% + 14.29% + 14.28% + 14.28% + 14.28% = 100%, the 0.04% left goes 0.01% each to a, b, c, d (largest remainder, equal ones in rep id order); ' +
        '0.01 + 0.00 + 0.00 + 0.00 + 0.00 + 0.00 + 0.00 = 0.01, the 0.01 left goes to a (largest remainder, equal ones in rep id order)',
      zh:
        '舍入：14.29% + 14.29% + 14.29% + 14.29% + 14.28% + 14.28% + 14.28% = 100%，余数 0.04% 归 a、b、c、d，各 0.01%（余数最大，余数相同按销售 id 顺序）；' +
        '0.01 + 0.00 + 0.00 + 0.00 + 0.00 + 0.00 + 0.00 = 0.01，余数 0.01 归 a（余数最大，余数相同按销售 id 顺序）',
    });
  });

  it('a split that divides evenly has nothing to explain', () => {
    const { shares, leftover } = revenueSplit(1000, [
      { repId: 'x', weight: ONE, basis: 'b' },
      { repId: 'y', weight: ONE, basis: 'b' },
    ]);
    expect(poolLeftoverText({ pool: 'revenue', lines: shares, wholeBasisPoints: 10000, wholeCents: 1000, ...leftover })).toBeUndefined();
  });

  it('committee split lines: each problem names its line and field', () => {
    expect(overrideSplitProblems([])).toEqual([
      { field: 'data.action.split', message: { en: 'the split names nobody: list at least one rep', zh: '拆分中没有任何销售：至少列出一位' } },
    ]);
    expect(
      overrideSplitProblems(['ae-1', { share: 0.5 }, { repId: 'ae-2', basisPoints: 5000, note: 'x' }, { repId: 'ae-3' }, { repId: 'ae-4', share: 1.5 }]).map(
        (p) => [p.field, p.message.en],
      ),
    ).toEqual([
      ['data.action.split[0]', 'line 0 must be { repId, share } or { repId, basisPoints }'],
      ['data.action.split[1].repId', 'line 1 needs a repId'],
      ['data.action.split[2].note', 'line 2: unknown field "note"; a line has repId and share or basisPoints'],
      ['data.action.split[3]', 'line 3 needs a share (0–1, at most 4 decimals) or basisPoints (a whole number 0–10000)'],
      ['data.action.split[4].share', 'line 4: share 1.5 is not a number from 0 to 1'],
    ]);
    // Exactly 4 decimals pass and are counted in whole points: 0.1 + 0.2 + 0.7 is 1000 + 2000 + 7000.
    expect(
      overrideSplitProblems([
        { repId: 'a', share: 0.1 },
        { repId: 'b', share: 0.2 },
        { repId: 'c', share: 0.7 },
      ]),
    ).toEqual([]);
    expect(
      overrideSplitProblems([
        { repId: 'a', share: 0.0001 },
        { repId: 'b', share: 0.9999 },
      ]),
    ).toEqual([]);
    expect(
      overrideSplitProblems([
        { repId: 'a', share: 0.00005 },
        { repId: 'b', share: 0.99995 },
      ]).map((p) => p.field),
    ).toEqual(['data.action.split[0].share', 'data.action.split[1].share']);
    expect([lineBasisPoints({ repId: 'a', share: 0.2857 }), lineBasisPoints({ repId: 'a', basisPoints: 42 })]).toEqual([2857, 42]);
  });
});
