/**
 * The smart-score models' reads and writes (issue #15), each starting with the tenant, so no key
 * reaches another tenant's rows. A version is immutable once stored; publishing only moves its
 * status (and the one it replaces to retired), which the trigger of migration 0012 turns into a
 * new model_versions version for every replica's cache.
 */
import type { ScoreModel } from '@sluice/engine';
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/connect.js';
import { modelLog, scoreModels } from '../db/schema.js';
import { ProblemError } from '../http/problem.js';
import { notFound } from '../http/responses.js';

export type ModelRow = typeof scoreModels.$inferSelect;
export type ModelStatus = 'draft' | 'published' | 'retired';

/** What an evaluation report says about itself that the server acts on; the rest is the report's own. */
export interface ReportVerdict {
  offered: boolean | null;
  reason: { en: string; zh: string } | null;
}

/** Reads `offered` and `reason` from a report (h-eval's ModelReport) without depending on the rest of its shape. */
export function verdictOf(report: unknown): ReportVerdict {
  if (typeof report !== 'object' || report === null) return { offered: null, reason: null };
  const r = report as { offered?: unknown; reason?: unknown };
  const reason = r.reason as { en?: unknown; zh?: unknown } | undefined;
  return {
    offered: typeof r.offered === 'boolean' ? r.offered : null,
    reason: reason && typeof reason.en === 'string' && typeof reason.zh === 'string' ? { en: reason.en, zh: reason.zh } : null,
  };
}

/** The report names the model it evaluated: the version it is stored as (the trainer wrote 0). */
function reportFor(report: unknown, key: string, version: number): unknown {
  if (typeof report !== 'object' || report === null) return null;
  const r = report as { model?: unknown };
  if (typeof r.model !== 'object' || r.model === null) return report;
  return { ...report, model: { ...r.model, key, version } };
}

