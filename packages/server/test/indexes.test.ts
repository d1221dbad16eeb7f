import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, LANES, type TestDatabase } from './harness.js';

/**
 * The decision queries the API offers (by lead, rep, policy, time) each have an index the planner
 * can use, and does on a tenant with enough rows.
 */
describe.each(LANES)('indexes behind the decision queries (%s)', (lane) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
    // A tenant with 5,000 decisions over 50 reps, 500 leads and 5 policies, analysed: the planner
    // judges by the statistics, and on an empty table any index (or none) is as good.
    await tdb.database.db.execute(
      sql.raw(`insert into decisions (id, tenant_id, event_id, lead_id, policy_key, policy_version, rep_ids, at, decision)
      select 'd' || i, 't', 'e' || i, 'L' || (i % 500), 's0' || (i % 5), 1, jsonb_build_array('r' || lpad((i % 50)::text, 2, '0')),
             timestamptz '2026-01-01' + i * interval '1 hour', '{}'::json
      from generate_series(1, 5000) as i`),
    );
    await tdb.database.db.execute(sql.raw('analyze decisions'));
  }, 120_000);
  afterAll(async () => tdb?.drop());

  async function plan(where: string): Promise<string> {
    return tdb.database.db.transaction(async (tx) => {
      const r = await tx.execute(sql.raw(`explain select id from decisions where tenant_id = 't' and ${where}`));
      return (r as unknown as { rows: Array<Record<string, string>> }).rows.map((x) => Object.values(x)[0]).join('\n');
    });
  }

  it.each([
    ['rep', `rep_ids @> '["r01"]'::jsonb`, 'decisions_reps'],
    ['lead', `lead_id = 'L1' order by at`, 'decisions_lead'],
    ['policy', `policy_key = 's01' order by at limit 50`, 'decisions_policy'],
    ['time', `at >= '2026-07-01' order by at limit 50`, 'decisions_at'],
  ])('by %s', async (_what, where, index) => {
    expect(await plan(where)).toContain(index);
  });
});

/**
 * The match-key GIN indexes keep no pending list (migration 0014): PGlite never vacuums, so with
 * `fastupdate` on every decision's search for leads sharing a key read up to 4 MB of unmerged
 * entries (0.2–0.5 s a load at 100,000 stored leads: bench/scaleTickTime.ts, README #13).
 */
describe.each(LANES)('match-key indexes (%s)', (lane) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
  }, 120_000);
  afterAll(async () => tdb?.drop());

  it.each(['leads_keys', 'customers_keys'])('%s has fastupdate off', async (index) => {
    const r = await tdb.database.db.execute(sql.raw(`select reloptions from pg_class where relname = '${index}'`));
    const rows = (r as unknown as { rows: Array<{ reloptions: string[] | string | null }> }).rows;
    expect(rows).toHaveLength(1);
    expect(String(rows[0]!.reloptions)).toMatch(/fastupdate=(off|false)/);
  });
});
