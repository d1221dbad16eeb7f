/**
 * How long an owned-leads tick takes, in process, as owned leads grow and due leads stay ~1%
 * (issue #13: a tick's time must follow due leads, not owned ones). `--owned <n>` (10,000) leads
 * are seeded as for tickStall: 1% due now, 1% due in 12 hours, the rest in 6 days; s16 reclaim
 * goes live. Three ticks of the scheduler's own tickPolicy: now (every due unknown after the
 * publication: the one-off backfill visits every owned lead), 13 hours later (the 1% falling
 * due), 14 hours later (nothing due). Wall and CPU ms each, and what they reclaimed.
 * With `--dues-known` the seeded leads get the due the server would have written (s16: 7 days
 * from when the owner got the lead, set in SQL) and the backfill tick is skipped: the steady state.
 * `--chunk <n>`: every chunk that many leads (default: sized by the last chunk's CPU time).
 * `npx tsx packages/server/bench/scaleTickTime.ts [--owned n] [--dues-known] [--postgres] [--chunk n]`: one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../src/db/connect.js';
import { tickPolicy } from '../src/scheduler/index.js';
import { publishPolicy, seedRoster } from '../test/fixtures.js';
import { seedTenant } from '../test/harness.js';
import { PG_URL } from './common.js';
import { adminQuery } from './lanes.js';
import { seedLeads } from './scaleSeed.js';

const HOUR = 3_600_000;
const arg = (name: string) => process.argv.indexOf(name);
const owned = arg('--owned') > 0 ? Number(process.argv[arg('--owned') + 1]) : 10_000;
const postgres = arg('--postgres') > 0;
const duesKnown = arg('--dues-known') > 0;
/** Leads per chunk, fixed (default: sized by the last chunk's CPU time): to see what a chunk costs whatever its size. */
const chunkSize = arg('--chunk') > 0 ? Number(process.argv[arg('--chunk') + 1]) : undefined;

async function main(): Promise<void> {
  let database: Database;
  let cleanUp: () => Promise<void>;
  if (postgres) {
    const name = `sluice_ticktime_${randomBytes(6).toString('hex')}`;
    await adminQuery(`create database ${name}`);
    const url = new URL(PG_URL);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString() });
    cleanUp = async () => {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    };
  } else {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-ticktime-'));
    database = await openDatabase({ dataDir });
    cleanUp = async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  try {
    const { tenantId } = await seedTenant(database);
    const reps = Array.from({ length: 10 }, (_, i) => `r${String(i + 1).padStart(2, '0')}`);
    await seedRoster(database, tenantId, { timeZone: 'Asia/Shanghai', reps: reps.map((id) => ({ id })), pools: [{ id: 'public' }] });
    const seeded = await seedLeads(database, tenantId, reps, owned, 100, 12 * 3600);
    await publishPolicy(database, tenantId, 's16-reclaim-rules');
    if (duesKnown) {
      await database.db.execute(
        sql`update leads set next_due_at = (data->>'ownedSince')::timestamptz + interval '7 days' where tenant_id = ${tenantId} and owner_id is not null`,
      );
    }
    if (duesKnown) {
      // The update left a stale NULL entry per lead in leads_next_due (the embedded database never
      // vacuums), which a live tenant's backfill ticks read past, and mark dead, as they go. One tick
      // two days back, when nothing is due yet, reads them once as that backfill would have.
      await tickPolicy(database, tenantId, 's16-reclaim-rules', 'bench-settle', Date.now() - 48 * HOUR, 0);
    }
    if (postgres) await database.db.execute(sql.raw('analyze'));
    const t0 = Date.now();
    const ticks = [];
    const plan = [
      ['1% due now', 0],
      ['1% due later', 13 * HOUR],
      ['nothing due', 14 * HOUR],
    ] as const;
    // Without known dues the first tick is the one-off backfill: it visits every owned lead.
    for (const [what, offset] of duesKnown ? plan : ([['backfill (every due unknown) + 1% due', 0], ...plan.slice(1)] as const)) {
      const cpu = process.cpuUsage();
      const wall = performance.now();
      let chunked = { chunks: 0, longestChunkMs: 0 };
      const r = await tickPolicy(database, tenantId, 's16-reclaim-rules', 'bench', t0 + offset, 0, {
        chunked: (f) => (chunked = f),
        ...(chunkSize === undefined ? {} : { chunkSize }),
      });
      const used = process.cpuUsage(cpu);
      ticks.push({
        what,
        reclaimed: r.decisions,
        ms: Math.round(performance.now() - wall),
        cpuMs: Math.round((used.user + used.system) / 1000),
        ...chunked,
      });
    }
    const line = {
      lane: postgres ? 'postgres' : 'embedded',
      owned,
      duesKnown,
      chunkSize: chunkSize ?? 'sized',
      due: seeded.due,
      dueLater: seeded.dueSoon,
      ticks,
      loadavg: loadavg().map((x) => Math.round(x * 10) / 10),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  } finally {
    await cleanUp();
  }
}

await main();
