import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Calendar } from './calendar.js';
import { DueHeap } from './dueHeap.js';

/** A seeded generator, so a failure replays the same operations. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Items keyed by id: a negative number, its slot kept in slots[id] (see Calendar). */
const itemOf = (id: number) => -1 - id;
const idOf = (item: number) => -1 - item;

/** What the calendar and its heaps both do, so the same cases check each. */
interface Schedule {
  readonly size: number;
  takenAt: number;
  peekAt(): number;
  book(at: number, item: number): void;
  move(slot: number, at: number): void;
  remove(slot: number): void;
  take(): number | undefined;
}
type Make = (slots: Int32Array, stride?: number, offset?: number, seqLimit?: number) => Schedule;

// Bucket widths that put the cases' instants (0–50 apart, up to 2,000 soon, 10^6–10^12 ahead) in
// one bucket, across a few, across the whole ring and past it into the far heap.
const makers: Array<[string, Make]> = [
  ['DueHeap', (slots, stride, offset, seqLimit) => new DueHeap(slots, stride, offset, seqLimit)],
  ...[1, 7, 1_000, 1e9].map((width): [string, Make] => [
    `Calendar (buckets ${width} ms wide)`,
    (slots, stride, offset, seqLimit) => new Calendar({ slots, stride, offset, seqLimit, width }),
  ]),
];

