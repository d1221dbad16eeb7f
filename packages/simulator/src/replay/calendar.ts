import { DueHeap } from './dueHeap.js';

/** Buckets in the ring: with the replay's widths, about three months ahead. */
const RING = 4096;
/** Entries of a chunk (see Calendar.ats). */
const CHUNK = 64;
/** Chunks the ring has room for at first (it doubles when full). */
const INITIAL = 64;
/** A booking taken off where it stood in the ring: skipped when its bucket comes up. */
const DEAD = 0x7fff_ffff;
/** Slots from here on are entries of the ring, from FAR_SLOTS on places in the far heap; below, in the near one. */
const RING_SLOTS = 2 ** 29;
const FAR_SLOTS = 2 ** 30;

export interface CalendarOptions {
  /** A keyed item's slot is kept at slots[stride · key + offset] (a field of a record per key). */
  slots?: Int32Array;
  stride?: number;
  offset?: number;
  /** How long a bucket is, in ms: the replay picks it so that a bucket holds a few hundred bookings. */
  width?: number;
  /** Where the heaps' booking numbers start again (a test's small one shows the renumbering keeps the order). */
  seqLimit?: number;
  /**
   * Told the items of a bucket as it comes up, before any is taken: the replay reads the records
   * they concern then, all together, so that their cache misses overlap instead of coming one by
   * one as each is taken (a million-lead replay's data is far larger than the caches).
   */
  warm?: (items: Int32Array, count: number) => void;
}

/**
 * The replay's calendar of what happens next: items (whole numbers) taken by instant and then by
 * the order they were booked, so two things at the same millisecond happen in a fixed,
 * reproducible order. A lead's tick is a negative item, keyed by -1 - item: where it stands is
 * kept in `slots` whenever it changes (-1 once it leaves), so it can be moved to another instant
 * (`move`, as if taken off and booked anew) or taken off (`remove`).
 *
 * A bucket queue, not one heap: a million-lead replay has a few hundred thousand bookings open,
 * and a heap that large missed the cache at every lower level of every take and move. Here a
 * booking goes to the bucket of its instant (width ms each) in a ring of buckets ahead of now,
 * appended in booking order; when the calendar comes to a bucket, its bookings go into a small
 * heap (`near`, which also takes whatever is booked for the bucket in hand or before it) and are
 * taken from there. Bookings past the ring's reach wait in a second heap (`far`) and join the ring,
 * in their order, as soon as it reaches them — before anything booked later can join their bucket,
 * which keeps the booking order among equal instants.
 */
export class Calendar {
  private readonly near: DueHeap;
  private readonly far: DueHeap;
  /**
   * The ring's entries, in chunks of CHUNK: entry e's instant at ats[e], its item at items[e]. A
   * bucket is a list of chunks filled in booking order, so coming to a bucket reads its entries
   * in a row (a list of single entries was a cache miss an entry, none able to start before the last).
   */
  private ats = new Float64Array(INITIAL * CHUNK);
  private items = new Int32Array(INITIAL * CHUNK);
  /** The chunk after chunk c in its bucket at nextChunk[c] (-1: none); free chunks are linked the same way. */
  private nextChunk = new Int32Array(INITIAL);
  private freeChunk = -1;
  private chunksMade = 0;
  /** Each bucket's first and last chunk (-1: none), and how many entries its last chunk holds. */
  private readonly heads = new Int32Array(RING).fill(-1);
  private readonly tails = new Int32Array(RING).fill(-1);
  private readonly tailFill = new Int32Array(RING);
  /** Live bookings in the ring. */
  private ringLive = 0;
  /** The bucket in hand: bookings up to its end are in `near`, those of the next RING buckets in the ring. */
  private current = Number.NEGATIVE_INFINITY;
  private readonly width: number;
  private readonly slots: Int32Array;
  private readonly stride: number;
  private readonly offset: number;
  private readonly warm: CalendarOptions['warm'];
  private scratch = new Int32Array(256);
  /** The instant of the booking `take` returned last. */
  takenAt = Number.NaN;

  constructor(options: CalendarOptions = {}) {
    const { slots = new Int32Array(0), stride = 1, offset = 0, seqLimit } = options;
    this.slots = slots;
    this.stride = stride;
    this.offset = offset;
    this.width = options.width !== undefined && options.width > 0 && Number.isFinite(options.width) ? options.width : 60_000;
    this.warm = options.warm;
    this.near = new DueHeap(slots, stride, offset, seqLimit, 0);
    this.far = new DueHeap(slots, stride, offset, seqLimit, FAR_SLOTS);
  }

  get size(): number {
    return this.near.size + this.ringLive + this.far.size;
  }

  /** The earliest booking's instant, or +∞ when the calendar is empty. */
  peekAt(): number {
    if (this.near.size === 0 && !this.advance()) return this.far.peekAt();
    return this.near.peekAt();
  }

  /** Books `item` at `at` (a negative item has its slot kept in `slots[-1 - item]`). */
  book(at: number, item: number): void {
    const k = Math.floor(at / this.width);
    if (k <= this.current) this.near.book(at, item);
    else if (k <= this.current + RING) this.append(k, at, item);
    else this.far.book(at, item);
  }

