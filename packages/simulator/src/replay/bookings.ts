/** What a booking on the replay calendar is about (a lead's own tick is not stored: see `leadTickItem`). */
export const ACTIVITY = 0;
export const STAGE = 1;
export const OUTCOME = 2;
export const RETURNED = 3;
export const REP_TICK = 4;
export type BookingKind = typeof ACTIVITY | typeof STAGE | typeof OUTCOME | typeof RETURNED | typeof REP_TICK;

/** Rows made room for at first (the store doubles when full). */
const INITIAL = 1024;

/**
 * The calendar's item for lead `t`'s tick: a negative number, the lead's number in it, so a tick
 * (booked, moved and taken off again after almost every event) needs no row at all.
 */
export function leadTickItem(t: number): number {
  return -1 - t;
}

/** The lead whose tick a calendar item is, or -1 for an item that is a row of Bookings. */
export function tickedLead(item: number): number {
  return item < 0 ? -1 - item : -1;
}

/**
 * What the calendar holds besides lead ticks, as rows of parallel columns (kind, lead, course, and
 * a text or two: the follow-up's instant and type, the stage, the rep), a row reused once its
 * booking is taken. An object per booking lived from its booking to its instant — days of
 * simulated time, several a lead, most of them promoted out of the young generation before they
 * died; a row is numbers in typed arrays, and the calendar's item is its number.
 */
export class Bookings {
  kind = new Uint8Array(INITIAL);
  lead = new Int32Array(INITIAL);
  course = new Int32Array(INITIAL);
  /** The follow-up's instant (activity), the stage (stage) or the rep (repTick). */
  readonly text: Array<string | undefined> = [];
  /** The follow-up's type (activity). */
  readonly type: Array<string | undefined> = [];
  /** Rows free for reuse, as a stack. */
  private free = new Int32Array(INITIAL);
  private freeCount = 0;

  add(kind: BookingKind, lead: number, course: number, text?: string, type?: string): number {
    let row: number;
    if (this.freeCount > 0) {
      row = this.free[--this.freeCount]!;
      this.text[row] = text;
      this.type[row] = type;
    } else {
      row = this.text.length;
      if (row === this.kind.length) this.grow();
      this.text.push(text);
      this.type.push(type);
    }
    this.kind[row] = kind;
    this.lead[row] = lead;
    this.course[row] = course;
    return row;
  }

  /** The row's booking was taken: its texts are let go and the row is free for the next. */
  release(row: number): void {
    this.text[row] = undefined;
    this.type[row] = undefined;
    if (this.freeCount === this.free.length) {
      const free = new Int32Array(this.free.length * 2);
      free.set(this.free);
      this.free = free;
    }
    this.free[this.freeCount++] = row;
  }

  private grow(): void {
    const size = this.kind.length * 2;
    const kind = new Uint8Array(size);
    kind.set(this.kind);
    this.kind = kind;
    const lead = new Int32Array(size);
    lead.set(this.lead);
    this.lead = lead;
    const course = new Int32Array(size);
    course.set(this.course);
    this.course = course;
  }
}
