/**
 * The state's look-up shortcuts answer what its maps hold. The lead book remembers the last lead
 * looked up (a step asks for its lead several times): every write, forget and clone must leave that
 * memo right, with ids handed over as the same string object or as equal copies. The reminder log
 * answers "never reminded" from a bitmap of id hashes before its map: never a false no, also as it
 * grows and in a clone. fast-check runs with a fixed seed so a failure replays the same way.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryState, type Lead, type StateChange } from '../src/index.js';
import { Reminders } from '../src/state/records.js';

const snapshot = { timeZone: 'UTC', reps: [{ id: 'ann' }, { id: 'bob' }], pools: [{ id: 'public' }] };
const IDS = ['L1', 'L2', 'L3'];
/** An equal id as a different string object (what a caller parsing JSON would hand over). */
const copyOf = (id: string) => [...id].join('');
const AT = '2026-03-02T01:00:00.000Z';

type Op = { kind: 'change'; change: StateChange } | { kind: 'forget'; id: string } | { kind: 'read'; id: string } | { kind: 'clone' };

const id = fc.constantFrom(...IDS).chain((i) => fc.constantFrom(i, copyOf(i)));
const op: fc.Arbitrary<Op> = fc.oneof(
  id.map((i) => ({ kind: 'change' as const, change: { type: 'lead.upsert' as const, lead: { id: i, company: `Co ${i}` } } })),
  fc
    .tuple(id, fc.integer({ min: 0, max: 100 }))
    .map(([i, score]) => ({ kind: 'change' as const, change: { type: 'lead.facts' as const, leadId: i, set: { score } } })),
  fc.tuple(id, fc.constantFrom('ann', 'bob')).map(([i, repId]) => ({
    kind: 'change' as const,
    change: { type: 'lead.assign' as const, leadId: i, repId, previousOwnerId: null, at: AT, nodeId: 'rr' },
  })),
  id.map((i) => ({
    kind: 'change' as const,
    change: { type: 'lead.toPool' as const, leadId: i, poolId: 'public', previousOwnerId: null, at: AT, nodeId: 'x' },
  })),
  id.map((i) => ({ kind: 'change' as const, change: { type: 'lead.queue' as const, leadId: i, queueId: 'mgr', at: AT, nodeId: 'x' } as StateChange })),
  id.map((i) => ({ kind: 'forget' as const, id: i })),
  id.map((i) => ({ kind: 'read' as const, id: i })),
  fc.constant({ kind: 'clone' as const }),
);

/** What the lead map holds for `id`, read past the memo. */
function stored(s: InMemoryState, leadId: string): Lead | undefined {
  return s.allLeads().find((l) => l.id === leadId);
}

describe('InMemoryState.lead: the last lead looked up is remembered', () => {
  for (const inPlace of [false, true]) {
    it(`answers what the lead map holds after every write, forget and clone${inPlace ? ' (leads edited in place)' : ''}`, () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
          let s = InMemoryState.from(snapshot);
          if (inPlace) s.editLeadsInPlace();
          for (const o of ops) {
            if (o.kind === 'change') s.apply([o.change]);
            else if (o.kind === 'forget') s.forgetLead(o.id);
            else if (o.kind === 'read') s.lead(o.id);
            else s = s.clone();
            for (const i of IDS) {
              expect(s.lead(i)).toBe(stored(s, i));
              expect(s.lead(copyOf(i))).toBe(stored(s, i));
            }
          }
        }),
        { seed: 20261206, numRuns: 300 },
      );
    });
  }

  it('a clone remembers nothing of the original', () => {
    const s = InMemoryState.from({ ...snapshot, leads: [{ id: 'L1', score: 1 }] });
    expect(s.lead('L1')?.score).toBe(1);
    const copy = s.clone();
    s.apply([{ type: 'lead.facts', leadId: 'L1', set: { score: 2 } }]);
    copy.apply([{ type: 'lead.facts', leadId: 'L1', set: { score: 3 } }]);
    expect([s.lead('L1')?.score, copy.lead('L1')?.score]).toStrictEqual([2, 3]);
  });
});

describe('Reminders: a bitmap of id hashes before the map', () => {
  it('answers every reminded lead and no other, as it grows', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 3000 }), (ids) => {
        const r = new Reminders();
        const model = new Map<string, string>();
        const half = ids.slice(0, Math.ceil(ids.length / 2));
        for (const [n, i] of half.entries()) {
          r.set(i, `w${n}`);
          model.set(i, `w${n}`);
        }
        // Reminded again: the later window.
        r.set(half[0]!, 'again');
        model.set(half[0]!, 'again');
        for (const i of ids) expect(r.get(i)).toBe(model.get(i));
        expect(new Map(r.entries())).toStrictEqual(model);
      }),
      { seed: 20261206, numRuns: 40 },
    );
  });

  it('lastReminder through the state, its clone keeping its own', () => {
    const s = InMemoryState.from({ ...snapshot, reminders: { L0: 'w0' } });
    const remind = (leadId: string, window: string): StateChange => ({ type: 'lead.remind', leadId, repId: 'ann', window, at: AT, nodeId: 'reclaim' });
    for (let n = 1; n < 2000; n++) s.apply([remind(`L${n}`, `w${n}`)]);
    const copy = s.clone();
    copy.apply([remind('L1', 'later'), remind('X', 'x')]);
    for (let n = 0; n < 2000; n++) expect(s.lastReminder(`L${n}`)).toBe(`w${n}`);
    for (let n = 2000; n < 6000; n++) expect(s.lastReminder(`L${n}`)).toBeUndefined();
    expect([s.lastReminder('L1'), copy.lastReminder('L1'), s.lastReminder('X'), copy.lastReminder('X')]).toStrictEqual(['w1', 'later', undefined, 'x']);
  });
});
