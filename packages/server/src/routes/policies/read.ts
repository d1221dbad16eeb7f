import type { RouteHandler } from '@hono/zod-openapi';
import { diffPolicies, policyDocumentSchema, type PolicyDocument } from '@sluice/engine';
import { and, asc, eq } from 'drizzle-orm';
import { policies, policyLog, policyVersions, type PublishOverride } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import type * as r from './routes.js';
import { latestVersions, liveDocuments, requirePolicy, requireVersion, userEmails } from './store.js';
import { publicationLog } from '../publicationLog.js';
import { actorsOf, detail, summary, versionView } from './views.js';

/** `GET /v1/policies`: every policy of the tenant, by key. */
export const listPolicies: RouteHandler<typeof r.list, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const db = c.var.deps.database.db;
  const rows = await db.select().from(policies).where(eq(policies.tenantId, auth.tenantId)).orderBy(asc(policies.key));
  const live = await liveDocuments(db, auth.tenantId, rows);
  const latest = await latestVersions(db, auth.tenantId);
  const emails = await userEmails(db, auth.tenantId, actorsOf(rows));
  return c.json({ policies: rows.map((row) => summary(row, live.get(row.key), latest.get(row.key) ?? null, emails)) }, 200);
};

export const getPolicy: RouteHandler<typeof r.get, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const db = c.var.deps.database.db;
  const row = await requirePolicy(db, auth.tenantId, c.req.valid('param').key);
  const view = await detail(db, row);
  return c.json({ ...view.summary, draft: view.draft, compile: view.compile, live: view.live ? versionView(view.live, row, view.emails, true) : null }, 200);
};

export const listVersions: RouteHandler<typeof r.versions, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const db = c.var.deps.database.db;
  const row = await requirePolicy(db, auth.tenantId, c.req.valid('param').key);
  const rows = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, auth.tenantId), eq(policyVersions.key, row.key)))
    .orderBy(asc(policyVersions.version));
  const emails = await userEmails(
    db,
    auth.tenantId,
    rows.map((v) => v.publishedBy),
  );
  return c.json({ versions: rows.map((v) => versionView(v, row, emails, false)) }, 200);
};

export const getVersion: RouteHandler<typeof r.version, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const db = c.var.deps.database.db;
  const { key, n } = c.req.valid('param');
  const row = await requirePolicy(db, auth.tenantId, key);
  const v = await requireVersion(db, auth.tenantId, key, n);
  return c.json(versionView(v, row, await userEmails(db, auth.tenantId, [v.publishedBy]), true), 200);
};

/** `GET /v1/policies/{key}/diff?from=&to=`: two versions (or the draft) compared as the editor shows it. */
export const diffVersions: RouteHandler<typeof r.diff, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const db = c.var.deps.database.db;
  const { key } = c.req.valid('param');
  const { from, to } = c.req.valid('query');
  const row = await requirePolicy(db, auth.tenantId, key);
  const side = async (ref: number | 'draft'): Promise<PolicyDocument> => {
    if (ref === 'draft') return policyDocumentSchema.parse(row.draft);
    return policyDocumentSchema.parse((await requireVersion(db, auth.tenantId, key, ref)).document);
  };
  return c.json({ from, to, ...diffPolicies(await side(from), await side(to)) }, 200);
};

/** `GET /v1/policies/{key}/log`: every publication, rollback and withdrawal, with who did it and why. */
export const policyLogEntries: RouteHandler<typeof r.log, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const db = c.var.deps.database.db;
  const row = await requirePolicy(db, auth.tenantId, c.req.valid('param').key);
  const entries = await db
    .select()
    .from(policyLog)
    .where(and(eq(policyLog.tenantId, auth.tenantId), eq(policyLog.key, row.key)))
    .orderBy(asc(policyLog.id));
  return c.json({ entries: await publicationLog<PublishOverride, 'publish' | 'rollback' | 'withdraw'>(db, auth.tenantId, entries) }, 200);
};
