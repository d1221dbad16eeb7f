/**
 * Stored leads for the bigTable and tickStall targets, written straight into the database with
 * generate_series (a million leads through the API would take the bench longer than the run it
 * measures). Each row has the shape a decision writes (bench/scaleLane.ts's probe of a stored
 * lead): the lead document, owner, match and find keys, and its open ownership row; lead `seed-i`
 * is owned by active rep i mod k. Every `dueEvery`-th lead has been owned for 8 days without a
 * follow-up (due for s16's 7-day noFollowUp rule); the others for one day (nothing due). With
 * `dueSoonSeconds`, as many again (those halfway between) fall due that long after they are seeded:
 * a tick later than the first finds them, so it has due leads too (tickStall).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../src/db/connect.js';
import { log } from './common.js';

const CHUNK = 100_000;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** A literal text[] of ids the bench made itself (letters, digits, dashes only: checked). */
function textArray(ids: string[]): string {
  for (const id of ids) if (!/^[\w-]+$/.test(id)) throw new Error(`unexpected rep id ${id}`);
  return `array[${ids.map((id) => `'${id}'`).join(',')}]::text[]`;
}

export async function seedLeads(
  database: Database,
  tenantId: string,
  activeRepIds: string[],
  n: number,
  dueEvery = 0,
  dueSoonSeconds = 0,
): Promise<{ openLoad: Map<string, number>; due: number; dueSoon: number }> {
  if (!/^[\w-]+$/.test(tenantId)) throw new Error(`unexpected tenant id ${tenantId}`);
  const reps = textArray(activeRepIds);
  const k = activeRepIds.length;
  const soon =
    dueEvery > 1 && dueSoonSeconds > 0
      ? `when i % ${dueEvery} = ${Math.floor(dueEvery / 2)} then interval '7 days' - interval '${Math.round(dueSoonSeconds)} seconds' `
      : '';
  const since = dueEvery > 0 ? `case when i % ${dueEvery} = 0 then interval '8 days' ${soon}else interval '1 day' end` : `interval '1 day'`;
  const t0 = performance.now();
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    await database.db.execute(
      sql.raw(`insert into leads (tenant_id, id, data, owner_id, pool_id, status, updated_at, match_keys, find_keys)
select '${tenantId}', 'seed-' || i,
  jsonb_build_object('id', 'seed-' || i, 'poolId', null, 'region', 'east', 'company', 'Seed Co ' || i, 'ownerId', r,
    'product', 'crm', 'createdAt', to_char(c at time zone 'UTC', ${ISO}), 'employees', 50 + i % 500, 'ownedSince', to_char(c at time zone 'UTC', ${ISO})),
  r, null, 'open', c,
  jsonb_build_array('c:seedco' || i, 's:seedco' || i),
  jsonb_build_array('c:seedco' || i, 'b:seedco' || i, 'pc:seedco' || i, 'pb:seedco' || i)
from (select i, (${reps})[1 + i % ${k}] as r, now() - ${since} as c from generate_series(${from}, ${to}) as g(i)) s`),
    );
    await database.db.execute(
      sql.raw(`insert into ownership (tenant_id, lead_id, rep_id, from_at, via)
select '${tenantId}', 'seed-' || i, (${reps})[1 + i % ${k}], now() - ${since}, 'assigned' from generate_series(${from}, ${to}) as g(i)`),
    );
    if (to % 500_000 === 0 || to === n) log(`  seeded ${to} leads (${Math.round(performance.now() - t0) / 1000} s)`);
  }
  const openLoad = new Map<string, number>();
  // Lead i goes to rep (i mod k): rep j gets the i in 1..n with i ≡ j (mod k).
  for (let j = 0; j < k; j++) openLoad.set(activeRepIds[j]!, Math.floor((n - j) / k) + (j === 0 ? 0 : 1));
  const count = (r: number) => (dueEvery > 0 ? Math.floor((n - r) / dueEvery) + (r === 0 ? 0 : 1) : 0);
  return { openLoad, due: count(0), dueSoon: soon ? count(Math.floor(dueEvery / 2)) : 0 };
}

/**
 * A floor in mid-day (`--busy`): every active rep already holds some leads (open load 1–7) and
 * has received some today (daily count 1–3, today and yesterday in the tenant's zone and UTC),
 * as a 20,000-rep telesales floor has by ten in the morning. Open loads go through the roster
 * API (returned here); daily counts straight into the table. No lead rows: the counters are
 * what a decision loads for every rep it might consider.
 */
export async function seedBusy(database: Database, tenantId: string, activeRepIds: string[]): Promise<{ openLoad: Map<string, number> }> {
  if (!/^[\w-]+$/.test(tenantId)) throw new Error(`unexpected tenant id ${tenantId}`);
  const reps = textArray(activeRepIds);
  const day = (zone: string, back: number) => `to_char((now() - interval '${back} day') at time zone '${zone}', 'YYYY-MM-DD')`;
  const days = [day('Asia/Shanghai', 0), day('Asia/Shanghai', 1), day('UTC', 0), day('UTC', 1)].join(', ');
  await database.db.execute(
    sql.raw(`insert into daily_counts (tenant_id, rep_id, day, assigned, claimed)
select distinct on (r, d) '${tenantId}', r, d, 1 + (i % 3), 0
from unnest(${reps}) with ordinality as u(r, i), unnest(array[${days}]) as d`),
  );
  return { openLoad: new Map(activeRepIds.map((id, i) => [id, 1 + (i % 7)])) };
}