/** Serialises new versions and publications of one key across processes (a transaction's lock). */
async function lockKey(tx: Tx, tenantId: string, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`sluice.model:${tenantId}:${key}`}))`);
}

export interface NewVersion {
  tenantId: string;
  key: string;
  model: ScoreModel;
  report: unknown;
  source: 'trained' | 'uploaded';
  jobId?: string;
  datasetId?: string;
  createdBy: string;
  createdAt: string;
}

/** Stores a model as the key's next version (a draft); returns the row. */
export async function insertModelVersion(tx: Tx, v: NewVersion): Promise<ModelRow> {
  await lockKey(tx, v.tenantId, v.key);
  const [{ max }] = (await tx
    .select({ max: sql<number | null>`max(${scoreModels.version})::int` })
    .from(scoreModels)
    .where(and(eq(scoreModels.tenantId, v.tenantId), eq(scoreModels.key, v.key)))) as [{ max: number | null }];
  const version = (max ?? 0) + 1;
  const p = v.model.provenance;
  const [row] = await tx
    .insert(scoreModels)
    .values({
      tenantId: v.tenantId,
      key: v.key,
      version,
      // The stored document names its own version: what a decision records is what was scored.
      model: { ...v.model, key: v.key, version },
      report: reportFor(v.report, v.key, version),
      status: 'draft',
      source: v.source,
      jobId: v.jobId ?? null,
      datasetId: v.datasetId ?? null,
      dataHash: p?.dataHash ?? null,
      rows: p?.rows ?? null,
      periodFrom: p?.from ?? null,
      periodTo: p?.to ?? null,
      settings: p?.settings ?? null,
      offered: verdictOf(v.report).offered,
      createdBy: v.createdBy,
      createdAt: v.createdAt,
    })
    .returning();
  return row!;
}

export async function findModelVersion(db: Db | Tx, tenantId: string, key: string, version: number): Promise<ModelRow | undefined> {
  const [row] = await db
    .select()
    .from(scoreModels)
    .where(and(eq(scoreModels.tenantId, tenantId), eq(scoreModels.key, key), eq(scoreModels.version, version)))
    .limit(1);
  return row;
}

export async function requireModelVersion(db: Db | Tx, tenantId: string, key: string, version: number): Promise<ModelRow> {
  const row = await findModelVersion(db, tenantId, key, version);
  if (!row) throw notFound(`version ${version} of model "${key}"`, `模型 "${key}" 的版本 ${version}`);
  return row;
}

/** Every version of a key, newest first; 404 when the key has none. */
export async function modelVersions(db: Db, tenantId: string, key: string): Promise<ModelRow[]> {
  const rows = await db
    .select()
    .from(scoreModels)
    .where(and(eq(scoreModels.tenantId, tenantId), eq(scoreModels.key, key)))
    .orderBy(desc(scoreModels.version));
  if (rows.length === 0) throw notFound(`model "${key}"`, `模型 "${key}"`);
  return rows;
}

/** One line per key: its published version (if any), latest version and how many versions it has. */
export async function modelKeys(db: Db, tenantId: string) {
  return db
    .select({
      key: scoreModels.key,
      publishedVersion: sql<number | null>`(max(${scoreModels.version}) filter (where ${scoreModels.status} = 'published'))::int`,
      latestVersion: sql<number>`max(${scoreModels.version})::int`,
      versions: sql<number>`count(*)::int`,
    })
    .from(scoreModels)
    .where(eq(scoreModels.tenantId, tenantId))
    .groupBy(scoreModels.key)
    .orderBy(scoreModels.key);
}

export interface Publication {
  tenantId: string;
  key: string;
  version: number;
  note: string;
  overrideReason?: string | undefined;
  actor: string;
  at: string;
}

/**
 * Publishes a version: the key's published one (if another) becomes retired, this one published.
 * Publishing an older version than the one published is a rollback, logged as such. A version whose
 * report does not offer it (it does not beat the points score out of sample), or that came without
 * a report, is refused unless the publisher says why (override.reason), as the policy tests gate.
 */
export async function publishModel(db: Db, p: Publication) {
  return db.transaction(async (tx) => {
    await lockKey(tx, p.tenantId, p.key);
    const row = await requireModelVersion(tx, p.tenantId, p.key, p.version);
    if (row.status === 'published') {
      throw new ProblemError(409, 'already-published', `Version ${p.version} of model "${p.key}" is already published`, {
        detailZh: `模型 "${p.key}" 的版本 ${p.version} 已经发布`,
      });
    }
    const verdict = verdictOf(row.report);
    let override: { reason: string; actor: string; at: string } | null = null;
    if (verdict.offered !== true) {
      if (p.overrideReason === undefined) throw notOffered(p.key, p.version, verdict);
      override = { reason: p.overrideReason, actor: p.actor, at: p.at };
    }
    const [current] = await tx
      .update(scoreModels)
      .set({ status: 'retired' })
      .where(and(eq(scoreModels.tenantId, p.tenantId), eq(scoreModels.key, p.key), eq(scoreModels.status, 'published')))
      .returning({ version: scoreModels.version });
    await tx
      .update(scoreModels)
      .set({ status: 'published', publishedBy: p.actor, publishedAt: p.at, note: p.note })
      .where(and(eq(scoreModels.tenantId, p.tenantId), eq(scoreModels.key, p.key), eq(scoreModels.version, p.version)));
    const action: 'publish' | 'rollback' = current !== undefined && current.version > p.version ? 'rollback' : 'publish';
    await tx.insert(modelLog).values({ tenantId: p.tenantId, key: p.key, version: p.version, action, note: p.note, actor: p.actor, at: p.at, override });
    return { key: p.key, version: p.version, action, previous: current?.version ?? null, note: p.note, at: p.at, override };
  });
}

function notOffered(key: string, version: number, verdict: ReportVerdict): ProblemError {
  const why =
    verdict.offered === null
      ? { en: 'it has no evaluation report', zh: '它没有评估报告' }
      : (verdict.reason ?? { en: 'its evaluation does not offer it', zh: '评估结论为不推荐' });
  return new ProblemError(
    409,
    'model-not-offered',
    `Version ${version} of model "${key}" is not offered: ${why.en}. Publish it with override.reason to say why it should score anyway`,
    {
      detailZh: `模型 "${key}" 的版本 ${version} 不推荐发布：${why.zh}。如仍要发布，请填写 override.reason 说明原因`,
      reason: why,
    },
  );
}

/** The key's publications and rollbacks, newest first. */
export async function modelLogOf(db: Db, tenantId: string, key: string) {
  return db
    .select()
    .from(modelLog)
    .where(and(eq(modelLog.tenantId, tenantId), eq(modelLog.key, key)))
    .orderBy(desc(modelLog.id));
}
