import type { OpenAPIHono } from '@hono/zod-openapi';
import { diffPolicies, isEmptyDiff, policyDocumentSchema, type PolicyDocument } from '@sluice/engine';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/connect.js';
import { policies, policyLog, policyVersions, users } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { iso, notFound, nowIso } from '../../http/responses.js';
import { refuseMissingCalendars, withCalendarErrors } from './calendarRefs.js';
import { compileStatus, liveEventsOf } from './compile.js';
import { tenantLeadFields } from './leadFields.js';
import * as r from './routes.js';

type PolicyRow = typeof policies.$inferSelect;
type VersionRow = typeof policyVersions.$inferSelect;

export function registerPolicies(app: OpenAPIHono<AppEnv>): void {
  app.openapi(r.saveDraft, async (c) => {
    const auth = c.var.auth;
    const { key } = c.req.valid('param');
    const body = c.req.valid('json');
    if (body.key !== key) {
      throw new ProblemError(422, 'validation-failed', 'The document key differs from the key in the path', {
        detailZh: '文档中的 key 与路径中的不一致',
        errors: [{ path: '$.key', message: `expected "${key}"`, messageZh: `应为 "${key}"` }],
      });
    }
    // A draft is never live: its version is 0 until publishing numbers it.
    const draft: PolicyDocument = { ...body, version: 0 };
    const at = nowIso(c);
    const [saved] = await c.var.deps.database.db
      .insert(policies)
      .values({ tenantId: auth.tenantId, key, kind: draft.kind, name: draft.name, draft, updatedAt: at })
      .onConflictDoUpdate({ target: [policies.tenantId, policies.key], set: { kind: draft.kind, name: draft.name, draft, updatedAt: at } })
      .returning({ created: sql<boolean>`(xmax = 0)` });
    const row = await loadPolicy(c.var.deps.database.db, auth.tenantId, key);
    const view = await detail(c.var.deps.database.db, row!);
    return c.json({ ...view.summary, draft: view.draft, compile: view.compile }, saved?.created ? 201 : 200);
  });

  app.openapi(r.list, async (c) => {
    const auth = c.var.auth;
    const db = c.var.deps.database.db;
    const rows = await db.select().from(policies).where(eq(policies.tenantId, auth.tenantId)).orderBy(asc(policies.key));
    const live = await liveDocuments(db, auth.tenantId, rows);
    const latest = await latestVersions(db, auth.tenantId);
    return c.json({ policies: rows.map((row) => summary(row, live.get(row.key), latest.get(row.key) ?? null)) }, 200);
  });

  app.openapi(r.get, async (c) => {
    const auth = c.var.auth;
    const db = c.var.deps.database.db;
    const row = await requirePolicy(db, auth.tenantId, c.req.valid('param').key);
    const view = await detail(db, row);
    return c.json({ ...view.summary, draft: view.draft, compile: view.compile, live: view.live ? versionView(view.live, row, true) : null }, 200);
  });

  app.openapi(r.publish, async (c) => {
    const auth = c.var.auth;
    const { key } = c.req.valid('param');
    const { note } = c.req.valid('json');
    const at = nowIso(c);
    const result = await c.var.deps.database.db.transaction(async (tx) => {
      // The row lock serialises publications of one key: two at once get n and n+1.
      const row = await lockPolicy(tx, auth.tenantId, key);
      const events = liveEventsOf(row.draft, 'publish', await tenantLeadFields(tx, auth.tenantId));
      await refuseMissingCalendars(tx, auth.tenantId, row.draft, 'publish');
      const [{ max }] = (await tx
        .select({ max: sql<number | null>`max(${policyVersions.version})::int` })
        .from(policyVersions)
        .where(and(eq(policyVersions.tenantId, auth.tenantId), eq(policyVersions.key, key)))) as [{ max: number | null }];
      const version = (max ?? 0) + 1;
      const document = { ...(row.draft as PolicyDocument), version };
      await tx.insert(policyVersions).values({ tenantId: auth.tenantId, key, version, document, note, publishedBy: auth.actor, publishedAt: at });
      await makeLive(tx, auth.tenantId, key, version, events, at);
      await tx.insert(policyLog).values({ tenantId: auth.tenantId, key, version, action: 'publish', note, actor: auth.actor, at });
      return { version, events };
    });
    return c.json({ key, version: result.version, liveVersion: result.version, liveEvents: result.events, action: 'publish' as const, note, at }, 201);
  });

  app.openapi(r.rollback, async (c) => {
    const auth = c.var.auth;
    const { key } = c.req.valid('param');
    const { version, note } = c.req.valid('json');
    const at = nowIso(c);
    const events = await c.var.deps.database.db.transaction(async (tx) => {
      const row = await lockPolicy(tx, auth.tenantId, key);
      const old = await findVersion(tx, auth.tenantId, key, version);
      if (!old) throw notFound(`version ${version} of policy "${key}"`, `策略 "${key}" 的版本 ${version}`);
      if (row.liveVersion === version) {
        throw new ProblemError(409, 'already-live', `Version ${version} is already live`, { detailZh: `版本 ${version} 已经生效` });
      }
      // Recompiled: the node kinds it uses may have changed since it was published.
      const events = liveEventsOf(old.document, 'rollback', await tenantLeadFields(tx, auth.tenantId));
      await refuseMissingCalendars(tx, auth.tenantId, old.document, 'rollback');
      await makeLive(tx, auth.tenantId, key, version, events, at);
      await tx.insert(policyLog).values({ tenantId: auth.tenantId, key, version, action: 'rollback', note, actor: auth.actor, at });
      return events;
    });
    return c.json({ key, version, liveVersion: version, liveEvents: events, action: 'rollback' as const, note, at }, 200);
  });

  app.openapi(r.versions, async (c) => {
    const auth = c.var.auth;
    const db = c.var.deps.database.db;
    const row = await requirePolicy(db, auth.tenantId, c.req.valid('param').key);
    const rows = await db
      .select()
      .from(policyVersions)
      .where(and(eq(policyVersions.tenantId, auth.tenantId), eq(policyVersions.key, row.key)))
      .orderBy(asc(policyVersions.version));
    return c.json({ versions: rows.map((v) => versionView(v, row, false)) }, 200);
  });

  app.openapi(r.version, async (c) => {
    const auth = c.var.auth;
    const db = c.var.deps.database.db;
    const { key, n } = c.req.valid('param');
    const row = await requirePolicy(db, auth.tenantId, key);
    const v = await findVersion(db, auth.tenantId, key, n);
    if (!v) throw notFound(`version ${n} of policy "${key}"`, `策略 "${key}" 的版本 ${n}`);
    return c.json(versionView(v, row, true), 200);
  });

  app.openapi(r.diff, async (c) => {
    const auth = c.var.auth;
    const db = c.var.deps.database.db;
    const { key } = c.req.valid('param');
    const { from, to } = c.req.valid('query');
    const row = await requirePolicy(db, auth.tenantId, key);
    const side = async (ref: number | 'draft'): Promise<PolicyDocument> => {
      if (ref === 'draft') return policyDocumentSchema.parse(row.draft);
      const v = await findVersion(db, auth.tenantId, key, ref);
      if (!v) throw notFound(`version ${ref} of policy "${key}"`, `策略 "${key}" 的版本 ${ref}`);
      return policyDocumentSchema.parse(v.document);
    };
    return c.json({ from, to, ...diffPolicies(await side(from), await side(to)) }, 200);
  });

  app.openapi(r.log, async (c) => {
    const auth = c.var.auth;
    const db = c.var.deps.database.db;
    const row = await requirePolicy(db, auth.tenantId, c.req.valid('param').key);
    const entries = await db
      .select()
      .from(policyLog)
      .where(and(eq(policyLog.tenantId, auth.tenantId), eq(policyLog.key, row.key)))
      .orderBy(asc(policyLog.id));
    const emails = await userEmails(db, auth.tenantId, entries.map((e) => e.actor));
    return c.json(
      {
        entries: entries.map((e) => ({
          version: e.version,
          action: e.action as 'publish' | 'rollback',
          note: e.note,
          actor: e.actor,
          email: emails.get(e.actor) ?? null,
          at: iso(e.at),
        })),
      },
      200,
    );
  });
}

