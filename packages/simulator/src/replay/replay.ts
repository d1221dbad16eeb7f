import { parseInstant, step, type StateChange, type StepEvent } from '@sluice/engine';
import type { ReplayLead, ReplayRun } from '../types.js';
import { isoFormatter } from '../world/instants.js';
import { ACTIVITY, type BookingKind, Bookings, OUTCOME, REP_TICK, RETURNED, STAGE, tickedLead } from './bookings.js';
import { Dues } from './dues.js';
import { Calendar } from './queue.js';
import { result } from './result.js';
import { badLead, compileAll, inCreationOrder, lastInstant, ReplayInputError, startState, type Compiled } from './setup.js';
import { ReplayState } from './state.js';
import { Tracks } from './tracks.js';
import type { ReplayInput } from './types.js';

const MINUTE_MS = 60_000;
/**
 * The ids of the events the replay makes, one per kind: an id is read only into a decision's
 * eventId, and the replay reads no decision but its count (an id made per event, its lead's id
 * and a counter in it, was ~1 % of a replay).
 */
const EVENT_ID = {
  stage: 'replay:stage',
  returned: 'replay:returned',
  created: 'replay:created',
  activity: 'replay:activity',
  closed: 'replay:closed',
  tick: 'replay:tick',
} as const;
/** How many leads a step touches before they are marked in a column rather than found by a scan. */
const SCANNED = 16;

/**
 * Replays a history through a set of policies: a discrete-event loop in time order over the
 * engine's in-memory state, every event and tick decided by the engine's `step` (no second copy of
 * policy semantics). Leads arrive at their creation time; whoever a policy gives a lead to follows
 * the course the behaviour returns (follow-ups as `activity.logged`, the outcome as `deal.won` /
 * `deal.lost`) for as long as they hold it. Time-based rules fire from a calendar of due instants
 * (the engine's next due, rebooked after every step that touches a lead), never a scan of the clock.
 */
export function replay(input: ReplayInput): ReplayRun {
  const { run, tracks, owners } = new Replay(input).run();
  // The results are made once the replay (the engine's state, the calendar, the index by id) is
  // let go, each lead's text dropped as its result is made: at a million leads, results, tracks
  // and state held all at once were the run's peak.
  const leads: ReplayLead[] = [];
  for (let i = 0; i < tracks.count; i++) {
    leads.push(result(tracks, i, owners[i]));
    tracks.release(i);
    owners[i] = undefined;
  }
  run.leads = leads;
  return run;
}

class Replay {
  private readonly compiled: Compiled;
  private readonly state: ReplayState;
  /** Every lead the replay follows, by its place in the history. */
  private readonly tracks: Tracks;
  /**
   * What is booked, as numbers: a lead's tick (leadTickItem) or a row of `bookings`. A lead's tick
   * knows its slot (tickSlot), so a rebooking moves it instead of leaving a superseded one behind.
   */
  private readonly calendar: Calendar<number>;
  private readonly bookings = new Bookings();
  /** Lead id → its place in the history. */
  private readonly numbers = new Map<string, number>();
  /**
   * Each lead's id by its place: one dense array of strings, read on every event, where the lead's
   * history object (its id one field of many, somewhere in the heap) was a cache miss each time.
   */
  private readonly ids: string[] = [];
  private readonly dues: Dues;
  private readonly endMs: number;
  private readonly run_: ReplayRun;
  private nowMs = Number.NEGATIVE_INFINITY;
  /** `nowMs` as ISO text, formatted once per instant (several events share one). */
  private nowIso = '';
  private nowIsoMs = Number.NaN;
  private readonly formatIso = isoFormatter();
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
  private stepLead = -1;
  /**
   * The instant text of the step running now, when it is known to be `nowMs` (undefined: not
   * known): an assignment at the event's own instant, as nearly all are, needs no parse of its text.
   */
  private stepAt: string | undefined;

  constructor(private readonly input: ReplayInput) {
    const { history, label } = input;
    this.compiled = compileAll(input.policies, label);
    this.tracks = new Tracks(history.leads, input.keepActivities === true);
    this.calendar = new Calendar<number>(this.tracks.tickSlot);
    const engineState = startState(history, this.compiled.policies, input.timeZone, input.calendars ?? []);
    // Room for the touches the run will log: about as many as the history lists, and for a history
    // that lists none here (the benchmark keeps them as rows beside it) about 2.5 a lead, as a
    // generated one logs: growing the rows later copies them all.
    const touches = history.activities.length > 0 ? history.activities.length : Math.round(2.5 * history.leads.length);
    this.state = new ReplayState(engineState, (id) => this.numberOf(id), history.leads.length, touches);
    const recheckMs = (input.recheckMinutes ?? 60) * MINUTE_MS;
    if (!(recheckMs > 0)) throw new ReplayInputError({ en: 'recheckMinutes must be above 0', zh: 'recheckMinutes 必须大于 0' });
    this.dues = new Dues(this.compiled, this.state, this.calendar, this.bookings, this.tracks, recheckMs);
    this.endMs = input.until === undefined ? lastInstant(history) : Date.parse(input.until);
    if (input.until !== undefined && !Number.isFinite(this.endMs))
      throw new ReplayInputError({ en: `until is not an instant: ${input.until}`, zh: `until 不是有效时间：${input.until}` });
    const perRep: ReplayRun['perRep'] = {};
    for (const r of history.reps) perRep[r.id] = { assigned: 0, capViolations: 0, penalties: 0 };
    this.run_ = { policyLabel: label, leads: [], totals: { events: 0, ticks: 0, decisions: 0, capViolations: 0, refused: 0 }, perRep };
  }

