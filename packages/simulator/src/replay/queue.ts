/**
 * The replay's calendar: a binary min-heap of what happens next, by instant and then by the order
 * it was booked (so two things at the same millisecond happen in a fixed, reproducible order).
 * Instants and booking numbers live in plain number arrays beside the items, and entries move by
 * hole-shifting, so booking and taking allocate nothing per entry: a million-lead replay books
 * several million times.
 *
 * An item may be moved to another instant where it stands (`move`) or taken off (`remove`): a
 * lead's tick is rebooked after almost every event on the lead, and booking it anew each time
 * left the heap full of superseded ticks, each taken later only to be dropped. An item booked
 * with a key (≥ 0) has its slot kept in `slots[key]` whenever it changes (-1 once it leaves), so
 * its owner can find it: a number beside the entry, where a callback reading the item's kind on
 * every shift of the heap was ~2 % of a replay.
 */
export class Calendar<T> {
  private readonly ats: number[] = [];
  private readonly seqs: number[] = [];
  private readonly items: T[] = [];
  /** Each entry's key (-1: none). */
  private readonly keys: number[] = [];
  private seq = 0;
  /** The instant of the booking `take` returned last. */
  takenAt = Number.NaN;

  constructor(private readonly slots: Int32Array = new Int32Array(0)) {}

  get size(): number {
    return this.items.length;
  }

  /** The earliest booking's instant, or +∞ when the calendar is empty. */
  peekAt(): number {
    return this.items.length === 0 ? Number.POSITIVE_INFINITY : this.ats[0]!;
  }

  /** Books `item` at `at`; a `key` ≥ 0 has its slot kept in `slots[key]`. */
  book(at: number, item: T, key = -1): void {
    const i = this.items.length;
    this.ats.push(at);
    this.seqs.push(0);
    this.items.push(item);
    this.keys.push(key);
    this.up(i, at, this.seq++, item, key);
  }

  /**
   * The item in `slot` moved to `at`, as if taken off and booked anew (it goes after everything
   * already booked for that instant): what a fresh booking, with the old one dropped, would do.
   */
  move(slot: number, at: number): void {
    const item = this.items[slot]!;
    const key = this.keys[slot]!;
    const seq = this.seq++;
    const old = this.ats[slot]!;
    if (at < old) this.up(slot, at, seq, item, key);
    else this.down(slot, at, seq, item, key);
  }

  /** Takes the item in `slot` off the calendar. */
  remove(slot: number): void {
    const { ats, seqs, items, keys } = this;
    this.leaves(keys[slot]!);
    const lastAt = ats.pop()!;
    const lastSeq = seqs.pop()!;
    const lastItem = items.pop()!;
    const lastKey = keys.pop()!;
    if (slot === items.length) return;
    // The last entry fills the hole: it may belong above it or below it.
    const parent = (slot - 1) >> 1;
    if (slot > 0 && before(lastAt, lastSeq, ats[parent]!, seqs[parent]!)) this.up(slot, lastAt, lastSeq, lastItem, lastKey);
    else this.down(slot, lastAt, lastSeq, lastItem, lastKey);
  }

  /** The earliest booking, taken off the calendar (its instant in `takenAt`); undefined when empty. */
  take(): T | undefined {
    const { ats, seqs, items, keys } = this;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0]!;
    this.takenAt = ats[0]!;
    this.leaves(keys[0]!);
    const lastAt = ats.pop()!;
    const lastSeq = seqs.pop()!;
    const lastItem = items.pop()!;
    const lastKey = keys.pop()!;
    if (n > 1) this.down(0, lastAt, lastSeq, lastItem, lastKey);
    return top;
  }

  /** Puts the entry in the hole at `i` or above it. */
  private up(i: number, at: number, seq: number, item: T, key: number): void {
    const { ats, seqs, items, keys } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (before(ats[parent]!, seqs[parent]!, at, seq)) break;
      this.put(i, ats[parent]!, seqs[parent]!, items[parent]!, keys[parent]!);
      i = parent;
    }
    this.put(i, at, seq, item, key);
  }

  /** Puts the entry in the hole at `i` or below it. */
  private down(i: number, at: number, seq: number, item: T, key: number): void {
    const { ats, seqs, items, keys } = this;
    const size = items.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      let m = l;
      const r = l + 1;
      if (r < size && before(ats[r]!, seqs[r]!, ats[l]!, seqs[l]!)) m = r;
      if (before(at, seq, ats[m]!, seqs[m]!)) break;
      this.put(i, ats[m]!, seqs[m]!, items[m]!, keys[m]!);
      i = m;
    }
    this.put(i, at, seq, item, key);
  }

  private put(i: number, at: number, seq: number, item: T, key: number): void {
    this.ats[i] = at;
    this.seqs[i] = seq;
    this.items[i] = item;
    this.keys[i] = key;
    if (key >= 0) this.slots[key] = i;
  }

  private leaves(key: number): void {
    if (key >= 0) this.slots[key] = -1;
  }
}

/** Whether entry (a, as) comes before entry (b, bs): earlier, or as early and booked first. */
function before(a: number, as: number, b: number, bs: number): boolean {
  return a < b || (a === b && as < bs);
}
