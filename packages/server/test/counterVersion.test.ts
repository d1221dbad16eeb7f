import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../src/db/connect.js';
import { loadRowsText, parseLoaded, type LoadScope } from '../src/state/load.js';
import { transact } from '../src/state/sql.js';
import { openLoads, publishPolicy, seedRoster, team } from './fixtures.js';
import { call, LANES, POSTGRES_URL, seedTenant, useServer } from './harness.js';
import { useTwoProcesses } from './support/twoProcesses.js';

/**
 * The held counters (issue #13): a server keeps each tenant's open loads and daily counts in
 * memory; a batch applies its own deltas after its commit, and the next load sends the rows only
 * when someone else wrote them in between (counter_versions: the version, the version it replaced
 * and the writing transaction, set by statement triggers on reps and daily_counts).
 */

const DAY_MS = 86_400_000;
/** The days a decision made now asks for (run.ts: the UTC day and one either side). */
const daysNow = () => [-DAY_MS, 0, DAY_MS].map((d) => new Date(Date.now() + d).toISOString().slice(0, 10));

const scope = (): LoadScope => ({
  leadIds: ['none'],
  repIds: [],
  customerKeys: [],
  now: new Date().toISOString(),
  days: daysNow(),
  eventIds: [],
  eventTypes: ['lead.created'],
});

/** A decision's load run now: whether it brought the counters' rows, and the open loads and today's counts it gives the engine. */
async function counterLoad(database: Database, tenantId: string) {
  const loaded = await transact(database, tenantId, (q) => loadRowsText(q, tenantId, scope(), true));
  const sent = !(JSON.parse(loaded.text) as { counters: { fresh: boolean } }).counters.fresh;
  const rows = parseLoaded(loaded);
  const today = new Date().toISOString().slice(0, 10);
  return {
    sent,
    loads: Object.fromEntries([...rows.loads].sort()),
    today: Object.fromEntries(rows.daily.filter(([, day]) => day === today).map(([rep, , n]) => [rep, n])),
  };
}

const leadEvent = (id: string) => ({ id: `ev-${id}`, type: 'lead.created', at: new Date().toISOString(), lead: { id, createdAt: new Date().toISOString() } });

async function decide(base: string, key: string, leadId: string): Promise<string | null> {
  const r = await call(base, 'POST', '/v1/decide', { key, body: leadEvent(leadId) });
  expect(r.status, r.text).toBe(200);
  return (r.json.actions.find((x: { type: string }) => x.type === 'assign')?.repId as string | undefined) ?? null;
}

