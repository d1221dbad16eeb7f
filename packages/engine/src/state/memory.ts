import type { Activity, Collaborator, Customer, Lead, OwnershipRecord, Override, Penalty, Pool, Rep, Team } from '../types/domain.js';
import { familyLookupKeys, leadIndexKeys, lookupKeys, matchKeys } from '../matching/keys.js';
import { localTime } from '../types/localTime.js';
import { stateSnapshotSchema, type StateSnapshot, type StateSnapshotInput } from './snapshot.js';
import type { CalendarDocument } from '../types/calendar.js';
import type { CustomerKeys, PointerState, StateChange, StateView } from '../types/state.js';

/**
 * The reference state: everything in maps, changes applied by `apply`. Tests, the CLI, the
 * simulator and the benchmarks use it; the server has a database-backed one with the same view.
 */
export class InMemoryState implements StateView {
  private readonly zone: string;
  private readonly repList: Rep[];
  private readonly repById = new Map<string, Rep>();
  private readonly teams = new Map<string, Team>();
  private readonly pools = new Map<string, Pool>();
  private readonly leads = new Map<string, Lead>();
  private readonly loads = new Map<string, number>();
  private readonly assigned = new Map<string, Map<string, number>>();
  private readonly pointers = new Map<string, PointerState>();
  private readonly ownership = new Map<string, OwnershipRecord[]>();
  private readonly penaltyList = new Map<string, Penalty[]>();
  private readonly customers: Customer[];
  private readonly customerIndex = new Map<string, Customer[]>();
  /** Owner → their leads by id, holding the current lead object: a tick walks these without lookups. */
  private readonly ownedBy = new Map<string, Map<string, Lead>>();
  private readonly startedBy = new Map<string, OwnershipRecord[]>();
  private readonly activityList = new Map<string, Activity[]>();
  private readonly collaboratorList = new Map<string, Collaborator[]>();
  private readonly overrideList = new Map<string, Override[]>();
  private readonly reminders = new Map<string, string>();
  private readonly calendars = new Map<string, CalendarDocument>();
  /** Normalised key → lead ids; built on the first `findLeads`, so states that never search pay nothing. */
  private leadKeys: Map<string, Set<string>> | undefined;
  readonly flags: Array<{ repId: string; reason: string; at: string; nodeId: string; detail: Record<string, number | string> }> = [];
  readonly splits: Array<Extract<StateChange, { type: 'deal.split' }>> = [];
  readonly schedule = new Map<string, { due: string; nodeId: string; step: number }>();

  static from(input: StateSnapshotInput): InMemoryState {
    return new InMemoryState(stateSnapshotSchema.parse(input));
  }

  constructor(snapshot: StateSnapshot) {
    this.zone = snapshot.timeZone;
    this.repList = [...snapshot.reps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const rep of this.repList) {
      this.repById.set(rep.id, rep);
      this.loads.set(rep.id, rep.openLoad);
    }
    for (const t of snapshot.teams) this.teams.set(t.id, t);
    for (const p of snapshot.pools) this.pools.set(p.id, p);
    for (const l of snapshot.leads) this.setLead(l);
    for (const [key, p] of Object.entries(snapshot.pointers)) this.pointers.set(key, p);
    for (const [repId, days] of Object.entries(snapshot.assigned)) this.assigned.set(repId, new Map(Object.entries(days)));
    for (const o of snapshot.ownership) {
      push(this.ownership, o.leadId, o);
      push(this.startedBy, o.repId, o);
    }
    for (const a of snapshot.activities) push(this.activityList, a.leadId, a);
    for (const c of snapshot.collaborators) push(this.collaboratorList, c.leadId, c);
    for (const o of snapshot.overrides) push(this.overrideList, o.leadId, o);
    for (const [leadId, window] of Object.entries(snapshot.reminders)) this.reminders.set(leadId, window);
    for (const p of snapshot.penalties) push(this.penaltyList, p.repId, p);
    for (const c of snapshot.calendars) this.calendars.set(c.id, c);
    this.customers = snapshot.customers;
    for (const c of snapshot.customers) this.indexCustomer(c);
  }

  private indexCustomer(c: Customer): void {
    for (const key of matchKeys({ customer: c })) push(this.customerIndex, key, c);
  }

