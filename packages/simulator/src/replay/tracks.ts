import type { HistoryIndex } from './historyIndex.js';
import type { HistoryLead, Outcome, ReplayLead } from '../types.js';
import { isoFormatter } from '../world/instants.js';
import { slots } from './arrays.js';
import { InstantColumn } from './instantColumn.js';
import { Interned } from './interned.js';
import {
  COURSE,
  DUE_AT,
  FIRST_CONTACT_AT,
  HOLDER,
  KEPT,
  LAST_TICK_AT,
  LeadRecords,
  NONE,
  OWNER_AT_RELEASE,
  PENDING,
  RECORD_F64,
  RECORD_I32,
  TICK_SLOT,
} from './leadRecords.js';

const OUTCOMES: readonly Outcome[] = ['open', 'won', 'lost'];
const HAS_AMOUNT = 1;
const HAS_P_WON = 2;

/**
 * Every lead as the replay follows it, column by column: lead `n` (its place in the history) is
 * row `n` of parallel arrays, counts and instants in typed arrays, ids and ISO text in plain arrays.
 * An object per lead with two dozen fields was ~0.39 KB a lead (its fields spilt into a second
 * store); these columns are ~0.1 KB, and no lead object is made until its result is.
 */
export class Tracks {
  readonly count: number;
  /** createdAt in epoch milliseconds (parsed once: the HistoryIndex's, when given). */
  readonly createdMs: Float64Array;
  /** Leads whose createdAt is not the formatter's text for its instant (kept as given; almost never any). */
  readonly oddCreated: Set<number>;
  /** The lead's result as it builds up. */
  readonly reclaimed: Int32Array;
  readonly rerouted: Int32Array;
  readonly reminders: Int32Array;
  readonly penalties: Int32Array;
  readonly assignments: Int32Array;
  /** Every lead's record (see LeadRecords), shared with the replay's state; as Float64s and as Int32s. */
  readonly records: LeadRecords;
  private readonly f64: Float64Array;
  private readonly i32: Int32Array;
  /** Open leads the assignee held when last assigned (read only once assigned). */
  readonly loadAtAssign: Float64Array;
  /** Instants as numbers (the text made again when a result is): three texts a lead were ~0.1 KB. */
  readonly assignedAt: InstantColumn;
  readonly firstContactAt: InstantColumn;
  private readonly firstRep: Int32Array;
  private readonly decider: Int32Array;
  /** How the holder's course ends, set with `holder` (its follow-ups are on the calendar, not kept here). */
  private readonly outcomeOf: Uint8Array;
  readonly closedAt: InstantColumn;
  private readonly amountOf: Float64Array;
  private readonly pWonOf: Float64Array;
  private readonly has: Uint8Array;
  /** Follow-ups kept (keepActivities only). */
  readonly activities: Array<ReplayLead['activities']> | undefined;
  /** The replay step that last listed it among the leads to rebook (each is rebooked once per step). */
  readonly touchedIn: Uint32Array;

  constructor(
    readonly leads: readonly HistoryLead[],
    keepActivities: boolean,
    /**
     * Rep and node ids as numbers (a few hundred distinct values): the first rep, the deciding
     * node, who holds it now. The replay's texts, shared (see ReplayState.touchesBy).
     */
    private readonly ids = new Interned(),
    /** The leads' creation instants worked out already (HistoryIndex), read only; else columns to fill in. */
    created?: Pick<HistoryIndex, 'createdMs' | 'oddCreated'>,
  ) {
    const n = leads.length;
    this.count = n;
    this.createdMs = created?.createdMs ?? new Float64Array(n);
    this.oddCreated = created?.oddCreated ?? new Set<number>();
    this.reclaimed = new Int32Array(n);
    this.rerouted = new Int32Array(n);
    this.reminders = new Int32Array(n);
    this.penalties = new Int32Array(n);
    this.assignments = new Int32Array(n);
    this.records = new LeadRecords(n);
    this.f64 = this.records.f64;
    this.i32 = this.records.i32;
    this.loadAtAssign = new Float64Array(n);
    const iso = isoFormatter();
    this.assignedAt = new InstantColumn(n, iso);
    this.firstContactAt = new InstantColumn(n, iso, this.f64, RECORD_F64, FIRST_CONTACT_AT);
    this.firstRep = new Int32Array(n).fill(NONE);
    this.decider = new Int32Array(n).fill(NONE);
    this.outcomeOf = new Uint8Array(n);
    this.closedAt = new InstantColumn(n, iso);
    this.amountOf = new Float64Array(n);
    this.pWonOf = new Float64Array(n);
    this.has = new Uint8Array(n);
    this.activities = keepActivities ? slots(n) : undefined;
    this.touchedIn = new Uint32Array(n);
  }

