import {
  localTime,
  type Activity,
  type Collaborator,
  type InMemoryState,
  type Lead,
  type OwnershipRecord,
  type Override,
  type Penalty,
  type StateChange,
  type StateSnapshot,
} from '@sluice/engine';
import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/connect.js';
import { activities, dailyCounts, leadNotes, leads, ownership, penalties, pointers, reps } from '../../src/db/schema.js';

/**
 * The one shape both sides of the differential test are compared in: the in-memory state after
 * step() and the server's rows after the same timeline. What is normalised, and why:
 * - JSON round trip on both sides: the server stores JSON, so a key whose value is undefined is
 *   absent there; jsonb also reorders keys (the comparison ignores key order).
 * - Timestamps in columns (ownership, activities) are read back in the database's format
 *   (`2026-03-02 01:00:00+00`): turned into ISO instants. Instants inside JSON are compared as written.
 * - Lists the database keeps in no meaningful order are sorted (ownership, activities, penalties,
 *   flags, splits); lists whose order means something keep it (a lead's overrides).
 * - Lead records follow what the loader reads back (build.ts): the latest collaborator record per
 *   lead and rep, the latest reminder per lead; a schedule row is the lead's pending check.
 * - The rep flag row is filed under the event's lead (the table is by lead); only the flag is compared.
 * - Daily counts: the engine keeps assignments per rep and day; the server's `claimed` column
 *   has no in-memory twin (claims are counted from ownership) and is left out.
 * Nothing else is dropped: lead JSON is compared whole, and the server's owner / pool / status
 * columns are compared against what the engine's lead says.
 */
export interface Normalised {
  leads: Record<string, unknown>;
  /** The columns queries read (owner, pool, status): must say what the lead JSON says. */
  holders: Record<string, { ownerId: string | null; poolId: string | null; status: string }>;
  openLoad: Record<string, number>;
  /** By lead, each lead's list sorted. */
  ownership: Record<string, unknown[]>;
  activities: Record<string, unknown[]>;
  penalties: unknown[];
  collaborators: Record<string, unknown[]>;
  overrides: Record<string, unknown[]>;
  reminders: Record<string, string>;
  schedules: Record<string, unknown>;
  splits: unknown[];
  flags: unknown[];
  pointers: Record<string, unknown>;
  assigned: Record<string, Record<string, number>>;
}

const plain = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
const iso = (v: string | null | undefined): string | null => (v ? new Date(v).toISOString() : null);
/** JSON with keys in sorted order: jsonb reorders keys, so order-by-text needs one key order. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  );
const byJson = (a: unknown, b: unknown) => {
  const x = canonical(a);
  const y = canonical(b);
  return x < y ? -1 : x > y ? 1 : 0;
};
const sorted = <T>(list: T[]): T[] => [...list].sort(byJson);
const ownershipRow = (o: Pick<OwnershipRecord, 'leadId' | 'repId' | 'from'> & { to?: string | null; via?: string | null; endReason?: string | null }) => ({
  leadId: o.leadId,
  repId: o.repId,
  from: iso(o.from),
  to: iso(o.to),
  via: o.via ?? null,
  endReason: o.endReason ?? null,
});
const activityRow = (a: Pick<Activity, 'leadId' | 'repId' | 'at' | 'kind'> & { stage?: string | null }) => ({
  leadId: a.leadId,
  repId: a.repId,
  at: iso(a.at),
  kind: a.kind,
  stage: a.stage ?? null,
});
const byLead = <T extends { leadId: string }>(rows: T[]): Record<string, T[]> => {
  const out: Record<string, T[]> = {};
  for (const r of sorted(rows)) (out[r.leadId] ??= []).push(r);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
};
const holderOf = (l: Lead) => ({ ownerId: l.ownerId ?? null, poolId: l.poolId ?? null, status: l.status ?? 'open' });
const nonEmpty = <T>(record: Record<string, T[]>): Record<string, T[]> => Object.fromEntries(Object.entries(record).filter(([, v]) => v.length > 0));

/**
 * The in-memory state in the shared shape, through its public view only. What the view cannot
 * list comes from `initial` (the snapshot it started from) and `applied` (every change applied
 * since): leads known only by their history, reps only by their penalties, pointer keys, and the
 * days a rep was assigned leads (the tenant-local day of each assignment, the engine's own rule).
 */