  /** The item in `slot` moved to `at`, as if taken off and booked anew (after everything already booked for that instant). */
  move(slot: number, at: number): void {
    if (slot < RING_SLOTS && Math.floor(at / this.width) <= this.current) {
      this.near.move(slot, at);
      return;
    }
    const item = slot < RING_SLOTS ? this.near.itemAt(slot) : slot < FAR_SLOTS ? this.items[slot - RING_SLOTS]! : this.far.itemAt(slot - FAR_SLOTS);
    this.remove(slot);
    this.book(at, item);
  }

  /** Takes the item in `slot` off the calendar. */
  remove(slot: number): void {
    if (slot < RING_SLOTS) this.near.remove(slot);
    else if (slot >= FAR_SLOTS) this.far.remove(slot - FAR_SLOTS);
    else {
      const e = slot - RING_SLOTS;
      const item = this.items[e]!;
      this.items[e] = DEAD;
      this.ringLive--;
      if (item < 0) this.slots[this.stride * (-1 - item) + this.offset] = -1;
    }
  }

  /** The earliest booking, taken off the calendar (its instant in `takenAt`); undefined when empty. */
  take(): number | undefined {
    const heap = this.near.size !== 0 || this.advance() ? this.near : this.far;
    const item = heap.take();
    if (item !== undefined) this.takenAt = heap.takenAt;
    return item;
  }

  /**
   * Brings the next bucket that holds anything into `near`; false when the ring is empty and the
   * far heap holds nothing with a finite instant. Called only when `near` is empty.
   */
  private advance(): boolean {
    for (;;) {
      if (this.ringLive === 0) {
        if (this.far.size === 0) return false;
        const k = Math.floor(this.far.peekAt() / this.width);
        if (!Number.isFinite(k)) return false;
        // Jump to just before the far heap's first bucket (every bucket between holds nothing live).
        this.current = k - 1;
        this.reachFar();
      }
      this.current++;
      const loaded = this.load(this.current);
      // The bucket RING ahead shares the slot just emptied: the far bookings it reaches join it now.
      if (this.far.size !== 0) this.reachFar();
      if (loaded) return true;
    }
  }

  /** The far bookings the ring now reaches join it, in the order the far heap gives (instant, then booking order). */
  private reachFar(): void {
    const { far } = this;
    const reach = this.current + RING;
    while (far.size !== 0 && Math.floor(far.peekAt() / this.width) <= reach) {
      const item = far.take()!;
      this.append(Math.floor(far.takenAt / this.width), far.takenAt, item);
    }
  }

  /** Moves bucket k's live bookings into `near`, in their booking order; whether there were any. */
  private load(k: number): boolean {
    const b = ringIndex(k);
    let c = this.heads[b]!;
    if (c < 0) return false;
    const last = this.tails[b]!;
    const lastFill = this.tailFill[b]!;
    this.heads[b] = -1;
    this.tails[b] = -1;
    const { ats, items, near, nextChunk } = this;
    let n = 0;
    while (c >= 0) {
      const end = c * CHUNK + (c === last ? lastFill : CHUNK);
      for (let e = c * CHUNK; e < end; e++) {
        const item = items[e]!;
        if (item === DEAD) continue;
        near.book(ats[e]!, item);
        if (n === this.scratch.length) this.growScratch();
        this.scratch[n++] = item;
      }
      const next = nextChunk[c]!;
      nextChunk[c] = this.freeChunk;
      this.freeChunk = c;
      c = next;
    }
    this.ringLive -= n;
    if (n !== 0) this.warm?.(this.scratch, n);
    return n !== 0;
  }

  private append(k: number, at: number, item: number): void {
    const b = ringIndex(k);
    let c = this.tails[b]!;
    let i = this.tailFill[b]!;
    if (c < 0 || i === CHUNK) {
      const fresh = this.chunk();
      if (c < 0) this.heads[b] = fresh;
      else this.nextChunk[c] = fresh;
      this.tails[b] = c = fresh;
      i = 0;
    }
    this.tailFill[b] = i + 1;
    const e = c * CHUNK + i;
    this.ats[e] = at;
    this.items[e] = item;
    this.ringLive++;
    if (item < 0) this.slots[this.stride * (-1 - item) + this.offset] = RING_SLOTS + e;
  }

  /** A free chunk of the ring, last in no list yet (the room doubles when none is left). */
  private chunk(): number {
    let c = this.freeChunk;
    if (c >= 0) this.freeChunk = this.nextChunk[c]!;
    else {
      if (this.chunksMade === this.nextChunk.length) this.grow();
      c = this.chunksMade++;
    }
    this.nextChunk[c] = -1;
    return c;
  }

  private grow(): void {
    const chunks = 2 * this.nextChunk.length;
    const ats = new Float64Array(chunks * CHUNK);
    ats.set(this.ats);
    this.ats = ats;
    const items = new Int32Array(chunks * CHUNK);
    items.set(this.items);
    this.items = items;
    const nextChunk = new Int32Array(chunks);
    nextChunk.set(this.nextChunk);
    this.nextChunk = nextChunk;
  }

  private growScratch(): void {
    const scratch = new Int32Array(2 * this.scratch.length);
    scratch.set(this.scratch);
    this.scratch = scratch;
  }
}

/** Bucket k's place in the ring (k may be negative: an instant before 1970). */
function ringIndex(k: number): number {
  const r = k % RING;
  return r < 0 ? r + RING : r;
}
