import type { Lead, OwnershipRecord } from '../types/domain.js';
import type { StateChange } from '../types/state.js';
import { push } from './collections.js';
import { DailyCounts } from './dailyCounts.js';
import { KnownInstant } from './knownInstant.js';
import { editable, withFields, withoutQueue } from './leadCopy.js';
import { LeadStore } from './leadStore.js';
import { Loads } from './loads.js';
import type { MatchIndex } from './matchIndex.js';
import type { StateSnapshot } from './snapshot.js';

type Change<T extends StateChange['type']> = Extract<StateChange, { type: T }>;

/**
 * Leads and who holds them: the leads, each owner's open leads, the ownership history (by lead and
 * by the rep who started it), open loads, leads received per day, and scheduled checks. Every
 * lead write goes through `setLead`, so the owner index stays right.
 */
export class LeadBook {
  /** Read here; written only through `replace` and `forget`, which keep the memo below right. */
  readonly leads = new LeadStore();
  /**
   * The last lead looked up, by id (`memoLead` undefined: none stored): a step asks for its lead
   * four or five times (refusal, facts, the decision, each write, the next due), and at a million
   * leads each look-up in `leads` walked a cold hash chain. A one-entry memo answers the repeats
   * with a string comparison — the same string object, as a replay hands over, compares by pointer.
   * Private fields (#): the memo is no part of what the state holds, so two states holding the
   * same leads stay deep-equal whatever each looked up last.
   */
  #memoId: string | undefined;
  #memoLead: Lead | undefined;
  /**
   * Owner → their leads by id, holding the current lead object: a tick walks these without lookups.
   * Undefined while it is made only when asked (indexOwnersOnDemand) and nobody has asked yet.
   */
  private owners: Map<string, Map<string, Lead>> | undefined = new Map();
  readonly ownership = new Map<string, OwnershipRecord[]>();
  readonly startedBy = new Map<string, OwnershipRecord[]>();
  readonly loads = new Loads();
  /** The step's instant, told by the step (stepInstant): its changes' `at` read without a parse. */
  private readonly instants = new KnownInstant();
  readonly assigned: DailyCounts;
  readonly schedule = new Map<string, { due: string; nodeId: string; step: number }>();
  /** Lead writes edit the stored object where that gives the same lead (editInPlace). */
  private inPlace = false;
  /** False once the caller keeps the ownership records itself (leaveOwnershipRecords). */
  private recordsOwnership = true;

  constructor(
    private readonly zone: string,
    /** Told of every lead write: it keeps its lead keys with the leads. */
    private readonly matches: MatchIndex,
  ) {
    this.assigned = new DailyCounts(zone, this.instants);
  }

  /** `iso` is the instant `ms` (WorkingState.stepInstant). */
  stepInstant(iso: string, ms: number): void {
    this.instants.know(iso, ms);
  }

  /** Owner → their leads by id (see owners), made now from the leads if it was left until asked. */
  get ownedBy(): ReadonlyMap<string, Map<string, Lead>> {
    if (this.owners === undefined) {
      const owners = new Map<string, Map<string, Lead>>();
      this.owners = owners;
      for (const lead of this.leads.values()) if (lead.ownerId) this.ownedMap(lead.ownerId).set(lead.id, lead);
    }
    return this.owners;
  }

  /**
   * From now on the owner index is not kept up to date lead write by lead write but made from the
   * leads when first asked for (ownedLeads, leadsOwnedBy), then kept: for a caller that never asks
   * (the simulator's replay), whose writes were paying for it on every assignment and release.
   * The answers stay the same, except that `ownedLeads` then walks each owner's leads in the order
   * the leads were stored rather than the order their owners got them.
   */
  indexOwnersOnDemand(): void {
    this.owners = undefined;
  }

  load(snapshot: Pick<StateSnapshot, 'reps' | 'leads' | 'ownership' | 'assigned'>): void {
    for (const rep of snapshot.reps) this.loads.set(rep.id, rep.openLoad);
    for (const l of snapshot.leads) this.setLead(l);
    for (const [repId, days] of Object.entries(snapshot.assigned)) for (const [day, n] of Object.entries(days)) this.assigned.set(day, repId, n);
    for (const o of snapshot.ownership) this.addOwnership(o);
  }

  setLead(lead: Lead): void {
    this.replace(this.find(lead.id), lead);
  }

