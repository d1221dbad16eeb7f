import {
  customerSchema,
  InMemoryState,
  penaltySchema,
  type Collaborator,
  type Customer,
  type Lead,
  type OwnershipRecord,
  type Override,
  type Penalty,
  type ScoreModel,
  type StateSnapshot,
  type StateView,
} from '@sluice/engine';
import { withDefaults } from './defaults.js';
import type { LoadedRows, OwnershipRow } from './load.js';

const asPenalty = withDefaults(penaltySchema, { repId: 'x', from: '2026-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' });
const asCustomer = withDefaults(customerSchema, { id: 'x' });

const iso = (value: string): string => new Date(value).toISOString();

/** The server's working state is the engine's: every change, an event's facts included, goes through its `apply`. */
export type ServerState = InMemoryState;

/** The loaded state plus what is needed to write its changes back. */
export interface BuiltState {
  state: ServerState;
  timeZone: string;
  /** Ownership records as loaded, with their row ids and original end, to find what changed. */
  ownershipRows: Map<OwnershipRecord, { id: number; to: string | undefined }>;
  /** Webhook event types someone subscribes to: outbox rows are written for these alone. */
  subscribed: ReadonlySet<string>;
}

/**
 * A lead's records as the engine's snapshot holds them, from the loaded rows: one reading for the
 * decide path's state and for the snapshot documents made of the same rows (tenantSnapshot.ts).
 */
export function leadRecords(rows: LoadedRows) {
  const collaborators = new Map<string, Collaborator>();
  const overrides: Override[] = [];
  const reminders: Record<string, string> = {};
  for (const r of rows.records) {
    if (r.kind === 'collaborator') {
      const c = r.data as unknown as Collaborator;
      // A later record for the same rep replaces the earlier one (pending → active).
      collaborators.delete(`${c.leadId}\u0000${c.repId}`);
      collaborators.set(`${c.leadId}\u0000${c.repId}`, c);
    } else if (r.kind === 'override') overrides.push(r.data as unknown as Override);
    else if (r.kind === 'reminder') reminders[r.leadId] = String(r.data.window);
  }
  const assigned: Record<string, Record<string, number>> = {};
  for (const [repId, day, n] of rows.daily) (assigned[repId] ??= {})[day] = n;
  const leadsById = new Map<string, Lead>();
  for (const l of rows.repLeads) leadsById.set(l.id, l as Lead);
  for (const l of rows.leads) leadsById.set(l.id, l as Lead);
  const activities = rows.activities.map((a) => ({ leadId: a.leadId, repId: a.repId, at: iso(a.at), kind: a.kind, ...(a.stage ? { stage: a.stage } : {}) }));
  return { collaborators: [...collaborators.values()], overrides, reminders, assigned, leads: [...leadsById.values()], activities };
}

/** An ownership row as the engine's record (ISO instants, absent fields left out). */
export function ownershipRecord(o: OwnershipRow): OwnershipRecord {
  const record: OwnershipRecord = { leadId: o.leadId, repId: o.repId, from: iso(o.from) };
  if (o.to) record.to = iso(o.to);
  if (o.via) record.via = o.via as OwnershipRecord['via'] & string;
  if (o.endReason) record.endReason = o.endReason as OwnershipRecord['endReason'] & string;
  return record;
}

export function buildState(rows: LoadedRows): BuiltState {
  const { roster } = rows;
  const timeZone = roster.zone;
  const ownershipRows = new Map<OwnershipRecord, { id: number; to: string | undefined }>();
  // A rep's ownerships and a lead's history overlap where the rep owned that lead: one object per row.
  const rowsById = new Map<number, OwnershipRow>();
  for (const o of rows.ownership) rowsById.set(o.id, o);
  for (const o of rows.repOwnership) rowsById.set(o.id, o);
  const ownership: OwnershipRecord[] = [...rowsById.values()]
    .sort((a, b) => a.id - b.id)
    .map((o) => {
      const record = ownershipRecord(o);
      ownershipRows.set(record, { id: o.id, to: record.to });
      return record;
    });
  const { collaborators, overrides, reminders, assigned, leads, activities } = leadRecords(rows);
  const snapshot: StateSnapshot = {
    timeZone,
    // The roster's part comes from `roster` (InMemoryState.onRoster), the open loads from `loads`.
    reps: [],
    teams: [],
    pools: [],
    leads,
    customers: rows.customers.map(asCustomer) as Customer[],
    ownership,
    penalties: rows.penalties.map(asPenalty) as Penalty[],
    pointers: rows.pointers as StateSnapshot['pointers'],
    activities,
    collaborators,
    overrides,
    reminders,
    assigned,
    calendars: [],
    // Published models are held apart, at their own version (withModels below).
    models: [],
  };
  const state = InMemoryState.onRoster(roster, snapshot, rows.loads);
  withModels(state, rows.models);
  return { state, timeZone, ownershipRows, subscribed: new Set(rows.subscribed) };
}

/**
 * The tenant's published smart-score models, as held in memory (state/modelCache.ts): the same
 * objects for every decision until a publication changes them.
 */
function withModels(state: ServerState, models: ReadonlyMap<string, ScoreModel>): void {
  (state as StateView).scoreModel = (key) => models.get(key);
}
