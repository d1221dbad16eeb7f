import type { CalendarDocument } from './calendar.js';
import type { ScoreModel } from '../scoreModel/model.js';
import type { Activity, Collaborator, Customer, Lead, OwnershipRecord, Override, Penalty, Pool, Rep, Team } from './domain.js';

/** Round-robin bookkeeping: the plain pointer (last rep served) and weighted marks (LeanData-style). */
export interface PointerState {
  last?: string;
  marks?: Record<string, number>;
}

/** Keys a lead offers for matching an existing customer; all normalised. */
export interface CustomerKeys {
  company?: string;
  /** The brand (字号) of `company`; equal to it for a short name (matching/keys.ts says how these meet). */
  companyBrand?: string;
  parentCompany?: string;
  parentBrand?: string;
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
  /**
   * A team's members, ordered by id as `reps()` is. Optional: a state that indexes its roster
   * answers without walking it; without it the candidate filters walk `reps()`.
   */
  repsInTeam?(teamId: string): readonly Rep[];
  /** Reps holding a function tag, ordered by id; optional as `repsInTeam`. */
  repsWithRole?(role: string): readonly Rep[];
  team(id: string): Team | undefined;
  pool(id: string): Pool | undefined;
  lead(id: string): Lead | undefined;
  openLoad(repId: string): number;
  /**
   * `openLoad` of each of `reps`, in their order: the first `reps.length` entries of an array the
   * state may fill again at its next call, so read it first. `reps` is read, never kept up with:
   * a list edited in place after a call may be answered as it was. Optional: capacity routing reads every
   * rep's load per decision, and a state that keeps loads by position answers without a look-up
   * per rep; without it each rep's `openLoad` is asked.
   */
  openLoads?(reps: readonly Rep[]): ArrayLike<number>;
  /**
   * The position in `reps` of the rep capacity routing ranks first (assignment/utilisation.ts: capped
   * reps by open load ÷ `capOf(rep)`, then uncapped ones by open load; the earlier of equals), as
   * the loads stand; -1 for an empty list, undefined when the state cannot or will not say (the
   * caller then ranks the reps itself: a list asked about once may be left so). Optional: a state may keep the ranking from call to call — under `key`,
   * which names one way of reading caps (the node's configuration), for the same `reps` array — so
   * a decision costs the loads changed since the last, not a look at every rep.
   */
  firstByRoom?(reps: readonly Rep[], capOf: (rep: Rep) => number | undefined, key: object): number | undefined;
  /** Leads assigned to (or claimed by) the rep on a tenant-local day `YYYY-MM-DD`. */
  assignedOn(repId: string, day: string): number;
  pointer(key: string): PointerState | undefined;
  ownershipHistory(leadId: string): readonly OwnershipRecord[];
  penalties(repId: string): readonly Penalty[];
  /** With `family`, the customers the CRM links to a match by `parentId` (its whole group) as well. */
  findCustomers(keys: CustomerKeys, family?: boolean): readonly Customer[];
  /**
   * Leads (any owner) sharing a key: company, e-mail domain, phone; with `family`, also leads of
   * the parent company and its other subsidiaries. Optional: conflict rules (撞单, S25) fall back
   * to customers and the lead itself when a state cannot search leads.
   */
  findLeads?(keys: CustomerKeys, family?: boolean): readonly Lead[];
  /** Open leads that have an owner: what a reclaim tick walks. */
  ownedLeads(): Iterable<Lead>;
  leadsOwnedBy(repId: string): readonly Lead[];
  /** Ownership records a rep started (claims and assignments), oldest first. */
  ownershipsOf(repId: string): readonly OwnershipRecord[];
  /** Touches on a lead, oldest first. */
  activities(leadId: string): readonly Activity[];
  /**
   * `parseInstant(text)`, where `text` is the lead's `field` as the caller just read it from the
   * lead object this state gave out: a state that knows that field's instant as a number answers
   * without reading the text's characters — the reclaim clock asks after every step, and at a
   * million leads a lead's dates are strings allocated long before, a cache miss each to parse.
   * NaN: not known, the caller parses. Optional.
   */
  leadInstantMs?(lead: Lead, field: 'ownedSince' | 'createdAt' | 'lastActivityAt', text: string): number;
  /** The reclaim window a reminder was last sent for (so one is sent once per window). */
  lastReminder(leadId: string): string | undefined;
  collaborators(leadId: string): readonly Collaborator[];
  overrides(leadId: string): readonly Override[];
  /** Leads with a scheduled check (cascades), any due time. */
  scheduledLeads(): Iterable<string>;
  /** A working-day calendar of the tenant by id (holidays, make-up days); see calendar/resolve.ts. */
  calendar?(id: string): CalendarDocument | undefined;
  /**
   * The tenant's published smart-score model by key (the `score.model` node reads it); optional:
   * a state without models leaves such nodes unscored with a warning.
   */
  scoreModel?(key: string): ScoreModel | undefined;
}

export type StateChange =
  | {
      type: 'lead.assign';
      leadId: string;
      repId: string;
      previousOwnerId: string | null;
      at: string;
      nodeId: string;
      via?: 'assigned' | 'claimed' | 'override';
    }
  | { type: 'lead.toPool'; leadId: string; poolId: string; previousOwnerId: string | null; at: string; nodeId: string; reason?: 'reclaimed' | 'released' }
  | { type: 'lead.queue'; leadId: string; queueId: string; at: string; nodeId: string }
  /** Besides score, grade and stage: any lead field a decision wrote (a smart score's `smartScore`), stored on the lead by that name. */
  | {
      type: 'lead.facts';
      leadId: string;
      set: { score?: number; grade?: string; stage?: string; reportedAt?: string; discoveredAt?: string; [field: string]: string | number | undefined };
    }
  | { type: 'lead.schedule'; leadId: string; due: string; nodeId: string; step: number }
  | { type: 'pointer.set'; key: string; pointer: PointerState }
  | { type: 'lead.remind'; leadId: string; repId: string; window: string; at: string; nodeId: string }
  | { type: 'penalty.add'; penalty: Penalty }
  | { type: 'rep.flag'; repId: string; reason: string; at: string; nodeId: string; detail: Record<string, number | string> }
  | { type: 'lead.collaborator'; collaborator: Collaborator }
  | { type: 'lead.override'; override: Override }
  | { type: 'deal.split'; leadId: string; at: string; nodeId: string; amountCents: number; shares: CreditShare[]; overlay: CreditShare[] }
  // What an event reports (step/facts.ts), not what a policy decides:
  /** The CRM's lead data, without the fields only decisions change (ownerId, poolId, ownedSince, queueId, cascade). */
  | { type: 'lead.upsert'; lead: Lead }
  /** Stage, won / lost and lock facts an event reports. */
  | { type: 'lead.reported'; leadId: string; set: Partial<Lead> }
  | { type: 'activity.add'; activity: Activity }
  /** A lead closed (won / lost) stops counting towards its owner's open load; reopened, it counts again. */
  | { type: 'load.settle'; leadId: string; repId: string; delta: 1 | -1 };

/** One person's part of a deal's credit; amounts in cents so splits add up exactly. */
export interface CreditShare {
  repId: string;
  role?: string;
  /**
   * The exact share in basis points (万分比, 10,000 = 100%): a revenue split's lines add up to
   * exactly 10,000; an overlay line is its part of the deal. Rounded by largest remainder, ties to
   * the lower rep id — the same rule and order as the cents.
   */
  basisPoints: number;
  /** `basisPoints / 10000`. */
  share: number;
  amountCents: number;
  basis: string;
}
