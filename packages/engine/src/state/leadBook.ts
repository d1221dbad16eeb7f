import type { Lead, OwnershipRecord } from '../types/domain.js';
import type { StateChange } from '../types/state.js';
import { localTime } from '../types/localTime.js';
import { push } from './collections.js';
import type { MatchIndex } from './matchIndex.js';
import type { StateSnapshot } from './snapshot.js';

type Change<T extends StateChange['type']> = Extract<StateChange, { type: T }>;

/**
 * Leads and who holds them: the leads, each owner's open leads, the ownership history (by lead and
 * by the rep who started it), open loads, leads received per day, and scheduled checks. Every
 * lead write goes through `setLead`, so the owner index stays right.
 */
export class LeadBook {
  readonly leads = new Map<string, Lead>();
  /** Owner → their leads by id, holding the current lead object: a tick walks these without lookups. */
  readonly ownedBy = new Map<string, Map<string, Lead>>();
  readonly ownership = new Map<string, OwnershipRecord[]>();
  readonly startedBy = new Map<string, OwnershipRecord[]>();
  readonly loads = new Map<string, number>();
  readonly assigned = new Map<string, Map<string, number>>();
  readonly schedule = new Map<string, { due: string; nodeId: string; step: number }>();
  // The local day of the last assignment's instant: a burst of assignments shares one `at`, and
  // Date.parse + localTime cost more than the rest of an assignment's bookkeeping.
  private dayOfAt = '';
  private dayAt = '';

  constructor(
    private readonly zone: string,
    /** Told of every lead write: it keeps its lead keys with the leads. */
    private readonly matches: MatchIndex,
  ) {}

  load(snapshot: Pick<StateSnapshot, 'reps' | 'leads' | 'ownership' | 'assigned'>): void {
    for (const rep of snapshot.reps) this.loads.set(rep.id, rep.openLoad);
    for (const l of snapshot.leads) this.setLead(l);
    for (const [repId, days] of Object.entries(snapshot.assigned)) this.assigned.set(repId, new Map(Object.entries(days)));
    for (const o of snapshot.ownership) this.addOwnership(o);
  }

  setLead(lead: Lead): void {
    const prior = this.leads.get(lead.id);
    if (prior?.ownerId && prior.ownerId !== lead.ownerId) this.ownedBy.get(prior.ownerId)?.delete(lead.id);
    if (lead.ownerId) {
      let owned = this.ownedBy.get(lead.ownerId);
      if (!owned) this.ownedBy.set(lead.ownerId, (owned = new Map()));
      owned.set(lead.id, lead);
    }
    this.matches.leadWritten(prior, lead);
    this.leads.set(lead.id, lead);
  }

  /** The lead as stored, or a bare one for a change about a lead nobody sent. */
  get(leadId: string): Lead {
    return this.leads.get(leadId) ?? { id: leadId };
  }

  assign(c: Change<'lead.assign'>): void {
    this.endOwnership(c.leadId, c.previousOwnerId, c.at, 'reassigned');
    // One holder per lead (holder.ts): the new owner takes it out of any pool and queue.
    const prior = this.leads.get(c.leadId);
    this.setLead(
      prior
        ? withFields(withoutQueue(prior), { ownerId: c.repId, poolId: null, ownedSince: c.at })
        : { id: c.leadId, ownerId: c.repId, poolId: null, ownedSince: c.at },
    );
    this.addLoad(c.repId, 1);
    const day = this.localDay(c.at);
    const days = this.assigned.get(c.repId) ?? new Map<string, number>();
    days.set(day, (days.get(day) ?? 0) + 1);
    this.assigned.set(c.repId, days);
    this.addOwnership({ leadId: c.leadId, repId: c.repId, from: c.at, via: c.via ?? 'assigned' });
    this.schedule.delete(c.leadId);
  }

  toPool(c: Change<'lead.toPool'>): void {
    this.endOwnership(c.leadId, c.previousOwnerId, c.at, c.reason ?? 'reclaimed');
    // Back in a pool, it no longer waits for a manager either.
    this.setLead(withFields(withoutQueue(this.get(c.leadId)), { ownerId: null, poolId: c.poolId }));
  }

  queue(c: Change<'lead.queue'>): void {
    // A lead waiting for a manager is not claimable: it leaves its pool (an exhausted S13
    // cascade used to leave it in the last tier's pool and the queue at once).
    this.setLead(withFields(this.get(c.leadId), { poolId: null, queueId: c.queueId }));
  }