  /** The run's totals, every lead's track in history order, and who owns each lead at the end. */
  run(): { run: ReplayRun; tracks: Tracks; owners: Array<string | undefined> } {
    const { history, onProgress } = this.input;
    const { tracks } = this;
    let inTimeOrder = true;
    for (let t = 0; t < tracks.count; t++) {
      const lead = history.leads[t]!;
      const at = parseInstant(lead.createdAt);
      if (!Number.isFinite(at)) throw badLead(lead, { en: `createdAt is not an instant: ${lead.createdAt}`, zh: `创建时间不是有效时间：${lead.createdAt}` });
      tracks.createdMs[t] = at;
      this.ids.push(lead.id);
      // One look-up per lead: a repeated id leaves the map no bigger.
      const known = this.numbers.size;
      this.numbers.set(lead.id, t);
      if (this.numbers.size === known) throw badLead(lead, { en: 'the lead id appears twice in the history', zh: '该线索编号在历史数据中出现了两次' });
      if (t > 0 && at < tracks.createdMs[t - 1]!) inTimeOrder = false;
    }
    // Arrivals come in creation order (history order among equal instants: a stable sort), not
    // from the calendar: at one instant they go first (as if booked before everything else), and
    // the calendar stays as small as the open work.
    const total = tracks.count;
    const arrivals = inTimeOrder ? undefined : Int32Array.from(inCreationOrder(tracks.createdMs));
    const every = Math.max(1, Math.floor(total / 100));
    let created = 0;
    for (;;) {
      const next = created < total ? (arrivals ? arrivals[created]! : created) : -1;
      const arrivalAt = next >= 0 ? tracks.createdMs[next]! : Number.POSITIVE_INFINITY;
      const bookedAt = this.calendar.peekAt();
      if (arrivalAt <= bookedAt) {
        if (!(arrivalAt <= this.endMs)) break;
        this.nowMs = arrivalAt;
        this.create(next);
        if (++created % every === 0) onProgress?.(created, total);
      } else {
        if (!(bookedAt <= this.endMs)) break;
        const b = this.calendar.take()!;
        this.nowMs = bookedAt;
        this.handle(b);
      }
    }
    // Leads created after `until` never arrive: the run is still done.
    if (created < total || created % every !== 0) onProgress?.(total, total);
    const owners: Array<string | undefined> = [];
    for (let t = 0; t < tracks.count; t++)
      owners.push(tracks.released(t) ? tracks.ownerWhenReleased(t) : (this.state.lead(this.idOf(t))?.ownerId ?? undefined));
    return { run: this.run_, tracks, owners };
  }

  private handle(item: number): void {
    const ticked = tickedLead(item);
    if (ticked >= 0) {
      this.leadTick(ticked);
      return;
    }
    // The row's fields are read and the row freed before the step, which may book into it again.
    const { bookings } = this;
    const kind = bookings.kind[item] as BookingKind;
    const t = bookings.lead[item]!;
    const course = bookings.course[item]!;
    const text = bookings.text[item]!;
    const type = bookings.type[item]!;
    bookings.release(item);
    if (kind === REP_TICK) {
      this.repTick(text);
      return;
    }
    this.tracks.pending[t]!--;
    this.handleLead(kind, t, course, text, type);
    this.letGo(t);
  }

  private handleLead(kind: BookingKind, t: number, course: number, text: string, type: string): void {
    switch (kind) {
      case ACTIVITY:
        this.followUp(t, course, text, type);
        break;
      case STAGE:
        if (this.holds(t, course)) {
          const leadId = this.idOf(t);
          this.decide({ id: EVENT_ID.stage, type: 'stage.changed', at: this.iso(), leadId, stage: { to: text } }, t);
        }
        break;
      case OUTCOME:
        this.close(t, course);
        break;
      case RETURNED: {
        // Back in a pool, the CRM reports it and routing may give it out again (a re-route).
        const leadId = this.idOf(t);
        const lead = this.state.lead(leadId);
        if (lead && !lead.ownerId && (lead.status ?? 'open') === 'open') {
          this.decide({ id: EVENT_ID.returned, type: 'lead.returned_to_pool', at: this.iso(), leadId }, t);
        }
        break;
      }
    }
  }

