import { step, type InMemoryState, type StateChange, type StepEvent } from '@sluice/engine';
import type { History, HistoryLead, ReplayLead, ReplayRun, Words } from '../types.js';
import { Dues } from './dues.js';
import { Calendar } from './queue.js';
import { compileAll, ReplayInputError, startState, type Compiled } from './setup.js';
import type { Booking, ReplayInput, Track } from './types.js';

const MINUTE_MS = 60_000;

/**
 * Replays a history through a set of policies: a discrete-event loop in time order over the
 * engine's in-memory state, every event and tick decided by the engine's `step` (no second copy of
 * policy semantics). Leads arrive at their creation time; whoever a policy gives a lead to follows
 * the course the behaviour returns (follow-ups as `activity.logged`, the outcome as `deal.won` /
 * `deal.lost`) for as long as they hold it. Time-based rules fire from a calendar of due instants
 * (the engine's next due, rebooked after every step that touches a lead), never a scan of the clock.
 */
export function replay(input: ReplayInput): ReplayRun {
  return new Replay(input).run();
}

class Replay {
  private readonly compiled: Compiled;
  private readonly state: InMemoryState;
  private readonly calendar = new Calendar<Booking>();
  private readonly tracks = new Map<string, Track>();
  private readonly dues: Dues;
  private readonly endMs: number;
  private readonly run_: ReplayRun;
  private nowMs = Number.NEGATIVE_INFINITY;
  private seq = 0;

  constructor(private readonly input: ReplayInput) {
    const { history, label } = input;
    this.compiled = compileAll(input.policies, label);
    this.state = startState(history, this.compiled.policies, input.timeZone, input.calendars ?? []);
    const recheckMs = (input.recheckMinutes ?? 60) * MINUTE_MS;
    if (!(recheckMs > 0)) throw new ReplayInputError({ en: 'recheckMinutes must be above 0', zh: 'recheckMinutes 必须大于 0' });
    this.dues = new Dues(this.compiled, this.state, this.calendar, recheckMs);
    this.endMs = input.until === undefined ? lastInstant(history) : Date.parse(input.until);
    if (input.until !== undefined && !Number.isFinite(this.endMs))
      throw new ReplayInputError({ en: `until is not an instant: ${input.until}`, zh: `until 不是有效时间：${input.until}` });
    const perRep: ReplayRun['perRep'] = {};
    for (const r of history.reps) perRep[r.id] = { assigned: 0, capViolations: 0, penalties: 0 };
    this.run_ = { policyLabel: label, leads: [], totals: { events: 0, ticks: 0, decisions: 0, capViolations: 0, refused: 0 }, perRep };
  }

  run(): ReplayRun {
    const { history, onProgress } = this.input;
    for (const lead of history.leads) {
      const at = Date.parse(lead.createdAt);
      if (!Number.isFinite(at)) throw badLead(lead, { en: `createdAt is not an instant: ${lead.createdAt}`, zh: `创建时间不是有效时间：${lead.createdAt}` });
      if (this.tracks.has(lead.id)) throw badLead(lead, { en: 'the lead id appears twice in the history', zh: '该线索编号在历史数据中出现了两次' });
      this.tracks.set(lead.id, this.track(lead));
      this.calendar.book(at, { kind: 'created', lead });
    }
    const total = history.leads.length;
    const every = Math.max(1, Math.floor(total / 100));
    let created = 0;
    for (let b = this.calendar.next(); b !== undefined && b.at <= this.endMs; b = this.calendar.next()) {
      this.nowMs = b.at;
      this.handle(b.item);
      if (b.item.kind === 'created' && ++created % every === 0) onProgress?.(created, total);
    }
    // Leads created after `until` never arrive: the run is still done.
    if (created < total || created % every !== 0) onProgress?.(total, total);
    this.run_.leads = history.leads.map((l) => this.finish(this.tracks.get(l.id)!));
    return this.run_;
  }

  private handle(b: Booking): void {
    switch (b.kind) {
      case 'created':
        this.create(b.lead);
        break;
      case 'activity':
        this.followUp(b.leadId, b.course, b.at, b.type);
        break;
      case 'stage':
        if (this.holds(b.leadId, b.course)) {
          this.decide({ id: this.id('stage', b.leadId), type: 'stage.changed', at: this.iso(), leadId: b.leadId, stage: { to: b.stage } }, [b.leadId]);
        }
        break;
      case 'outcome':
        this.close(b.leadId, b.course);
        break;
      case 'returned': {
        // Back in a pool, the CRM reports it and routing may give it out again (a re-route).
        const lead = this.state.lead(b.leadId);
        if (lead && !lead.ownerId && (lead.status ?? 'open') === 'open') {
          this.decide({ id: this.id('returned', b.leadId), type: 'lead.returned_to_pool', at: this.iso(), leadId: b.leadId }, [b.leadId]);
        }
        break;
      }
      case 'leadTick':
        this.leadTick(b.leadId, b.version);
        break;
      case 'repTick':
        this.repTick(b.repId);
        break;
    }
  }

