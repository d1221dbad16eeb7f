/**
 * The simulation list a page can show (a status, a dataset, a page at a time, newest first) and the
 * delete that keeps what must stay: a job still queued or running (cancel it first) and a
 * simulation a publication cites as its evidence (S31: the reason for a change stays readable).
 */
import { and, desc, eq, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { policyVersions, simulations } from '../../db/schema.js';
import { ProblemError } from '../../http/problem.js';
import { iso } from '../../http/responses.js';
import { type Cursor, keysetCursor } from '../../http/cursor.js';

export interface SimulationFilter {
  status?: string | undefined;
  datasetId?: string | undefined;
}

/** The list's `?cursor=`: a simulation's createdAt and id. */
export const simulationCursor = keysetCursor({ at: simulations.createdAt, id: simulations.id });

/** Every column but the report: a list of a hundred simulations need not read a hundred reports. */
const LISTED = {
  tenantId: simulations.tenantId,
  id: simulations.id,
  kind: simulations.kind,
  datasetId: simulations.datasetId,
  status: simulations.status,
  progress: simulations.progress,
  candidates: simulations.candidates,
  seed: simulations.seed,
  createdAt: simulations.createdAt,
  createdBy: simulations.createdBy,
  startedAt: simulations.startedAt,
  finishedAt: simulations.finishedAt,
  error: simulations.error,
};

export async function pageOfSimulations(db: Db, tenantId: string, filter: SimulationFilter, limit: number, after: Cursor | undefined) {
  const where: SQL[] = [eq(simulations.tenantId, tenantId), eq(simulations.kind, 'simulate')];
  if (filter.status) where.push(eq(simulations.status, filter.status));
  if (filter.datasetId) where.push(eq(simulations.datasetId, filter.datasetId));
  if (after) {
    const at = sql`${after.at}::timestamptz`;
    where.push(or(sql`${simulations.createdAt} < ${at}`, and(sql`${simulations.createdAt} = ${at}`, lt(simulations.id, after.id)))!);
  }
  const rows = await db
    .select(LISTED)
    .from(simulations)
    .where(and(...where))
    .orderBy(desc(simulations.createdAt), desc(simulations.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page, next: rows.length > limit && last ? { at: iso(last.createdAt), id: last.id } : undefined };
}

const ACTIVE = new Set(['queued', 'running']);

/** Deletes an ended simulation; 409 for one still queued or running, or cited as a publication's evidence. */
export async function deleteSimulation(db: Db, tenantId: string, id: string, status: string): Promise<void> {
  if (ACTIVE.has(status))
    throw new ProblemError(409, 'simulation-not-ended', `The simulation is ${status}: cancel it first, then delete it`, {
      detailZh: `该模拟${status === 'queued' ? '正在排队' : '正在运行'}：请先取消，再删除`,
      simulationStatus: status,
    });
  const cited = await db
    .select({ key: policyVersions.key, version: policyVersions.version })
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), sql`${policyVersions.evidence} ->> 'simulationId' = ${id}`))
    .orderBy(policyVersions.key, policyVersions.version);
  if (cited.length > 0) {
    const en = cited.map((v) => `"${v.key}" version ${v.version}`).join(', ');
    const zh = cited.map((v) => `“${v.key}”版本 ${v.version}`).join('、');
    throw new ProblemError(409, 'simulation-cited', `The simulation is the evidence of ${en}: it is kept with the publication`, {
      detailZh: `该模拟是 ${zh} 发布时所附的依据，需随发布记录保留`,
      citedBy: cited,
    });
  }
  await db.delete(simulations).where(and(eq(simulations.tenantId, tenantId), eq(simulations.id, id), eq(simulations.kind, 'simulate')));
}