describe.each(LANES)('held counters (%s)', (lane) => {
  const env = useServer(lane);

  it('keeps its own decisions’ counts without loading them, and loads them again after anyone else’s write', async () => {
    const { database } = env.tdb;
    const { tenantId, key } = await seedTenant(database);
    await seedRoster(database, tenantId, { reps: team('cv', 3, { cap: 2, dailyCap: 10 }), teams: [{ id: 'ae' }] });
    await publishPolicy(database, tenantId, 's06-round-robin');
    expect([await decide(env.server.base, key, 'cv-L1'), await decide(env.server.base, key, 'cv-L2'), await decide(env.server.base, key, 'cv-L3')]).toEqual([
      'cv-01',
      'cv-02',
      'cv-03',
    ]);
    // The batches' own writes: held, and equal to the rows.
    expect(await counterLoad(database, tenantId)).toEqual({
      sent: false,
      loads: { 'cv-01': 1, 'cv-02': 1, 'cv-03': 1 },
      today: { 'cv-01': 1, 'cv-02': 1, 'cv-03': 1 },
    });
    expect(await openLoads(database, tenantId)).toEqual({ 'cv-01': 1, 'cv-02': 1, 'cv-03': 1 });

    // A sync script fills cv-01 up (cap 2): the next load sends the rows, and the round robin skips cv-01.
    await database.db.execute(sql.raw(`update reps set open_load = 2 where tenant_id = '${tenantId}' and id = 'cv-01'`));
    expect(await counterLoad(database, tenantId)).toMatchObject({ sent: true, loads: { 'cv-01': 2, 'cv-02': 1, 'cv-03': 1 } });
    expect(await counterLoad(database, tenantId)).toMatchObject({ sent: false, loads: { 'cv-01': 2, 'cv-02': 1, 'cv-03': 1 } });
    expect(await decide(env.server.base, key, 'cv-L4')).toBe('cv-02');

    // Another writer's daily count: cv-03 reaches its daily cap of 10 today and is skipped.
    const today = new Date().toISOString().slice(0, 10);
    await database.db.execute(sql.raw(`update daily_counts set assigned = 10 where tenant_id = '${tenantId}' and rep_id = 'cv-03' and day = '${today}'`));
    expect(await counterLoad(database, tenantId)).toEqual({
      sent: true,
      loads: { 'cv-01': 2, 'cv-02': 2, 'cv-03': 1 },
      today: { 'cv-01': 1, 'cv-02': 2, 'cv-03': 10 },
    });
    // Everyone full or capped for the day: nobody gets the lead.
    expect(await decide(env.server.base, key, 'cv-L5')).toBe(null);

    // A load freed by another writer (a lead closed in the CRM, synced in SQL) is seen at once.
    await database.db.execute(sql.raw(`update reps set open_load = 0 where tenant_id = '${tenantId}' and id = 'cv-02'`));
    expect(await decide(env.server.base, key, 'cv-L6')).toBe('cv-02');
    expect(await counterLoad(database, tenantId)).toEqual({
      sent: false,
      loads: { 'cv-01': 2, 'cv-02': 1, 'cv-03': 1 },
      today: { 'cv-01': 1, 'cv-02': 3, 'cv-03': 10 },
    });
    expect(await openLoads(database, tenantId)).toEqual({ 'cv-01': 2, 'cv-02': 1, 'cv-03': 1 });
  }, 120_000);

  it('a write to another tenant’s counters leaves this tenant’s held', async () => {
    const { database } = env.tdb;
    const { tenantId, key } = await seedTenant(database);
    await seedRoster(database, tenantId, { reps: team('ct', 2), teams: [{ id: 'ae' }] });
    await publishPolicy(database, tenantId, 's06-round-robin');
    expect(await decide(env.server.base, key, 'ct-L1')).toBe('ct-01');
    await counterLoad(database, tenantId);
    const other = await seedTenant(database);
    await seedRoster(database, other.tenantId, { reps: team('co', 1), teams: [{ id: 'ae' }] });
    await database.db.execute(sql.raw(`update reps set open_load = 3 where tenant_id = '${other.tenantId}'`));
    expect(await counterLoad(database, tenantId)).toEqual({ sent: false, loads: { 'ct-01': 1 }, today: { 'ct-01': 1 } });
  }, 60_000);
});

/**
 * Two real server processes on one PostgreSQL database, each holding the counters after its own
 * decisions: caps are honoured across them, decision after decision, as if there were one.
 */
describe.skipIf(!POSTGRES_URL)('counters written on replica A are seen by replica B at once (postgres, two processes)', () => {
  const replicas = useTwoProcesses();

  it('caps hold across replicas taking turns', async () => {
    const { a, b, database } = replicas;
    const { tenantId, key } = await seedTenant(database);
    await seedRoster(database, tenantId, { reps: team('r', 3, { cap: 2 }), teams: [{ id: 'ae' }] });
    await publishPolicy(database, tenantId, 's06-round-robin');
    const got: Array<string | null> = [];
    // A, A, B, A, B, B, A, B: each replica's held counts are stale after the other's turn.
    for (const [n, base] of [a, a, b, a, b, b, a, b].entries()) got.push(await decide(base, key, `r-L${n}`));
    expect(got).toEqual(['r-01', 'r-02', 'r-03', 'r-01', 'r-02', 'r-03', null, null]);
    expect(await openLoads(database, tenantId)).toEqual({ 'r-01': 2, 'r-02': 2, 'r-03': 2 });
  }, 120_000);
});
