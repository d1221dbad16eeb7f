/**
 * A lead's record holds the track's fields and the replay state's side by side (LeadRecords): under
 * any sequence of writes through either, every field must read back what was last written to it —
 * no field may share bytes with another, nor one lead's record with the next's. The reads are
 * checked against a plain model of each lead.
 */
import { InMemoryState, parseInstant, type StateChange } from '@sluice/engine';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import type { HistoryLead } from '../types.js';
import * as layout from './leadRecords.js';
import { ReplayState } from './state.js';
import { Tracks } from './tracks.js';

const snapshot = { timeZone: 'Asia/Shanghai', reps: [{ id: 'ann' }, { id: 'bob' }], pools: [{ id: 'public' }] };
const ids = ['L0', 'L1', 'L2', 'L3', 'L4'];
const BASE = Date.UTC(2026, 2, 1);
const STEPS = 1500;

/** A seeded stream of numbers in [0, 1) (pure-rand's, as the world uses): the same sequence every run. */
function random(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  return () => uniformFloat64(rng);
}

interface Model {
  dueAt: number;
  lastTickAt: number;
  course: number;
  pending: number;
  holder: string | undefined;
  released: boolean;
  ownerWhenReleased: string | undefined;
  tickSlot: number;
  firstContactMs: number;
  touches: string[];
  lastActivityMs: number;
  ownedSinceMs: number;
}

function fresh(): Model {
  return {
    dueAt: Number.NaN,
    lastTickAt: Number.NaN,
    course: 0,
    pending: 0,
    holder: undefined,
    released: false,
    ownerWhenReleased: undefined,
    tickSlot: -1,
    firstContactMs: Number.NaN,
    touches: [],
    lastActivityMs: Number.NaN,
    ownedSinceMs: Number.NaN,
  };
}

describe('LeadRecords', () => {
  it('gives every field its own bytes within the 64 of a record', () => {
    const f64 = [layout.DUE_AT, layout.LAST_TICK_AT, layout.FIRST_CONTACT_AT, layout.LAST_ACTIVITY_AT, layout.OWNED_SINCE];
    const i32 = [layout.COURSE, layout.HOLDER, layout.PENDING, layout.OWNER_AT_RELEASE, layout.TICK_SLOT, layout.TOUCH_TAIL];
    const bytes = [...f64.map((f) => [8 * f, 8 * f + 8]), ...i32.map((i) => [4 * i, 4 * i + 4])] as Array<[number, number]>;
    const used = new Set<number>();
    for (const [from, to] of bytes) {
      expect(to).toBeLessThanOrEqual(8 * layout.RECORD_F64);
      for (let b = from; b < to; b++) {
        expect(used.has(b), `byte ${b}`).toBe(false);
        used.add(b);
      }
    }
    expect(4 * layout.RECORD_I32).toBe(8 * layout.RECORD_F64);
  });

  for (const seed of [3, 17]) {
    it(`reads back every field as last written, through the tracks and the state alike (seed ${seed})`, () => {
      const r = random(seed);
      const leads: HistoryLead[] = ids.map((id) => ({ id, createdAt: new Date(BASE).toISOString(), attributes: {}, outcome: 'open' }));
      const tracks = new Tracks(leads, false);
      const state = new ReplayState(
        InMemoryState.from(snapshot),
        (id) => (ids.includes(id) ? ids.indexOf(id) : undefined),
        ids.length,
        0,
        undefined,
        tracks.records,
      );
      state.apply(ids.map((id): StateChange => ({ type: 'lead.upsert', lead: { id, createdAt: new Date(BASE).toISOString() } })));
      const ticks = tracks.tickSlots();
      const model = ids.map(fresh);
      const instant = () => BASE + Math.floor(r() * 1000) * 60_000;
      const rep = () => (r() < 0.5 ? 'ann' : 'bob');
      let checked = 0;
      for (let i = 0; i < STEPS; i++) {
        const t = Math.floor(r() * ids.length);
        const m = model[t]!;
        const id = ids[t]!;
        const pick = Math.floor(r() * 11);
        if (pick === 0) tracks.setDueAt(t, (m.dueAt = r() < 0.2 ? Number.NaN : instant()));
        else if (pick === 1) tracks.setLastTickAt(t, (m.lastTickAt = instant()));
        else if (pick === 2) {
          tracks.endCourse(t);
          m.course++;
        } else if (pick === 3) {
          const by = r() < 0.6 ? 1 : -1;
          tracks.addPending(t, by);
          m.pending += by;
        } else if (pick === 4) tracks.setHolder(t, (m.holder = r() < 0.2 ? undefined : rep()));
        else if (pick === 5) {
          m.ownerWhenReleased = r() < 0.2 ? undefined : rep();
          m.released = true;
          tracks.setReleased(t, m.ownerWhenReleased);
        } else if (pick === 6) ticks.slots[ticks.stride * t + ticks.offset] = m.tickSlot = Math.floor(r() * 5000) - 1;
        else if (pick === 7) tracks.firstContactAt.setMs(t, (m.firstContactMs = instant()));
        else if (pick <= 9) {
          const at = new Date(instant()).toISOString();
          state.apply([{ type: 'activity.add', activity: { leadId: id, repId: rep(), at, kind: 'call' } }]);
          m.touches.push(at);
          const ms = parseInstant(at);
          if (!(m.lastActivityMs >= ms)) m.lastActivityMs = ms;
        } else {
          const at = new Date(instant()).toISOString();
          const owner = state.lead(id)?.ownerId ?? null;
          state.apply([{ type: 'lead.assign', leadId: id, repId: rep(), previousOwnerId: owner, at, nodeId: 'n' }]);
          m.ownedSinceMs = parseInstant(at);
        }
        // Every field of every lead, not only the one written: a write must not reach a neighbour.
        model.forEach((e, n) => {
          const where = `lead ${n} after step ${i}`;
          expect(tracks.dueAt(n), where).toBe(e.dueAt);
          expect(tracks.booked(n), where).toBe(!Number.isNaN(e.dueAt));
          expect(tracks.lastTickAt(n), where).toBe(e.lastTickAt);
          expect(tracks.course(n), where).toBe(e.course);
          expect(tracks.pending(n), where).toBe(e.pending);
          expect(tracks.holder(n), where).toBe(e.holder);
          expect(tracks.released(n), where).toBe(e.released);
          if (e.released) expect(tracks.ownerWhenReleased(n), where).toBe(e.ownerWhenReleased);
          expect(tracks.tickSlot(n), where).toBe(e.tickSlot);
          expect(tracks.firstContactAt.msAt(n), where).toBe(e.firstContactMs);
          expect(
            state.activities(ids[n]!).map((a) => a.at),
            where,
          ).toStrictEqual(e.touches);
          const lead = state.lead(ids[n]!)!;
          state.rebooking(n, lead);
          expect(state.leadInstantMs(lead, 'lastActivityAt'), where).toBe(e.lastActivityMs);
          expect(state.leadInstantMs(lead, 'ownedSince'), where).toBe(e.ownedSinceMs);
          state.rebooking(-1, undefined);
          checked++;
        });
      }
      expect(checked).toBe(STEPS * ids.length);
      // Not vacuous: the leads were touched and assigned along the way.
      expect(model.every((e) => e.touches.length > 20 && !Number.isNaN(e.ownedSinceMs))).toBe(true);
    });
  }
});
