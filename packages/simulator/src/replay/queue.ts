/** Entries the calendar has room for at first (it doubles when full). */
const INITIAL = 1024;

/**
 * The replay's calendar: a 4-ary min-heap of what happens next, by instant and then by the order
 * it was booked (so two things at the same millisecond happen in a fixed, reproducible order).
 * Instants and booking numbers live side by side in one typed array beside the items, and entries
 * move by hole-shifting, so booking and taking allocate nothing per entry: a million-lead replay
 * books several million times. Four children a node (their instants and numbers on one or two
 * cache lines) halve the levels a take walks down a heap of a few hundred thousand bookings,
 * where the binary heap's levels were cache misses.
 *
 * An item may be moved to another instant where it stands (`move`) or taken off (`remove`): a
 * lead's tick is rebooked after almost every event on the lead, and booking it anew each time
 * left the heap full of superseded ticks, each taken later only to be dropped. An item booked
 * with a key (≥ 0) has its slot kept in `slots[key]` whenever it changes (-1 once it leaves), so
 * its owner can find it: a number beside the entry, where a callback reading the item's kind on
 * every shift of the heap was ~2 % of a replay.
 */
export class Calendar<T> {
  /** Entry i's instant at [2i] and booking number at [2i + 1]. */
  private order = new Float64Array(2 * INITIAL);
  /** Each entry's key (-1: none). */
  private keys = new Int32Array(INITIAL);
  private readonly items: T[] = [];
  private seq = 0;
  /** The instant of the booking `take` returned last. */
  takenAt = Number.NaN;

  constructor(private readonly slots: Int32Array = new Int32Array(0)) {}

  get size(): number {
    return this.items.length;
  }

  /** The earliest booking's instant, or +∞ when the calendar is empty. */
  peekAt(): number {
    return this.items.length === 0 ? Number.POSITIVE_INFINITY : this.order[0]!;
  }

  /** Books `item` at `at`; a `key` ≥ 0 has its slot kept in `slots[key]`. */
  book(at: number, item: T, key = -1): void {
    const i = this.items.length;
    if (i === this.keys.length) this.grow();
    this.items.push(item);
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
    const old = this.order[2 * slot]!;
    if (at < old) this.up(slot, at, seq, item, key);
    else this.down(slot, at, seq, item, key);
  }

  /** Takes the item in `slot` off the calendar. */
  remove(slot: number): void {
    const { order, items, keys } = this;
    this.leaves(keys[slot]!);
    const last = items.length - 1;
    const lastAt = order[2 * last]!;
    const lastSeq = order[2 * last + 1]!;
    const lastKey = keys[last]!;
    const lastItem = items.pop()!;
    if (slot === last) return;
    // The last entry fills the hole: it may belong above it or below it.
    const parent = (slot - 1) >> 2;
    if (slot > 0 && before(lastAt, lastSeq, order[2 * parent]!, order[2 * parent + 1]!)) this.up(slot, lastAt, lastSeq, lastItem, lastKey);
    else this.down(slot, lastAt, lastSeq, lastItem, lastKey);
  }

  /** The earliest booking, taken off the calendar (its instant in `takenAt`); undefined when empty. */
  take(): T | undefined {
    const { order, items, keys } = this;
    const n = items.length;
    if (n === 0) return undefined;
    const top = items[0]!;
    this.takenAt = order[0]!;
    this.leaves(keys[0]!);
    const last = n - 1;
    const lastAt = order[2 * last]!;
    const lastSeq = order[2 * last + 1]!;
    const lastKey = keys[last]!;
    const lastItem = items.pop()!;
    if (last > 0) this.down(0, lastAt, lastSeq, lastItem, lastKey);
    return top;
  }

  /** Puts the entry in the hole at `i` or above it. */
  private up(i: number, at: number, seq: number, item: T, key: number): void {
    const { order, items, keys } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pAt = order[2 * parent]!;
      const pSeq = order[2 * parent + 1]!;
      if (before(pAt, pSeq, at, seq)) break;
      this.put(i, pAt, pSeq, items[parent]!, keys[parent]!);
      i = parent;
    }
    this.put(i, at, seq, item, key);
  }

  /** Puts the entry in the hole at `i` or below it. */
  private down(i: number, at: number, seq: number, item: T, key: number): void {
    const { order, items, keys } = this;
    const size = items.length;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      // The earliest of up to four children.
      let m = first;
      let mAt = order[2 * first]!;
      let mSeq = order[2 * first + 1]!;
      const end = first + 4 < size ? first + 4 : size;
      for (let c = first + 1; c < end; c++) {
        const cAt = order[2 * c]!;
        const cSeq = order[2 * c + 1]!;
        if (before(cAt, cSeq, mAt, mSeq)) {
          m = c;
          mAt = cAt;
          mSeq = cSeq;
        }
      }
      if (before(at, seq, mAt, mSeq)) break;
      this.put(i, mAt, mSeq, items[m]!, keys[m]!);
      i = m;
    }
    this.put(i, at, seq, item, key);
  }

  private put(i: number, at: number, seq: number, item: T, key: number): void {
    this.order[2 * i] = at;
    this.order[2 * i + 1] = seq;
    this.items[i] = item;
    this.keys[i] = key;
    if (key >= 0) this.slots[key] = i;
  }

  private leaves(key: number): void {
    if (key >= 0) this.slots[key] = -1;
  }

  private grow(): void {
    const order = new Float64Array(this.order.length * 2);
    order.set(this.order);
    this.order = order;
    const keys = new Int32Array(this.keys.length * 2);
    keys.set(this.keys);
    this.keys = keys;
  }
}

/** Whether entry (a, as) comes before entry (b, bs): earlier, or as early and booked first. */
function before(a: number, as: number, b: number, bs: number): boolean {
  return a < b || (a === b && as < bs);
}
