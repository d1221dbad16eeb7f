/**
 * InMemoryState.indexOwnersOnDemand: the owner index (ownedLeads, leadsOwnedBy) made from the leads
 * when first asked for instead of kept write by write. Checked against a state that keeps it, over
 * seeded random runs of assignments, reclaims, CRM upserts naming an owner, closes, reopenings and
 * forgotten leads; the index is asked for at random moments (after which it is kept), the opt-in is
 * taken at the start or halfway, with leads edited in place or copied, and clones go their own way.
 */
import { describe, expect, it } from 'vitest';
import { InMemoryState, type StateChange } from '../src/index.js';
import { mulberry32 } from '../bench/tick.js';

const REPS = ['ann', 'bob', 'cat', 'dan', 'eve'];
const snapshot = { timeZone: 'UTC', reps: REPS.map((id) => ({ id })), pools: [{ id: 'public' }] };
const at = (i: number) => new Date(Date.UTC(2026, 2, 2) + i * 60_000).toISOString();

/** What the index answers: each rep's leads (by id) and the open owned leads (as a set: the walk's order may differ). */
function answers(state: InMemoryState) {
  return {
    byRep: REPS.map((r) => state.leadsOwnedBy(r).map((l) => [l.id, l.ownerId, l.status ?? 'open'])),
    open: [...state.ownedLeads()].map((l) => `${l.id}:${l.ownerId}`).sort(),
  };
}

function randomChange(next: () => number, state: InMemoryState, i: number): StateChange[] | 'forget' {
  const leadId = `L${Math.floor(next() * 40)}`;
  const lead = state.lead(leadId);
  const rep = REPS[Math.floor(next() * REPS.length)]!;
  const r = next();
  if (r < 0.35) return [{ type: 'lead.assign', leadId, repId: rep, previousOwnerId: lead?.ownerId ?? null, at: at(i), nodeId: 'rr' }];
  if (r < 0.5 && lead?.ownerId)
    return [{ type: 'lead.toPool', leadId, poolId: 'public', previousOwnerId: lead.ownerId, at: at(i), nodeId: 'reclaim', reason: 'reclaimed' }];
  if (r < 0.65) return [{ type: 'lead.upsert', lead: { id: leadId, ...(next() < 0.5 ? { ownerId: rep } : {}), company: `Co ${i % 3}` } }];
  if (r < 0.8 && lead) return [{ type: 'lead.reported', leadId, set: { status: next() < 0.6 ? 'won' : 'open' } }];
  if (r < 0.9 && lead && lead.status === 'won') return 'forget';
  return [{ type: 'lead.facts', leadId, set: { score: i } }];
}

describe('InMemoryState.indexOwnersOnDemand', () => {
  it.each([
    ['from the start, leads copied', 0, false],
    ['from the start, leads edited in place', 0, true],
    ['halfway, leads copied', 150, false],
    ['halfway, leads edited in place', 150, true],
  ] as const)('answers as a kept index does: %s', (_name, optInAt, inPlace) => {
    for (let seed = 1; seed <= 12; seed++) {
      const next = mulberry32(seed * 7 + optInAt);
      const kept = InMemoryState.from(snapshot);
      const lazy = InMemoryState.from(snapshot);
      if (inPlace) {
        kept.editLeadsInPlace();
        lazy.editLeadsInPlace();
      }
      let asked = 0;
      let owned = 0;
      for (let i = 0; i < 300; i++) {
        if (i === optInAt) lazy.indexOwnersOnDemand();
        const c = randomChange(next, kept, i);
        if (c === 'forget') {
          const id = `L${i % 40}`;
          expect(lazy.forgetLead(id)).toBe(kept.forgetLead(id));
        } else {
          kept.apply(c);
          lazy.apply(c);
        }
        if (next() < 0.05) {
          // Asked: from here on the lazy state keeps its index too, until the next opt-in below.
          expect(answers(lazy), `seed ${seed} step ${i}`).toStrictEqual(answers(kept));
          owned += answers(kept).open.length;
          asked++;
          if (next() < 0.3 && i >= optInAt) lazy.indexOwnersOnDemand();
        }
        if (next() < 0.01) {
          const copy = lazy.clone();
          const keptCopy = kept.clone();
          const more = randomChange(next, keptCopy, i);
          if (more !== 'forget') {
            copy.apply(more);
            keptCopy.apply(more);
          }
          expect(answers(copy)).toStrictEqual(answers(keptCopy));
          // The clone's change is not the original's.
          expect(answers(lazy)).toStrictEqual(answers(kept));
        }
      }
      expect(answers(lazy)).toStrictEqual(answers(kept));
      expect(asked).toBeGreaterThan(3);
      expect(owned).toBeGreaterThan(0);
    }
  });

  it('makes the index from the leads when first asked', () => {
    const state = InMemoryState.from(snapshot).indexOwnersOnDemand();
    state.apply([
      { type: 'lead.assign', leadId: 'L1', repId: 'ann', previousOwnerId: null, at: at(1), nodeId: 'rr' },
      { type: 'lead.assign', leadId: 'L2', repId: 'bob', previousOwnerId: null, at: at(2), nodeId: 'rr' },
      { type: 'lead.assign', leadId: 'L1', repId: 'bob', previousOwnerId: 'ann', at: at(3), nodeId: 'rr' },
      { type: 'lead.reported', leadId: 'L2', set: { status: 'won' } },
    ]);
    expect(state.leadsOwnedBy('ann')).toStrictEqual([]);
    expect(state.leadsOwnedBy('bob').map((l) => l.id)).toStrictEqual(['L1', 'L2']);
    expect([...state.ownedLeads()].map((l) => l.id)).toStrictEqual(['L1']);
    // Kept from here on.
    state.apply([{ type: 'lead.toPool', leadId: 'L1', poolId: 'public', previousOwnerId: 'bob', at: at(4), nodeId: 'x', reason: 'reclaimed' }]);
    expect(state.leadsOwnedBy('bob').map((l) => l.id)).toStrictEqual(['L2']);
    expect([...state.ownedLeads()]).toStrictEqual([]);
  });
});
