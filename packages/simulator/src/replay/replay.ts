import { type InMemoryState, routableReps, step, type StepEvent, type StepInput } from '@sluice/engine';
import { RECORD_I32 } from './leadRecords.js';
import type { ReplayRun } from '../types.js';
import { isoFormatter } from '../world/instants.js';
import { ACTIVITY, type BookingKind, Bookings, OUTCOME, REP_TICK, RETURNED, STAGE, tickedLead } from './bookings.js';
import { Bookkeeping } from './bookkeeping.js';
import { Dues } from './dues.js';
import { EVENT_ID, ReusedEvents } from './events.js';
import { Interned } from './interned.js';
import { Calendar } from './calendar.js';
import { ListedResults } from '../listedResults.js';
import { TrackedResults } from './trackedResults.js';
import { compileAll, lastInstant, ReplayInputError, startState, type Compiled } from './setup.js';
import { HistoryIndex } from './historyIndex.js';
import { ReplayState } from './state.js';
import { Tracks } from './tracks.js';
import type { ReplayInput } from './types.js';

const MINUTE_MS = 60_000;
/** Leads arriving in a bucket of the calendar, on average: a few hundred bookings a bucket. */
const LEADS_PER_BUCKET = 128;
/** Arrivals read ahead at a time (a power of 2). */
const ARRIVALS_AHEAD = 64;

/** The calendar's bucket width for a history whose leads arrive at these instants (ms). */
function bucketWidth(createdMs: Float64Array): number {
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let t = 0; t < createdMs.length; t++) {
    const at = createdMs[t]!;
    if (at < first) first = at;
    if (at > last) last = at;
  }
  const width = ((last - first) / createdMs.length) * LEADS_PER_BUCKET;
  return width >= 1 && Number.isFinite(width) ? width : MINUTE_MS;
}
/**
 * Replays a history through a set of policies: a discrete-event loop in time order over the
 * engine's in-memory state, every event and tick decided by the engine's `step` (no second copy of
 * policy semantics). Leads arrive at their creation time; whoever a policy gives a lead to follows
 * the course the behaviour returns (follow-ups as `activity.logged`, the outcome as `deal.won` /
 * `deal.lost`) for as long as they hold it. Time-based rules fire from a calendar of due instants
 * (the engine's next due, rebooked after every step that touches a lead), never a scan of the clock.
 */
export function replay(input: ReplayInput): ReplayRun {
  // The results are read from the tracks once the replay (the engine's state, the calendar, the
  // index by id) is let go: no object per lead is made unless a reader asks for one.
  const { run, tracks } = new Replay(input).run();
  run.leads = new TrackedResults(tracks);
  return run;
}

class Replay {
  private readonly compiled: Compiled;
  /** The history's creation instants, ids and arrival order (HistoryIndex: the caller's, shared, or made here). */
  private readonly index: HistoryIndex;
  private readonly state: ReplayState;
  /** Every lead the replay follows, by its place in the history. */
  private readonly tracks: Tracks;
  /**
   * What is booked, as numbers: a lead's tick (leadTickItem) or a row of `bookings`. A lead's tick
   * knows its slot (tickSlot), so a rebooking moves it instead of leaving a superseded one behind.
   */
  private readonly calendar: Calendar;
  /** Rep, node, kind and stage ids as numbers, one table for tracks, bookings and state: a follow-up's holder and type are then the touch's numbers too. */
  private readonly texts = new Interned();
  private readonly bookings = new Bookings(this.texts);
  private readonly dues: Dues;
  /** What each step did, recorded (see Bookkeeping). */
  private readonly book: Bookkeeping;
  private readonly endMs: number;
  private readonly run_: ReplayRun;
  private nowMs = Number.NEGATIVE_INFINITY;
  /** `nowMs` as ISO text, formatted once per instant (several events share one). */
  private nowIso = '';
  private nowIsoMs = Number.NaN;
  private readonly formatIso = isoFormatter();
  private readonly events = new ReusedEvents();
  /** The step's input, filled in again for every step (step reads it at once and keeps none of it). */
  private readonly stepInput: StepInput;
  private readonly engineState: InMemoryState;
  /** The leads of the bucket being warmed (see warm), and what its reads add up to (kept, so no read is dropped as unused). */
  private warmLeads = new Int32Array(256);
  private warmed = 0;

