import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { policies, policyVersions, users } from '../../db/schema.js';
import { notFound } from '../../http/responses.js';

export type PolicyRow = typeof policies.$inferSelect;
export type VersionRow = typeof policyVersions.$inferSelect;

/** The policies' reads and writes, each starting with the tenant: no key reaches another tenant's rows. */
export async function loadPolicy(db: Db | Tx, tenantId: string, key: string): Promise<PolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)))
    .limit(1);
  return row;
}

export async function requirePolicy(db: Db, tenantId: string, key: string): Promise<PolicyRow> {
  const row = await loadPolicy(db, tenantId, key);
  if (!row) throw notFound(`policy "${key}"`, `策略 "${key}"`);
  return row;
}

/** The row lock serialises publications, rollbacks and withdrawals of one key. */
export async function lockPolicy(tx: Tx, tenantId: string, key: string): Promise<PolicyRow> {
  const [row] = await tx
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)))
    .for('update');
  if (!row) throw notFound(`policy "${key}"`, `策略 "${key}"`);
  return row;
}

/**
 * Every row a publication or rollback changes (the policy going live and those it takes offline),
 * locked in one statement in key order: the rows are locked as the sort hands them over, so two
 * requests locking overlapping sets (A withdrawing B while B withdraws A) queue on the first key
 * they share instead of each holding what the other waits for (a deadlock). Keys with no row are
 * simply absent from the answer.
 */
export async function lockPolicies(tx: Tx, tenantId: string, keys: readonly string[]): Promise<Map<string, PolicyRow>> {
  const wanted = [...new Set(keys)];
  const rows = await tx
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), inArray(policies.key, wanted)))
    .orderBy(asc(policies.key))
    .for('update');
  return new Map(rows.map((r) => [r.key, r]));
}

export async function findVersion(db: Db | Tx, tenantId: string, key: string, version: number): Promise<VersionRow | undefined> {
  const [v] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.key, key), eq(policyVersions.version, version)))
    .limit(1);
  return v;
}

export async function requireVersion(db: Db | Tx, tenantId: string, key: string, version: number): Promise<VersionRow> {
  const v = await findVersion(db, tenantId, key, version);
  if (!v) throw notFound(`version ${version} of policy "${key}"`, `策略 "${key}" 的版本 ${version}`);
  return v;
}

/**
 * A publication or rollback: the version goes live; a withdrawal: none is (version null, no
 * events, so no decision load lists it). Either is the policy's last change, by `actor`.
 */
export async function makeLive(
  tx: Tx,
  tenantId: string,
  key: string,
  change:
    | { version: number; events: string[]; at: string; actor: string; action: 'publish' | 'rollback' }
    | { version: null; events: []; at: string; actor: string; action: 'withdraw' },
): Promise<void> {
  await tx
    .update(policies)
    .set({ liveVersion: change.version, liveEvents: change.events, updatedAt: change.at, changedBy: change.actor, changeAction: change.action })
    .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)));
}

export async function liveDocuments(db: Db | Tx, tenantId: string, rows: PolicyRow[]): Promise<Map<string, unknown>> {
  const live = rows.filter((r) => r.liveVersion !== null);
  const out = new Map<string, unknown>();
  if (live.length === 0) return out;
  const found = await db
    .select()
    .from(policyVersions)
    .where(
      and(
        eq(policyVersions.tenantId, tenantId),
        inArray(
          policyVersions.key,
          live.map((r) => r.key),
        ),
      ),
    );
  const wanted = new Map(live.map((r) => [r.key, r.liveVersion]));
  for (const v of found) if (wanted.get(v.key) === v.version) out.set(v.key, v.document);
  return out;
}

export async function latestVersions(db: Db, tenantId: string, key?: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: policyVersions.key, max: sql<number>`max(${policyVersions.version})::int` })
    .from(policyVersions)
    .where(key === undefined ? eq(policyVersions.tenantId, tenantId) : and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.key, key)))
    .groupBy(policyVersions.key);
  return new Map(rows.map((r) => [r.key, r.max]));
}

/** Log entries name the user by e-mail when a person (not an API key) acted. */
export async function userEmails(db: Db, tenantId: string, actors: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((a): a is string => a?.startsWith('user:') === true).map((a) => a.slice('user:'.length)))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  return new Map(rows.map((u) => [`user:${u.id}`, u.email]));
}
