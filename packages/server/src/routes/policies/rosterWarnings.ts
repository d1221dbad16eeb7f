import { type PolicyDocumentInput, type RosterNames, rosterNames, rosterRefs, unknownRosterRefs } from '@sluice/engine';
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { jsonValue, rowsOf } from '../../db/rows.js';
import type { FieldError } from '../../http/problem.js';

/** A node naming a team, rep or role no active rep of the tenant's roster has, placed as a compile error is. */
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
const held = new Map<string, { version: string; names: RosterNames | null }>();

/** The tenant's roster names, or null when it has no reps yet. */
async function tenantRosterNames(db: Db | Tx, tenantId: string): Promise<RosterNames | null> {
  // The version first: rows read after it are at least as new, so a names entry is never older than its version.
  const [v] = rowsOf<{ version: string }>(
    await db.execute(sql`select coalesce((select version::text from roster_versions where tenant_id = ${tenantId}), '0') as version`),
  );
  const version = v?.version ?? '0';
  const hit = held.get(tenantId);
  if (hit?.version === version) {
    held.delete(tenantId);
    held.set(tenantId, hit);
    return hit.names;
  }
  const reps = rowsOf<{ id: string; teams: unknown; roles: unknown; active: unknown }>(
    await db.execute(sql`select id, data->'teams' as teams, data->'roles' as roles, data->'active' as active from reps where tenant_id = ${tenantId}`),
  );
  const names =
    reps.length === 0
      ? null
      : rosterNames({ reps: reps.map((r) => ({ id: r.id, teams: strings(r.teams), roles: strings(r.roles), active: r.active !== false })) });
  held.delete(tenantId);
  if (held.size >= MAX_TENANTS) held.delete(held.keys().next().value!);
  held.set(tenantId, { version, names });
  return names;
}

function strings(v: unknown): string[] {
  const list = jsonValue(v);
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * The teams, reps and roles a policy names that no active rep of the tenant has (the engine's
 * unknownRosterRefs): a rotation over them finds nobody and its leads wait unassigned. Warnings,
 * never a refusal: the roster is the CRM's to sync and may name the team tomorrow. A tenant with
 * no reps yet gets none (every name would be listed, which says nothing the empty roster does not).
 */
export async function rosterWarnings(db: Db | Tx, tenantId: string, document: unknown): Promise<RosterFieldError[]> {
  if (document === null || typeof document !== 'object') return [];
  const policy = document as PolicyDocumentInput;
  if (rosterRefs(policy).length === 0) return [];
  const names = await tenantRosterNames(db, tenantId);
  if (names === null) return [];
  return unknownRosterRefs([policy], names).map((u) => ({
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