async function loadPolicy(db: Db | Tx, tenantId: string, key: string): Promise<PolicyRow | undefined> {
  const [row] = await db
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)))
    .limit(1);
  return row;
}

async function requirePolicy(db: Db, tenantId: string, key: string): Promise<PolicyRow> {
  const row = await loadPolicy(db, tenantId, key);
  if (!row) throw notFound(`policy "${key}"`, `策略 "${key}"`);
  return row;
}

async function lockPolicy(tx: Tx, tenantId: string, key: string): Promise<PolicyRow> {
  const [row] = await tx
    .select()
    .from(policies)
    .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)))
    .for('update');
  if (!row) throw notFound(`policy "${key}"`, `策略 "${key}"`);
  return row;
}

async function findVersion(db: Db | Tx, tenantId: string, key: string, version: number): Promise<VersionRow | undefined> {
  const [v] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.key, key), eq(policyVersions.version, version)))
    .limit(1);
  return v;
}

async function makeLive(tx: Tx, tenantId: string, key: string, version: number, events: string[], at: string): Promise<void> {
  await tx
    .update(policies)
    .set({ liveVersion: version, liveEvents: events, updatedAt: at })
    .where(and(eq(policies.tenantId, tenantId), eq(policies.key, key)));
}

async function detail(db: Db, row: PolicyRow) {
  const live = row.liveVersion === null ? undefined : await findVersion(db, row.tenantId, row.key, row.liveVersion);
  const latest = await latestVersions(db, row.tenantId, row.key);
  return {
    summary: summary(row, live?.document, latest.get(row.key) ?? null),
    draft: row.draft,
    compile: await withCalendarErrors(db, row.tenantId, row.draft, compileStatus(row.draft, await tenantLeadFields(db, row.tenantId))),
    live,
  };
}

