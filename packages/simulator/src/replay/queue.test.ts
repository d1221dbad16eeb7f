import { describe, expect, it } from 'vitest';
import { Calendar } from './queue.js';

/** A seeded generator, so a failure replays the same operations. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Item {
  id: number;
}

describe('Calendar', () => {
  it('takes bookings by instant, then booking order; a move books anew, a removal drops the booking', () => {
    const items: Item[] = [];
    // Every item is booked with its id as key, so its slot is kept in slots[id].
    const slots = new Int32Array(20_000).fill(-2);
    const calendar = new Calendar<Item>(slots);
    // The model: every live booking with its instant and booking number, taken by the smallest pair.
    const live = new Map<Item, { at: number; seq: number }>();
    let seq = 0;
    const rnd = lcg(12);
    const taken: number[] = [];
    const expected: number[] = [];
    const takeOne = () => {
      let best: [Item, { at: number; seq: number }] | undefined;
      for (const e of live) if (!best || e[1].at < best[1].at || (e[1].at === best[1].at && e[1].seq < best[1].seq)) best = e;
      const got = calendar.take();
      if (!best) return expect(got).toBeUndefined();
      expect(calendar.takenAt).toBe(best[1].at);
      live.delete(best[0]);
      expected.push(best[0].id);
      taken.push(got!.id);
      expect(slots[got!.id]).toBe(-1);
    };
    for (let op = 0; op < 20_000; op++) {
      const r = rnd();
      // Few distinct instants, so ties (decided by booking order) are common.
      const at = Math.floor(rnd() * 50);
      const some = [...live.keys()];
      if (r < 0.4 || some.length === 0) {
        const item = { id: items.length };
        items.push(item);
        calendar.book(at, item, item.id);
        live.set(item, { at, seq: seq++ });
      } else if (r < 0.65) {
        const item = some[Math.floor(rnd() * some.length)]!;
        calendar.move(slots[item.id]!, at);
        live.set(item, { at, seq: seq++ });
      } else if (r < 0.8) {
        const item = some[Math.floor(rnd() * some.length)]!;
        calendar.remove(slots[item.id]!);
        expect(slots[item.id]).toBe(-1);
        live.delete(item);
      } else takeOne();
      expect(calendar.size).toBe(live.size);
    }
    while (live.size > 0) takeOne();
    expect(calendar.take()).toBeUndefined();
    expect(calendar.peekAt()).toBe(Number.POSITIVE_INFINITY);
    expect(taken.length).toBeGreaterThan(4000);
    expect(taken).toEqual(expected);
  });

  it('grows past the room it starts with and still takes everything in order', () => {
    const slots = new Int32Array(10_000).fill(-2);
    const calendar = new Calendar<number>(slots);
    const rnd = lcg(7);
    const booked: Array<{ at: number; id: number }> = [];
    for (let id = 0; id < 10_000; id++) {
      const at = Math.floor(rnd() * 100);
      calendar.book(at, id, id);
      booked.push({ at, id });
    }
    expect(calendar.size).toBe(10_000);
    for (const { id } of booked) expect(slots[id]).toBeGreaterThanOrEqual(0);
    // A stable sort by instant is the order: ties go in booking order.
    const expected = [...booked].sort((a, b) => a.at - b.at).map((b) => b.id);
    const taken: number[] = [];
    for (let got = calendar.take(); got !== undefined; got = calendar.take()) taken.push(got);
    expect(taken).toEqual(expected);
    expect(slots.every((s) => s === -1)).toBe(true);
  });
});
