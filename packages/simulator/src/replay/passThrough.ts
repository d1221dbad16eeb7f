import type { Collaborator, Customer, CustomerKeys, InMemoryState, Lead, Override, Penalty, PointerState, Pool, Rep, Team } from '@sluice/engine';

/**
 * What the replay's state answers as the engine's InMemoryState does, passed through to it: the
 * reads ReplayState (state.ts) does not keep in a form of its own.
 */
export abstract class PassThroughState {
  constructor(protected readonly inner: InMemoryState) {}

  timeZone(): string {
    return this.inner.timeZone();
  }
  calendar(id: string) {
    return this.inner.calendar(id);
  }
  reps(): readonly Rep[] {
    return this.inner.reps();
  }
  rep(id: string): Rep | undefined {
    return this.inner.rep(id);
  }
  team(id: string): Team | undefined {
    return this.inner.team(id);
  }
  pool(id: string): Pool | undefined {
    return this.inner.pool(id);
  }
  lead(id: string): Lead | undefined {
    return this.inner.lead(id);
  }
  openLoad(repId: string): number {
    return this.inner.openLoad(repId);
  }
  openLoads(reps: readonly Rep[]): ArrayLike<number> {
    return this.inner.openLoads(reps);
  }
  firstByRoom(reps: readonly Rep[], capOf: (rep: Rep) => number | undefined, key: object): number | undefined {
    return this.inner.firstByRoom(reps, capOf, key);
  }
  assignedOn(repId: string, day: string): number {
    return this.inner.assignedOn(repId, day);
  }
  pointer(key: string): PointerState | undefined {
    return this.inner.pointer(key);
  }
  penalties(repId: string): readonly Penalty[] {
    return this.inner.penalties(repId);
  }
  findCustomers(keys: CustomerKeys, family?: boolean): readonly Customer[] {
    return this.inner.findCustomers(keys, family);
  }
  findLeads(keys: CustomerKeys, family?: boolean): readonly Lead[] {
    return this.inner.findLeads(keys, family);
  }
  ownedLeads(): Iterable<Lead> {
    return this.inner.ownedLeads();
  }
  leadsOwnedBy(repId: string): readonly Lead[] {
    return this.inner.leadsOwnedBy(repId);
  }
  collaborators(leadId: string): readonly Collaborator[] {
    return this.inner.collaborators(leadId);
  }
  overrides(leadId: string): readonly Override[] {
    return this.inner.overrides(leadId);
  }
  scheduledLeads(): Iterable<string> {
    return this.inner.scheduledLeads();
  }
  stepInstant(iso: string, ms: number): void {
    this.inner.stepInstant(iso, ms);
  }
}
