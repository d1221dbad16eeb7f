import type { Activity, InMemoryState, Lead, OwnershipRecord, StateChange, WorkingState } from '@sluice/engine';
import { parseInstant } from '@sluice/engine';
import { Interned } from './interned.js';
import { type ChangeNotes, noteChange } from './changeNotes.js';
import { OwnershipRows } from './ownership.js';
import { PassThroughState } from './passThrough.js';

const NONE = -1;
/** `reminded`: the engine's state holds no reminder for the lead. */
const NO_REMINDER = 1;
/** A lead record's first and last touch rows, as Int32 fields 2 and 3 of its eight. */
const HEAD = 2;
const TAIL = 3;
/** A lead record's ownedSince as a number, Float64 field 2 of its four (its lastActivityAt is field 0). */
const OWNED = 2;
const EMPTY: readonly Activity[] = Object.freeze([]);
const EMPTY_RECORDS: readonly OwnershipRecord[] = Object.freeze([]);

/**
 * The engine's in-memory state as a replay uses it, with the touches (activities) kept as numbers
 * instead of one object and one list per lead: at a million leads those were ~0.35 KB a lead of the
 * replay's ~1.2 KB, held to the end while almost no policy reads them. A touch is a row of parallel
 * typed arrays (instant, rep, kind, stage, the lead's next row); `activities(leadId)` makes the list
 * on demand, field for field what the engine's state would hold. Everything else is the engine's own
 * InMemoryState, so ownership, loads, pointers and penalties keep one implementation; a touch still
 * moves the lead's lastActivityAt exactly as the engine's state does (forward only).
 */
