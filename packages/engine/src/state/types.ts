import type { Customer, Lead, OwnershipRecord, Penalty, Pool, Rep, Team } from '../types/domain.js';

/** Round-robin bookkeeping: the plain pointer (last rep served) and weighted marks (LeanData-style). */
export interface PointerState {
  last?: string;
  marks?: Record<string, number>;
}

/** Keys a lead offers for matching an existing customer; all normalised. */
export interface CustomerKeys {
  company?: string;
  parentCompany?: string;
  emailDomain?: string;
  phone?: string;
}

/**
 * What a decision may read. Synchronous on purpose: the server loads what a decision needs
 * before calling the engine, so the engine stays pure and fast.
 */
export interface StateView {
  /** IANA zone in which "today" is counted for daily caps and claim limits. */
  timeZone(): string;
  /** Every rep, ordered by id: that order breaks all ties. */
  reps(): readonly Rep[];
  rep(id: string): Rep | undefined;
  team(id: string): Team | undefined;
  pool(id: string): Pool | undefined;
  lead(id: string): Lead | undefined;
  openLoad(repId: string): number;
  /** Leads assigned to (or claimed by) the rep on a tenant-local day `YYYY-MM-DD`. */
  assignedOn(repId: string, day: string): number;
  pointer(key: string): PointerState | undefined;
  ownershipHistory(leadId: string): readonly OwnershipRecord[];
  penalties(repId: string): readonly Penalty[];
  findCustomers(keys: CustomerKeys): readonly Customer[];
}

export type StateChange =
  | { type: 'lead.assign'; leadId: string; repId: string; previousOwnerId: string | null; at: string; nodeId: string }
  | { type: 'lead.toPool'; leadId: string; poolId: string; previousOwnerId: string | null; at: string; nodeId: string }
  | { type: 'lead.queue'; leadId: string; queueId: string; at: string; nodeId: string }
  | { type: 'lead.facts'; leadId: string; set: { score?: number; grade?: string; stage?: string } }
  | { type: 'lead.schedule'; leadId: string; due: string; nodeId: string; step: number }
  | { type: 'pointer.set'; key: string; pointer: PointerState };