  /** The stored lead (undefined: none), remembered for the next look-up of the same id. */
  find(leadId: string): Lead | undefined {
    if (leadId === this.#memoId) return this.#memoLead;
    const lead = this.leads.get(leadId);
    this.#memoId = leadId;
    this.#memoLead = lead;
    return lead;
  }

  /** setLead when the stored lead (`prior`, undefined when none) is in hand already: one look-up fewer per write. */
  private replace(prior: Lead | undefined, lead: Lead): void {
    const owners = this.owners;
    if (owners !== undefined) {
      if (prior?.ownerId && prior.ownerId !== lead.ownerId) owners.get(prior.ownerId)?.delete(lead.id);
      if (lead.ownerId) this.ownedMap(lead.ownerId).set(lead.id, lead);
    }
    this.matches.leadWritten(prior, lead);
    this.leads.set(lead);
    this.#memoId = lead.id;
    this.#memoLead = lead;
  }

  /** The lead as stored, or a bare one for a change about a lead nobody sent. */
  get(leadId: string): Lead {
    return this.find(leadId) ?? { id: leadId };
  }

  assign(c: Change<'lead.assign'>): void {
    this.endOwnership(c.leadId, c.previousOwnerId, c.at, 'reassigned');
    // One holder per lead (holder.ts): the new owner takes it out of any pool and queue.
    const prior = this.find(c.leadId);
    if (this.inPlace && this.owners === undefined && prior !== undefined && !('queueId' in prior)) {
      // write's in-place edit of these three fields (none an id or match field: editable), without
      // an object to carry them or Object.assign's generic path: one per routed lead.
      prior.ownerId = c.repId;
      prior.poolId = null;
      prior.ownedSince = c.at;
    } else this.write(c.leadId, { ownerId: c.repId, poolId: null, ownedSince: c.at }, true, prior);
    this.addLoad(c.repId, 1);
    this.assigned.add(c.repId, c.at);
    this.addOwnership({ leadId: c.leadId, repId: c.repId, from: c.at, via: c.via ?? 'assigned' });
    this.schedule.delete(c.leadId);
  }

  toPool(c: Change<'lead.toPool'>): void {
    this.endOwnership(c.leadId, c.previousOwnerId, c.at, c.reason ?? 'reclaimed');
    // Back in a pool, it no longer waits for a manager either.
    this.write(c.leadId, { ownerId: null, poolId: c.poolId }, true);
  }

  queue(c: Change<'lead.queue'>): void {
    // A lead waiting for a manager is not claimable: it leaves its pool (an exhausted S13
    // cascade used to leave it in the last tier's pool and the queue at once).
    this.write(c.leadId, { poolId: null, queueId: c.queueId } as Partial<Lead>, false);
  }

  scheduleCheck(c: Change<'lead.schedule'>): void {
    // The lead carries where it stands (a cascade's tier), so the node can read it back; a
    // negative step closes it and leaves nothing to wake up for.
    this.write(c.leadId, { cascade: { nodeId: c.nodeId, step: c.step, due: c.due } }, false);
    if (c.step < 0) this.schedule.delete(c.leadId);
    else this.schedule.set(c.leadId, { due: c.due, nodeId: c.nodeId, step: c.step });
  }

  /** Fields set on the lead as they are (decided facts, reported facts). */
  set(leadId: string, fields: Partial<Lead>): void {
    this.write(leadId, fields, false);
  }

  /** Stores a copy of a lead as the CRM sent it (events carry lead data; the state keeps the latest). */
  upsert(lead: Lead): void {
    const prior = this.find(lead.id);
    // An owner the CRM reports (a claim made in the CRM) takes the lead out of the pool and queue
    // it sat in, unless the CRM names those too: one holder per lead (holder.ts).
    const base = prior && lead.ownerId ? withFields(withoutQueue(prior), lead.poolId === undefined && prior.poolId ? { poolId: null } : {}) : prior;
    // Always a copy: the lead a change carries may be the caller's own (step hands over the event's
    // lead data as it was sent), which neither a later write here nor the caller's edits may reach.
    this.replace(prior, base ? withFields(base, lead) : withFields(lead));
  }

  /** A touch moves the lead's lastActivityAt forward, never back. */
  touched(leadId: string, at: string): void {
    const lead = this.find(leadId);
    const { instants } = this;
    if (lead && (!lead.lastActivityAt || instants.of(lead.lastActivityAt) < instants.of(at))) this.write(leadId, { lastActivityAt: at }, false, lead);
  }

  /**
   * From now on, lead writes edit the stored lead object rather than replace it with a copy, when
   * that gives the same lead (see write). For a caller that owns the state alone and reads a lead
   * only until the state next changes (the simulator's replay): a lead object read earlier then
   * shows later writes. The leads stored so far are copied once, so no object a caller handed in
   * is ever edited; a clone gets copies of its own.
   */
  editInPlace(): void {
    if (this.inPlace) return;
    for (const lead of [...this.leads.values()]) this.replace(lead, withFields(lead, {}));
    this.inPlace = true;
  }

  /**
   * Forgets a lead: it leaves the leads, its owner's leads and the match index, as if never sent
   * (ownership records, loads and daily counts stay). Refused (false) for a lead waiting on a
   * scheduled check, which a tick would still look up.
   */
  forget(leadId: string): boolean {
    const lead = this.find(leadId);
    if (lead === undefined || this.schedule.has(leadId)) return false;
    if (lead.ownerId) this.owners?.get(lead.ownerId)?.delete(leadId);
    this.matches.leadForgotten(lead);
    this.leads.delete(leadId);
    this.#memoLead = undefined;
    return true;
  }

  /**
   * From now on no ownership record is written or ended here (open loads still move): the caller
   * keeps them, from the same changes (the simulator's replay keeps them as rows of numbers). Only
   * while none is stored (false, and nothing changes, otherwise): no record is ever half here.
   */
  leaveOwnershipRecords(): boolean {
    if (this.ownership.size > 0) return false;
    this.recordsOwnership = false;
    return true;
  }

  /**
   * `fields` set on the stored lead (its manager-queue mark dropped first when `dropQueue`), or on
   * a bare one when none is stored. A new object replaces it, unless leads are edited in place and
   * editing gives the same lead: no queue mark to drop, no id, match key or `__proto__` involved.
   */
  private write(leadId: string, fields: Partial<Lead>, dropQueue: boolean, prior = this.find(leadId)): void {
    if (this.inPlace && prior !== undefined && editable(prior, fields, dropQueue)) {
      const owners = this.owners;
      // The owner is read only for the owner index: leads come in many shapes, so each read is a
      // megamorphic look-up, and a replay (which indexes owners on demand) writes a lead every step.
      const formerOwner = owners === undefined ? undefined : prior.ownerId;
      Object.assign(prior, fields);
      if (owners !== undefined && formerOwner !== prior.ownerId) {
        if (formerOwner) owners.get(formerOwner)?.delete(leadId);
        if (prior.ownerId) this.ownedMap(prior.ownerId).set(leadId, prior);
      }
      return;
    }
    const base = prior ?? { id: leadId };
    const next = withFields(dropQueue ? withoutQueue(base) : base, fields);
    this.replace(next.id === leadId ? prior : this.find(next.id), next);
  }

  private ownedMap(repId: string): Map<string, Lead> {
    const owners = this.owners!;
    let owned = owners.get(repId);
    if (!owned) owners.set(repId, (owned = new Map()));
    return owned;
  }

  /** Leads a rep received on a local day. */
  assignedOn(repId: string, day: string): number {
    return this.assigned.on(repId, day);
  }

  addLoad(repId: string, delta: number): void {
    this.loads.set(repId, (this.loads.get(repId) ?? 0) + delta);
  }

  /** A deep enough copy: ownership records are ended in place, so they are copied (once, shared by both indexes). */
  clone(matches: MatchIndex): LeadBook {
    const b = new LeadBook(this.zone, matches);
    b.recordsOwnership = this.recordsOwnership;
    // Leads edited in place are copied: neither state may see the other's later edits.
    for (const v of this.leads.values()) b.leads.set(this.inPlace ? withFields(v, {}) : v);
    // An index left until asked stays so in the copy: each makes its own from its leads.
    if (this.owners === undefined) b.owners = undefined;
    else for (const [k, v] of this.owners) b.owners!.set(k, this.inPlace ? new Map([...v.keys()].map((id) => [id, b.leads.get(id)!])) : new Map(v));
    const copies = new Map<OwnershipRecord, OwnershipRecord>();
    const copy = (o: OwnershipRecord) => copies.get(o) ?? copies.set(o, { ...o }).get(o)!;
    for (const [k, list] of this.ownership) b.ownership.set(k, list.map(copy));
    for (const [k, list] of this.startedBy) b.startedBy.set(k, list.map(copy));
    for (const [k, v] of this.loads.entries()) b.loads.set(k, v);
    this.assigned.copyInto(b.assigned);
    for (const [k, v] of this.schedule) b.schedule.set(k, v);
    return b;
  }

  private addOwnership(o: OwnershipRecord): void {
    if (!this.recordsOwnership) return;
    push(this.ownership, o.leadId, o);
    push(this.startedBy, o.repId, o);
  }

  private endOwnership(leadId: string, repId: string | null, at: string, reason: OwnershipRecord['endReason']): void {
    if (!repId) return;
    this.loads.set(repId, Math.max(0, (this.loads.get(repId) ?? 0) - 1));
    if (!this.recordsOwnership) return;
    const open = (this.ownership.get(leadId) ?? []).findLast((o) => o.repId === repId && !o.to);
    if (open) {
      open.to = at;
      open.endReason = reason;
    }
  }
}
