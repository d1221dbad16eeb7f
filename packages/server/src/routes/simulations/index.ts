import type { OpenAPIHono } from '@hono/zod-openapi';
import { compilePolicy, type PolicyDocument, policyDocumentSchema } from '@sluice/engine';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../db/connect.js';
import { simulations } from '../../db/schema.js';
import type { AppEnv, ServerDeps } from '../../http/context.js';
import { type FieldError, ProblemError, fieldProblem, validationFailed } from '../../http/problem.js';
import { iso, notFound, nowIso } from '../../http/responses.js';
import { followJob } from '../../simulation/follow.js';
import { type JobProgress, SimulationRunner } from '../../simulation/runner.js';
import { runTask } from '../../simulation/spawn.js';
import { requireDataset } from '../datasets/index.js';
import { encodeCursor } from '../../http/cursor.js';
import { insertQueuedJob } from '../datasets/inUse.js';
import { policyFieldErrors } from '../policies/compileErrors.js';
import { findVersion, loadPolicy } from '../policies/store.js';
import { deleteSimulation, pageOfSimulations, simulationCursor } from './listing.js';
import * as r from './routes.js';

type SimulationRow = typeof simulations.$inferSelect;
type Status = (typeof r.STATUSES)[number];
type Ref = { key: string; version: number | 'live' | 'draft' };
type ResolvedRef = Ref & { resolved: number | 'draft' };
/** As stored: with the document the run used (what a publication citing it as evidence is checked against). */
export type StoredRef = ResolvedRef & { document?: PolicyDocument };

/** The HTML report has no script; its style is inline. Nothing else may load. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

export async function requireSimulation(db: Db, tenantId: string, id: string): Promise<SimulationRow> {
  const [row] = await db
    .select()
    .from(simulations)
    .where(and(eq(simulations.tenantId, tenantId), eq(simulations.id, id), eq(simulations.kind, 'simulate')));
  if (!row) throw notFound(`simulation "${id}"`, `模拟 "${id}"`);
  return row;
}

function item(row: Omit<SimulationRow, 'report' | 'params' | 'heartbeatAt'>, live?: JobProgress) {
  return {
    id: row.id,
    datasetId: row.datasetId,
    status: row.status as Status,
    progress: live ?? row.progress,
    candidates: (row.candidates as Array<{ label: string; policies: StoredRef[] }>).map((c) => ({
      label: c.label,
      policies: c.policies.map(({ document: _kept, ...ref }) => ref),
    })),
    seed: row.seed,
    createdAt: iso(row.createdAt),
    createdBy: row.createdBy,
    ...(row.startedAt ? { startedAt: iso(row.startedAt) } : {}),
    ...(row.finishedAt ? { finishedAt: iso(row.finishedAt) } : {}),
    ...(row.error ? { error: row.error } : {}),
  };
}

/** Each candidate's policy documents, read now: a draft saved after the start does not change the run. */
async function resolve(db: Db, tenantId: string, candidates: Array<{ label: string; policies: Ref[] }>) {
  const documents: Array<{ label: string; policies: PolicyDocument[] }> = [];
  const refs: Array<{ label: string; policies: StoredRef[] }> = [];
  for (const [i, cand] of candidates.entries()) {
    const docs: PolicyDocument[] = [];
    const resolved: StoredRef[] = [];
    for (const [j, ref] of cand.policies.entries()) {
      const path = `$.candidates[${i}].policies[${j}]`;
      // A policy runs once in a set: twice, every lead it routes would be assigned twice.
      const twice = cand.policies.findIndex((other) => other.key === ref.key);
      if (twice < j)
        throw refUnusable(path, `policy "${ref.key}" is already policies[${twice}] of this candidate`, `策略 "${ref.key}" 已是本候选的 policies[${twice}]`);
      const row = await loadPolicy(db, tenantId, ref.key);
      if (!row) throw refUnusable(path, `there is no policy "${ref.key}" in this tenant`, `本租户没有策略 "${ref.key}"`);
      let document: unknown;
      let version: number | 'draft';
      if (ref.version === 'draft') {
        document = row.draft;
        version = 'draft';
      } else {
        const n = ref.version === 'live' ? row.liveVersion : ref.version;
        if (n === null) throw refUnusable(path, `policy "${ref.key}" has no live version`, `策略 "${ref.key}" 没有生效版本`);
        const v = await findVersion(db, tenantId, ref.key, n);
        if (!v) throw refUnusable(path, `policy "${ref.key}" has no version ${n}`, `策略 "${ref.key}" 没有版本 ${n}`);
        document = v.document;
        version = n;
      }
      const parsed = policyDocumentSchema.safeParse(document);
      if (!parsed.success)
        throw refUnusable(path, `the ${version} of policy "${ref.key}" is not a valid policy document`, `策略 "${ref.key}" 的 ${version} 不是有效的策略文档`);
      refuseUncompiled(path, ref.key, version, parsed.data);
      docs.push(parsed.data);
      resolved.push({ ...ref, resolved: version, document: parsed.data });
    }
    documents.push({ label: cand.label, policies: docs });
    refs.push({ label: cand.label, policies: resolved });
  }
  const labels = new Map<string, number>();
  for (const [i, cand] of candidates.entries()) {
    const before = labels.get(cand.label);
    if (before !== undefined) {
      throw refUnusable(
        `$.candidates[${i}].label`,
        `"${cand.label}" is already the label of candidate ${before}`,
        `“${cand.label}”已是第 ${before} 个候选的名称`,
      );
    }
    labels.set(cand.label, i);
  }
  return { documents, refs };
}

