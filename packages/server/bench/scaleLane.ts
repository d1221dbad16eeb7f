/**
 * The scale targets' lane (issue #13): like common.ts's onLane — a fresh database of the lane, the
 * bench tenant, the real server in a child process, a check of what was stored afterwards — but
 * with what the scale targets need and onLane does not take: a roster of any size (the bench
 * roster's ten reps cloned, same team, same share of inactive reps), rows seeded straight into the
 * database before the server starts, extra server flags (`--tick-seconds`) and extra live policies.
 * Kept apart from common.ts so the default targets stay exactly as they were measured.
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { examplePolicy } from '@sluice/examples';
import { newApiKey } from '../src/auth/keys.js';
import type { Database } from '../src/db/connect.js';
import { apiKeys, tenants } from '../src/db/schema.js';
import { type Child, serverEnv, startChild, stopChild } from './children.js';
import { POLICY } from './common.js';
import { api, benchReps, freshDatabase, type Lane } from './lanes.js';

export interface ScaleLaneOptions {
  /** Reps in the roster (the bench roster's ten, cloned). */
  reps: number;
  /** Rows written straight into the database before the server starts (the tenant and roster do not exist yet in it). */
  seed?: (database: Database, tenantId: string, activeRepIds: string[]) => Promise<{ openLoad: Map<string, number> }>;
  serverArgs?: string[];
  /** Policies published after the default one (examples/policies keys), and pools they send leads to. */
  policies?: string[];
  pools?: string[];
  /**
   * Run on the database with the server stopped, after roster and policies are set up, before the
   * server starts again for the load: what a live tenant would have reached by then (the leads'
   * next dues worked out after a publish).
   */
  settle?: (database: Database, tenantId: string) => Promise<void>;
}

export interface ScaleLaneContext {
  child: Child;
  key: string;
  tenantId: string;
  seedSeconds: number;
}

/** Rounded load averages (1, 5, 15 min): every figure is reported beside them (the machine is shared). */
export const loadAverages = () => loadavg().map((x) => Math.round(x * 100) / 100);

/** The bench roster (examples/states/bench-roster.json), cloned to `n` reps: ids rep-01…rep-10, then rep-c00011…. */
export function scaleRoster(n: number): Array<Record<string, unknown> & { id: string; active?: boolean }> {
  const base = benchReps();
  return Array.from({ length: n }, (_, i) => {
    const b = base[i % base.length]!;
    return { ...b, id: i < base.length ? (b.id as string) : `rep-c${String(i + 1).padStart(5, '0')}` };
  });
}

/** Roster and policies through the real API; reps in bulk calls of the API's maximum (5,000). */
async function setUp(base: string, key: string, o: ScaleLaneOptions, openLoad: Map<string, number>): Promise<void> {
  await api(base, key, 'POST', '/v1/teams/bulk', { items: [{ id: 'ae', name: '客户经理组 AE' }] });
  if (o.pools?.length) await api(base, key, 'POST', '/v1/pools/bulk', { items: o.pools.map((id) => ({ id, name: `公海 ${id}` })) });
  const reps = scaleRoster(o.reps).map((r) => (openLoad.has(r.id) ? { ...r, openLoad: openLoad.get(r.id) } : r));
  for (let i = 0; i < reps.length; i += 5000) await api(base, key, 'POST', '/v1/reps/bulk', { items: reps.slice(i, i + 5000) });
  for (const p of [POLICY, ...(o.policies ?? [])]) {
    await api(base, key, 'PUT', `/v1/policies/${p}/draft`, examplePolicy(p));
    await api(base, key, 'POST', `/v1/policies/${p}/publish`, { note: 'bench' });
  }
}

/**
 * A fresh database of the lane, the tenant and its all-scopes key written in it, `seed`ed, the
 * real server on it with roster and policies set up, `run`; then `after` on the database again.
 */
