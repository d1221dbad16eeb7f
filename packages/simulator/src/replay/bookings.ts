import { Interned } from './interned.js';

/** What a booking on the replay calendar is about (a lead's own tick is not stored: see `leadTickItem`). */
export const ACTIVITY = 0;
export const STAGE = 1;
export const OUTCOME = 2;
export const RETURNED = 3;
export const REP_TICK = 4;
export type BookingKind = typeof ACTIVITY | typeof STAGE | typeof OUTCOME | typeof RETURNED | typeof REP_TICK;

/** Rows made room for at first (the store doubles when full). */
const INITIAL = 1024;
/** A row's kind in its low bits, and whether it has a text. */
const KIND = 0xff;
const HAS_TEXT = 0x100;
const NO_TYPE = -1;

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
 * What the calendar holds besides lead ticks, as rows reused once their booking is taken: a row is
 * 16 bytes of one Int32Array — its kind (and whether it has a text), its lead, its course and its
 * follow-up type's number — plus, only for a row that has one, a text (a stage, a rep, a follow-up's
 * instant in a form other than toISOString's) in a plain array. An object per booking lived from
 * its booking to its instant — days of simulated time, several a lead, most of them promoted out of
 * the young generation before they died; and a row's fields in five arrays were five cache misses
 * when it came up days later, where one record is one.
 */
export class Bookings {
  /** Row r's kind (| HAS_TEXT) at [4r], lead at [4r + 1], course at [4r + 2], type's number at [4r + 3]. */
  private rows = new Int32Array(4 * INITIAL);
  private count = 0;
  /** The row's text, for a row whose kind has HAS_TEXT (undefined otherwise, not read). */
  private readonly texts: Array<string | undefined> = [];
  constructor(
    /** Follow-up types as numbers (a handful of distinct values): the replay's texts, shared (see ReplayState.touchesBy). */
    private readonly types = new Interned(),
  ) {}

  /** Rows free for reuse, as a stack. */
  private free = new Int32Array(INITIAL);
  private freeCount = 0;

  add(kind: BookingKind, lead: number, course: number, text?: string, type?: string): number {
    let row: number;
    if (this.freeCount > 0) row = this.free[--this.freeCount]!;
    else {
      row = this.count++;
      if (4 * row === this.rows.length) this.grow();
      this.texts.push(undefined);
    }
    const { rows } = this;
    rows[4 * row] = text === undefined ? kind : kind | HAS_TEXT;
    rows[4 * row + 1] = lead;
    rows[4 * row + 2] = course;
    rows[4 * row + 3] = type === undefined ? NO_TYPE : this.types.of(type);
    if (text !== undefined) this.texts[row] = text;
    return row;
  }

  kind(row: number): BookingKind {
    return (this.rows[4 * row]! & KIND) as BookingKind;
  }
  lead(row: number): number {
    return this.rows[4 * row + 1]!;
  }
  course(row: number): number {
    return this.rows[4 * row + 2]!;
  }
  /** The row's text (undefined: none). */
  text(row: number): string | undefined {
    return this.rows[4 * row]! & HAS_TEXT ? this.texts[row] : undefined;
  }
  /** The number of the row's follow-up type in `types` (-1: none). */
  typeNumber(row: number): number {
    return this.rows[4 * row + 3]!;
  }
  /** The row's follow-up type (undefined: none). */
  type(row: number): string | undefined {
    const n = this.rows[4 * row + 3]!;
    return n === NO_TYPE ? undefined : this.types.at(n);
  }

  /** The row's booking was taken: its text is let go and the row is free for the next. */
  release(row: number): void {
    if (this.rows[4 * row]! & HAS_TEXT) this.texts[row] = undefined;
    if (this.freeCount === this.free.length) {
      const free = new Int32Array(this.free.length * 2);
      free.set(this.free);
      this.free = free;
    }
    this.free[this.freeCount++] = row;
  }

  private grow(): void {
    const rows = new Int32Array(this.rows.length * 2);
    rows.set(this.rows);
    this.rows = rows;
  }
}
