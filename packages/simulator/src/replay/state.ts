import type { Activity, InMemoryState, Lead, OwnershipRecord, StateChange, WorkingState } from '@sluice/engine';
import { parseInstant } from '@sluice/engine';
import { Interned } from './interned.js';
import { LAST_ACTIVITY_AT, LeadRecords, OWNED_SINCE, RECORD_F64, RECORD_I32, TOUCH_TAIL } from './leadRecords.js';
import { type ChangeNotes, noteChange } from './changeNotes.js';
import { OwnershipRows } from './ownership.js';
import { PassThroughState } from './passThrough.js';
import { TouchRows } from './touchRows.js';

const NONE = -1;
/** `reminded`: the engine's state holds no reminder for the lead. */
const NO_REMINDER = 1;
const EMPTY: readonly Activity[] = Object.freeze([]);
const EMPTY_RECORDS: readonly OwnershipRecord[] = Object.freeze([]);

/**
 * The engine's in-memory state as a replay uses it, with the touches (activities) kept as rows of
 * numbers (TouchRows) instead of one object and one list per lead; `activities(leadId)` makes the
 * list on demand, field for field what the engine's state would hold. Everything else is the
 * engine's own InMemoryState, so ownership, loads, pointers and penalties keep one implementation;
 * a touch still moves the lead's lastActivityAt exactly as the engine's state does (forward only).
 */
export class ReplayState extends PassThroughState implements WorkingState, ChangeNotes {
  /**
   * Each listed lead's record by its number (LeadRecords, shared with the replay's tracks): its
   * lastActivityAt as a number while this state knows it (NaN: not known, see `noteChange`), its
   * ownedSince likewise (set by the lead.assign that wrote it) and its last touch row. Beside the
   * track's fields, a touch or the due clock reads the line the event's own reads brought in.
   */
  private readonly leadF64: Float64Array;
  private readonly leadI32: Int32Array;
  /** The last touch row of each lead the history does not list, by its number less `listed`. */
  private unlistedTails = new Int32Array(0);
  /**
   * Each lead's first touch row by its number (NONE: none yet), apart from its record: written once
   * a lead and read only when its touches are listed, which almost no policy does.
   */
  private firstRows: Int32Array;
  private readonly touches: TouchRows;
  private readonly one: StateChange[] = [];
  /** A touch's lastActivityAt write, filled in again per touch: the engine's state copies its fields, keeping neither object. */
  private readonly touchedAt = { lastActivityAt: '' };
  private readonly touchReport: Extract<StateChange, { type: 'lead.reported' }> = { type: 'lead.reported', leadId: '', set: this.touchedAt };
  /** Leads the history does not list (none in a replay of it), by id. */
  private readonly unlisted = new Map<string, number>();
  /** Who held each lead, kept here as numbers (undefined: the engine's state keeps them, as it held some already). */
  private readonly owners: OwnershipRows | undefined;
  /**
   * Per listed lead, whether the engine's state holds no reminder for it (NO_REMINDER; 0: not
   * known): a lead's due clock asks after every step on it, and the engine's answer hashes the
   * lead's id. Only a lead.remind, which comes through `apply`, gives a lead a reminder.
   */
  private readonly reminded: Uint8Array;
  /** An instant the caller said the next touches are at, text and number (see `touchesAt`). */
  private hintText: string | undefined;
  private hintMs = Number.NaN;
  private hintRep = NONE;
  private hintKind = NONE;
  private askLead: Lead | undefined;
  private askN = NONE;

  constructor(
    inner: InMemoryState,
    /** Each lead's number (its place in the history), or undefined for a lead the history does not list. */
    private readonly numberOf: (leadId: string) => number | undefined,
    private readonly listed: number,
    /** How many touches to make room for at once (the history's count is a good guess): growing copies every row. */
    expectedTouches = 0,
    /** Reps, kinds and stages as numbers: the replay's texts, shared with its tracks and bookings (see touchesBy). */
    text = new Interned(),
    /** The leads' records, at least `listed` of them (the replay's tracks'; made here when not given). */
    records = new LeadRecords(listed),
  ) {
    super(inner);
    if (records.count < listed) throw new RangeError(`${records.count} lead records for ${listed} leads`);
    this.touches = new TouchRows(expectedTouches, text);
    this.leadF64 = records.f64;
    this.leadI32 = records.i32;
    this.firstRows = new Int32Array(listed + 16).fill(NONE);
    this.reminded = new Uint8Array(listed);
    this.owners = inner.leaveOwnershipRecords() ? new OwnershipRows(listed + 1, listed * 1.1) : undefined;
    inner.indexOwnersOnDemand();
  }

