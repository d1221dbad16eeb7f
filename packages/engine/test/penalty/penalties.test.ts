import { describe, expect, it } from 'vitest';
import { activeSuspension, effectiveWeight, isActive, penaltyFactor } from '../../src/assignment/penalties.js';
import { penaltySchema, type Penalty } from '../../src/index.js';

const FROM = '2026-03-01T00:00:00Z';
const UNTIL = '2026-03-11T00:00:00Z'; // ten days later
const at = (iso: string) => Date.parse(iso);
const penalty = (extra: Partial<Penalty> = {}): Penalty => penaltySchema.parse({ repId: 'r', from: FROM, until: UNTIL, weightFactor: 0.5, ...extra });

describe('penalty arithmetic', () => {
  it('holds from `from` (inclusive) to `until` (exclusive)', () => {
    const p = penalty();
    expect(isActive(p, at('2026-02-28T23:59:59.999Z'))).toBe(false);
    expect(isActive(p, at(FROM))).toBe(true);
    expect(isActive(p, at('2026-03-10T23:59:59.999Z'))).toBe(true);
    expect(isActive(p, at(UNTIL))).toBe(false);
  });

  it('without decay applies the full factor while active and nothing after', () => {
    const p = penalty();
    expect(penaltyFactor(p, at(FROM))).toBe(0.5);
    expect(penaltyFactor(p, at('2026-03-10T00:00:00Z'))).toBe(0.5);
    expect(penaltyFactor(p, at(UNTIL))).toBe(1);
  });

  it('with linear decay eases from the factor back to 1: ×0.5 over ten days is ×0.75 on day five, ×0.95 on day nine', () => {
    const p = penalty({ decay: 'linear' });
    expect(penaltyFactor(p, at(FROM))).toBe(0.5);
    expect(penaltyFactor(p, at('2026-03-06T00:00:00Z'))).toBeCloseTo(0.75, 12);
    expect(penaltyFactor(p, at('2026-03-10T00:00:00Z'))).toBeCloseTo(0.95, 12);
    expect(penaltyFactor(p, at(UNTIL))).toBe(1);
  });

  it('a decaying reward fades the same way: ×1.5 is ×1.25 half-way', () => {
    const p = penalty({ weightFactor: 1.5, kind: 'reward', decay: 'linear' });
    expect(penaltyFactor(p, at('2026-03-06T00:00:00Z'))).toBeCloseTo(1.25, 12);
  });

  it('multiplies the rep weight by every active factor and ignores expired or future ones', () => {
    const rep = { weight: 2 };
    const list = [
      penalty(),
      penalty({ weightFactor: 1.5, kind: 'reward' }),
      penalty({ weightFactor: 0.1, from: '2026-02-01T00:00:00Z', until: '2026-02-02T00:00:00Z' }),
      penalty({ weightFactor: 0.1, from: '2026-04-01T00:00:00Z', until: '2026-04-02T00:00:00Z' }),
    ];
    // 2 × 0.5 × 1.5 = 1.5
    expect(effectiveWeight(rep, list, at('2026-03-05T00:00:00Z'))).toBeCloseTo(1.5, 12);
    expect(effectiveWeight(rep, list, at(UNTIL))).toBe(2);
    expect(effectiveWeight(rep, [], at(FROM))).toBe(2);
  });

  it('finds the active claim suspension that lasts longest, and none once it is over', () => {
    const short = penalty({ suspendClaims: true, until: '2026-03-03T00:00:00Z' });
    const long = penalty({ suspendClaims: true });
    const routing = penalty({ suspendRouting: true, until: '2026-03-20T00:00:00Z' });
    expect(activeSuspension([short, long, routing], at('2026-03-02T00:00:00Z'), 'claims')).toBe(long);
    expect(activeSuspension([short, long, routing], at('2026-03-02T00:00:00Z'), 'routing')).toBe(routing);
    expect(activeSuspension([short, long], at(UNTIL), 'claims')).toBeUndefined();
  });
});
