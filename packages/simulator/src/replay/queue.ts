/**
 * The replay's calendar: a binary min-heap of what happens next, by instant and then by the order
 * it was booked (so two things at the same millisecond happen in a fixed, reproducible order).
 * Instants and booking numbers live in plain number arrays beside the items, and entries move by
 * hole-shifting, so booking and taking allocate nothing per entry: a million-lead replay books
 * several million times.
 */
export class Calendar<T> {
  private readonly ats: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  private seq = 0;
  /** The instant of the booking `take` returned last. */
  takenAt = Number.NaN;

  get size(): number {
    return this.items.length;
  }

  /** The earliest booking's instant, or +∞ when the calendar is empty. */
  peekAt(): number {
    return this.items.length === 0 ? Number.POSITIVE_INFINITY : this.ats[0]!;
  }

  book(at: number, item: T): void {
    const { ats, seqs, items } = this;
    const seq = this.seq++;
    let i = items.length;
    ats.push(at);
    seqs.push(seq);
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pa = ats[parent]!;
      if (pa < at || (pa === at && seqs[parent]! < seq)) break;
      ats[i] = pa;
      seqs[i] = seqs[parent]!;
      items[i] = items[parent]!;
      i = parent;
    }
    ats[i] = at;
    seqs[i] = seq;
    items[i] = item;
  }

  /** The earliest booking, taken off the calendar (its instant in `takenAt`); undefined when empty. */
  take(): T | undefined {
    const { ats, seqs, items } = this;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0]!;
    this.takenAt = ats[0]!;
    const lastAt = ats.pop()!;
    const lastSeq = seqs.pop()!;
    const lastItem = items.pop()!;
    const size = n - 1;
    if (size === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      let m = l;
      const r = l + 1;
      if (r < size && (ats[r]! < ats[l]! || (ats[r] === ats[l] && seqs[r]! < seqs[l]!))) m = r;
      const ma = ats[m]!;
      if (lastAt < ma || (lastAt === ma && lastSeq < seqs[m]!)) break;
      ats[i] = ma;
      seqs[i] = seqs[m]!;
      items[i] = items[m]!;
      i = m;
    }
    ats[i] = lastAt;
    seqs[i] = lastSeq;
    items[i] = lastItem;
    return top;
  }
}
