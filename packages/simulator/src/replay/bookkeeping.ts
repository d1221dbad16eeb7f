import { type Lead, parseInstant, returnsToPool, type StateChange, type step } from '@sluice/engine';
import type { ReplayRun } from '../types.js';
import { type BookingKind, type Bookings, RETURNED } from './bookings.js';
import { type CourseInput, writeCourse } from './course.js';
import { CourseBooking } from './courseBooking.js';
import type { Dues } from './dues.js';
import type { Calendar } from './calendar.js';
import type { HistoryIndex } from './historyIndex.js';
import type { LeadIndex } from './leadIndex.js';
import type { Compiled } from './setup.js';
import type { ReplayState } from './state.js';
import type { Tracks } from './tracks.js';
import type { ReplayInput } from './types.js';

/** How many leads a step touches before they are marked in a column rather than found by a scan. */
const SCANNED = 16;

/**
 * What the replay does after each step of the engine: the changes recorded in the leads' tracks
 * (an assignment starts its holder's course on the calendar, a return to a pool ends it), and the
 * leads the step touched rebooked and, once closed with nothing left to come, let go. It also knows
 * each lead's number (its place in the history) by its id, which the state and the changes ask for.
 */
export class Bookkeeping {
  /**
   * Each lead's id by its place: one dense array of strings, read on every event, where the lead's
   * history object (its id one field of many, somewhere in the heap) was a cache miss each time.
   */
  private readonly ids: readonly string[];
  /** Lead id → its place in the history. */
  private readonly numbers: LeadIndex;
  /**
   * The leads one step touched, each once, in the order they are rebooked (the event's own first):
   * one array reused from step to step, as a step touches one lead or a few. Its first
   * `touchedCount` entries are this step's: emptying it by `length = 0` made V8 drop its storage
   * and allocate it again at the next step's first push, once per event.
   */
  private readonly touched: number[] = [];
  private touchedCount = 0;
  /** Numbers the steps: a track whose `touchedIn` is the current step is in `touched` already. */
  private stepNo = 0;
  /** The lead the step running now is about (-1: a rep's tick). */
  stepLead = -1;
  /**
   * `stepLead`'s id as the step's event names it (undefined: none): the state's look-ups of the
   * step's own lead compare with it instead of reading the id list, a cache miss per step.
   */
  stepLeadId: string | undefined;
  /** The instant now, as a number. */
  nowMs = Number.NEGATIVE_INFINITY;
  /**
   * The instant text of the step running now, when it is known to be `nowMs` (undefined: not
   * known): an assignment at the event's own instant, as nearly all are, needs no parse of its text.
   */
  stepAt: string | undefined;
  /** Whether `stepAt` is also the text the replay's formatter writes for `nowMs` (kept as the number, not parsed). */
  stepAtFormatted = false;
  /** Where an assigned lead's course is booked, and the behaviour's input for it (both reused). */
  private readonly courses: CourseBooking;
  private readonly courseInput: CourseInput;

  constructor(
    private readonly input: ReplayInput,
    private readonly compiled: Compiled,
    private readonly state: ReplayState,
    private readonly tracks: Tracks,
    private readonly calendar: Calendar,
    private readonly bookings: Bookings,
    private readonly dues: Dues,
    private readonly run: ReplayRun,
    /** The history's ids and id index (shared by every run over it). */
    index: HistoryIndex,
  ) {
    this.ids = index.ids;
    this.numbers = index.numbers;
    this.courses = new CourseBooking(tracks, this);
    this.courseInput = { lead: input.history.leads[0]!, repId: '', at: '', atMs: 0, load: 0, historical: false, index: 0 };
  }

  idOf(t: number): string {
    return this.ids[t]!;
  }

  /**
   * A lead's number for the replay's state, which asks for it on every touch and ownership read of
   * a step: nearly always the step's own lead, answered without the map (a look-up in a map of a
   * million ids was ~4 % of a replay).
   */
  numberOf(leadId: string): number | undefined {
    if (leadId === this.stepLeadId) return this.stepLead;
    const t = this.stepLead;
    return t >= 0 && this.idOf(t) === leadId ? t : this.numbers.get(leadId);
  }

