import type { StateSnapshot } from '@sluice/engine';
import type { Database } from '../../src/db/connect.js';
import { leadKeyColumns } from '../../src/db/leadKeys.js';
import { activities, calendars, dailyCounts, leadNotes, leads, ownership, penalties, pointers } from '../../src/db/schema.js';
import { seedRoster } from '../fixtures.js';

/**
 * A state snapshot into a tenant's rows, the way the server stores them: the roster through the
 * fixtures' roster writer (validated JSON, open load in its own column, customers with their match
 * keys), and the rest as the decision writer (src/state/write.ts) leaves it — a lead row is the
 * engine's lead JSON with owner, pool, status and match-key columns; collaborators, overrides and reminders
 * are lead records. The snapshot is the parsed one InMemoryState.from builds, so both sides start
 * from the same values, defaults included. (No API takes leads with their history: an event would
 * run the policies on them.)
 */
export async function seedSnapshot(database: Database, tenantId: string, s: StateSnapshot): Promise<void> {
  const db = database.db;
  await seedRoster(database, tenantId, { timeZone: s.timeZone, reps: s.reps, teams: s.teams, pools: s.pools, customers: s.customers });
  if (s.leads.length) {
    await db.insert(leads).values(
      s.leads.map((l) => ({
        tenantId,
        id: l.id,
        data: l,
        ownerId: l.ownerId ?? null,
        poolId: l.poolId ?? null,
        status: l.status ?? 'open',
        ...leadKeyColumns(l),
      })),
    );
  }
  if (s.ownership.length) {
    await db.insert(ownership).values(
      s.ownership.map((o) => ({
        tenantId,
        leadId: o.leadId,
        repId: o.repId,
        from: o.from,
        to: o.to ?? null,
        via: o.via ?? null,
        endReason: o.endReason ?? null,
      })),
    );
  }
  if (s.activities.length) {
    await db
      .insert(activities)
      .values(s.activities.map((a) => ({ tenantId, leadId: a.leadId, repId: a.repId, at: a.at, kind: a.kind, stage: a.stage ?? null })));
  }
  if (s.penalties.length) await db.insert(penalties).values(s.penalties.map((p) => ({ tenantId, repId: p.repId, data: p, until: p.until })));
  const pointerRows = Object.entries(s.pointers).map(([key, data]) => ({ tenantId, key, data }));
  if (pointerRows.length) await db.insert(pointers).values(pointerRows);
  const daily = Object.entries(s.assigned).flatMap(([repId, days]) =>
    Object.entries(days).map(([day, n]) => ({ tenantId, repId, day, assigned: n, claimed: 0 })),
  );
  if (daily.length) await db.insert(dailyCounts).values(daily);
  const records = [
    ...s.collaborators.map((c) => ({ tenantId, leadId: c.leadId, kind: 'collaborator', data: c, at: c.since })),
    ...s.overrides.map((o) => ({ tenantId, leadId: o.leadId, kind: 'override', data: o, at: o.at })),
    // The window is all the loader reads back (build.ts); when it was sent is not in a snapshot.
    ...Object.entries(s.reminders).map(([leadId, window]) => ({ tenantId, leadId, kind: 'reminder', data: { window }, at: '1970-01-01T00:00:00Z' })),
  ];
  if (records.length) await db.insert(leadNotes).values(records);
  if (s.calendars.length) await db.insert(calendars).values(s.calendars.map((c) => ({ tenantId, id: c.id, data: c })));
}
