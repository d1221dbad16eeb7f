/**
 * ReplayState.leadInstantMs answers a lead's ownedSince and lastActivityAt as numbers it keeps,
 * without reading the lead's text: every answer it gives must be parseInstant of the text the
 * lead object holds at that moment, whatever changes came before (a reassignment, a report or a
 * CRM upsert writing the field, a touch, a lead let go and sent again).
 */
import { InMemoryState, type Lead, parseInstant, type StateChange } from '@sluice/engine';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { ReplayState } from './state.js';

const snapshot = { timeZone: 'Asia/Shanghai', reps: [{ id: 'ann' }, { id: 'bob' }], pools: [{ id: 'public' }] };
const ids = ['L0', 'L1', 'L2', 'L3'];
const FIELDS = ['ownedSince', 'createdAt', 'lastActivityAt'] as const;

/** A seeded stream of numbers in [0, 1) (pure-rand's, as the world uses): the same sequence every run. */
function random(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

function make(inPlace: boolean): ReplayState {
  const inner = InMemoryState.from(snapshot);
  if (inPlace) inner.editLeadsInPlace();
  return new ReplayState(inner, (id) => (ids.includes(id) ? ids.indexOf(id) : undefined), ids.length);
}

/** A random change among those that write (or may write) a lead's dates, or leave them. */
function change(r: () => number, state: ReplayState): StateChange | 'forget' {
  const leadId = ids[Math.floor(r() * ids.length)]!;
  const at = () => {
    const ms = Date.UTC(2026, 2, 1) + Math.floor(r() * 40) * 3_600_000;
    // Now and then an offset form: the state must keep the instant, not the text's shape.
    return r() < 0.2 ? new Date(ms + 8 * 3_600_000).toISOString().replace('.000Z', '+08:00') : new Date(ms).toISOString();
  };
  const owner = state.lead(leadId)?.ownerId ?? null;
  const pick = r();
  if (pick < 0.25) return { type: 'lead.assign', leadId, repId: r() < 0.5 ? 'ann' : 'bob', previousOwnerId: owner, at: at(), nodeId: 'n' };
  if (pick < 0.35) return { type: 'lead.toPool', leadId, poolId: 'public', previousOwnerId: owner, at: at(), nodeId: 'n' };
  if (pick < 0.6) return { type: 'activity.add', activity: { leadId, repId: 'ann', at: at(), kind: 'call' } };
  if (pick < 0.7) {
    const lead: Lead = { id: leadId, createdAt: at() };
    if (r() < 0.4) lead.ownedSince = at();
    if (r() < 0.4) lead.lastActivityAt = at();
    return { type: 'lead.upsert', lead };
  }
  if (pick < 0.8) return { type: 'lead.reported', leadId, set: r() < 0.5 ? { ownedSince: at() } : { lastActivityAt: at() } };
  if (pick < 0.9) return { type: 'lead.facts', leadId, set: r() < 0.5 ? { ownedSince: at() } : { grade: 'A' } };
  return 'forget';
}

describe('ReplayState.leadInstantMs', () => {
  for (const inPlace of [true, false]) {
    it(`answers only the instant the lead holds (${inPlace ? 'edited in place' : 'copied'})`, () => {
      const r = random(inPlace ? 7 : 11);
      const state = make(inPlace);
      let answered = 0;
      for (let i = 0; i < 3000; i++) {
        const c = change(r, state);
        if (c === 'forget') state.forgetLead(ids[Math.floor(r() * ids.length)]!);
        else state.apply([c]);
        ids.forEach((id, n) => {
          const lead = state.lead(id);
          if (lead === undefined) return;
          state.rebooking(n, lead);
          for (const field of FIELDS) {
            const text = lead[field];
            const known = state.leadInstantMs(lead, field);
            if (Number.isNaN(known)) continue;
            answered++;
            expect(text, `${field} of ${id} after change ${i}`).toBeDefined();
            expect(known, `${field} of ${id} after change ${i}`).toBe(parseInstant(text!));
          }
          state.rebooking(-1, undefined);
        });
      }
      // Not vacuous: most questions are answered from the numbers.
      expect(answered).toBeGreaterThan(3000);
    });
  }

  it('answers for the lead it was told about, by that object, only while told', () => {
    const state = make(true);
    state.apply([{ type: 'lead.upsert', lead: { id: 'L1', createdAt: '2026-03-01T00:00:00.000Z' } }]);
    state.apply([{ type: 'lead.assign', leadId: 'L1', repId: 'ann', previousOwnerId: null, at: '2026-03-02T01:00:00.000Z', nodeId: 'n' }]);
    state.apply([{ type: 'activity.add', activity: { leadId: 'L1', repId: 'ann', at: '2026-03-03T08:00:00.000Z', kind: 'call' } }]);
    const lead = state.lead('L1')!;
    expect(state.leadInstantMs(lead, 'ownedSince')).toBeNaN();
    state.rebooking(1, lead);
    expect(state.leadInstantMs(lead, 'ownedSince')).toBe(Date.parse('2026-03-02T01:00:00.000Z'));
    expect(state.leadInstantMs(lead, 'lastActivityAt')).toBe(Date.parse('2026-03-03T08:00:00.000Z'));
    // createdAt is never kept here: the caller parses it.
    expect(state.leadInstantMs(lead, 'createdAt')).toBeNaN();
    expect(state.leadInstantMs({ ...lead }, 'ownedSince')).toBeNaN();
    // A reassignment moves it; a reported ownedSince makes it unknown.
    state.apply([{ type: 'lead.assign', leadId: 'L1', repId: 'bob', previousOwnerId: 'ann', at: '2026-03-04T10:00:00+08:00', nodeId: 'n' }]);
    expect(state.leadInstantMs(lead, 'ownedSince')).toBe(Date.parse('2026-03-04T02:00:00.000Z'));
    state.apply([{ type: 'lead.reported', leadId: 'L1', set: { ownedSince: '2026-03-05T00:00:00.000Z' } }]);
    expect(state.leadInstantMs(lead, 'ownedSince')).toBeNaN();
    state.rebooking(-1, undefined);
    expect(state.leadInstantMs(lead, 'lastActivityAt')).toBeNaN();
  });
});
