import type { HistoryLead, Outcome, ReplayLead } from '../types.js';
import { isoFormatter } from '../world/instants.js';
import { InstantColumn } from './instantColumn.js';
import { Interned } from './interned.js';

const OUTCOMES: readonly Outcome[] = ['open', 'won', 'lost'];
const HAS_AMOUNT = 1;
const HAS_P_WON = 2;
const NONE = -1;
const KEPT = -2;

/** A JS array of `n` undefined slots that stays in V8's fast (packed) elements, unlike `new Array(n)` at a million. */
function slots<T>(n: number): Array<T | undefined> {
  const a: Array<T | undefined> = [];
  for (let i = 0; i < n; i++) a.push(undefined);
  return a;
}

/**
 * Every lead as the replay follows it, column by column: lead `n` (its place in the history) is
 * row `n` of parallel arrays, counts and instants in typed arrays, ids and ISO text in plain arrays.
 * An object per lead with two dozen fields was ~0.39 KB a lead (its fields spilt into a second
 * store); these columns are ~0.1 KB, and no lead object is made until its result is.
 */
export class Tracks {
  readonly count: number;
  /** createdAt in epoch milliseconds (parsed once). */
  readonly createdMs: Float64Array;
  /** The lead's result as it builds up. */
  readonly reclaimed: Int32Array;
  readonly rerouted: Int32Array;
  readonly reminders: Int32Array;
  readonly penalties: Int32Array;
  readonly assignments: Int32Array;
  /** Bumped whenever the holder changes, so a lost course's events are dropped. */
  readonly course: Int32Array;
  /** Open leads the assignee held when last assigned (read only once assigned). */
  readonly loadAtAssign: Float64Array;
  /** Instants as numbers (the text made again when a result is): three texts a lead were ~0.1 KB. */
  readonly assignedAt: InstantColumn;
  readonly firstContactAt: InstantColumn;
  /** Rep and node ids as numbers (a few hundred distinct values): the first rep, the deciding node, who holds it now. */
  private readonly ids = new Interned();
  private readonly firstRep: Int32Array;
  private readonly decider: Int32Array;
  private readonly holderOf: Int32Array;
  /** How the holder's course ends, set with `holder` (its follow-ups are on the calendar, not kept here). */
  private readonly outcomeOf: Uint8Array;
  readonly closedAt: InstantColumn;
  private readonly amountOf: Float64Array;
  private readonly pWonOf: Float64Array;
  private readonly has: Uint8Array;
  /** Follow-ups kept (keepActivities only). */
  readonly activities: Array<ReplayLead['activities']> | undefined;
  /** The lead tick booked (NaN: none), where it stands on the calendar (-1: none), and when it last ran (NaN: never). */
  readonly dueAt: Float64Array;
  readonly tickSlot: Int32Array;
  readonly lastTickAt: Float64Array;
  /** The replay step that last listed it among the leads to rebook (each is rebooked once per step). */
  readonly touchedIn: Uint32Array;
  /** Its bookings on the calendar besides its tick (follow-ups, stage moves, outcome, return to pool). */
  readonly pending: Int32Array;
  /** Who owned it when the engine's state let it go (RELEASED_NONE: nobody; KEPT: still in the state). */
  private readonly ownerAtRelease: Int32Array;

  constructor(
    readonly leads: readonly HistoryLead[],
    keepActivities: boolean,
  ) {
    const n = leads.length;
    this.count = n;
    this.createdMs = new Float64Array(n);
    this.reclaimed = new Int32Array(n);
    this.rerouted = new Int32Array(n);
    this.reminders = new Int32Array(n);
    this.penalties = new Int32Array(n);
    this.assignments = new Int32Array(n);
    this.course = new Int32Array(n);
    this.loadAtAssign = new Float64Array(n);
    const iso = isoFormatter();
    this.assignedAt = new InstantColumn(n, iso);
    this.firstContactAt = new InstantColumn(n, iso);
    this.firstRep = new Int32Array(n).fill(NONE);
    this.decider = new Int32Array(n).fill(NONE);
    this.holderOf = new Int32Array(n).fill(NONE);
    this.outcomeOf = new Uint8Array(n);
    this.closedAt = new InstantColumn(n, iso);
    this.amountOf = new Float64Array(n);
    this.pWonOf = new Float64Array(n);
    this.has = new Uint8Array(n);
    this.activities = keepActivities ? slots(n) : undefined;
    this.dueAt = new Float64Array(n).fill(Number.NaN);
    this.tickSlot = new Int32Array(n).fill(-1);
    this.lastTickAt = new Float64Array(n).fill(Number.NaN);
    this.touchedIn = new Uint32Array(n);
    this.pending = new Int32Array(n);
    this.ownerAtRelease = new Int32Array(n).fill(KEPT);
  }

  /** Whether the engine's state let the lead go (it was closed and nothing about it was left to come). */
  released(t: number): boolean {
    return this.ownerAtRelease[t] !== KEPT;
  }
  /** Notes that the engine's state let the lead go, and who owned it then (its final owner). */
  setReleased(t: number, ownerId: string | null | undefined): void {
    this.ownerAtRelease[t] = ownerId ? this.ids.of(ownerId) : NONE;
  }
  /** The owner a released lead had when it was let go. */
  ownerWhenReleased(t: number): string | undefined {
    return this.text(this.ownerAtRelease[t]!);
  }

  /** Who holds lead `t` now (undefined: nobody). */
  holder(t: number): string | undefined {
    return this.text(this.holderOf[t]!);
  }
  setHolder(t: number, repId: string | undefined): void {
    this.holderOf[t] = repId === undefined ? NONE : this.ids.of(repId);
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
   * instant of `closedAt`, which is the formatter's text for it (AssignedCourse): kept, not parsed.
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
    if (closedAt !== undefined && closedMs !== undefined && Number.isFinite(closedMs)) this.closedAt.setMs(t, closedMs);
    else this.closedAt.set(t, closedAt);
    this.amountOf[t] = amount ?? 0;
    this.pWonOf[t] = pWon ?? 0;
    this.has[t] = (amount === undefined ? 0 : HAS_AMOUNT) | (pWon === undefined ? 0 : HAS_P_WON);
  }

  /** Whether the lead's tick is booked. */
  booked(t: number): boolean {
    return !Number.isNaN(this.dueAt[t]!);
  }

  /** Lets go of what the lead's result no longer needs once it is made (the columns stay). */
  release(t: number): void {
    if (this.activities) this.activities[t] = undefined;
  }

  private text(n: number): string | undefined {
    return n === NONE ? undefined : this.ids.at(n);
  }
}