  timeZone(): string {
    return this.zone;
  }
  calendar(id: string): CalendarDocument | undefined {
    return this.calendars.get(id);
  }
  reps(): readonly Rep[] {
    return this.repList;
  }
  rep(id: string): Rep | undefined {
    return this.repById.get(id);
  }
  team(id: string): Team | undefined {
    return this.teams.get(id);
  }
  pool(id: string): Pool | undefined {
    return this.pools.get(id);
  }
  lead(id: string): Lead | undefined {
    return this.leads.get(id);
  }
  openLoad(repId: string): number {
    // A settle may take a load row that was already out of step below zero; it reads as none.
    return Math.max(0, this.loads.get(repId) ?? 0);
  }
  assignedOn(repId: string, day: string): number {
    return this.assigned.get(repId)?.get(day) ?? 0;
  }
  pointer(key: string): PointerState | undefined {
    return this.pointers.get(key);
  }
  ownershipHistory(leadId: string): readonly OwnershipRecord[] {
    return this.ownership.get(leadId) ?? EMPTY;
  }
  penalties(repId: string): readonly Penalty[] {
    return this.penaltyList.get(repId) ?? EMPTY;
  }
  findCustomers(keys: CustomerKeys): readonly Customer[] {
    const seen = new Set<Customer>();
    for (const k of lookupKeys(keys)) for (const c of this.customerIndex.get(k) ?? EMPTY) seen.add(c);
    // Stable order: customers as listed in the snapshot.
    return this.customers.filter((c) => seen.has(c));
  }
  findLeads(keys: CustomerKeys, family = false): readonly Lead[] {
    if (!this.leadKeys) {
      this.leadKeys = new Map();
      for (const lead of this.leads.values()) this.indexLead(lead, true);
    }
    const lookups = family ? [...lookupKeys(keys), ...familyLookupKeys(keys)] : lookupKeys(keys);
    const ids = new Set<string>();
    for (const k of lookups) for (const id of this.leadKeys.get(k) ?? EMPTY) ids.add(id);
    return [...ids].sort().map((id) => this.leads.get(id)!);
  }

  private indexLead(lead: Lead, add: boolean): void {
    for (const key of leadIndexKeys(lead)) {
      let ids = this.leadKeys!.get(key);
      if (add) {
        if (!ids) this.leadKeys!.set(key, (ids = new Set()));
        ids.add(lead.id);
      } else ids?.delete(lead.id);
    }
  }

  ownedLeads(): Iterable<Lead> {
    const owners = this.ownedBy;
    return { [Symbol.iterator]: () => new OpenOwnedLeads(owners) };
  }
  leadsOwnedBy(repId: string): readonly Lead[] {
    return [...(this.ownedBy.get(repId)?.keys() ?? [])].sort().map((id) => this.leads.get(id)!);
  }
  ownershipsOf(repId: string): readonly OwnershipRecord[] {
    return this.startedBy.get(repId) ?? EMPTY;
  }
  activities(leadId: string): readonly Activity[] {
    return this.activityList.get(leadId) ?? EMPTY;
  }
  lastReminder(leadId: string): string | undefined {
    return this.reminders.get(leadId);
  }
  collaborators(leadId: string): readonly Collaborator[] {
    return this.collaboratorList.get(leadId) ?? EMPTY;
  }
  overrides(leadId: string): readonly Override[] {
    return this.overrideList.get(leadId) ?? EMPTY;
  }
  /** Every lead the state knows, by id: what the holder invariant check (holder.ts) walks. */
  allLeads(): readonly Lead[] {
    return [...this.leads.keys()].sort().map((id) => this.leads.get(id)!);
  }
  scheduledLeads(): Iterable<string> {
    return [...this.schedule.keys()].sort();
  }

  /** Every lead write goes through here so the owner index stays right. */
  private setLead(lead: Lead): void {
    const prior = this.leads.get(lead.id);
    if (prior?.ownerId && prior.ownerId !== lead.ownerId) this.ownedBy.get(prior.ownerId)?.delete(lead.id);
    if (lead.ownerId) {
      let owned = this.ownedBy.get(lead.ownerId);
      if (!owned) this.ownedBy.set(lead.ownerId, (owned = new Map()));
      owned.set(lead.id, lead);
    }
    if (this.leadKeys && (!prior || prior.company !== lead.company || prior.email !== lead.email || prior.phone !== lead.phone || prior.parentCompany !== lead.parentCompany)) {
      if (prior) this.indexLead(prior, false);
      this.indexLead(lead, true);
    }
    this.leads.set(lead.id, lead);
  }

  /** Records a touch on a lead (the server does this for activity events). */
  addActivity(activity: Activity): void {
    push(this.activityList, activity.leadId, activity);
    const lead = this.leads.get(activity.leadId);
    if (lead && (!lead.lastActivityAt || Date.parse(lead.lastActivityAt) < Date.parse(activity.at))) {
      this.setLead({ ...lead, lastActivityAt: activity.at });
    }
  }

  /** Applies a decision's changes, in order. */
  apply(changes: readonly StateChange[]): void {
    for (const change of changes) this.applyOne(change);
  }