  scheduleCheck(c: Change<'lead.schedule'>): void {
    // The lead carries where it stands (a cascade's tier), so the node can read it back; a
    // negative step closes it and leaves nothing to wake up for.
    this.setLead(withFields(this.get(c.leadId), { cascade: { nodeId: c.nodeId, step: c.step, due: c.due } }));
    if (c.step < 0) this.schedule.delete(c.leadId);
    else this.schedule.set(c.leadId, { due: c.due, nodeId: c.nodeId, step: c.step });
  }

  /** Fields set on the lead as they are (decided facts, reported facts). */
  set(leadId: string, fields: Partial<Lead>): void {
    this.setLead(withFields(this.get(leadId), fields));
  }

  /** Stores a lead as the CRM sent it (events carry lead data; the state keeps the latest). */
  upsert(lead: Lead): void {
    const prior = this.leads.get(lead.id);
    // An owner the CRM reports (a claim made in the CRM) takes the lead out of the pool and queue
    // it sat in, unless the CRM names those too: one holder per lead (holder.ts).
    const base = prior && lead.ownerId ? withFields(withoutQueue(prior), lead.poolId === undefined && prior.poolId ? { poolId: null } : {}) : prior;
    this.setLead(base ? withFields(base, lead) : lead);
  }

  /** A touch moves the lead's lastActivityAt forward, never back. */
  touched(leadId: string, at: string): void {
    const lead = this.leads.get(leadId);
    if (lead && (!lead.lastActivityAt || Date.parse(lead.lastActivityAt) < Date.parse(at))) this.setLead(withFields(lead, { lastActivityAt: at }));
  }

  /** The local day (YYYY-MM-DD in the state's zone) of an instant. */
  private localDay(at: string): string {
    if (at !== this.dayAt) {
      this.dayOfAt = localTime(Date.parse(at), this.zone).day;
      this.dayAt = at;
    }
    return this.dayOfAt;
  }

  addLoad(repId: string, delta: number): void {
    this.loads.set(repId, (this.loads.get(repId) ?? 0) + delta);
  }

  /** A deep enough copy: ownership records are ended in place, so they are copied (once, shared by both indexes). */
  clone(matches: MatchIndex): LeadBook {
    const b = new LeadBook(this.zone, matches);
    for (const [k, v] of this.leads) b.leads.set(k, v);
    for (const [k, v] of this.ownedBy) b.ownedBy.set(k, new Map(v));
    const copies = new Map<OwnershipRecord, OwnershipRecord>();
    const copy = (o: OwnershipRecord) => copies.get(o) ?? copies.set(o, { ...o }).get(o)!;
    for (const [k, list] of this.ownership) b.ownership.set(k, list.map(copy));
    for (const [k, list] of this.startedBy) b.startedBy.set(k, list.map(copy));
    for (const [k, v] of this.loads) b.loads.set(k, v);
    for (const [k, v] of this.assigned) b.assigned.set(k, new Map(v));
    for (const [k, v] of this.schedule) b.schedule.set(k, v);
    return b;
  }

  private addOwnership(o: OwnershipRecord): void {
    push(this.ownership, o.leadId, o);
    push(this.startedBy, o.repId, o);
  }

  private endOwnership(leadId: string, repId: string | null, at: string, reason: OwnershipRecord['endReason']): void {
    if (!repId) return;
    this.loads.set(repId, Math.max(0, (this.loads.get(repId) ?? 0) - 1));
    const open = (this.ownership.get(leadId) ?? []).findLast((o) => o.repId === repId && !o.to);
    if (open) {
      open.to = at;
      open.endReason = reason;
    }
  }
}

/**
 * A new lead object: `lead`'s fields, then `fields` over them (what `{ ...lead, ...fields }` makes).
 * Object.assign rather than a spread: leads come in many shapes, and a spread of a lead of a shape
 * it has not seen takes V8's slow path, which cost more than the rest of an assignment. A field
 * named `__proto__` (a CRM may send one) would be set as the prototype by Object.assign but kept as
 * a field by a spread: such a lead still takes the spread.
 */
export function withFields(lead: Lead, fields: Partial<Lead>): Lead {
  if (Object.hasOwn(lead, '__proto__') || Object.hasOwn(fields, '__proto__')) return { ...lead, ...fields };
  return Object.assign({}, lead, fields);
}

/** The lead without its manager-queue mark (`queueId`, set by `lead.queue`): absent means in no queue. */
function withoutQueue(lead: Lead): Lead {
  if (!('queueId' in lead)) return lead;
  const { queueId: _queue, ...rest } = lead as Lead & { queueId?: unknown };
  return rest as Lead;
}