  constructor(private readonly input: ReplayInput) {
    const { history, label } = input;
    this.compiled = input.compiled ?? compileAll(input.policies, label);
    this.index = HistoryIndex.of(history, input.index);
    this.tracks = new Tracks(history.leads, input.keepActivities === true, this.texts, this.index);
    const ticks = this.tracks.tickSlots();
    this.calendar = new Calendar({ ...ticks, width: bucketWidth(this.index.createdMs), warm: (items, count) => this.warm(items, count) });
    const engineState = (this.engineState = startState(history, this.compiled.policies, input.timeZone, input.calendars ?? []));
    // Room for the touches the run will log: about as many as the history lists, and for a history
    // that lists none here (the benchmark keeps them as rows beside it) about 2.5 a lead, as a
    // generated one logs: growing the rows later copies them all.
    const touches = history.activities.length > 0 ? history.activities.length : Math.round(2.5 * history.leads.length);
    this.state = new ReplayState(engineState, (id) => this.book.numberOf(id), history.leads.length, touches, this.texts, this.tracks.records);
    const recheckMs = (input.recheckMinutes ?? 60) * MINUTE_MS;
    if (!(recheckMs > 0)) throw new ReplayInputError({ en: 'recheckMinutes must be above 0', zh: 'recheckMinutes 必须大于 0' });
    this.dues = new Dues(this.compiled, this.state, this.calendar, this.bookings, this.tracks, recheckMs);
    this.endMs = input.until === undefined ? lastInstant(history) : Date.parse(input.until);
    if (input.until !== undefined && !Number.isFinite(this.endMs))
      throw new ReplayInputError({ en: `until is not an instant: ${input.until}`, zh: `until 不是有效时间：${input.until}` });
    const perRep: ReplayRun['perRep'] = {};
    for (const r of history.reps) perRep[r.id] = { assigned: 0, capViolations: 0, penalties: 0 };
    this.run_ = {
      policyLabel: label,
      leads: new ListedResults([]),
      totals: { events: 0, ticks: 0, decisions: 0, capViolations: 0, refused: 0 },
      perRep,
      routable: routableReps(input.policies, history),
    };
    this.book = new Bookkeeping(input, this.compiled, this.state, this.tracks, this.calendar, this.bookings, this.dues, this.run_, this.index);
    engineState.numberLeads((id) => this.book.numberOf(id), history.leads.length);
    this.stepInput = { policies: this.compiled.policies, state: this.state, event: this.events.leadTickOf('', ''), now: 0, nowIso: undefined, explain: false };
  }

  /** The run's totals, and every lead's track in history order, each let go with who owns it at the end. */
  run(): { run: ReplayRun; tracks: Tracks } {
    const { onProgress } = this.input;
    const { tracks, book } = this;
    const { arrivals } = this.index;
    // Arrivals come in creation order (history order among equal instants: a stable sort), not
    // from the calendar: at one instant they go first (as if booked before everything else), and
    // the calendar stays as small as the open work.
    const total = tracks.count;
    const every = Math.max(1, Math.floor(total / 100));
    let created = 0;
    for (;;) {
      const next = created < total ? (arrivals ? arrivals[created]! : created) : -1;
      const arrivalAt = next >= 0 ? tracks.createdMs[next]! : Number.POSITIVE_INFINITY;
      const bookedAt = this.calendar.peekAt();
      if (arrivalAt <= bookedAt) {
        if (!(arrivalAt <= this.endMs)) break;
        this.setNow(arrivalAt);
        if ((created & (ARRIVALS_AHEAD - 1)) === 0) this.warmArrivals(created + ARRIVALS_AHEAD);
        this.create(next);
        if (++created % every === 0) onProgress?.(created, total);
      } else {
        if (!(bookedAt <= this.endMs)) break;
        const b = this.calendar.take()!;
        this.setNow(bookedAt);
        this.handle(b);
      }
    }
    // Leads created after `until` never arrive: the run is still done.
    if (created < total || created % every !== 0) onProgress?.(total, total);
    // The run is over: every lead the engine's state still holds is let go with its owner, where
    // the results read a lead's final owner (a column of numbers, not an array of a million texts).
    for (let t = 0; t < tracks.count; t++) {
      if (tracks.released(t)) continue;
      // The state finds lead t by its number, not by a look-up of its id.
      book.stepLead = t;
      book.stepLeadId = book.idOf(t);
      tracks.setReleased(t, this.state.lead(book.stepLeadId)?.ownerId);
    }
    return { run: this.run_, tracks };
  }

