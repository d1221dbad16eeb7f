import { describe, expect, it } from 'vitest';
import { ACTIVITY, Bookings, OUTCOME, REP_TICK, STAGE } from './bookings.js';

describe('Bookings', () => {
  it('gives back each row as booked, reuses a released row with none of its old fields, and grows', () => {
    const b = new Bookings();
    const read = (r: number) => [b.kind(r), b.lead(r), b.course(r), b.text(r), b.type(r)];
    const a = b.add(ACTIVITY, 7, 2, undefined, 'call');
    const s = b.add(STAGE, 8, 3, 'quote');
    const o = b.add(OUTCOME, 9, 4);
    const r = b.add(REP_TICK, -1, 0, 'ann');
    const odd = b.add(ACTIVITY, 10, 5, '2026-03-04T09:00:00+08:00', 'visit');
    expect([read(a), read(s), read(o), read(r), read(odd)]).toEqual([
      [ACTIVITY, 7, 2, undefined, 'call'],
      [STAGE, 8, 3, 'quote', undefined],
      [OUTCOME, 9, 4, undefined, undefined],
      [REP_TICK, -1, 0, 'ann', undefined],
      [ACTIVITY, 10, 5, '2026-03-04T09:00:00+08:00', 'visit'],
    ]);
    b.release(s);
    b.release(odd);
    const again = b.add(OUTCOME, 11, 6);
    const again2 = b.add(ACTIVITY, 12, 7, undefined, 'email');
    expect([again, again2].sort()).toEqual([s, odd].sort());
    expect([read(again), read(again2)]).toEqual([
      [OUTCOME, 11, 6, undefined, undefined],
      [ACTIVITY, 12, 7, undefined, 'email'],
    ]);
    const many = Array.from({ length: 5_000 }, (_, i) =>
      b.add(i % 2 ? STAGE : ACTIVITY, i, i + 1, i % 2 ? `s${i}` : undefined, i % 2 ? undefined : `t${i % 5}`),
    );
    many.forEach((row, i) => expect(read(row)).toEqual([i % 2 ? STAGE : ACTIVITY, i, i + 1, i % 2 ? `s${i}` : undefined, i % 2 ? undefined : `t${i % 5}`]));
    expect(read(a)).toEqual([ACTIVITY, 7, 2, undefined, 'call']);
  });
});