/** A document the simulation could not run is refused now, every error listed, not failed later. */
function refuseUncompiled(path: string, key: string, version: number | 'draft', document: PolicyDocument): void {
  const compiled = compilePolicy(document);
  if (compiled.ok) return;
  const which = version === 'draft' ? { en: 'the draft', zh: '草稿' } : { en: `version ${version}`, zh: `版本 ${version}` };
  const errors: FieldError[] = policyFieldErrors(compiled.errors, document).map((e) => ({
    ...e,
    path,
    documentPath: e.path,
    message: `${which.en} of policy "${key}" does not compile, at ${e.path}: ${e.message}`,
    messageZh: `策略 "${key}" 的${which.zh}无法编译，位置 ${e.path}：${e.messageZh}`,
  }));
  throw validationFailed(errors);
}

const refUnusable = fieldProblem;

export function registerSimulations(app: OpenAPIHono<AppEnv>, deps: ServerDeps): SimulationRunner {
  const runner = new SimulationRunner(deps);

  app.openapi(r.start, async (c) => {
    await runner.ready;
    const db = c.var.deps.database.db;
    const auth = c.var.auth;
    const body = c.req.valid('json');
    await requireDataset(db, auth.tenantId, body.datasetId);
    const { documents, refs } = await resolve(db, auth.tenantId, body.candidates);
    const at = nowIso(c);
    const row = await insertQueuedJob(db, {
      tenantId: auth.tenantId,
      datasetId: body.datasetId,
      candidates: refs,
      seed: body.seed ?? 1,
      createdBy: auth.actor,
      createdAt: at,
    });
    runner.enqueue({ tenantId: auth.tenantId, id: row.id, work: { kind: 'simulate', candidates: documents, seed: row.seed } });
    return c.json(item(row), 202);
  });

  app.openapi(r.list, async (c) => {
    await runner.ready;
    const tenantId = c.var.auth.tenantId;
    const { limit, cursor, ...filter } = c.req.valid('query');
    const page = await pageOfSimulations(c.var.deps.database.db, tenantId, filter, limit, cursor ? simulationCursor.decode(cursor) : undefined);
    return c.json({ items: page.rows.map((row) => item(row, runner.live(tenantId, row.id))), nextCursor: page.next ? encodeCursor(page.next) : null }, 200);
  });

  app.openapi(r.remove, async (c) => {
    await runner.ready;
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const row = await requireSimulation(db, tenantId, c.req.valid('param').id);
    await deleteSimulation(db, tenantId, row.id, row.status);
    return c.body(null, 204);
  });

  app.openapi(r.get, async (c) => {
    await runner.ready;
    const tenantId = c.var.auth.tenantId;
    const row = await requireSimulation(c.var.deps.database.db, tenantId, c.req.valid('param').id);
    return c.json({ ...item(row, runner.live(tenantId, row.id)), ...(row.status === 'done' && row.report ? { report: row.report } : {}) }, 200);
  });

  app.openapi(r.cancel, async (c) => {
    await runner.ready;
    const tenantId = c.var.auth.tenantId;
    const row = await requireSimulation(c.var.deps.database.db, tenantId, c.req.valid('param').id);
    if (!(await runner.cancel(tenantId, row.id))) {
      const now = await requireSimulation(c.var.deps.database.db, tenantId, row.id);
      throw new ProblemError(409, 'simulation-ended', `The simulation has already ended (${now.status})`, {
        detail: `It is ${now.status}: only a queued or running simulation can be cancelled.`,
        detailZh: `模拟已经结束（${now.status}）：只能取消排队中或运行中的模拟`,
        simulationStatus: now.status,
      });
    }
    return c.json({ status: 'cancelled' as const }, 200);
  });

  app.openapi(r.reportHtml, async (c) => {
    await runner.ready;
    const row = await requireSimulation(c.var.deps.database.db, c.var.auth.tenantId, c.req.valid('param').id);
    if (row.status !== 'done' || !row.report) {
      throw new ProblemError(409, 'simulation-not-done', `The simulation has no report: it is ${row.status}`, {
        detailZh: `该模拟还没有报告：状态为 ${row.status}`,
      });
    }
    const { lang } = c.req.valid('query');
    const rendered = await runTask({ task: 'report', report: row.report, ...(lang ? { lang } : {}) });
    if (!rendered.ok) throw new ProblemError(500, 'report-failed', rendered.words.en, { detailZh: rendered.words.zh });
    const html = rendered.value as string;
    return c.body(html, 200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': REPORT_CSP, 'x-content-type-options': 'nosniff' });
  });

  app.openapi(r.events, async (c) => {
    await runner.ready;
    const db = c.var.deps.database.db;
    const tenantId = c.var.auth.tenantId;
    const first = await requireSimulation(db, tenantId, c.req.valid('param').id);
    return followJob(c, runner, tenantId, first, (id) => requireSimulation(db, tenantId, id));
  });

  return runner;
}