  /**
   * A bucket of the calendar comes up: the records and stored leads its bookings concern are read
   * now, pass by pass, so the cache misses of a few hundred leads overlap (each pass's reads are
   * independent of one another) instead of stalling one step at a time as each is taken.
   */
  private warm(items: Int32Array, count: number): void {
    if (this.warmLeads.length < count) this.warmLeads = new Int32Array(2 * count);
    const leads = this.warmLeads;
    const { bookings } = this;
    for (let i = 0; i < count; i++) {
      const item = items[i]!;
      leads[i] = item < 0 ? -1 - item : bookings.lead(item);
    }
    const { i32 } = this.tracks.records;
    const { ids } = this.index;
    const state = this.engineState;
    let sum = 0;
    for (let i = 0; i < count; i++) {
      const t = leads[i]!;
      if (t < 0) continue;
      // The lead's record, its id (the state compares it with the id it looked up last) and its stored lead.
      sum += i32[RECORD_I32 * t]! + ids[t]!.length;
      if (state.numberedLead(t)?.ownerId !== undefined) sum++;
    }
    this.warmed += sum;
  }

  /** The history's leads arriving from the `from`th on (ARRIVALS_AHEAD of them), read ahead as in `warm`: their data, ids and records. */
  private warmArrivals(from: number): void {
    const { arrivals, ids } = this.index;
    const { leads } = this.input.history;
    const { i32 } = this.tracks.records;
    const end = Math.min(from + ARRIVALS_AHEAD, ids.length);
    let sum = 0;
    for (let k = from; k < end; k++) {
      const t = arrivals ? arrivals[k]! : k;
      sum += i32[RECORD_I32 * t]! + ids[t]!.length;
      // A field read of the attributes object itself (create copies it next): its header and first
      // fields come in now. One more read here was ~1.5 % of a replay quicker (repeat.bench, alternating rounds).
      if ((leads[t]!.attributes as { id?: unknown }).id !== undefined) sum++;
    }
    this.warmed += sum;
  }

  private setNow(ms: number): void {
    this.nowMs = ms;
    this.book.nowMs = ms;
  }

  private handle(item: number): void {
    const ticked = tickedLead(item);
    if (ticked >= 0) {
      this.leadTick(ticked);
      return;
    }
    // The row's fields are read and the row freed before the step, which may book into it again.
    const { bookings } = this;
    const kind = bookings.kind(item);
    const t = bookings.lead(item);
    const course = bookings.course(item);
    const text = bookings.text(item);
    const type = bookings.type(item);
    const typeNumber = bookings.typeNumber(item);
    bookings.release(item);
    if (kind === REP_TICK) {
      this.repTick(text!);
      return;
    }
    this.tracks.addPending(t, -1);
    this.handleLead(kind, t, course, text, type, typeNumber);
    this.book.letGo(t);
  }

  private handleLead(kind: BookingKind, t: number, course: number, text: string | undefined, type: string | undefined, typeNumber: number): void {
    switch (kind) {
      case ACTIVITY:
        // A follow-up is always booked with its type.
        this.followUp(t, course, text, type!, typeNumber);
        break;
      case STAGE:
        if (this.holds(t, course)) {
          const leadId = this.book.idOf(t);
          this.decide({ id: EVENT_ID.stage, type: 'stage.changed', at: this.iso(), leadId, stage: { to: text! } }, t, true);
        }
        break;
      case OUTCOME:
        this.close(t, course);
        break;
      case RETURNED: {
        // Back in a pool, the CRM reports it and routing may give it out again (a re-route).
        const leadId = this.book.idOf(t);
        const lead = this.state.lead(leadId);
        if (lead && !lead.ownerId && (lead.status ?? 'open') === 'open') {
          this.decide({ id: EVENT_ID.returned, type: 'lead.returned_to_pool', at: this.iso(), leadId }, t, true);
        }
        break;
      }
    }
  }

  private create(t: number): void {
    const lead = this.input.history.leads[t]!;
    // Object.assign copies on V8's fast path where a spread of an unseen shape does not; an
    // attribute named __proto__ must stay a field, which only the spread does.
    const data: Record<string, unknown> = Object.hasOwn(lead.attributes, '__proto__') ? { ...lead.attributes } : Object.assign({}, lead.attributes);
    data.id = lead.id;
    data.createdAt = lead.createdAt;
    if (lead.amount !== undefined) data.expectedAmount = lead.amount;
    if (this.input.keepHistoricalOwner && lead.ownerRepId !== undefined) Object.assign(data, { ownerId: lead.ownerRepId, ownedSince: lead.createdAt });
    const { oddCreated } = this.tracks;
    const formatted = oddCreated.size === 0 || !oddCreated.has(t);
    this.decide({ id: EVENT_ID.created, type: 'lead.created', at: lead.createdAt, lead: data as StepEvent['lead'] }, t, formatted);
  }

