/**
 * What a decision costs in process as the roster grows (issue #13), without HTTP: `--reps <n>`
 * (20,000) reps of one team seeded in SQL, every one busy (open load 1–8, a daily count today), s06's
 * round robin live; 3 warm-up batches, then 10 batches of 32 lead.created through the decide path
 * (handleEvent, as the route calls it). Prints one JSON line: CPU and wall ms per decision.
 * `npx tsx packages/server/bench/scaleDecideTime.ts [--reps n]`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/connect.js';
import { handleEvent } from '../src/state/handle.js';
import { publishPolicy, seedRoster } from '../test/fixtures.js';
import { seedTenant } from '../test/harness.js';

const arg = process.argv.indexOf('--reps');
const reps = arg > 0 ? Number(process.argv[arg + 1]) : 20_000;
const BATCH = 32;
const BATCHES = 10;

const dataDir = mkdtempSync(join(tmpdir(), 'sluice-decidetime-'));
const database = await openDatabase({ dataDir });
try {
  const { tenantId } = await seedTenant(database);
  await seedRoster(database, tenantId, { teams: [{ id: 'ae' }] });
  // In SQL: 20,000 reps in one insert through the query builder is more parameters than a statement takes.
  await database.db.execute(sql`insert into reps (tenant_id, id, data, open_load)
    select ${tenantId}, 'q-' || lpad(i::text, 6, '0'),
      jsonb_build_object('id', 'q-' || lpad(i::text, 6, '0'), 'teams', jsonb_build_array('ae'), 'roles', jsonb_build_array('AE'), 'cap', 5000, 'active', true,
        'skills', '[]'::jsonb, 'regions', '[]'::jsonb, 'products', '[]'::jsonb, 'industries', '[]'::jsonb, 'languages', '[]'::jsonb, 'outOfOffice', '[]'::jsonb, 'weight', 1),
      1 + (i % 8)
    from generate_series(1, ${reps}) i`);
  const today = new Date().toISOString().slice(0, 10);
  await database.db.execute(
    sql`insert into daily_counts (tenant_id, rep_id, day, assigned, claimed) select tenant_id, id, ${today}, 2, 0 from reps where tenant_id = ${tenantId}`,
  );
  await publishPolicy(database, tenantId, 's06-round-robin');
  let n = 0;
  const batch = () =>
    Promise.all(
      Array.from({ length: BATCH }, () => {
        const id = `L${++n}`;
        const at = new Date().toISOString();
        return handleEvent(database, tenantId, { id: `ev-${id}`, type: 'lead.created', at, lead: { id, createdAt: at } }, Date.now());
      }),
    );
  for (let i = 0; i < 3; i++) await batch();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < BATCHES; i++) await batch();
  const used = process.cpuUsage(cpu);
  const decisions = BATCH * BATCHES;
  const line = {
    reps,
    decisions,
    cpuMsPerDecision: Number(((used.user + used.system) / 1000 / decisions).toFixed(2)),
    wallMsPerDecision: Number(((performance.now() - wall) / decisions).toFixed(2)),
    loadavg: loadavg().map((x) => Math.round(x * 10) / 10),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}
