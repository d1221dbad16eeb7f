import { parseInstant } from '@sluice/engine';
import type { Outcome } from '../types.js';
import { ACTIVITY, type BookingKind, OUTCOME, STAGE } from './bookings.js';
import type { CourseWriter } from './course.js';
import type { Tracks } from './tracks.js';

/** Where the course's parts are booked (Bookkeeping.bookFor). */
export interface Booker {
  bookFor(t: number, at: number, kind: BookingKind, course: number, text?: string, type?: string): void;
}

/**
 * A new holder's course booked on the calendar as the behaviour writes it (CourseWriter): each
 * follow-up and stage move at or after the assignment, the outcome at its close (not before the
 * assignment), and how it ends kept in the lead's track. What the replay keeps of a course once
 * its parts are booked is how it ends: no list of follow-ups is held.
 */
export class CourseBooking implements CourseWriter {
  /** The lead, its holder's course number and the assignment's instant, set by `begin`. */
  private t = -1;
  private course = 0;
  private from = Number.NaN;

  constructor(
    private readonly tracks: Tracks,
    private readonly booker: Booker,
  ) {}

  /** The course about to be written is lead `t`'s new holder's, assigned at `from`. */
  begin(t: number, from: number): void {
    this.t = t;
    this.course = this.tracks.course(t);
    this.from = from;
  }

  followUpAt(ms: number, type: string): void {
    // Given by its number, it has the formatter's text (AssignedCourse): the text is made again
    // when it comes up rather than held on the calendar for days of simulated time.
    if (Number.isFinite(ms) && ms >= this.from) this.booker.bookFor(this.t, ms, ACTIVITY, this.course, undefined, type);
  }

  followUpText(at: string, type: string): void {
    const ms = parseInstant(at);
    if (Number.isFinite(ms) && ms >= this.from) this.booker.bookFor(this.t, ms, ACTIVITY, this.course, at, type);
  }

  stageAt(at: string, stage: string): void {
    const ms = parseInstant(at);
    if (Number.isFinite(ms) && ms >= this.from) this.booker.bookFor(this.t, ms, STAGE, this.course, stage);
  }

  end(outcome: Outcome, closedAt: string | undefined, closedMs: number | undefined, amount: number | undefined, pWon: number | undefined): void {
    this.tracks.setCourse(this.t, outcome, closedAt, closedMs, amount, pWon);
    const closed = closedMs ?? (closedAt === undefined ? Number.NaN : parseInstant(closedAt));
    if (outcome !== 'open' && Number.isFinite(closed)) this.booker.bookFor(this.t, Math.max(closed, this.from), OUTCOME, this.course);
  }
}
