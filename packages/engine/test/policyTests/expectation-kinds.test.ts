import { examplePolicy, exampleState, exampleTimeline } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { type PolicyTestCaseInput, runPolicyTests } from '../../src/index.js';

// The expectation kinds the two converted examples do not use, each against figures the scenario tests pin
// (s24.test.ts, s28.test.ts), and each made to fail once.
const events = (name: string) => (exampleTimeline(name) as { events: Array<Record<string, unknown>> }).events;
const verdicts = (policy: string, c: PolicyTestCaseInput) =>
  runPolicyTests(examplePolicy(policy), [c]).cases[0]!.expectations.map((e) => [e.path, e.passed, e.reason.en]);

describe('expectation kinds', () => {
  it('split: the revenue shares to the cent (S24); a wrong amount fails naming the split', () => {
    const won = events('s24-deals')[0]!;
    const c = (ae1Cents: number): PolicyTestCaseInput => ({
      id: 's24',
      name: { en: 'role split', zh: '按角色拆分' },
      given: exampleState('s24-deal-team') as PolicyTestCaseInput['given'],
      when: [
        {
          event: won as never,
          expect: {
            decidedBy: 'split',
            split: {
              amountCents: 3333333,
              shares: [
                { rep: 'ae-1', role: 'AE', basisPoints: 8000, amountCents: ae1Cents },
                { rep: 'sdr-1', basisPoints: 2000, amountCents: 666667 },
              ],
            },
          },
        },
      ],
    });
    expect(verdicts('s24-revenue-overlay', c(2666666))).toEqual([
      ['when[0].expect.decidedBy', true, 'as expected'],
      ['when[0].expect.split', true, 'as expected'],
    ]);
    const [, split] = verdicts('s24-revenue-overlay', c(2666667));
    expect(split!.slice(0, 2)).toEqual(['when[0].expect.split', false]);
    expect(split![2]).toContain('"amountCents":2666666');
  });

  it('penalties and the reclaimed list over a whole tick (S28 hoarding); a kind not imposed fails', () => {
    const c = (kind: 'hoarding' | 'idle'): PolicyTestCaseInput => ({
      id: 's28',
      name: { en: 'hoarding', zh: '囤积' },
      given: exampleState('s28-east-team') as PolicyTestCaseInput['given'],
      when: events('s28-hoarding').map((event) => ({ event: event as never })),
      expect: [
        { penalties: [{ rep: 'ae-1', kind, suspendClaims: true, suspendRouting: false, until: '2026-03-12T01:00:00.000Z' }] },
        // The neglected leads are released, not reclaimed by a reclaim rule.
        { reclaimed: [], about: 'L-2802', holder: { pool: 'public' } },
      ],
    });
    expect(verdicts('s28-hoarding', c('hoarding')).map(([path, passed]) => [path, passed])).toEqual([
      ['expect[0].penalties', true],
      ['expect[1].holder', true],
      ['expect[1].reclaimed', true],
    ]);
    const [penalties] = verdicts('s28-hoarding', c('idle'));
    expect(penalties!.slice(0, 2)).toEqual(['expect[0].penalties', false]);
    expect(penalties![2]).toMatch(/^missing \[\{"rep":"ae-1","kind":"idle"/);
  });

  it('refused and not.refused: an event about a lead the tenant does not have', () => {
    const c: PolicyTestCaseInput = {
      id: 'unknown-lead',
      name: { en: 'unknown lead', zh: '未知线索' },
      when: [
        {
          event: { id: 's', type: 'stage.changed', at: '2026-03-11T03:00:00Z', leadId: 'L-NONE', stage: { to: 'won' } },
          expect: { refused: 'lead-not-found', not: { refused: true } },
        },
      ],
    };
    expect(verdicts('s16-reclaim-rules', c)).toEqual([
      ['when[0].expect.refused', true, 'as expected'],
      ['when[0].expect.not.refused', false, 'expected null, got lead-not-found'],
    ]);
  });

  it('holder and lead need a lead: a whole tick without "about" says so', () => {
    const c: PolicyTestCaseInput = { id: 't', name: { en: 't', zh: 't' }, when: [{ tick: '2026-03-11T02:00:00Z', expect: { holder: 'none' } }] };
    expect(verdicts('s16-reclaim-rules', c)).toEqual([['when[0].expect.holder', false, 'which lead? name it with "about"']]);
  });
});
