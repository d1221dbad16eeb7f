/**
 * Every lead's record of what an event on it reads or writes, 64 bytes at byte 64t of one view:
 * the track's fields (Tracks) and the replay state's (ReplayState) side by side. As a column each
 * they were a cache miss each per event at a million leads, and as two records (64 and 32 bytes)
 * two misses and half again the memory. Float64 fields by index in the record's 8, Int32 fields
 * by index in its 16; the fields an event reads first come first.
 */
export const RECORD_F64 = 8;
export const RECORD_I32 = 16;

/** When the lead's tick is booked (NaN: it is not). */
export const DUE_AT = 0;
/** When the lead's tick last ran (NaN: never). */
export const LAST_TICK_AT = 1;
/** The holder's course number (Int32s 2-3 are LAST_TICK_AT's). */
export const COURSE = 4;
/** Who holds the lead, a number of the replay's texts (NONE: nobody). */
export const HOLDER = 5;
/** Bookings about the lead besides its tick. */
export const PENDING = 6;
/** Who owned the lead when the engine's state let it go (KEPT: it did not; NONE: nobody). */
export const OWNER_AT_RELEASE = 7;
/** Where the lead's tick stands on the calendar (-1: nowhere). */
export const TICK_SLOT = 8;
/** The lead's last touch row (NONE: none yet; see TouchRows). */
export const TOUCH_TAIL = 9;
/** The first follow-up's instant (NaN: none yet, or a text kept aside: see InstantColumn). */
export const FIRST_CONTACT_AT = 5;
/** The lead's lastActivityAt while the replay's state knows it (NaN: not known). */
export const LAST_ACTIVITY_AT = 6;
/** The lead's ownedSince while the replay's state knows it (NaN: not known). */
export const OWNED_SINCE = 7;

/** Bytes before the first record (see LeadRecords). */
const ALIGN = 48;

export const NONE = -1;
export const KEPT = -2;

/** The records of `count` leads, every field at its "none" value. */
export class LeadRecords {
  readonly f64: Float64Array;
  /** The same buffer as Int32s. */
  readonly i32: Int32Array;

  constructor(readonly count: number) {
    // The records start 48 bytes into their buffer: a buffer this large comes from mmap, 16 bytes
    // past a page (glibc's chunk header), so each record then lies on one 64-byte cache line where
    // it straddled two. A buffer placed otherwise has its records straddle as they would anyway.
    this.f64 = new Float64Array(new ArrayBuffer(8 * RECORD_F64 * count + ALIGN), ALIGN, RECORD_F64 * count);
    this.i32 = new Int32Array(this.f64.buffer, ALIGN, RECORD_I32 * count);
    const { f64, i32 } = this;
    for (let t = 0; t < count; t++) {
      const f = RECORD_F64 * t;
      const i = RECORD_I32 * t;
      f64[f + DUE_AT] = Number.NaN;
      f64[f + LAST_TICK_AT] = Number.NaN;
      i32[i + HOLDER] = NONE;
      i32[i + OWNER_AT_RELEASE] = KEPT;
      i32[i + TICK_SLOT] = -1;
      i32[i + TOUCH_TAIL] = NONE;
      f64[f + FIRST_CONTACT_AT] = Number.NaN;
      f64[f + LAST_ACTIVITY_AT] = Number.NaN;
      f64[f + OWNED_SINCE] = Number.NaN;
    }
  }
}