  /** A booking about lead `t` (not its tick): counted, so the lead is let go only once none is left. */
  private bookFor(t: number, at: number, kind: BookingKind, course: number, text?: string, type?: string): void {
    this.tracks.pending[t]!++;
    this.calendar.book(at, this.bookings.add(kind, t, course, text, type));
  }

  /**
   * Lets the engine's state go of lead `t` once it is closed, nothing about it is booked (no
   * follow-up, outcome, return or tick) and the policies read no lead but the event's own
   * (Compiled.releasesClosed): nothing will ask about it again, and at a million leads the closed
   * leads' objects were most of the state. What its result needs is in its track; its final owner
   * is noted as it goes.
   */
  private letGo(t: number): void {
    const { tracks } = this;
    if (!this.compiled.releasesClosed || tracks.pending[t] !== 0 || tracks.booked(t) || tracks.released(t)) return;
    const leadId = this.idOf(t);
    const lead = this.state.lead(leadId);
    if (lead === undefined || (lead.status !== 'won' && lead.status !== 'lost')) return;
    const owner = lead.ownerId;
    if (this.state.forgetLead(leadId)) tracks.setReleased(t, owner);
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
    this.decide({ id: EVENT_ID.created, type: 'lead.created', at: lead.createdAt, lead: data as StepEvent['lead'] }, t);
  }

  /**
   * Whether the course is still the lead's: its rep holds it yet. `holder` is the owner the state
   * records without asking it: only a lead.assign gives a lead an owner and only a lead.toPool takes
   * it away, and the replay reads every change a step makes (record), so it sets and clears
   * `holder` with them.
   */
  private holds(t: number, course: number): boolean {
    return this.tracks.course[t] === course && this.tracks.holder(t) !== undefined;
  }

  private followUp(t: number, course: number, at: string, type: string): void {
    if (!this.holds(t, course)) return;
    const { tracks } = this;
    const leadId = this.idOf(t);
    const repId = tracks.holder(t)!;
    if (!tracks.firstContactAt.has(t)) tracks.firstContactAt.set(t, at);
    if (tracks.activities) (tracks.activities[t] ??= []).push({ at, repId, type });
    // The follow-up was booked at Date.parse(at), the instant now.
    this.state.touchesAt(at, this.nowMs);
    this.decide({ id: EVENT_ID.activity, type: 'activity.logged', at, leadId, repId, activity: { kind: type, at, repId } }, t);
  }

  private close(t: number, course: number): void {
    if (!this.holds(t, course)) return;
    const leadId = this.idOf(t);
    const outcome = this.tracks.outcome(t);
    const type = outcome === 'won' ? 'deal.won' : 'deal.lost';
    const event: StepEvent = { id: EVENT_ID.closed, type, at: this.iso(), leadId };
    const amount = this.tracks.amount(t);
    if (outcome === 'won' && amount !== undefined) event.amount = amount;
    this.decide(event, t);
  }

  /** The lead's tick comes up (a rebooking moved it, an event that left nothing due took it off). */
  private leadTick(t: number): void {
    const leadId = this.idOf(t);
    this.tracks.dueAt[t] = Number.NaN;
    this.tracks.lastTickAt[t] = this.nowMs;
    this.run_.totals.ticks++;
    this.decide({ id: EVENT_ID.tick, type: 'tick', at: this.iso(), leadId }, t, this.compiled.leadTicks);
  }

  private repTick(repId: string): void {
    const booked = this.dues.repTick(repId, this.nowMs);
    if (!booked) return;
    if (!booked.due) {
      for (const id of booked.related) this.rebook(id);
      return;
    }
    this.run_.totals.ticks++;
    // The rep's leads are rebooked after it, still due or not.
    this.decide({ id: EVENT_ID.tick, type: 'tick', at: this.iso(), repId }, booked.related, this.compiled.repTicks);
  }