  /**
   * Tells the state that touches at `text` are at `ms`, which must be `Date.parse(text)`: the
   * replay books a follow-up by its number, and a touch then needs no parse of its own text.
   */
  touchesAt(text: string, ms: number): void {
    this.hintText = text;
    this.hintMs = ms;
  }

  /**
   * Tells the state the numbers in its texts of the rep and kind the next touches likely have (-1:
   * none): the replay knows a follow-up's holder and type as numbers already, and a touch then
   * needs no look-up of either text. A number is used only for the very text it stands for.
   */
  touchesBy(rep: number, kind: number): void {
    this.hintRep = rep;
    this.hintKind = kind;
  }

  /** The due clock's next questions are about `lead`, as given out now, number `n` ((-1, undefined): asked). */
  rebooking(n: number, lead: Lead | undefined): void {
    this.askLead = lead;
    this.askN = n;
  }

  /**
   * The lead's ownedSince or lastActivityAt from its record while known there (kept as each change
   * writes them: apply, noteChange), not its text — at a million leads a cache miss far off. Only
   * for the lead `rebooking` named, by that very object; NaN otherwise.
   */
  leadInstantMs(lead: Lead, field: 'ownedSince' | 'createdAt' | 'lastActivityAt'): number {
    const n = this.askN;
    if (lead !== this.askLead || n === NONE || n >= this.listed) return Number.NaN;
    if (field === 'lastActivityAt') return this.leadF64[RECORD_F64 * n + LAST_ACTIVITY_AT]!;
    return field === 'ownedSince' ? this.leadF64[RECORD_F64 * n + OWNED_SINCE]! : Number.NaN;
  }

  ownershipHistory(leadId: string): readonly OwnershipRecord[] {
    if (!this.owners) return this.inner.ownershipHistory(leadId);
    const n = this.numberOf(leadId) ?? this.unlisted.get(leadId);
    return n === undefined ? EMPTY_RECORDS : this.owners.ofLead(n, leadId);
  }
  ownershipsOf(repId: string): readonly OwnershipRecord[] {
    return this.owners ? this.owners.ofRep(repId) : this.inner.ownershipsOf(repId);
  }

  /** The engine state's forgetLead: the lead leaves it (its touches and ownership rows stay here). */
  forgetLead(leadId: string): boolean {
    const n = this.numberOf(leadId);
    if (n !== undefined) this.forgetLast(n);
    return this.inner.forgetLead(leadId);
  }

  /** The lead's touches, oldest first (in the order they were recorded), made from its rows. */
  activities(leadId: string): readonly Activity[] {
    // The lead's number first: giving one to a lead the history does not list may grow `firstRows`.
    const n = this.slot(leadId);
    const head = this.firstRows[n]!;
    return head === NONE ? EMPTY : this.touches.list(leadId, head);
  }

  apply(changes: readonly StateChange[]): void {
    for (const c of changes) {
      if (c.type === 'activity.add') {
        this.addActivity(c.activity);
        continue;
      }
      if (c.type === 'lead.assign') this.assigned(c);
      else if (this.owners && c.type === 'lead.toPool') this.owners.toPool(this.slot(c.leadId), c);
      else noteChange(c, this);
      this.one[0] = c;
      this.inner.apply(this.one);
    }
    // `one` keeps its last change (not emptied by `length = 0`: V8 would drop its storage and
    // allocate it again at the next change, once per change).
  }