  /**
   * The step's changes recorded and the leads it touched rebooked (the event's own leads first,
   * then those its changes name, each once).
   */
  afterStep(result: ReturnType<typeof step>, leads: number | readonly string[]): void {
    this.touchedCount = 0;
    // Step numbers wrap within 32 bits, skipping 0 (no step yet).
    this.stepNo = (this.stepNo + 1) >>> 0 || 1;
    if (typeof leads === 'number') this.touchTrack(leads);
    else for (const id of leads) this.touch(id);
    const totals = this.run.totals;
    if (!result.ok) {
      totals.refused++;
      return;
    }
    totals.decisions += result.decisions.length;
    let penalised = false;
    for (const c of result.changes) {
      // Read as a field (undefined where a change names no lead): `in` over a dozen change shapes was slower.
      const leadId = (c as { leadId?: string }).leadId;
      if (leadId !== undefined) this.touch(leadId);
      if (c.type === 'penalty.add') penalised = true;
      this.record(c);
    }
    // A lead a penalty released counts that penalty.
    if (penalised) {
      for (const d of result.decisions) {
        if (!d.changes.some((c) => c.type === 'penalty.add')) continue;
        for (const c of d.changes) if (c.type === 'lead.toPool' && c.reason === 'released') this.tracks.penalties[this.numbers.get(c.leadId)!]!++;
      }
    }
    // With no time-based policy there is nothing to book. A lead is read from the state once for both.
    const { touched, touchedCount } = this;
    const clocked = this.compiled.leadClocks.length + this.compiled.repClocks.length > 0;
    const releases = this.compiled.releasesClosed;
    if (!clocked && !releases) return;
    for (let i = 0; i < touchedCount; i++) {
      const t = touched[i]!;
      const lead = this.state.lead(this.idOf(t));
      if (lead === undefined) continue;
      if (clocked) this.dues.rebook(t, lead, this.nowMs);
      if (releases) this.letGo(t, lead);
    }
  }

  /** A booking about lead `t` (not its tick): counted, so the lead is let go only once none is left. */
  bookFor(t: number, at: number, kind: BookingKind, course: number, text?: string, type?: string): void {
    this.tracks.addPending(t, 1);
    this.calendar.book(at, this.bookings.add(kind, t, course, text, type));
  }

  /**
   * Lets the engine's state go of lead `t` once it is closed, nothing about it is booked (no
   * follow-up, outcome, return or tick) and the policies read no lead but the event's own
   * (Compiled.releasesClosed): nothing will ask about it again, and at a million leads the closed
   * leads' objects were most of the state. What its result needs is in its track; its final owner
   * is noted as it goes. `lead` is its state now, when the caller has it.
   */
  letGo(t: number, lead?: Lead): void {
    const { tracks } = this;
    if (!this.compiled.releasesClosed || tracks.pending(t) !== 0 || tracks.booked(t) || tracks.released(t)) return;
    const leadId = this.idOf(t);
    const now = lead ?? this.state.lead(leadId);
    if (now === undefined || (now.status !== 'won' && now.status !== 'lost')) return;
    const owner = now.ownerId;
    if (this.state.forgetLead(leadId)) tracks.setReleased(t, owner);
  }

  /** Rebooks the lead with this id, if the replay follows it. */
  rebook(leadId: string): void {
    const t = this.numbers.get(leadId);
    if (t === undefined) return;
    const lead = this.state.lead(leadId);
    if (lead) this.dues.rebook(t, lead, this.nowMs);
  }

  /** Adds a lead to the step's touched leads unless it is there (a lead the replay does not follow is not rebooked). */
  private touch(leadId: string): void {
    // Most changes name the event's own lead: no look-up for it.
    const first = this.touchedCount > 0 ? this.touched[0]! : -1;
    if (first >= 0 && this.idOf(first) === leadId) return;
    const t = this.numbers.get(leadId);
    if (t !== undefined) this.touchTrack(t);
  }