  private applyOne(change: StateChange): void {
    switch (change.type) {
      case 'lead.assign': {
        const lead = this.leads.get(change.leadId) ?? { id: change.leadId };
        this.endOwnership(change.leadId, change.previousOwnerId, change.at, 'reassigned');
        // One holder per lead (holder.ts): the new owner takes it out of any pool and queue.
        this.setLead({ ...withoutQueue(lead), ownerId: change.repId, poolId: null, ownedSince: change.at });
        this.loads.set(change.repId, (this.loads.get(change.repId) ?? 0) + 1);
        const day = localTime(Date.parse(change.at), this.zone).day;
        const days = this.assigned.get(change.repId) ?? new Map<string, number>();
        days.set(day, (days.get(day) ?? 0) + 1);
        this.assigned.set(change.repId, days);
        const record: OwnershipRecord = { leadId: change.leadId, repId: change.repId, from: change.at, via: change.via ?? 'assigned' };
        push(this.ownership, change.leadId, record);
        push(this.startedBy, change.repId, record);
        this.schedule.delete(change.leadId);
        return;
      }
      case 'lead.toPool': {
        const lead = this.leads.get(change.leadId) ?? { id: change.leadId };
        this.endOwnership(change.leadId, change.previousOwnerId, change.at, change.reason ?? 'reclaimed');
        // Back in a pool, it no longer waits for a manager either.
        this.setLead({ ...withoutQueue(lead), ownerId: null, poolId: change.poolId });
        return;
      }
      case 'lead.queue': {
        // A lead waiting for a manager is not claimable: it leaves its pool (an exhausted S13
        // cascade used to leave it in the last tier's pool and the queue at once).
        const lead = this.leads.get(change.leadId) ?? { id: change.leadId };
        this.setLead({ ...lead, poolId: null, queueId: change.queueId });
        return;
      }
      case 'lead.facts': {
        const lead = this.leads.get(change.leadId) ?? { id: change.leadId };
        this.setLead({ ...lead, ...change.set });
        return;
      }
      case 'lead.schedule': {
        // The lead carries where it stands (a cascade's tier), so the node can read it back; a
        // negative step closes it and leaves nothing to wake up for.
        const lead = this.leads.get(change.leadId) ?? { id: change.leadId };
        this.setLead({ ...lead, cascade: { nodeId: change.nodeId, step: change.step, due: change.due } });
        if (change.step < 0) this.schedule.delete(change.leadId);
        else this.schedule.set(change.leadId, { due: change.due, nodeId: change.nodeId, step: change.step });
        return;
      }
      case 'pointer.set':
        this.pointers.set(change.key, change.pointer);
        return;
      case 'lead.remind':
        this.reminders.set(change.leadId, change.window);
        return;
      case 'penalty.add':
        push(this.penaltyList, change.penalty.repId, change.penalty);
        return;
      case 'rep.flag': {
        const { type: _t, ...flag } = change;
        this.flags.push(flag);
        return;
      }
      case 'lead.collaborator': {
        const list = (this.collaboratorList.get(change.collaborator.leadId) ?? []).filter((c) => c.repId !== change.collaborator.repId);
        list.push(change.collaborator);
        this.collaboratorList.set(change.collaborator.leadId, list);
        return;
      }
      case 'lead.override':
        push(this.overrideList, change.override.leadId, change.override);
        return;
      case 'deal.split':
        this.splits.push(change);
        return;
      case 'lead.upsert':
        this.upsertLead(change.lead);
        return;
      case 'lead.reported':
        this.setLead({ ...(this.leads.get(change.leadId) ?? { id: change.leadId }), ...change.set });
        return;
      case 'activity.add':
        this.addActivity(change.activity);
        return;
      case 'load.settle':
        this.loads.set(change.repId, (this.loads.get(change.repId) ?? 0) + change.delta);
        return;
      default: {
        const _never: never = change;
        throw new Error(`unknown state change ${JSON.stringify(_never)}`);
      }
    }
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

  /** Stores a lead as the CRM sent it (events carry lead data; the state keeps the latest). */
  upsertLead(lead: Lead): void {
    const prior = this.leads.get(lead.id);
    // An owner the CRM reports (a claim made in the CRM) takes the lead out of the pool and queue
    // it sat in, unless the CRM names those too: one holder per lead (holder.ts).
    const base = prior && lead.ownerId ? { ...withoutQueue(prior), ...(lead.poolId === undefined && prior.poolId ? { poolId: null } : {}) } : prior;
    this.setLead(base ? { ...base, ...lead } : lead);
  }
}

const EMPTY: readonly never[] = Object.freeze([]);

/** The lead without its manager-queue mark (`queueId`, set by `lead.queue`): absent means in no queue. */
function withoutQueue(lead: Lead): Lead {
  if (!('queueId' in lead)) return lead;
  const { queueId: _queue, ...rest } = lead as Lead & { queueId?: unknown };
  return rest as Lead;
}

/**
 * Every owner's open leads, in owner then insertion order. A hand-written iterator rather than a
 * generator: it hands back one result object, so walking a million leads in a tick allocates nothing.
 */
class OpenOwnedLeads implements Iterator<Lead> {
  private readonly owners: Iterator<Map<string, Lead>>;
  private leads: Iterator<Lead> | undefined;
  private readonly result = { done: false as const, value: undefined as unknown as Lead };
  constructor(owners: Map<string, Map<string, Lead>>) {
    this.owners = owners.values();
  }
  next(): IteratorResult<Lead> {
    for (;;) {
      if (this.leads) {
        for (let r = this.leads.next(); !r.done; r = this.leads.next()) {
          const lead = r.value;
          if (lead.status === undefined || lead.status === 'open') {
            this.result.value = lead;
            return this.result;
          }
        }
      }
      const owner = this.owners.next();
      if (owner.done) return { done: true, value: undefined };
      this.leads = owner.value.values();
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

