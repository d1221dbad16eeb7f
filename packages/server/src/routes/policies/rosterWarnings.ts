import { type PolicyDocumentInput, unknownRosterRefs } from '@sluice/engine';
import { eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { reps } from '../../db/schema.js';
import type { FieldError } from '../../http/problem.js';

/** A node naming a team, rep or role no active rep of the tenant's roster has, placed as a compile error is. */
export interface RosterFieldError extends FieldError {
  code: 'unknownRosterRef' | 'inactiveRosterRef';
  nodeId: string;
  /** Path inside the node's config, as compile errors give it. */
  field: string;
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
  const roster = await db
    .select({
      id: reps.id,
      teams: sql<unknown>`${reps.data}->'teams'`,
      roles: sql<unknown>`${reps.data}->'roles'`,
      active: sql<unknown>`${reps.data}->'active'`,
    })
    .from(reps)
    .where(eq(reps.tenantId, tenantId));
  if (roster.length === 0) return [];
  const view = roster.map((r) => ({ id: r.id, teams: strings(r.teams), roles: strings(r.roles), active: r.active !== false }));
  return unknownRosterRefs([policy], { reps: view }).map((u) => ({
    path: u.documentPath,
    code: u.reason === 'inactive' ? 'inactiveRosterRef' : 'unknownRosterRef',
    nodeId: u.nodeId,
    field: u.path,
    message: u.message.en,
    messageZh: u.message.zh,
  }));
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A draft's compile status with its roster warnings added: listed beside the compiler's, never an error. */
export async function withRosterWarnings<S extends { warnings?: FieldError[] }>(db: Db, tenantId: string, document: unknown, status: S): Promise<S> {
  const found = await rosterWarnings(db, tenantId, document);
  return found.length === 0 ? status : { ...status, warnings: [...(status.warnings ?? []), ...found] };
}
