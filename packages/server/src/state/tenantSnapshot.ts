import type { StateSnapshotInput } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import { leadRecords, ownershipRecord } from './build.js';
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
 * schema to fill in defaults; the lead records are read as build.ts reads them for the decide path.
 */
export function snapshotOfRows(rows: LoadedRows): StateSnapshotInput {
  const { collaborators, overrides, reminders, assigned, leads, activities } = leadRecords(rows);
  const loads = new Map(rows.loads);
  return {
    timeZone: rows.roster.zone,
    reps: rows.roster.reps.map((rep) => ({ ...rep, openLoad: loads.get(rep.id) ?? 0 })),
    teams: [...rows.roster.teams.values()],
    pools: [...rows.roster.pools.values()],
    leads,
    customers: rows.customers,
    ownership: rows.ownership.map(ownershipRecord),
    penalties: rows.penalties,
    pointers: rows.pointers,
    activities,
    collaborators,
    overrides,
    reminders,
    calendars: [...rows.roster.calendars.values()],
    assigned,
    // The published smart-score models, so a case's `score.model` node scores as a decision would.
    models: [...rows.models.values()],
  } as StateSnapshotInput;
}
