import { compilePolicy, customerSchema, poolSchema, repSchema, teamSchema, type RepInput } from '@sluice/engine';
import { examplePolicy, exampleState } from '@sluice/examples';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../src/db/connect.js';
import { customers, outbox, policies, policyVersions, pools, reps, teams, tenants, webhooks } from '../src/db/schema.js';
import { customerMatchKeys } from '../src/routes/roster/matchKeys.js';
import { seedTenant } from './harness.js';

/**
 * Rows the decision tests need, written straight into the tables (the way the policy and roster
 * endpoints store them), so these tests depend on nothing but the schema.
 */

/** Makes `example` (a file of examples/policies, or a document) the live version `version` of its key. */
export async function publishPolicy(
  database: Database,
  tenantId: string,
  example: string | Record<string, unknown>,
  version = 1,
  patch: Record<string, unknown> = {},
) {
  const document = { ...(typeof example === 'string' ? (structuredClone(examplePolicy(example)) as Record<string, unknown>) : example), ...patch, version };
  const compiled = compilePolicy(document);
  if (!compiled.ok) throw new Error(`fixture policy does not compile: ${JSON.stringify(compiled.errors)}`);
  const { key, kind, name } = compiled.policy;
  const events = compiled.policy.trigger.events;
  await database.db
    .insert(policies)
    .values({ tenantId, key, kind, name, draft: document, liveVersion: version, liveEvents: events })
    .onConflictDoUpdate({ target: [policies.tenantId, policies.key], set: { draft: document, liveVersion: version, liveEvents: events } });
  await database.db.insert(policyVersions).values({ tenantId, key, version, document, note: 'test fixture', publishedBy: 'test' }).onConflictDoNothing();
  return { key, version };
}

/** Replaces a policy's draft (for draft previews). */
export async function setDraft(database: Database, tenantId: string, key: string, document: Record<string, unknown>) {
  await database.db
    .update(policies)
    .set({ draft: document })
    .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)));
}

export interface Roster {
  timeZone?: string;
  reps?: RepInput[];
  teams?: unknown[];
  pools?: unknown[];
  customers?: unknown[];
}

/** Roster rows as the roster endpoints store them: validated JSON, open load in its own column. */
export async function seedRoster(database: Database, tenantId: string, roster: Roster | string) {
  const r: Roster = typeof roster === 'string' ? (structuredClone(exampleState(roster)) as Roster) : roster;
  if (r.timeZone) await database.db.update(tenants).set({ timeZone: r.timeZone }).where(eq(tenants.id, tenantId));
  const repRows = (r.reps ?? []).map((input) => {
    const { openLoad, ...data } = repSchema.parse(input);
    return { tenantId, id: data.id, data, openLoad };
  });
  if (repRows.length) await database.db.insert(reps).values(repRows);
  const teamRows = (r.teams ?? []).map((t) => teamSchema.parse(t)).map((data) => ({ tenantId, id: data.id, data }));
  if (teamRows.length) await database.db.insert(teams).values(teamRows);
  const poolRows = (r.pools ?? []).map((p) => poolSchema.parse(p)).map((data) => ({ tenantId, id: data.id, data }));
  if (poolRows.length) await database.db.insert(pools).values(poolRows);
  const customerRows = (r.customers ?? [])
    .map((c) => customerSchema.parse(c))
    .map((data) => ({ tenantId, id: data.id, data, matchKeys: customerMatchKeys(data) }));
  if (customerRows.length) await database.db.insert(customers).values(customerRows);
}

/** `count` reps `<prefix>-01 …` in one team: the round-robin tests' roster. */
export function team(prefix: string, count: number, extra: Partial<RepInput> = {}, teamId = 'ae'): RepInput[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${String(i + 1).padStart(2, '0')}`, teams: [teamId], roles: ['AE'], ...extra }));
}

/** Rows of a tenant in a table, counted (the dry-run and retry tests check nothing was written). */
export async function countRows(database: Database, table: string, tenantId: string): Promise<number> {
  const r = await database.db.execute(sql.raw(`select count(*)::int as n from ${table} where tenant_id = '${tenantId.replace(/'/g, "''")}'`));
  return (r as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
}

/** Every table a decision may write, counted: a snapshot to compare before and after. */
export async function tableCounts(database: Database, tenantId: string): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['leads', 'ownership', 'activities', 'lead_records', 'penalties', 'pointers', 'daily_counts', 'events', 'decisions', 'outbox'])
    out[t] = await countRows(database, t, tenantId);
  return out;
}

/** open_load by rep id. */
export async function openLoads(database: Database, tenantId: string): Promise<Record<string, number>> {
  const rows = await database.db.select({ id: reps.id, load: reps.openLoad }).from(reps).where(eq(reps.tenantId, tenantId));
  return Object.fromEntries(rows.map((r) => [r.id, r.load]).sort());
}

/** How many leads each rep owns now (from the leads table). */
export async function ownersCount(database: Database, tenantId: string): Promise<Record<string, number>> {
  const r = await database.db.execute(
    sql.raw(
      `select owner_id, count(*)::int as n from leads where tenant_id = '${tenantId.replace(/'/g, "''")}' and owner_id is not null group by owner_id order by owner_id`,
    ),
  );
  return Object.fromEntries((r as unknown as { rows: Array<{ owner_id: string; n: number }> }).rows.map((x) => [x.owner_id, x.n]));
}

/** A clock standing still at a fixed instant (tests pass it to startServer). */
export const fixedClock = (iso: string) => () => Date.parse(iso);

/**
 * A webhook subscription (straight into its table): outbox rows are written only for event types
 * somebody subscribes to, so tests that look at the outbox subscribe first.
 */
export async function subscribe(database: Database, tenantId: string, eventTypes: string[] = ['*'], url = 'http://127.0.0.1:9/unused') {
  const id = `hook-${Math.random().toString(36).slice(2, 10)}`;
  await database.db.insert(webhooks).values({ id, tenantId, url, eventTypes, secret: 'test-secret' });
  return id;
}

/** An outbox row as the decision path writes it, due at `atIso`; returns its id. */
export async function enqueueOutbox(database: Database, tenantId: string, type: string, payload: unknown, atIso: string): Promise<number> {
  const [row] = await database.db.insert(outbox).values({ tenantId, type, payload, createdAt: atIso, nextAttemptAt: atIso }).returning({ id: outbox.id });
  return row!.id;
}

/** A tenant in Shanghai with `reps` in team `ae` and the corpus's live round robin (S6): the load tests' setup. */
export async function seedRoundRobinTenant(database: Database, repList: RepInput[]) {
  const t = await seedTenant(database);
  await seedRoster(database, t.tenantId, { timeZone: 'Asia/Shanghai', reps: repList, teams: [{ id: 'ae', managerId: 'mgr' }] });
  await publishPolicy(database, t.tenantId, 's06-round-robin');
  return t;
}