  /** A lead's record before it arrives (one created after `until` never does: nobody holds it). */
  private track(lead: HistoryLead): Track {
    const out: ReplayLead = { leadId: lead.id, counterfactual: false, reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0, outcome: 'open' };
    if (lead.ownerRepId !== undefined) out.historicalRepId = lead.ownerRepId;
    if (this.input.keepActivities) out.activities = [];
    return { history: lead, out, course: 0, assignments: 0, dueVersion: 0 };
  }

  private create(lead: HistoryLead): void {
    const data: Record<string, unknown> = { ...lead.attributes, id: lead.id, createdAt: lead.createdAt };
    if (lead.amount !== undefined) data.expectedAmount = lead.amount;
    if (this.input.keepHistoricalOwner && lead.ownerRepId !== undefined) Object.assign(data, { ownerId: lead.ownerRepId, ownedSince: lead.createdAt });
    this.decide({ id: this.id('created', lead.id), type: 'lead.created', at: lead.createdAt, lead: data as StepEvent['lead'] }, [lead.id]);
  }

  /** Whether the course is still the lead's: its rep holds it yet. */
  private holds(leadId: string, course: number): boolean {
    const t = this.tracks.get(leadId)!;
    return t.course === course && t.holder !== undefined && this.state.lead(leadId)?.ownerId === t.holder;
  }

  private followUp(leadId: string, course: number, at: string, type: string): void {
    if (!this.holds(leadId, course)) return;
    const t = this.tracks.get(leadId)!;
    const repId = t.holder!;
    t.out.firstContactAt ??= at;
    t.out.activities?.push({ at, repId, type });
    this.decide({ id: this.id('activity', leadId), type: 'activity.logged', at, leadId, repId, activity: { kind: type, at, repId } }, [leadId]);
  }

  private close(leadId: string, course: number): void {
    const plan = this.tracks.get(leadId)!.plan;
    if (!plan || !this.holds(leadId, course)) return;
    const type = plan.outcome === 'won' ? 'deal.won' : 'deal.lost';
    const event: StepEvent = { id: this.id('closed', leadId), type, at: this.iso(), leadId };
    if (plan.outcome === 'won' && plan.amount !== undefined) event.amount = plan.amount;
    this.decide(event, [leadId]);
  }

  private leadTick(leadId: string, version: number): void {
    const t = this.tracks.get(leadId)!;
    if (t.dueVersion !== version) return;
    t.dueAt = undefined;
    t.lastTickAt = this.nowMs;
    this.run_.totals.ticks++;
    this.decide({ id: this.id('tick', leadId), type: 'tick', at: this.iso(), leadId }, [leadId], this.compiled.leadTicks);
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
    this.decide({ id: this.id('tick', repId), type: 'tick', at: this.iso(), repId }, booked.related, this.compiled.repTicks);
  }

  /** One event through the engine's step, then what it did recorded and the leads it touched rebooked. */
  private decide(event: StepEvent, leads: readonly string[], policies = this.compiled.policies): void {
    const result = step({ policies, state: this.state, event, now: this.nowMs });
    if (event.type !== 'tick') this.run_.totals.events++;
    const touched = new Set(leads);
    if (!result.ok) {
      this.run_.totals.refused++;
      return;
    }
    this.run_.totals.decisions += result.decisions.length;
    for (const c of result.changes) {
      const leadId = 'leadId' in c ? c.leadId : undefined;
      if (leadId !== undefined) touched.add(leadId);
      this.record(c);
    }
    // A lead a penalty released counts that penalty.
    for (const d of result.decisions) {
      if (!d.changes.some((c) => c.type === 'penalty.add')) continue;
      for (const c of d.changes) if (c.type === 'lead.toPool' && c.reason === 'released') this.tracks.get(c.leadId)!.out.penalties++;
    }
    for (const id of touched) this.rebook(id);
  }