  /** Where lead ticks stand on the calendar: slot `t` of these Int32s (see Calendar). */
  tickSlots(): { slots: Int32Array; stride: number; offset: number } {
    return { slots: this.i32, stride: RECORD_I32, offset: TICK_SLOT };
  }
  /** Where the lead's tick stands on the calendar (-1: nowhere). */
  tickSlot(t: number): number {
    return this.i32[RECORD_I32 * t + TICK_SLOT]!;
  }
  /** When the lead's tick is booked (NaN: it is not). */
  dueAt(t: number): number {
    return this.f64[RECORD_F64 * t + DUE_AT]!;
  }
  setDueAt(t: number, at: number): void {
    this.f64[RECORD_F64 * t + DUE_AT] = at;
  }
  /** When the lead's tick last ran (NaN: never). */
  lastTickAt(t: number): number {
    return this.f64[RECORD_F64 * t + LAST_TICK_AT]!;
  }
  setLastTickAt(t: number, at: number): void {
    this.f64[RECORD_F64 * t + LAST_TICK_AT] = at;
  }
  /** The holder's course: bumped whenever the holder changes, so a lost course's events are dropped. */
  course(t: number): number {
    return this.i32[RECORD_I32 * t + COURSE]!;
  }
  /** Ends the holder's course (the lead's bookings of it will be dropped). */
  endCourse(t: number): void {
    this.i32[RECORD_I32 * t + COURSE]!++;
  }
  /** Its bookings on the calendar besides its tick (follow-ups, stage moves, outcome, return to pool). */
  pending(t: number): number {
    return this.i32[RECORD_I32 * t + PENDING]!;
  }
  /** One more booking (+1) or one fewer (-1). */
  addPending(t: number, by: number): void {
    this.i32[RECORD_I32 * t + PENDING]! += by;
  }

  /** Whether the engine's state let the lead go (it was closed and nothing about it was left to come). */
  released(t: number): boolean {
    return this.i32[RECORD_I32 * t + OWNER_AT_RELEASE] !== KEPT;
  }
  /** Notes that the engine's state let the lead go, and who owned it then (its final owner). */
  setReleased(t: number, ownerId: string | null | undefined): void {
    this.i32[RECORD_I32 * t + OWNER_AT_RELEASE] = ownerId ? this.ids.of(ownerId) : NONE;
  }
  /** The owner a released lead had when it was let go. */
  ownerWhenReleased(t: number): string | undefined {
    return this.text(this.i32[RECORD_I32 * t + OWNER_AT_RELEASE]!);
  }

  /** Who holds lead `t` now (undefined: nobody). */
  holder(t: number): string | undefined {
    return this.text(this.i32[RECORD_I32 * t + HOLDER]!);
  }
  setHolder(t: number, repId: string | undefined): void {
    this.i32[RECORD_I32 * t + HOLDER] = repId === undefined ? NONE : this.ids.of(repId);
  }
  /** The number of who holds lead `t` now in `ids` (-1: nobody). */
  holderNumber(t: number): number {
    return this.i32[RECORD_I32 * t + HOLDER]!;
  }
  /** Whether `repId` holds lead `t` (undefined: whether nobody does). */
  heldBy(t: number, repId: string | undefined): boolean {
    return this.holder(t) === repId;
  }
  firstRepId(t: number): string | undefined {
    return this.text(this.firstRep[t]!);
  }
  decidedBy(t: number): string | undefined {
    return this.text(this.decider[t]!);
  }
  /** The first assignment's rep and deciding node. */
  setFirst(t: number, repId: string, nodeId: string): void {
    this.firstRep[t] = this.ids.of(repId);
    this.decider[t] = this.ids.of(nodeId);
  }

  outcome(t: number): Outcome {
    return OUTCOMES[this.outcomeOf[t]!]!;
  }
  amount(t: number): number | undefined {
    return this.has[t]! & HAS_AMOUNT ? this.amountOf[t] : undefined;
  }
  pWon(t: number): number | undefined {
    return this.has[t]! & HAS_P_WON ? this.pWonOf[t] : undefined;
  }

  /**
   * How the new holder's course ends (the behaviour's plan). `closedMs`, when given, is the
   * instant of `closedAt`, which is the formatter's text for it (CourseWriter.end: the text may be
   * left out): kept as the number, not parsed.
   */
  setCourse(
    t: number,
    outcome: Outcome,
    closedAt: string | undefined,
    closedMs: number | undefined,
    amount: number | undefined,
    pWon: number | undefined,
  ): void {
    this.outcomeOf[t] = OUTCOMES.indexOf(outcome);
    if (closedMs !== undefined && Number.isFinite(closedMs)) this.closedAt.setMs(t, closedMs);
    else this.closedAt.set(t, closedAt);
    this.amountOf[t] = amount ?? 0;
    this.pWonOf[t] = pWon ?? 0;
    this.has[t] = (amount === undefined ? 0 : HAS_AMOUNT) | (pWon === undefined ? 0 : HAS_P_WON);
  }

  /**
   * The first assignment's instant as text. At the lead's arrival (nearly every lead's) it is the
   * history's own createdAt, the formatter's text for that instant: that string, not a new one
   * (a result's text made was ~40 bytes and a format call per lead).
   */
  assignedAtText(t: number): string | undefined {
    const { oddCreated } = this;
    if (this.assignedAt.msAt(t) === this.createdMs[t] && (oddCreated.size === 0 || !oddCreated.has(t))) return this.leads[t]!.createdAt;
    return this.assignedAt.get(t);
  }

  /** Whether the lead's tick is booked. */
  booked(t: number): boolean {
    return !Number.isNaN(this.f64[RECORD_F64 * t + DUE_AT]!);
  }

  private text(n: number): string | undefined {
    return n === NONE ? undefined : this.ids.at(n);
  }
}
