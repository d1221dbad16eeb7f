import { type PolicyDocumentInput, type RosterNames, rosterNames, rosterRefs, unknownRosterRefs } from '@sluice/engine';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { jsonValue, rowsOf } from '../../db/rows.js';
import type { FieldError } from '../../http/problem.js';

/** A node naming a team, rep or role no active rep of the tenant's roster has, or a pool the tenant has not set up, placed as a compile error is. */
export interface RosterFieldError extends FieldError {
  code: 'unknownRosterRef' | 'inactiveRosterRef';
  nodeId: string;
  /** Path inside the node's config, as compile errors give it. */
  field: string;
}

/**
 * Each tenant's roster names at its roster version (roster_versions, moved by every write to the
 * roster in the writing transaction): reading 20,000 reps for each draft view took ~150 ms, and
 * the roster changes far less often than drafts are opened. Bounded: the tenants used last stay.
 */
const MAX_TENANTS = 100;
interface TenantNames {
  names: RosterNames;
  /** Whether the tenant has any rep yet. */
  hasReps: boolean;
}
const held = new Map<string, { version: string } & TenantNames>();

/** The tenant's roster names (reps' and pools'). */
async function tenantRosterNames(db: Db | Tx, tenantId: string): Promise<TenantNames> {
  // The version first: rows read after it are at least as new, so a names entry is never older than its version.
  const [v] = rowsOf<{ version: string }>(
    await db.execute(sql`select coalesce((select version::text from roster_versions where tenant_id = ${tenantId}), '0') as version`),
  );
  const version = v?.version ?? '0';
  const hit = held.get(tenantId);
  if (hit?.version === version) {
    held.delete(tenantId);
    held.set(tenantId, hit);
    return hit;
  }
  const reps = rowsOf<{ id: string; teams: unknown; roles: unknown; active: unknown }>(
    await db.execute(sql`select id, data->'teams' as teams, data->'roles' as roles, data->'active' as active from reps where tenant_id = ${tenantId}`),
  );
  const pools = rowsOf<{ id: string }>(await db.execute(sql`select id from pools where tenant_id = ${tenantId}`));
  const names = rosterNames({ reps: reps.map((r) => ({ id: r.id, teams: strings(r.teams), roles: strings(r.roles), active: r.active !== false })), pools });
  const entry = { version, names, hasReps: reps.length > 0 };
  held.delete(tenantId);
  if (held.size >= MAX_TENANTS) held.delete(held.keys().next().value!);
  held.set(tenantId, entry);
  return entry;
}

function strings(v: unknown): string[] {
  const list = jsonValue(v);
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The teams, reps and roles a policy names that no active rep of the tenant has, and the pools it
 * sends leads to that the tenant has not set up (the engine's unknownRosterRefs): a rotation over
 * them finds nobody and its leads wait unassigned; a pool not set up takes no claim. Warnings,
 * never a refusal: the roster is the CRM's to sync and may name the team tomorrow. A tenant with
 * no reps yet gets none about reps (every name would be listed, which says nothing the empty roster
 * does not); its pools are still checked.
 */
export async function rosterWarnings(db: Db | Tx, tenantId: string, document: unknown): Promise<RosterFieldError[]> {
  if (document === null || typeof document !== 'object') return [];
  const policy = document as PolicyDocumentInput;
  if (rosterRefs(policy).length === 0) return [];
  const { names, hasReps } = await tenantRosterNames(db, tenantId);
  const unknown = unknownRosterRefs([policy], names).filter((u) => hasReps || u.kind === 'pool');
  return unknown.map((u) => ({
    path: u.documentPath,
    code: u.reason === 'inactive' ? 'inactiveRosterRef' : 'unknownRosterRef',
    nodeId: u.nodeId,
    field: u.path,
    message: u.message.en,
    messageZh: u.message.zh,
  }));
}

/** A draft's compile status with its roster warnings added: listed beside the compiler's, never an error. */
export async function withRosterWarnings<S extends { warnings?: FieldError[] }>(db: Db, tenantId: string, document: unknown, status: S): Promise<S> {
  const found = await rosterWarnings(db, tenantId, document);
  return found.length === 0 ? status : { ...status, warnings: [...(status.warnings ?? []), ...found] };
}