  private record(c: StateChange): void {
    switch (c.type) {
      case 'lead.assign':
        this.assigned(c);
        return;
      case 'lead.toPool':
      case 'lead.queue': {
        const t = this.tracks.get(c.leadId);
        if (!t) return;
        this.drop(t);
        if (c.type === 'lead.toPool' && c.reason === 'reclaimed') t.out.reclaimed++;
        if (c.type === 'lead.toPool' && c.reason !== undefined && this.compiled.reroutes)
          this.calendar.book(this.nowMs, { kind: 'returned', leadId: c.leadId });
        return;
      }
      case 'lead.remind': {
        const t = this.tracks.get(c.leadId);
        if (t) t.out.reminders++;
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
    const t = this.tracks.get(c.leadId);
    if (!t) return;
    const { out } = t;
    const rep = this.state.rep(c.repId);
    const load = Math.max(0, this.state.openLoad(c.repId) - 1);
    if (t.assignments++ === 0) {
      out.firstRepId = c.repId;
      out.assignedAt = c.at;
      out.decidedBy = c.nodeId;
    } else out.rerouted++;
    out.loadAtAssign = load;
    const row = this.repRow(c.repId);
    row.assigned++;
    if (rep?.cap !== undefined && load >= rep.cap) {
      row.capViolations++;
      this.run_.totals.capViolations++;
    }
    this.drop(t);
    t.holder = c.repId;
    const plan = this.input.behaviour.onAssigned({ lead: t.history, repId: c.repId, at: c.at, load, historical: c.repId === t.history.ownerRepId });
    t.plan = plan;
    const from = Date.parse(c.at);
    for (const a of plan.activities) {
      const at = Date.parse(a.at);
      if (Number.isFinite(at) && at >= from) this.calendar.book(at, { kind: 'activity', leadId: c.leadId, course: t.course, at: a.at, type: a.type });
    }
    for (const m of plan.stages ?? []) {
      const at = Date.parse(m.at);
      if (Number.isFinite(at) && at >= from) this.calendar.book(at, { kind: 'stage', leadId: c.leadId, course: t.course, stage: m.stage });
    }
    const closed = plan.closedAt === undefined ? Number.NaN : Date.parse(plan.closedAt);
    if (plan.outcome !== 'open' && Number.isFinite(closed)) this.calendar.book(Math.max(closed, from), { kind: 'outcome', leadId: c.leadId, course: t.course });
  }

  /** The holder loses the lead: what was left of their course never happens. */
  private drop(t: Track): void {
    t.holder = undefined;
    t.plan = undefined;
    t.course++;
  }

  private rebook(leadId: string): void {
    const t = this.tracks.get(leadId);
    const lead = this.state.lead(leadId);
    if (t && lead) this.dues.rebook(t, lead, this.nowMs);
  }

  private finish(t: Track): ReplayLead {
    const out = t.out;
    const owner = this.state.lead(out.leadId)?.ownerId ?? undefined;
    if (owner) out.finalRepId = owner;
    out.counterfactual = out.finalRepId !== out.historicalRepId;
    // The final holder's course decides the outcome; a lead nobody holds at the end is worked by no one.
    const plan = owner !== undefined && t.holder === owner ? t.plan : undefined;
    if (plan) {
      out.outcome = plan.outcome;
      if (plan.closedAt !== undefined) out.closedAt = plan.closedAt;
      if (plan.amount !== undefined) out.amount = plan.amount;
      if (plan.pWon !== undefined) out.pWon = plan.pWon;
    } else out.pWon = 0;
    return out;
  }

  private repRow(repId: string) {
    this.run_.perRep[repId] ??= { assigned: 0, capViolations: 0, penalties: 0 };
    return this.run_.perRep[repId];
  }

  private iso(): string {
    return new Date(this.nowMs).toISOString();
  }

  private id(kind: string, subject: string): string {
    return `replay:${kind}:${subject}:${this.seq++}`;
  }
}

/** The last instant the history records: its leads' creation and close, and its activities. */
function lastInstant(history: History): number {
  let last = Number.NEGATIVE_INFINITY;
  const see = (iso: string | undefined) => {
    const ms = iso === undefined ? Number.NaN : Date.parse(iso);
    if (ms > last) last = ms;
  };
  for (const l of history.leads) {
    see(l.createdAt);
    see(l.closedAt);
  }
  for (const a of history.activities) see(a.at);
  return last;
}

function badLead(lead: HistoryLead, why: Words): ReplayInputError {
  const where =
    lead.row === undefined
      ? { en: `lead ${lead.id}`, zh: `线索 ${lead.id}` }
      : { en: `lead ${lead.id} (row ${lead.row})`, zh: `线索 ${lead.id}（第 ${lead.row} 行）` };
  return new ReplayInputError({ en: `${where.en}: ${why.en}`, zh: `${where.zh}：${why.zh}` });
}