function summary(row: PolicyRow, liveDocument: unknown, latestVersion: number | null) {
  return {
    key: row.key,
    kind: row.kind as PolicyDocument['kind'],
    name: row.name,
    liveVersion: row.liveVersion,
    latestVersion,
    liveEvents: row.liveEvents,
    draftStatus: draftStatus(row.draft, liveDocument),
    updatedAt: iso(row.updatedAt),
  };
}

function draftStatus(draft: unknown, liveDocument: unknown): 'new' | 'unchanged' | 'changed' {
  if (liveDocument === undefined) return 'new';
  const a = policyDocumentSchema.safeParse(liveDocument);
  const b = policyDocumentSchema.safeParse(draft);
  if (!a.success || !b.success) return 'changed';
  return isEmptyDiff(diffPolicies(a.data, b.data)) ? 'unchanged' : 'changed';
}

function versionView(v: VersionRow, row: PolicyRow, withDocument: true): ReturnType<typeof versionFields> & { document: unknown };
function versionView(v: VersionRow, row: PolicyRow, withDocument: false): ReturnType<typeof versionFields>;
function versionView(v: VersionRow, row: PolicyRow, withDocument: boolean) {
  return withDocument ? { ...versionFields(v, row), document: v.document } : versionFields(v, row);
}

function versionFields(v: VersionRow, row: PolicyRow) {
  return { version: v.version, note: v.note, publishedBy: v.publishedBy, publishedAt: iso(v.publishedAt), live: row.liveVersion === v.version };
}

async function liveDocuments(db: Db, tenantId: string, rows: PolicyRow[]): Promise<Map<string, unknown>> {
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

async function latestVersions(db: Db, tenantId: string, key?: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ key: policyVersions.key, max: sql<number>`max(${policyVersions.version})::int` })
    .from(policyVersions)
    .where(key === undefined ? eq(policyVersions.tenantId, tenantId) : and(eq(policyVersions.tenantId, tenantId), eq(policyVersions.key, key)))
    .groupBy(policyVersions.key);
  return new Map(rows.map((r) => [r.key, r.max]));
}

/** Log entries name the user by e-mail when a person (not an API key) acted. */
async function userEmails(db: Db, tenantId: string, actors: string[]): Promise<Map<string, string>> {
  const ids = [...new Set(actors.filter((a) => a.startsWith('user:')).map((a) => a.slice('user:'.length)))];
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
  return new Map(rows.map((u) => [`user:${u.id}`, u.email]));
}