  /**
   * Whether the course is still the lead's: its rep holds it yet. `holder` is the owner the state
   * records without asking it: only a lead.assign gives a lead an owner and only a lead.toPool takes
   * it away, and the replay reads every change a step makes (Bookkeeping.record), so it sets and
   * clears `holder` with them.
   */
  private holds(t: number, course: number): boolean {
    return this.tracks.course(t) === course && this.tracks.holder(t) !== undefined;
  }

  /** A follow-up comes up: its text as booked, or (none booked) the formatter's for now, its instant. */
  private followUp(t: number, course: number, text: string | undefined, type: string, typeNumber: number): void {
    if (!this.holds(t, course)) return;
    const { tracks } = this;
    const leadId = this.book.idOf(t);
    const repId = tracks.holder(t)!;
    const at = text ?? this.iso();
    if (!tracks.firstContactAt.has(t)) {
      if (text === undefined) tracks.firstContactAt.setMs(t, this.nowMs);
      else tracks.firstContactAt.set(t, at);
    }
    if (tracks.activities) (tracks.activities[t] ??= []).push({ at, repId, type });
    // Its rep and type are numbers here already (its instant: decide tells the state, as for every event).
    this.state.touchesBy(tracks.holderNumber(t), typeNumber);
    this.decide(this.events.followUpOf(at, leadId, repId, type), t, text === undefined);
  }

  private close(t: number, course: number): void {
    if (!this.holds(t, course)) return;
    const leadId = this.book.idOf(t);
    const outcome = this.tracks.outcome(t);
    const amount = outcome === 'won' ? this.tracks.amount(t) : undefined;
    this.decide(this.events.closeOf(outcome === 'won' ? 'deal.won' : 'deal.lost', this.iso(), leadId, amount), t, true);
  }

  /** The lead's tick comes up (a rebooking moved it, an event that left nothing due took it off). */
  private leadTick(t: number): void {
    const leadId = this.book.idOf(t);
    this.tracks.setDueAt(t, Number.NaN);
    this.tracks.setLastTickAt(t, this.nowMs);
    this.run_.totals.ticks++;
    this.decide(this.events.leadTickOf(this.iso(), leadId), t, true, this.compiled.leadTicks);
  }

  private repTick(repId: string): void {
    const booked = this.dues.repTick(repId, this.nowMs);
    if (!booked) return;
    if (!booked.due) {
      for (const id of booked.related) this.book.rebook(id);
      return;
    }
    this.run_.totals.ticks++;
    // The rep's leads are rebooked after it, still due or not.
    this.decide({ id: EVENT_ID.tick, type: 'tick', at: this.iso(), repId }, booked.related, true, this.compiled.repTicks);
  }

  /**
   * One event through the engine's step, then what it did recorded and the leads it touched
   * rebooked (Bookkeeping). The decisions come without their explanation: the replay reads only
   * changes. `formatted`: the event's text is the formatter's for nowMs.
   */
  private decide(event: StepEvent, leads: number | readonly string[], formatted: boolean, policies = this.compiled.policies): void {
    const { book } = this;
    book.stepLead = typeof leads === 'number' ? leads : -1;
    // The event names lead `leads` by the very id the replay listed it under (idOf, the history's).
    book.stepLeadId = typeof leads === 'number' ? (event.leadId ?? event.lead?.id) : undefined;
    // Every event's text is an instant that parses to nowMs (an arrival's createdAt, a follow-up's
    // booked text, or nowMs formatted), except nowMs formatted when it is not a whole millisecond.
    book.stepAt = Number.isInteger(this.nowMs) ? event.at : undefined;
    book.stepAtFormatted = formatted;
    const input = this.stepInput;
    input.policies = policies;
    input.event = event;
    input.now = this.nowMs;
    // Read as nowMs, not parsed: by the state, the text the step's touch or assignment stamps (the
    // event's, when it parses to a whole nowMs); by the step, toISOString's (formatted).
    if (book.stepAt !== undefined) this.state.touchesAt(event.at, this.nowMs);
    input.nowIso = formatted ? book.stepAt : undefined;
    const result = step(input);
    if (event.type !== 'tick') this.run_.totals.events++;
    book.afterStep(result, leads);
  }

  private iso(): string {
    if (this.nowIsoMs !== this.nowMs) {
      this.nowIso = this.formatIso(this.nowMs);
      this.nowIsoMs = this.nowMs;
    }
    return this.nowIso;
  }
}
