/** Entries the calendar has room for at first (it doubles when full). */
const INITIAL = 1024;
/** Booking numbers stay below this (an Int32 field): past it they are numbered again, in order. */
const SEQ_LIMIT = 0x7fff_ffff;

/**
 * A 4-ary min-heap of what happens next (the Calendar keeps its near bookings in one, and those
 * past its ring of buckets in another), by instant and then by the order
 * it was booked (so two things at the same millisecond happen in a fixed, reproducible order).
 * Items are whole numbers. Each entry is 16 bytes of one buffer — its instant (a Float64), its
 * booking number and its item (two Int32s) — so booking and taking allocate nothing per entry (a
 * million-lead replay books several million times), and a node's four children lie side by side,
 * 64 bytes, one or two cache lines: a take walks down a heap of a few hundred thousand bookings,
 * where separate columns for instants, items and keys were three cache misses a level.
 *
 * An item may be moved to another instant where it stands (`move`) or taken off (`remove`): a
 * lead's tick is rebooked after almost every event on the lead, and booking it anew each time
 * left the heap full of superseded ticks, each taken later only to be dropped. A negative item is
 * keyed by -1 - item: its slot is kept in `slots` (at stride · key + offset) whenever it changes
 * (-1 once it leaves), so its owner can find it (the replay's lead ticks are exactly those items:
 * see leadTickItem, and Tracks keeps each in the lead's record).
 */
export class DueHeap {
  /** Entry i's instant at [2i]. */
  private instants = entries(INITIAL);
  /** The same entries as Int32s: entry i's booking number at [4i + 2], its item at [4i + 3]. */
  private ints = int32sOf(this.instants);
  private count = 0;
  private seq = 0;
  /** The instant of the booking `take` returned last. */
  takenAt = Number.NaN;

  constructor(
    /** A keyed item's slot is kept at slots[stride · key + offset] (a field of a record per key). */
    private readonly slots: Int32Array = new Int32Array(0),
    private readonly stride = 1,
    private readonly offset = 0,
    /** Where booking numbers start again (a test's small one shows the renumbering keeps the order). */
    private readonly seqLimit = SEQ_LIMIT,
    /** Added to an entry's place in the heap to make the slot kept for it (the Calendar tells its heaps apart so). */
    private readonly slotBase = 0,
  ) {}

  get size(): number {
    return this.count;
  }

  /** The earliest booking's instant, or +∞ when the calendar is empty. */
  peekAt(): number {
    return this.count === 0 ? Number.POSITIVE_INFINITY : this.instants[0]!;
  }

  /** Books `item` at `at` (a negative item has its slot kept in `slots[-1 - item]`). */
  book(at: number, item: number): void {
    if (2 * this.count === this.instants.length) this.grow();
    const seq = this.nextSeq();
    this.up(this.count++, at, seq, item);
  }

  /**
   * The item in `slot` moved to `at`, as if taken off and booked anew (it goes after everything
   * already booked for that instant): what a fresh booking, with the old one dropped, would do.
   */
  move(slot: number, at: number): void {
    const seq = this.nextSeq();
    const item = this.ints[4 * slot + 3]!;
    if (at < this.instants[2 * slot]!) this.up(slot, at, seq, item);
    else this.down(slot, at, seq, item);
  }

  /** Takes the item in `slot` off the calendar. */
  remove(slot: number): void {
    const { instants, ints } = this;
    this.leaves(ints[4 * slot + 3]!);
    const last = --this.count;
    if (slot === last) return;
    const lastAt = instants[2 * last]!;
    const lastSeq = ints[4 * last + 2]!;
    const lastItem = ints[4 * last + 3]!;
    // The last entry fills the hole: it may belong above it or below it.
    const parent = (slot - 1) >> 2;
    if (slot > 0 && before(lastAt, lastSeq, instants[2 * parent]!, ints[4 * parent + 2]!)) this.up(slot, lastAt, lastSeq, lastItem);
    else this.down(slot, lastAt, lastSeq, lastItem);
  }

