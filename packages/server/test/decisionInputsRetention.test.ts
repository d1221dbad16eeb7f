import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneDecisionInputs, startScheduler } from '../src/scheduler/index.js';
import { freshDatabase, LANES, type TestDatabase } from './harness.js';

const NOW = Date.parse('2026-06-01T00:00:00.000Z');
const DAY = 86_400_000;

/** Decision-input rows for `tenant`, one per [event id, days before NOW]. */
async function insertInputs(tdb: TestDatabase, tenant: string, rows: Array<[string, number]>) {
  const values = rows.map(([id, days]) => `('${tenant}', '${id}', '${new Date(NOW - days * DAY).toISOString()}', '{}', '{}')`).join(', ');
  await tdb.database.db.execute(sql.raw(`insert into decision_inputs (tenant_id, event_id, decided_at, event, state) values ${values}`));
}

async function eventIds(tdb: TestDatabase, tenant: string): Promise<string[]> {
  const r = await tdb.database.db.execute(sql.raw(`select event_id from decision_inputs where tenant_id = '${tenant}' order by event_id`));
  return (r as unknown as { rows: Array<{ event_id: string }> }).rows.map((x) => x.event_id);
}

/** Decision inputs are kept for --decision-inputs-days (default 90): older rows go, a chunk at a time; newer ones stay. */
describe.each(LANES)('decision inputs retention (%s)', (lane) => {
  let tdb: TestDatabase;
  beforeAll(async () => {
    tdb = await freshDatabase(lane);
  }, 120_000);
  afterAll(async () => tdb?.drop());

  it('deletes the rows older than the cut-off in chunks, oldest first, and keeps the rest', async () => {
    await insertInputs(tdb, 'ta', [
      ['old-1', 400],
      ['old-2', 200],
      ['old-3', 120],
      ['old-4', 91],
      ['old-5', 90.5],
      ['new-1', 89],
      ['new-2', 30],
      ['new-3', 0],
    ]);
    // Two rows a transaction, at most two transactions: the four oldest go first.
    expect(await pruneDecisionInputs(tdb.database, NOW - 90 * DAY, 2, 2)).toBe(4);
    expect(await eventIds(tdb, 'ta')).toEqual(['new-1', 'new-2', 'new-3', 'old-5']);
    // The next pass finishes the backlog and stops at the first short chunk.
    expect(await pruneDecisionInputs(tdb.database, NOW - 90 * DAY, 2, 5)).toBe(1);
    expect(await eventIds(tdb, 'ta')).toEqual(['new-1', 'new-2', 'new-3']);
    expect(await pruneDecisionInputs(tdb.database, NOW - 90 * DAY, 2, 5)).toBe(0);
  });

  it('the scheduler prunes on every pass, by its setting', async () => {
    await insertInputs(tdb, 'tb', [
      ['b-old', 11],
      ['b-new', 9],
    ]);
    const scheduler = startScheduler({ database: tdb.database, now: () => NOW, intervalMs: 3_600_000, decisionInputsDays: 10 });
    try {
      await scheduler.runOnce();
    } finally {
      await scheduler.stop();
    }
    expect(await eventIds(tdb, 'tb')).toEqual(['b-new']);
    // The setting holds for every tenant: ta's rows of 30 and 89 days go too.
    expect(await eventIds(tdb, 'ta')).toEqual(['new-3']);
  });
});
