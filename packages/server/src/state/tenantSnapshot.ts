import type { StateSnapshotInput } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import { loadRows, type LoadedRows } from './load.js';
import { once, type Query } from './sql.js';

/**
 * "The tenant as it is now", for policy test cases whose `given` is `{ tenant: "current" }`: the
 * roster (reps with their open load, teams, pools), calendars, pointers and penalties in force, and
 * only the leads the cases name (a tenant may hold millions; the runner is in memory). One
 * statement: the decide path's own load, asked about these leads and nothing else.
 */
export async function tenantSnapshot(database: Database, tenantId: string, leadIds: readonly string[], nowMs: number): Promise<StateSnapshotInput> {
  const q: Query = (s, params) => once(database, s, params);
  const rows = await loadRows(q, tenantId, {
    leadIds: [...new Set(leadIds)],
    repIds: [],
    customerKeys: [],
    now: new Date(nowMs).toISOString(),
    days: [],
    eventIds: [],
    eventTypes: [],
  });
  return snapshotOfRows(rows);
}

/**
 * Loaded rows as a snapshot document (what `sluice decide --state` reads), left for the engine's
 * schema to fill in defaults. build.ts builds the decide path's in-memory state from the same rows
 * without this detour, to keep that path free of a schema parse.
 */
export function snapshotOfRows(rows: LoadedRows): StateSnapshotInput {
  const collaborators = new Map<string, unknown>();
  const overrides: unknown[] = [];
  const reminders: Record<string, string> = {};
  for (const r of rows.records) {
    if (r.kind === 'collaborator') {
      // A later record for the same rep replaces the earlier one (pending → active).
      const key = `${String(r.data.leadId)}\u0000${String(r.data.repId)}`;
      collaborators.delete(key);
      collaborators.set(key, r.data);
    } else if (r.kind === 'override') overrides.push(r.data);
    else if (r.kind === 'reminder') reminders[r.leadId] = String(r.data.window);
  }
  const iso = (v: string) => new Date(v).toISOString();
  const loads = new Map(rows.loads);
  const assigned: Record<string, Record<string, number>> = {};
  for (const [repId, day, n] of rows.daily) (assigned[repId] ??= {})[day] = n;
  const leads = new Map<string, Record<string, unknown>>();
  for (const l of [...rows.repLeads, ...rows.leads]) leads.set(l.id, l);
  return {
    timeZone: rows.roster.zone,
    reps: rows.roster.reps.map((rep) => ({ ...rep, openLoad: loads.get(rep.id) ?? 0 })),
    teams: [...rows.roster.teams.values()],
    pools: [...rows.roster.pools.values()],
    leads: [...leads.values()],
    customers: rows.customers,
    ownership: rows.ownership.map((o) => ({
      leadId: o.leadId,
      repId: o.repId,
      from: iso(o.from),
      ...(o.to ? { to: iso(o.to) } : {}),
      ...(o.via ? { via: o.via } : {}),
      ...(o.endReason ? { endReason: o.endReason } : {}),
    })),
    penalties: rows.penalties,
    pointers: rows.pointers,
    activities: rows.activities.map((a) => ({ leadId: a.leadId, repId: a.repId, at: iso(a.at), kind: a.kind, ...(a.stage ? { stage: a.stage } : {}) })),
    collaborators: [...collaborators.values()],
    overrides,
    reminders,
    calendars: [...rows.roster.calendars.values()],
    assigned,
  } as StateSnapshotInput;
}
