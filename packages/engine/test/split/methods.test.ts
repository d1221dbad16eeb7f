import { describe, expect, it } from 'vitest';
import { percent } from '../../src/split/allocate.js';
import { byRole, byStage, participants, revenueShares, settleMissing, touchesOf, uShaped } from '../../src/split/methods.js';

// The attribution methods on hand-worked histories, independent of the engine.
const touch = (repId: string, at: string, stage?: string) => ({ leadId: 'L', repId, at, kind: 'call', ...(stage ? { stage } : {}) });

describe('attribution methods', () => {
  it('orders touches by time, then rep id, and drops touches after the deal', () => {
    const touches = touchesOf(
      [touch('b', '2026-03-02T00:00:00Z'), touch('a', '2026-03-02T08:00:00+08:00'), touch('c', '2026-03-01T00:00:00Z'), touch('d', '2026-04-01T00:00:00Z')],
      {
        kinds: [],
        untilMs: Date.parse('2026-03-31T00:00:00Z'),
      },
    );
    // 08:00+08:00 is midnight UTC, the same instant as b's touch: a sorts first.
    expect(touches.map((t) => t.repId)).toEqual(['c', 'a', 'b']);
  });

  it("U-shaped over four touches: 40 / 10 / 10 / 40, and a rep's touches add up", () => {
    const touches = touchesOf(
      ['x', 'y', 'x', 'z'].map((r, i) => touch(r, `2026-03-0${i + 1}T00:00:00Z`)),
      { kinds: [], untilMs: Infinity },
    );
    expect(revenueShares(1000, uShaped(touches, percent(40), percent(40))).map((s) => `${s.repId}:${s.amountCents}:${s.basis}`)).toEqual([
      'x:500:touch:first+touch:middle',
      'y:100:touch:middle',
      'z:400:touch:last',
    ]);
  });

  it('a stage or role with 0% earns nobody anything and leaves nothing unattributed', () => {
    const touches = touchesOf([touch('a', '2026-03-01T00:00:00Z', 's1')], { kinds: [], untilMs: Infinity });
    expect(
      byStage(
        touches,
        [
          { stage: 's1', share: percent(0) },
          { stage: 's2', share: percent(100) },
        ],
        'first',
      ),
    ).toEqual({ parts: [], missing: [{ basis: 'stage:s2', weight: percent(100) }] });
    // Regression (found by the property test): the owner holds only a 0% role; the 100% role is
    // unheld and "spread" has nobody to spread to, so the owner gets it rather than nobody.
    const people = [{ repId: 'o', roles: ['presales'] }];
    const { parts, missing } = byRole(people, [
      { role: 'AE', share: percent(100) },
      { role: 'presales', share: percent(0) },
    ]);
    expect(parts).toEqual([]);
    expect(revenueShares(500, settleMissing(parts, missing, 'spread', 'o'))).toEqual([
      { repId: 'o', basisPoints: 10000, share: 1, amountCents: 500, basis: 'unattributed:role:AE' },
    ]);
    expect(revenueShares(500, settleMissing(parts, missing, 'spread', null))).toEqual([]);
  });

  it("participants: reclaimed owners out when asked, a collaborator's role replaces their tags, pending collaborators do not count", () => {
    const roles: Record<string, string[]> = { s: ['SDR'], a: ['AE'], b: ['AE'], p: ['AE', 'presales'], q: ['presales'] };
    const history = [
      { leadId: 'L', repId: 's', from: '2026-01-01T00:00:00Z', to: '2026-01-02T00:00:00Z', endReason: 'reassigned' as const },
      { leadId: 'L', repId: 'b', from: '2026-01-02T00:00:00Z', to: '2026-01-05T00:00:00Z', endReason: 'reclaimed' as const },
      { leadId: 'L', repId: 'a', from: '2026-01-06T00:00:00Z' },
    ];
    const collaborators = [
      { leadId: 'L', repId: 'p', role: 'presales', status: 'active' as const, since: '2026-01-07T00:00:00Z' },
      { leadId: 'L', repId: 'q', status: 'pending' as const, since: '2026-01-07T00:00:00Z' },
    ];
    expect(participants(history, 'a', collaborators, (id) => roles[id] ?? [], true)).toEqual([
      { repId: 's', roles: ['SDR'] },
      { repId: 'a', roles: ['AE'] },
      { repId: 'p', roles: ['presales'] },
    ]);
    expect(participants(history, 'a', collaborators, (id) => roles[id] ?? [], false).map((p) => p.repId)).toEqual(['s', 'b', 'a', 'p']);
  });
});
