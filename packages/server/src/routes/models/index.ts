/**
 * Smart-score models (issue #15): a model is a versioned artefact like a policy. Versions come
 * from training jobs (jobs.ts) or uploads of a model the CLI trained; one version per key is
 * published and scores on the decision path (state/modelCache.ts); publishing an older one rolls
 * back. Every route is tenant-scoped: another tenant's key is a 404.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import { INT4 } from '../../db/limits.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError, fieldProblem } from '../../http/problem.js';
import { iso, nowIso } from '../../http/responses.js';
import { insertModelVersion, type ModelRow, modelKeys, modelLogOf, modelVersions, publishModel, requireModelVersion, verdictOf } from '../../models/store.js';
import type { SimulationRunner } from '../../simulation/runner.js';
import { runTask } from '../../simulation/spawn.js';
import { userEmails } from '../policies/store.js';
import { publicationLog } from '../publicationLog.js';
import { REPORT_CSP } from '../simulations/index.js';
import { registerModelJobs } from './jobs.js';
import * as r from './routes.js';

/** Who trained or uploaded, and who published: the user's e-mail when a person (not an API key) did. */
type Emails = Map<string, string>;

function versionView(row: ModelRow, emails: Emails) {
  const { reason } = verdictOf(row.report);
  return {
    key: row.key,
    version: row.version,
    status: row.status as 'draft' | 'published' | 'retired',
    source: row.source as 'trained' | 'uploaded',
    offered: row.offered,
    reason,
    dataHash: row.dataHash,
    rows: row.rows,
    period: { from: row.periodFrom, to: row.periodTo },
    settings: (row.settings as Record<string, unknown> | null) ?? null,
    datasetId: row.datasetId,
    jobId: row.jobId,
    createdBy: row.createdBy,
    createdByEmail: emails.get(row.createdBy) ?? null,
    createdAt: iso(row.createdAt),
    publishedBy: row.publishedBy,
    publishedByEmail: (row.publishedBy && emails.get(row.publishedBy)) ?? null,
    publishedAt: row.publishedAt ? iso(row.publishedAt) : null,
    note: row.note,
  };
}

export function registerModels(app: OpenAPIHono<AppEnv>, runner: SimulationRunner): void {
  app.openapi(r.list, async (c) => {
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const keys = await modelKeys(db, tenantId);
    const items = [];
    for (const k of keys) {
      const latest = await requireModelVersion(db, tenantId, k.key, k.latestVersion);
      const name = (latest.model as { name?: { en: string; zh: string } }).name ?? null;
      items.push({ ...k, name });
    }
    return c.json({ items }, 200);
  });

  app.openapi(r.versions, async (c) => {
    const db = c.var.deps.database.db;
    const rows = await modelVersions(db, c.var.auth.tenantId, c.req.valid('param').key);
    const emails = await userEmails(
      db,
      c.var.auth.tenantId,
      rows.flatMap((v) => [v.createdBy, v.publishedBy]),
    );
    return c.json({ items: rows.map((v) => versionView(v, emails)) }, 200);
  });

  app.openapi(r.version, async (c) => {
    const { key, version } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const row = await requireModelVersion(db, c.var.auth.tenantId, key, version);
    const emails = await userEmails(db, c.var.auth.tenantId, [row.createdBy, row.publishedBy]);
    return c.json({ ...versionView(row, emails), model: row.model, report: row.report ?? null }, 200);
  });

  app.openapi(r.reportHtml, async (c) => {
    const { key, version } = c.req.valid('param');
    const row = await requireModelVersion(c.var.deps.database.db, c.var.auth.tenantId, key, version);
    if (!row.report) {
      throw new ProblemError(409, 'no-report', `Version ${version} of model "${key}" was stored without an evaluation report`, {
        detailZh: `模型 "${key}" 的版本 ${version} 保存时没有评估报告`,
      });
    }
    // Rendered on the shared worker thread (its charts are SVG), off the thread that decides.
    const rendered = await runTask({ task: 'model-report', report: row.report, lang: c.req.valid('query').lang ?? 'both' });
    // An uploaded report is the uploader's document: one the page cannot be drawn from is said so, not a 500.
    if (!rendered.ok) {
      throw new ProblemError(409, 'report-unreadable', `The evaluation report of version ${version} of model "${key}" cannot be drawn as a page`, {
        detailZh: `模型 "${key}" 的版本 ${version} 的评估报告无法生成页面`,
      });
    }
    return c.body(rendered.value as string, 200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': REPORT_CSP,
      'x-content-type-options': 'nosniff',
    });
  });

  app.openapi(r.upload, async (c) => {
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.model.key !== key) {
      throw fieldProblem(
        '$.model.key',
        `the model's key "${body.model.key}" is not "${key}", the key in the path`,
        `模型的 key "${body.model.key}" 与路径中的 "${key}" 不一致`,
      );
    }
    // Kept in an int4 column too (what the versions list shows): a count past it is refused, not a 500.
    const rows = body.model.provenance?.rows;
    if (rows !== undefined && rows > INT4.max) {
      throw fieldProblem('$.model.provenance.rows', `at most ${INT4.max} training rows`, `训练行数最多为 ${INT4.max}`);
    }
    const auth = c.var.auth;
    const db = c.var.deps.database.db;
    const row = await db.transaction((tx) =>
      insertModelVersion(tx, {
        tenantId: auth.tenantId,
        key,
        model: body.model,
        report: body.report ?? null,
        source: 'uploaded',
        createdBy: auth.actor,
        createdAt: nowIso(c),
      }),
    );
    return c.json(versionView(row, await userEmails(db, auth.tenantId, [row.createdBy])), 201);
  });

  app.openapi(r.publish, async (c) => {
    const { key, version } = c.req.valid('param');
    const { note, override } = c.req.valid('json');
    const auth = c.var.auth;
    const done = await publishModel(c.var.deps.database.db, {
      tenantId: auth.tenantId,
      key,
      version,
      note,
      overrideReason: override?.reason,
      actor: auth.actor,
      at: nowIso(c),
    });
    return c.json(done, 200);
  });

  app.openapi(r.log, async (c) => {
    const { key } = c.req.valid('param');
    const db = c.var.deps.database.db;
    // 404 for a key the tenant does not have (another tenant's included), as the other routes.
    await modelVersions(db, c.var.auth.tenantId, key);
    const rows = await modelLogOf(db, c.var.auth.tenantId, key);
    return c.json({ items: await publicationLog(db, c.var.auth.tenantId, rows) }, 200);
  });

  registerModelJobs(app, runner);
}
