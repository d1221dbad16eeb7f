/**
 * The replay's calendar: a binary min-heap of what happens next, by instant and then by the order
 * it was booked (so two things at the same millisecond happen in a fixed, reproducible order).
 */
export interface Booked<T> {
  at: number;
  seq: number;
  item: T;
}

export class Calendar<T> {
  private readonly heap: Booked<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  book(at: number, item: T): void {
    const h = this.heap;
    h.push({ at, seq: this.seq++, item });
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  /** The earliest booking, taken off the calendar. */
  next(): Booked<T> | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (top === undefined || last === undefined || h.length === 0) return top;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && before(h[l]!, h[m]!)) m = l;
      if (r < h.length && before(h[r]!, h[m]!)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
    return top;
  }
}

const before = <T>(a: Booked<T>, b: Booked<T>): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);