export function fromMemory(state: InMemoryState, initial: StateSnapshot, applied: readonly StateChange[] = []): Normalised {
  const leadIds = [
    ...new Set([...state.allLeads().map((l) => l.id), ...initial.ownership.map((o) => o.leadId), ...initial.activities.map((a) => a.leadId)]),
  ].sort();
  const repIds = [...new Set([...state.reps().map((r) => r.id), ...initial.penalties.map((p) => p.repId)])].sort();
  const pointerKeys = new Set(Object.keys(initial.pointers));
  const days = new Set(Object.entries(initial.assigned).flatMap(([rep, byDay]) => Object.keys(byDay).map((day) => `${rep}\u0000${day}`)));
  for (const c of applied) {
    if (c.type === 'pointer.set') pointerKeys.add(c.key);
    if (c.type === 'lead.assign') days.add(`${c.repId}\u0000${localTime(Date.parse(c.at), state.timeZone()).day}`);
  }
  const assigned: Record<string, Record<string, number>> = {};
  for (const key of [...days].sort()) {
    const [rep, day] = key.split('\u0000') as [string, string];
    const n = state.assignedOn(rep, day);
    if (n > 0) (assigned[rep] ??= {})[day] = n;
  }
  const reminders: Record<string, string> = {};
  for (const id of leadIds) {
    const w = state.lastReminder(id);
    if (w !== undefined) reminders[id] = w;
  }
  return plain({
    leads: Object.fromEntries(state.allLeads().map((l) => [l.id, l])),
    holders: Object.fromEntries(state.allLeads().map((l) => [l.id, holderOf(l)])),
    openLoad: Object.fromEntries(state.reps().map((r) => [r.id, state.openLoad(r.id)])),
    ownership: byLead(leadIds.flatMap((id) => state.ownershipHistory(id).map(ownershipRow))),
    activities: byLead(leadIds.flatMap((id) => state.activities(id).map(activityRow))),
    penalties: sorted(repIds.flatMap((id) => [...state.penalties(id)])),
    collaborators: nonEmpty(Object.fromEntries(leadIds.map((id) => [id, sorted([...state.collaborators(id)])]))),
    overrides: nonEmpty(Object.fromEntries(leadIds.map((id) => [id, [...state.overrides(id)]]))),
    reminders,
    schedules: Object.fromEntries([...state.schedule].sort(([a], [b]) => (a < b ? -1 : 1))),
    splits: sorted(state.splits.map(({ type: _t, ...s }) => s)),
    flags: sorted([...state.flags]),
    pointers: Object.fromEntries([...pointerKeys].sort().map((k) => [k, state.pointer(k)])),
    assigned,
  });
}

/** The tenant's rows in the shared shape, read straight from the tables (what the next load would see, and more). */
export async function fromDatabase(database: Database, tenantId: string): Promise<Normalised> {
  const db = database.db;
  const leadRows = await db.select().from(leads).where(eq(leads.tenantId, tenantId));
  const repRows = await db.select().from(reps).where(eq(reps.tenantId, tenantId));
  const ownRows = await db.select().from(ownership).where(eq(ownership.tenantId, tenantId));
  const actRows = await db.select().from(activities).where(eq(activities.tenantId, tenantId));
  const penRows = await db.select().from(penalties).where(eq(penalties.tenantId, tenantId));
  const recRows = (await db.select().from(leadNotes).where(eq(leadNotes.tenantId, tenantId))).sort((a, b) => a.id - b.id);
  const ptrRows = await db.select().from(pointers).where(eq(pointers.tenantId, tenantId));
  const dayRows = await db.select().from(dailyCounts).where(eq(dailyCounts.tenantId, tenantId));

  const collaborators = new Map<string, Map<string, Collaborator>>();
  const overrides: Record<string, Override[]> = {};
  const reminders: Record<string, string> = {};
  const schedules: Record<string, unknown> = {};
  const splits: unknown[] = [];
  const flags: unknown[] = [];
  for (const r of recRows) {
    const data = r.data as Record<string, unknown>;
    if (r.kind === 'collaborator') {
      const c = data as unknown as Collaborator;
      const byRep = collaborators.get(c.leadId) ?? new Map<string, Collaborator>();
      byRep.set(c.repId, c);
      collaborators.set(c.leadId, byRep);
    } else if (r.kind === 'override') (overrides[r.leadId] ??= []).push(data as unknown as Override);
    else if (r.kind === 'reminder') reminders[r.leadId] = String(data.window);
    else if (r.kind === 'schedule') schedules[r.leadId] = data;
    else if (r.kind === 'split') splits.push(data);
    else if (r.kind === 'flag') flags.push(data);
    else throw new Error(`lead record of an unknown kind ${r.kind}: the normaliser must say how to compare it`);
  }
  const assigned: Record<string, Record<string, number>> = {};
  for (const d of dayRows) if (d.assigned > 0) (assigned[d.repId] ??= {})[d.day] = d.assigned;
  const leadsById = Object.fromEntries(leadRows.map((l) => [l.id, l.data as Lead]).sort(([a], [b]) => ((a as string) < (b as string) ? -1 : 1)));
  return plain({
    leads: leadsById,
    holders: Object.fromEntries(leadRows.map((l) => [l.id, { ownerId: l.ownerId, poolId: l.poolId, status: l.status }])),
    openLoad: Object.fromEntries(repRows.map((r) => [r.id, r.openLoad])),
    ownership: byLead(ownRows.map(ownershipRow)),
    activities: byLead(actRows.map(activityRow)),
    penalties: sorted(penRows.map((p) => p.data as Penalty)),
    collaborators: Object.fromEntries([...collaborators].map(([leadId, byRep]) => [leadId, sorted([...byRep.values()])])),
    overrides,
    reminders,
    schedules,
    splits: sorted(splits),
    flags: sorted(flags),
    pointers: Object.fromEntries(ptrRows.map((p) => [p.key, p.data])),
    assigned,
  });
}