  /** The lead's number: most changes name the step's own lead, which is first in `touched`. */
  private trackOf(leadId: string): number | undefined {
    const first = this.touchedCount > 0 ? this.touched[0]! : -1;
    return first >= 0 && this.idOf(first) === leadId ? first : this.numbers.get(leadId);
  }

  /**
   * A step touches one lead or a few: those are found by a scan of `touched` (no read of a column
   * at a lead's place, a cache miss at a million leads). Past SCANNED leads (a rep's tick) the
   * `touchedIn` column marks them instead, so a long list costs no quadratic scan.
   */
  private touchTrack(t: number): void {
    const { touched } = this;
    const n = this.touchedCount;
    if (n <= SCANNED) {
      for (let i = 0; i < n; i++) if (touched[i] === t) return;
      this.addTouched(t);
      if (n === SCANNED) for (let i = 0; i <= n; i++) this.tracks.touchedIn[touched[i]!] = this.stepNo;
      return;
    }
    if (this.tracks.touchedIn[t] === this.stepNo) return;
    this.tracks.touchedIn[t] = this.stepNo;
    this.addTouched(t);
  }

  private addTouched(t: number): void {
    if (this.touchedCount < this.touched.length) this.touched[this.touchedCount] = t;
    else this.touched.push(t);
    this.touchedCount++;
  }

  private record(c: StateChange): void {
    switch (c.type) {
      case 'lead.assign':
        this.assigned(c);
        return;
      case 'lead.toPool':
      case 'lead.queue': {
        const t = this.trackOf(c.leadId);
        if (t === undefined) return;
        this.drop(t);
        if (c.type === 'lead.toPool' && c.reason === 'reclaimed') this.tracks.reclaimed[t]!++;
        if (returnsToPool(c) && this.compiled.reroutes) this.bookFor(t, this.nowMs, RETURNED, 0);
        return;
      }
      case 'lead.remind': {
        const t = this.trackOf(c.leadId);
        if (t !== undefined) this.tracks.reminders[t]!++;
        return;
      }
      case 'penalty.add':
        this.repRow(c.penalty.repId).penalties++;
        return;
      default:
        return;
    }
  }

  /** A lead given to a rep: their course starts (the behaviour says what they do with it). */
  private assigned(c: Extract<StateChange, { type: 'lead.assign' }>): void {
    const t = this.trackOf(c.leadId);
    if (t === undefined) return;
    const { tracks } = this;
    const rep = this.state.rep(c.repId);
    const load = Math.max(0, this.state.openLoad(c.repId) - 1);
    const now = c.at === this.stepAt;
    if (tracks.assignments[t]!++ === 0) {
      tracks.setFirst(t, c.repId, c.nodeId);
      if (now && this.stepAtFormatted) tracks.assignedAt.setMs(t, this.nowMs);
      else tracks.assignedAt.set(t, c.at);
    } else tracks.rerouted[t]!++;
    tracks.loadAtAssign[t] = load;
    const row = this.repRow(c.repId);
    row.assigned++;
    if (rep?.cap !== undefined && load >= rep.cap) {
      row.capViolations++;
      this.run.totals.capViolations++;
    }
    this.drop(t);
    tracks.setHolder(t, c.repId);
    const lead = this.input.history.leads[t]!;
    const from = now ? this.nowMs : parseInstant(c.at);
    // The course is booked as the behaviour writes it (CourseBooking): no course object is kept.
    const input = this.courseInput;
    input.lead = lead;
    input.repId = c.repId;
    input.at = c.at;
    input.atMs = from;
    input.load = load;
    input.historical = c.repId === lead.ownerRepId;
    input.index = t;
    this.courses.begin(t, from);
    writeCourse(this.input.behaviour, input, this.courses);
  }

  /** The holder loses the lead: what was left of their course never happens. */
  drop(t: number): void {
    this.tracks.setHolder(t, undefined);
    this.tracks.endCourse(t);
  }

  private repRow(repId: string) {
    this.run.perRep[repId] ??= { assigned: 0, capViolations: 0, penalties: 0 };
    return this.run.perRep[repId];
  }
}