  /**
   * A touch recorded as a row, and the lead's lastActivityAt moved forward as the engine's state
   * moves it (a lead.reported write of that one field: the same write InMemoryState makes).
   */
  private addActivity(a: Activity): void {
    // factChangesFor makes every touch with these fields only (leadId, repId, at, kind, stage?).
    const n = this.slot(a.leadId);
    const ms = a.at === this.hintText ? this.hintMs : parseInstant(a.at);
    const given = n < this.listed;
    const tail = given ? this.leadI32[RECORD_I32 * n + TOUCH_TAIL]! : this.unlistedTails[n - this.listed]!;
    const row = this.touches.add(a, ms, tail, this.hintRep, this.hintKind);
    if (tail === NONE) this.firstRows[n] = row;
    if (given) this.leadI32[RECORD_I32 * n + TOUCH_TAIL] = row;
    else this.unlistedTails[n - this.listed] = row;
    // The engine's state compares with parseInstant, which agrees with Date.parse (property-tested).
    const lead = this.inner.lead(a.leadId);
    if (!lead) return;
    // Known here (see noteChange), the lead object's field is not read: at a million leads that
    // read was a cache miss per touch, and the text it gave (kept to check the field against) another.
    const known = given ? this.leadF64[RECORD_F64 * n + LAST_ACTIVITY_AT]! : Number.NaN;
    let moves: boolean;
    if (!Number.isNaN(known)) moves = known < ms;
    else {
      const last = lead.lastActivityAt;
      moves = !last || parseInstant(last) < ms;
    }
    if (moves) {
      this.touchReport.leadId = a.leadId;
      this.touchedAt.lastActivityAt = a.at;
      this.one[0] = this.touchReport;
      this.inner.apply(this.one);
      if (given) this.leadF64[RECORD_F64 * n + LAST_ACTIVITY_AT] = ms;
    }
  }

  lastReminder(leadId: string): string | undefined {
    const n = this.numberOf(leadId);
    if (n === undefined || n >= this.listed) return this.inner.lastReminder(leadId);
    if (this.reminded[n] === NO_REMINDER) return undefined;
    const window = this.inner.lastReminder(leadId);
    if (window === undefined) this.reminded[n] = NO_REMINDER;
    return window;
  }

  /** A reminder for the lead: the engine's state answers for it again. */
  remindedNow(leadId: string): void {
    const n = this.numberOf(leadId);
    if (n !== undefined && n < this.listed) this.reminded[n] = 0;
  }

  forgetLastOf(leadId: string): void {
    const n = this.numberOf(leadId);
    if (n !== undefined) this.forgetLast(n);
  }

  forgetOwnedSinceOf(leadId: string): void {
    const n = this.numberOf(leadId);
    if (n !== undefined && n < this.listed) this.leadF64[RECORD_F64 * n + OWNED_SINCE] = Number.NaN;
  }

  /** A lead.assign sets the lead's ownedSince to its `at` (LeadBook.assign, stored or bare lead alike); rows too, if kept here. */
  private assigned(c: Extract<StateChange, { type: 'lead.assign' }>): void {
    const n = this.slot(c.leadId);
    if (this.owners) this.owners.assign(n, c);
    if (n < this.listed) this.leadF64[RECORD_F64 * n + OWNED_SINCE] = c.at === this.hintText ? this.hintMs : parseInstant(c.at);
  }

  /** The lead's lastActivityAt and ownedSince are no longer known here (a listed lead's: others are never). */
  private forgetLast(n: number): void {
    if (n >= this.listed) return;
    this.leadF64[RECORD_F64 * n + LAST_ACTIVITY_AT] = Number.NaN;
    this.leadF64[RECORD_F64 * n + OWNED_SINCE] = Number.NaN;
  }

  /** A lead's number; a lead the history does not list gets one after the history's. */
  private slot(leadId: string): number {
    const n = this.numberOf(leadId);
    if (n !== undefined) return n;
    let extra = this.unlisted.get(leadId);
    if (extra === undefined) {
      extra = this.listed + this.unlisted.size;
      this.unlisted.set(leadId, extra);
      const k = extra - this.listed;
      if (k >= this.unlistedTails.length) {
        const tails = new Int32Array(Math.max(16, 2 * k)).fill(NONE);
        tails.set(this.unlistedTails);
        this.unlistedTails = tails;
      }
      if (extra >= this.firstRows.length) {
        const first = new Int32Array(2 * extra).fill(NONE);
        first.set(this.firstRows);
        this.firstRows = first;
      }
    }
    return extra;
  }
}