export async function onScaleLane<R, C>(
  lane: Lane,
  o: ScaleLaneOptions,
  run: (ctx: ScaleLaneContext) => Promise<R>,
  after: (r: R, database: Database, tenantId: string) => Promise<C>,
): Promise<C> {
  const { open, serverArgs, url, cleanUp } = await freshDatabase(lane, 'sluice-scale');
  const args = ['packages/server/src/main.ts', ...serverArgs];
  const env = serverEnv(url);
  try {
    let database = await open();
    const tenantId = `bench-${randomUUID().slice(0, 8)}`;
    await database.db.insert(tenants).values({ id: tenantId, name: 'Bench', timeZone: 'Asia/Shanghai' });
    const k = newApiKey();
    await database.db
      .insert(apiKeys)
      .values({ id: k.id, tenantId, name: 'bench', prefix: k.prefix, hash: k.hash, scopes: ['admin', 'decide', 'read', 'edit', 'publish'] });
    const started = performance.now();
    const active = scaleRoster(o.reps)
      .filter((r) => r.active !== false)
      .map((r) => r.id);
    const { openLoad } = o.seed ? await o.seed(database, tenantId, active) : { openLoad: new Map<string, number>() };
    // Statistics of the seeded tables as each lane would have them live: PostgreSQL's autovacuum
    // analyzes after a bulk load; PGlite runs no autovacuum, so an embedded table is never analyzed.
    if (o.seed && lane === 'postgres') await database.db.execute(sql.raw('analyze'));
    const seedSeconds = Math.round(performance.now() - started) / 1000;
    await database.close();
    let child = await startChild([...args, ...(o.serverArgs ?? [])], env);
    let r: R;
    try {
      await setUp(child.base, k.key, o, openLoad);
      if (o.settle) {
        await stopChild(child);
        const settling = await open();
        try {
          await o.settle(settling, tenantId);
        } finally {
          await settling.close();
        }
        child = await startChild([...args, ...(o.serverArgs ?? [])], env);
      }
      r = await run({ child, key: k.key, tenantId, seedSeconds });
    } finally {
      await stopChild(child);
    }
    database = await open();
    try {
      return await after(r, database, tenantId);
    } finally {
      await database.close();
    }
  } finally {
    await cleanUp();
  }
}

/** Decisions stored for the tenant, and the leads the run assigned (not the seeded ones) by owner. */
export async function storedOf(database: Database, tenantId: string, policyKey = POLICY): Promise<{ stored: number; owned: Map<string, number> }> {
  const rows = (r: unknown) => ((r as { rows?: unknown[] }).rows ?? r) as Array<Record<string, unknown>>;
  const [d] = rows(await database.db.execute(sql`select count(*)::int as n from decisions where tenant_id = ${tenantId} and policy_key = ${policyKey}`));
  const owned = rows(
    await database.db.execute(
      sql`select owner_id as owner, count(*)::int as n from leads where tenant_id = ${tenantId} and owner_id is not null and id not like 'seed-%' group by owner_id`,
    ),
  );
  return { stored: Number(d!.n), owned: new Map(owned.map((r) => [String(r.owner), Number(r.n)])) };
}

/** Round robin over `reps` cloned reps: every new lead owned, active reps' shares within one, inactive reps none. */
export function shareCheck(reps: number, stored: number, owned: Map<string, number>): { ok: boolean; text: string } {
  const roster = scaleRoster(reps);
  const shares = roster.filter((r) => r.active !== false).map((r) => owned.get(r.id) ?? 0);
  const inactive = roster.filter((r) => r.active === false).reduce((s, r) => s + (owned.get(r.id) ?? 0), 0);
  const total = [...owned.values()].reduce((a, b) => a + b, 0);
  const lo = Math.min(...shares);
  const hi = Math.max(...shares);
  const ok = total === stored && hi - lo <= 1 && inactive === 0;
  return { ok, text: `leads owned ${total}; shares ${lo}–${hi} over ${shares.length} active reps, inactive reps ${inactive}` };
}