describe.each(makers)('%s', (_, make) => {
  const churn = (seqLimit?: number) => {
    let made = 0;
    // Every item is keyed, so its slot is kept in slots[id].
    const slots = new Int32Array(20_000).fill(-2);
    const calendar = make(slots, 1, 0, seqLimit);
    // The model: every live booking (by id) with its instant and booking number, taken by the smallest pair.
    const live = new Map<number, { at: number; seq: number }>();
    let seq = 0;
    const rnd = lcg(12);
    const taken: number[] = [];
    const expected: number[] = [];
    const takeOne = () => {
      let best: [number, { at: number; seq: number }] | undefined;
      for (const e of live) if (!best || e[1].at < best[1].at || (e[1].at === best[1].at && e[1].seq < best[1].seq)) best = e;
      const got = calendar.take();
      if (!best) return expect(got).toBeUndefined();
      expect(calendar.takenAt).toBe(best[1].at);
      live.delete(best[0]);
      expected.push(best[0]);
      taken.push(idOf(got!));
      expect(slots[idOf(got!)]).toBe(-1);
    };
    for (let op = 0; op < 20_000; op++) {
      const r = rnd();
      // Few distinct instants, so ties (decided by booking order) are common.
      const at = Math.floor(rnd() * 50);
      const some = [...live.keys()];
      if (r < 0.4 || some.length === 0) {
        const id = made++;
        calendar.book(at, itemOf(id));
        live.set(id, { at, seq: seq++ });
      } else if (r < 0.65) {
        const id = some[Math.floor(rnd() * some.length)]!;
        calendar.move(slots[id]!, at);
        live.set(id, { at, seq: seq++ });
      } else if (r < 0.8) {
        const id = some[Math.floor(rnd() * some.length)]!;
        calendar.remove(slots[id]!);
        expect(slots[id]).toBe(-1);
        live.delete(id);
      } else takeOne();
      expect(calendar.size).toBe(live.size);
    }
    while (live.size > 0) takeOne();
    expect(calendar.take()).toBeUndefined();
    expect(calendar.peekAt()).toBe(Number.POSITIVE_INFINITY);
    expect(taken.length).toBeGreaterThan(4000);
    expect(taken).toEqual(expected);
  };

  it('takes bookings by instant, then booking order; a move books anew, a removal drops the booking', () => churn());

  it('keeps that order when its booking numbers start again', () => churn(2_003));

  it('keeps no slot for an item that is not negative', () => {
    const slots = new Int32Array(4).fill(-2);
    const calendar = make(slots);
    calendar.book(5, 3);
    calendar.book(1, 0);
    calendar.book(3, itemOf(2));
    // Only the keyed item's slot is written (where it stands depends on the implementation).
    expect([slots[0], slots[1], slots[3]]).toEqual([-2, -2, -2]);
    expect(slots[2]).toBeGreaterThanOrEqual(0);
    expect([calendar.take(), calendar.take(), calendar.take(), calendar.take()]).toEqual([0, itemOf(2), 3, undefined]);
    expect(slots).toEqual(Int32Array.from([-2, -2, -1, -2]));
  });

  it("keeps a keyed item's slot at its stride and offset, and finds it there", () => {
    const slots = new Int32Array(12).fill(7777);
    const calendar = make(slots, 3, 1);
    for (const id of [3, 0, 2, 1]) calendar.book(10 - id, itemOf(id));
    // Only field 1 of each 3-wide record is written, and each holds where its item stands.
    for (let i = 0; i < 12; i++) if (i % 3 !== 1) expect(slots[i]).toBe(7777);
    calendar.move(slots[3 * 2 + 1]!, 20);
    calendar.remove(slots[3 * 0 + 1]!);
    expect(slots[1]).toBe(-1);
    expect([calendar.take(), calendar.take(), calendar.take(), calendar.take()]).toEqual([itemOf(3), itemOf(1), itemOf(2), undefined]);
    expect([slots[1], slots[4], slots[7], slots[10]]).toEqual([-1, -1, -1, -1]);
  });

  it('grows past the room it starts with and still takes everything in order', () => {
    const slots = new Int32Array(10_000).fill(-2);
    const calendar = make(slots);
    const rnd = lcg(7);
    const booked: Array<{ at: number; id: number }> = [];
    for (let id = 0; id < 10_000; id++) {
      const at = Math.floor(rnd() * 100);
      calendar.book(at, itemOf(id));
      booked.push({ at, id });
    }
    expect(calendar.size).toBe(10_000);
    for (const { id } of booked) expect(slots[id]).toBeGreaterThanOrEqual(0);
    // A stable sort by instant is the order: ties go in booking order.
    const expected = [...booked].sort((a, b) => a.at - b.at).map((b) => b.id);
    const taken: number[] = [];
    for (let got = calendar.take(); got !== undefined; got = calendar.take()) taken.push(idOf(got));
    expect(taken).toEqual(expected);
    expect(slots.every((s) => s === -1)).toBe(true);
  });

  it('takes what a plain list sorted by (instant, booking order) would, over any run of bookings, moves, removals and takes', () => {
    // Instants relative to the last one taken: ties with the previous booking, a few shared
    // instants, soon, days or years ahead, already past, and never (+∞).
    const when = fc.oneof(
      fc.constant({ kind: 'same' as const, by: 0 }),
      fc.integer({ min: 0, max: 3 }).map((by) => ({ kind: 'shared' as const, by })),
      fc.integer({ min: 0, max: 2_000 }).map((by) => ({ kind: 'soon' as const, by })),
      fc.integer({ min: 1e6, max: 1e12 }).map((by) => ({ kind: 'ahead' as const, by })),
      fc.double({ min: 0.5, max: 1e5, noNaN: true }).map((by) => ({ kind: 'past' as const, by })),
      fc.constant({ kind: 'never' as const, by: 0 }),
    );
    const op = fc.oneof(
      fc.record({ op: fc.constant('book' as const), when, keyed: fc.boolean(), burst: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ op: fc.constant('move' as const), when, pick: fc.nat() }),
      fc.record({ op: fc.constant('remove' as const), pick: fc.nat() }),
      fc.record({ op: fc.constant('take' as const), times: fc.integer({ min: 1, max: 30 }) }),
    );
    const run = fc.record({ ops: fc.array(op, { maxLength: 120 }), seqLimit: fc.option(fc.integer({ min: 40, max: 400 })) });
    fc.assert(
      fc.property(run, ({ ops, seqLimit }) => {
        const slots = new Int32Array(8_000).fill(-2);
        const calendar = make(slots, 1, 0, seqLimit ?? undefined);
        // The model: every live booking, taken by the smallest (instant, booking number).
        const live: Array<{ item: number; at: number; seq: number }> = [];
        let seq = 0;
        let made = 0;
        let lastAt = 0;
        let now = 0;
        const instant = (w: { kind: string; by: number }): number => {
          if (w.kind === 'same') return lastAt;
          if (w.kind === 'shared') return now + w.by;
          if (w.kind === 'past') return now - w.by;
          if (w.kind === 'never') return Number.POSITIVE_INFINITY;
          return now + w.by;
        };
        const keyed = () => live.filter((b) => b.item < 0);
        const takeOne = () => {
          let best = -1;
          for (let i = 0; i < live.length; i++) {
            const b = live[i]!;
            if (best < 0 || b.at < live[best]!.at || (b.at === live[best]!.at && b.seq < live[best]!.seq)) best = i;
          }
          expect(calendar.peekAt()).toBe(best < 0 ? Number.POSITIVE_INFINITY : live[best]!.at);
          const got = calendar.take();
          if (best < 0) return expect(got).toBeUndefined();
          const [want] = live.splice(best, 1);
          expect(got).toBe(want!.item);
          expect(calendar.takenAt).toBe(want!.at);
          if (got! < 0) expect(slots[idOf(got!)]).toBe(-1);
          if (Number.isFinite(want!.at)) now = want!.at;
        };
        for (const o of ops) {
          if (o.op === 'book') {
            for (let k = 0; k < o.burst && made < slots.length; k++) {
              const at = instant(o.when);
              const item = o.keyed ? itemOf(made) : made;
              made++;
              calendar.book(at, item);
              live.push({ item, at, seq: seq++ });
              lastAt = at;
            }
          } else if (o.op === 'move' || o.op === 'remove') {
            const some = keyed();
            if (some.length === 0) continue;
            const b = some[o.pick % some.length]!;
            const slot = slots[idOf(b.item)]!;
            expect(slot).toBeGreaterThanOrEqual(0);
            if (o.op === 'remove') {
              calendar.remove(slot);
              expect(slots[idOf(b.item)]).toBe(-1);
              live.splice(live.indexOf(b), 1);
            } else {
              b.at = instant(o.when);
              b.seq = seq++;
              calendar.move(slot, b.at);
              lastAt = b.at;
            }
          } else for (let k = 0; k < o.times; k++) takeOne();
          expect(calendar.size).toBe(live.length);
        }
        while (live.length > 0) takeOne();
        takeOne();
      }),
      { numRuns: 300 },
    );
  });
});

describe('Calendar buckets', () => {
  it('tells `warm` the live items of each bucket as it comes up, before any of them is taken', () => {
    const slots = new Int32Array(8).fill(-2);
    const told: number[][] = [];
    const taken: number[] = [];
    const calendar = new Calendar({ slots, width: 10, warm: (items, count) => told.push([...items.subarray(0, count)]) });
    // Bucket 0: items 1 and 2 (and lead 0's tick, removed); bucket 3: item 4; far beyond the ring: item 5.
    calendar.book(5, 1);
    calendar.book(3, itemOf(0));
    calendar.book(7, 2);
    calendar.book(31, 4);
    calendar.book(1e9, 5);
    calendar.remove(slots[0]!);
    expect(told).toEqual([]);
    for (let got = calendar.take(); got !== undefined; got = calendar.take()) {
      taken.push(got);
      // Everything taken so far was told first.
      expect(told.flat()).toEqual(expect.arrayContaining(taken));
    }
    expect(taken).toEqual([1, 2, 4, 5]);
    expect(told).toEqual([[1, 2], [4], [5]]);
  });
});