  /**
   * One event through the engine's step, then what it did recorded and the leads it touched rebooked
   * (the event's own leads first, then those its changes name, each once). The decisions come
   * without their explanation: the replay reads only changes.
   */
  private decide(event: StepEvent, leads: number | readonly string[], policies = this.compiled.policies): void {
    this.stepLead = typeof leads === 'number' ? leads : -1;
    // Every event's text is an instant that parses to nowMs (an arrival's createdAt, a follow-up's
    // booked text, or nowMs formatted), except nowMs formatted when it is not a whole millisecond.
    this.stepAt = Number.isInteger(this.nowMs) ? event.at : undefined;
    const result = step({ policies, state: this.state, event, now: this.nowMs, explain: false });
    if (event.type !== 'tick') this.run_.totals.events++;
    this.touchedCount = 0;
    // Step numbers wrap within 32 bits, skipping 0 (no step yet).
    this.stepNo = (this.stepNo + 1) >>> 0 || 1;
    if (typeof leads === 'number') this.touchTrack(leads);
    else for (const id of leads) this.touch(id);
    if (!result.ok) {
      this.run_.totals.refused++;
      return;
    }
    this.run_.totals.decisions += result.decisions.length;
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
    // With no time-based policy there is nothing to book.
    const { touched, touchedCount } = this;
    if (this.compiled.leadClocks.length + this.compiled.repClocks.length > 0) for (let i = 0; i < touchedCount; i++) this.rebookTrack(touched[i]!);
    if (this.compiled.releasesClosed) for (let i = 0; i < touchedCount; i++) this.letGo(touched[i]!);
  }

  /** Adds a lead to the step's touched leads unless it is there (a lead the replay does not follow is not rebooked). */
  private touch(leadId: string): void {
    // Most changes name the event's own lead: no look-up for it.
    const first = this.touchedCount > 0 ? this.touched[0]! : -1;
    if (first >= 0 && this.idOf(first) === leadId) return;
    const t = this.numbers.get(leadId);
    if (t !== undefined) this.touchTrack(t);
  }

  /**
   * A lead's number for the replay's state, which asks for it on every touch and ownership read of
   * a step: nearly always the step's own lead, answered without the map (a look-up in a map of a
   * million ids was ~4 % of a replay).
   */
  private numberOf(leadId: string): number | undefined {
    const t = this.stepLead;
    return t >= 0 && this.idOf(t) === leadId ? t : this.numbers.get(leadId);
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

  private idOf(t: number): string {
    return this.ids[t]!;
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
        if (c.type === 'lead.toPool' && c.reason !== undefined && this.compiled.reroutes) this.bookFor(t, this.nowMs, RETURNED, 0);
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
    if (tracks.assignments[t]!++ === 0) {
      tracks.setFirst(t, c.repId, c.nodeId);
      tracks.assignedAt.set(t, c.at);
    } else tracks.rerouted[t]!++;
    tracks.loadAtAssign[t] = load;
    const row = this.repRow(c.repId);
    row.assigned++;
    if (rep?.cap !== undefined && load >= rep.cap) {
      row.capViolations++;
      this.run_.totals.capViolations++;
    }
    this.drop(t);
    tracks.setHolder(t, c.repId);
    const lead = this.input.history.leads[t]!;
    const from = c.at === this.stepAt ? this.nowMs : parseInstant(c.at);
    const plan = this.input.behaviour.onAssigned({ lead, repId: c.repId, at: c.at, atMs: from, load, historical: c.repId === lead.ownerRepId });
    // What the replay keeps of the course once its follow-ups are booked: how it ends (a million
    // leads' follow-up lists would be millions of objects held to the end).
    tracks.setCourse(t, plan.outcome, plan.closedAt, plan.amount, plan.pWon);
    const course = tracks.course[t]!;
    for (const a of plan.activities) {
      const at = a.ms ?? parseInstant(a.at);
      if (Number.isFinite(at) && at >= from) this.bookFor(t, at, ACTIVITY, course, a.at, a.type);
    }
    for (const m of plan.stages ?? []) {
      const at = parseInstant(m.at);
      if (Number.isFinite(at) && at >= from) this.bookFor(t, at, STAGE, course, m.stage);
    }
    const closed = plan.closedAt === undefined ? Number.NaN : (plan.closedMs ?? parseInstant(plan.closedAt));
    if (plan.outcome !== 'open' && Number.isFinite(closed)) this.bookFor(t, Math.max(closed, from), OUTCOME, course);
  }

  /** The holder loses the lead: what was left of their course never happens. */
  private drop(t: number): void {
    this.tracks.setHolder(t, undefined);
    this.tracks.course[t]!++;
  }

  private rebook(leadId: string): void {
    const t = this.numbers.get(leadId);
    if (t !== undefined) this.rebookTrack(t);
  }

  private rebookTrack(t: number): void {
    const lead = this.state.lead(this.idOf(t));
    if (lead) this.dues.rebook(t, lead, this.nowMs);
  }

  private repRow(repId: string) {
    this.run_.perRep[repId] ??= { assigned: 0, capViolations: 0, penalties: 0 };
    return this.run_.perRep[repId];
  }

  private iso(): string {
    if (this.nowIsoMs !== this.nowMs) {
      this.nowIso = this.formatIso(this.nowMs);
      this.nowIsoMs = this.nowMs;
    }
    return this.nowIso;
  }
}