  /** The earliest booking, taken off the calendar (its instant in `takenAt`); undefined when empty. */
  take(): number | undefined {
    const { instants, ints } = this;
    if (this.count === 0) return undefined;
    const top = ints[3]!;
    this.takenAt = instants[0]!;
    this.leaves(top);
    const last = --this.count;
    if (last > 0) this.down(0, instants[2 * last]!, ints[4 * last + 2]!, ints[4 * last + 3]!);
    return top;
  }

  /** Puts the entry in the hole at `i` or above it. */
  private up(i: number, at: number, seq: number, item: number): void {
    const { instants, ints } = this;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pAt = instants[2 * parent]!;
      const pSeq = ints[4 * parent + 2]!;
      if (before(pAt, pSeq, at, seq)) break;
      this.put(i, pAt, pSeq, ints[4 * parent + 3]!);
      i = parent;
    }
    this.put(i, at, seq, item);
  }

  /** Puts the entry in the hole at `i` or below it. */
  private down(i: number, at: number, seq: number, item: number): void {
    const { instants, ints } = this;
    const size = this.count;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= size) break;
      // The earliest of up to four children.
      let m = first;
      let mAt = instants[2 * first]!;
      let mSeq = ints[4 * first + 2]!;
      const end = first + 4 < size ? first + 4 : size;
      for (let c = first + 1; c < end; c++) {
        const cAt = instants[2 * c]!;
        if (cAt < mAt || (cAt === mAt && ints[4 * c + 2]! < mSeq)) {
          m = c;
          mAt = cAt;
          mSeq = ints[4 * c + 2]!;
        }
      }
      if (before(at, seq, mAt, mSeq)) break;
      this.put(i, mAt, mSeq, ints[4 * m + 3]!);
      i = m;
    }
    this.put(i, at, seq, item);
  }

  private put(i: number, at: number, seq: number, item: number): void {
    this.instants[2 * i] = at;
    this.ints[4 * i + 2] = seq;
    this.ints[4 * i + 3] = item;
    if (item < 0) this.slots[this.stride * (-1 - item) + this.offset] = i + this.slotBase;
  }

  /** The item in `slot`. */
  itemAt(slot: number): number {
    return this.ints[4 * slot + 3]!;
  }

  /** A keyed item leaves the calendar: its slot is -1. */
  private leaves(item: number): void {
    if (item < 0) this.slots[this.stride * (-1 - item) + this.offset] = -1;
  }

  private nextSeq(): number {
    if (this.seq >= this.seqLimit) this.renumber();
    return this.seq++;
  }

  /** Numbers the entries again 0, 1, … in their order: the order, and so the heap, stays as it was. */
  private renumber(): void {
    const { instants, ints } = this;
    const order = Array.from({ length: this.count }, (_, i) => i);
    order.sort((a, b) => (before(instants[2 * a]!, ints[4 * a + 2]!, instants[2 * b]!, ints[4 * b + 2]!) ? -1 : 1));
    for (let rank = 0; rank < order.length; rank++) ints[4 * order[rank]! + 2] = rank;
    this.seq = this.count;
  }

  private grow(): void {
    const instants = entries(this.instants.length);
    instants.set(this.instants);
    this.instants = instants;
    this.ints = int32sOf(instants);
  }
}

/**
 * Room for `n` entries: their instants, 32 bytes into their buffer. A node's children are entries
 * 4i+1 … 4i+4, 64 bytes from byte 16 + 64i of the entries; a buffer large enough to matter comes from
 * mmap 16 bytes past a page (glibc's chunk header), so with these 32 bytes the four children lie
 * on one cache line, where they straddled two: a take reads one line per level of the heap.
 */
function entries(n: number): Float64Array {
  return new Float64Array(new ArrayBuffer(16 * n + ENTRIES_AT), ENTRIES_AT, 2 * n);
}
const ENTRIES_AT = 32;
const int32sOf = (instants: Float64Array) => new Int32Array(instants.buffer, instants.byteOffset, 2 * instants.length);

/** Whether entry (a, as) comes before entry (b, bs): earlier, or as early and booked first. */
function before(a: number, as: number, b: number, bs: number): boolean {
  return a < b || (a === b && as < bs);
}