export class ReplayState extends PassThroughState implements WorkingState, ChangeNotes {
  /**
   * Each lead's record, 32 bytes by its number: its lastActivityAt as a number while this state
   * knows it (a Float64 at [4n]; NaN: not known, see `noteChange`), its first and last touch rows
   * (Int32s at [8n + 2] and [8n + 3]; NONE: none yet) and its ownedSince as a number while known
   * (a Float64 at [4n + 2], set by the lead.assign that wrote it). Side by side, a touch reads one
   * cache line where three arrays were a miss each at a million leads, and so does the due clock.
   */
  private leadF64: Float64Array;
  private leadI32: Int32Array;
  private atMs: Float64Array;
  private repOf: Int32Array;
  private kindOf: Int32Array;
  private stageOf: Int32Array;
  private next: Int32Array;
  private rows = 0;
  /** Touch instants as the engine stored them, for a row whose text is not the canonical form of its instant. */
  private readonly oddInstants = new Map<number, string>();
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
    private readonly text = new Interned(),
  ) {
    super(inner);
    const rows = Math.max(1024, Math.ceil(expectedTouches * 1.1));
    this.atMs = new Float64Array(rows);
    this.repOf = new Int32Array(rows);
    this.kindOf = new Int32Array(rows);
    this.stageOf = new Int32Array(rows);
    this.next = new Int32Array(rows);
    this.leadF64 = new Float64Array(4 * (listed + 1));
    this.leadI32 = new Int32Array(this.leadF64.buffer);
    for (let n = 0; n <= listed; n++) {
      this.leadF64[4 * n] = Number.NaN;
      this.leadF64[4 * n + OWNED] = Number.NaN;
      this.leadI32[8 * n + HEAD] = NONE;
      this.leadI32[8 * n + TAIL] = NONE;
    }
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
    if (field === 'lastActivityAt') return this.leadF64[4 * n]!;
    return field === 'ownedSince' ? this.leadF64[4 * n + OWNED]! : Number.NaN;
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
    const n = this.slot(leadId);
    let row = this.leadI32[8 * n + HEAD]!;
    if (row === NONE) return EMPTY;
    const out: Activity[] = [];
    for (; row !== NONE; row = this.next[row]!) {
      const a: Activity = { leadId, repId: this.text.at(this.repOf[row]!), at: this.instant(row), kind: this.text.at(this.kindOf[row]!) };
      if (this.stageOf[row] !== NONE) a.stage = this.text.at(this.stageOf[row]!);
      out.push(a);
    }
    return out;
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
    // factChangesFor makes every touch with these fields only (leadId, repId, at, kind, stage?), its
    // instant as canonicalIso writes it: toISOString's text, which a 24-character one round-trips.
    const n = this.slot(a.leadId);
    const row = this.rows++;
    if (row === this.atMs.length) this.grow();
    const ms = a.at === this.hintText ? this.hintMs : parseInstant(a.at);
    this.atMs[row] = ms;
    if (a.at.length !== 24 || !Number.isFinite(ms)) this.oddInstants.set(row, a.at);
    const { text, hintRep, hintKind } = this;
    this.repOf[row] = hintRep !== NONE && text.at(hintRep) === a.repId ? hintRep : text.of(a.repId);
    this.kindOf[row] = hintKind !== NONE && text.at(hintKind) === a.kind ? hintKind : text.of(a.kind);
    this.stageOf[row] = a.stage === undefined ? NONE : this.text.of(a.stage);
    this.next[row] = NONE;
    const { leadI32 } = this;
    const tail = leadI32[8 * n + TAIL]!;
    if (tail === NONE) leadI32[8 * n + HEAD] = row;
    else this.next[tail] = row;
    leadI32[8 * n + TAIL] = row;
    // The engine's state compares with parseInstant, which agrees with Date.parse (property-tested).
    const lead = this.inner.lead(a.leadId);
    if (!lead) return;
    const given = n < this.listed;
    // Known here (see noteChange), the lead object's field is not read: at a million leads that
    // read was a cache miss per touch, and the text it gave (kept to check the field against) another.
    const known = given ? this.leadF64[4 * n]! : Number.NaN;
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
      if (given) this.leadF64[4 * n] = ms;
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
    if (n !== undefined && n < this.listed) this.leadF64[4 * n + OWNED] = Number.NaN;
  }

  /** A lead.assign sets the lead's ownedSince to its `at` (LeadBook.assign, stored or bare lead alike); rows too, if kept here. */
  private assigned(c: Extract<StateChange, { type: 'lead.assign' }>): void {
    const n = this.slot(c.leadId);
    if (this.owners) this.owners.assign(n, c);
    if (n < this.listed) this.leadF64[4 * n + OWNED] = c.at === this.hintText ? this.hintMs : parseInstant(c.at);
  }

  /** The lead's lastActivityAt and ownedSince are no longer known here (a listed lead's: others are never). */
  private forgetLast(n: number): void {
    if (n >= this.listed) return;
    this.leadF64[4 * n] = Number.NaN;
    this.leadF64[4 * n + OWNED] = Number.NaN;
  }

  private instant(row: number): string {
    return this.oddInstants.get(row) ?? new Date(this.atMs[row]!).toISOString();
  }

  /** A lead's record; a lead the history does not list gets one after the history's. */
  private slot(leadId: string): number {
    const n = this.numberOf(leadId);
    if (n !== undefined) return n;
    let extra = this.unlisted.get(leadId);
    if (extra === undefined) {
      extra = this.listed + this.unlisted.size;
      this.unlisted.set(leadId, extra);
      const records = this.leadF64.length / 4;
      if (extra >= records) {
        const f64 = new Float64Array(8 * records);
        f64.set(this.leadF64);
        const i32 = new Int32Array(f64.buffer);
        for (let k = records; k < 2 * records; k++) {
          i32[8 * k + HEAD] = NONE;
          i32[8 * k + TAIL] = NONE;
        }
        this.leadF64 = f64;
        this.leadI32 = i32;
      }
    }
    return extra;
  }

  private grow(): void {
    // By half again, not double: at a million leads the rows are the replay's largest arrays.
    const size = Math.ceil(this.atMs.length * 1.5);
    const widen = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.atMs = widen(this.atMs, (k) => new Float64Array(k));
    this.repOf = widen(this.repOf, (k) => new Int32Array(k));
    this.kindOf = widen(this.kindOf, (k) => new Int32Array(k));
    this.stageOf = widen(this.stageOf, (k) => new Int32Array(k));
    this.next = widen(this.next, (k) => new Int32Array(k));
  }
}
