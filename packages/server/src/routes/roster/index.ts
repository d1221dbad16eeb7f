import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import type { Db, Tx } from '../../db/connect.js';
import { columnText } from '../../db/limits.js';
import type { AppEnv } from '../../http/context.js';
import { fieldErrors } from '../../http/fieldErrors.js';
import { ProblemError, type FieldError } from '../../http/problem.js';
import { authProblems, jsonContent, notFound, nowIso, problemResponse, readAccess, writeAccess } from '../../http/responses.js';
import { ENTITIES, type Entity } from './entities.js';

export const BULK_MAX = 5000;
/** A sync with thousands of bad items needs the first ones to fix, not a 10 MB error body. */
const MAX_LISTED_ERRORS = 100;
/** Rows per INSERT: keeps every statement well under Postgres' bind-parameter limit. */
const CHUNK = 500;

export function registerRoster(app: OpenAPIHono<AppEnv>): void {
  for (const entity of ENTITIES) registerEntity(app, entity);
}

function registerEntity(app: OpenAPIHono<AppEnv>, entity: Entity): void {
  const { plural, labels } = entity;
  const common = { tags: ['roster'] };
  // Operation ids name the kind: listReps, getRep, upsertRep, deleteRep, bulkUpsertReps …
  const one = capitalize(labels.en);
  const many = capitalize(plural);
  const item = entity.schema;
  // Every roster table keys rows by (tenant_id, id): the id is held to what that key takes.
  const rowId = columnText(entity.table.id).min(1);
  const idParam = z.object({ id: rowId });
  const list = createRoute({
    ...common,
    operationId: `list${many}`,
    security: readAccess,
    middleware: [needs('read')],
    method: 'get',
    path: `/v1/${plural}`,
    summary: `List ${plural} / 列出${labels.zh}`,
    request: { query: z.object({ limit: z.coerce.number().int().min(1).max(BULK_MAX).default(500), after: columnText(entity.table.id).optional() }) },
    responses: {
      200: jsonContent(z.object({ items: z.array(item), next: z.string().nullable().describe('pass as ?after= for the next page') }), 'By id'),
      ...authProblems,
    },
  });
  const get = createRoute({
    ...common,
    operationId: `get${one}`,
    security: readAccess,
    middleware: [needs('read')],
    method: 'get',
    path: `/v1/${plural}/{id}`,
    summary: `One ${labels.en} / 查看${labels.zh}`,
    request: { params: idParam },
    responses: { 200: jsonContent(item, labels.en), ...authProblems, 404: problemResponse },
  });
  const put = createRoute({
    ...common,
    operationId: `upsert${one}`,
    security: writeAccess,
    middleware: [needs('edit')],
    method: 'put',
    path: `/v1/${plural}/{id}`,
    summary: `Create or replace a ${labels.en} / 创建或替换${labels.zh}`,
    request: {
      params: idParam,
      // safeExtend keeps a schema's cross-field checks (a calendar's holiday ranges); extend refuses such schemas.
      body: { content: { 'application/json': { schema: item.safeExtend({ id: rowId.optional() }) } }, required: true },
    },
    responses: { 200: jsonContent(item, 'Replaced'), 201: jsonContent(item, 'Created'), ...authProblems, 422: problemResponse },
  });
  const remove = createRoute({
    ...common,
    operationId: `delete${one}`,
    security: writeAccess,
    middleware: [needs('edit')],
    method: 'delete',
    path: `/v1/${plural}/{id}`,
    summary: `Delete a ${labels.en} / 删除${labels.zh}`,
    request: { params: idParam },
    responses: { 204: { description: 'Deleted' }, ...authProblems, 404: problemResponse, ...(entity.beforeDelete ? { 409: problemResponse } : {}) },
  });
  const bulk = createRoute({
    ...common,
    operationId: `bulkUpsert${many}`,
    security: writeAccess,
    middleware: [needs('edit')],
    method: 'post',
    path: `/v1/${plural}/bulk`,
    summary: `Upsert up to ${BULK_MAX} ${plural} at once, all or nothing (CRM sync) / 批量写入${labels.zh}（全部成功或全部不写）`,
    request: { body: { content: { 'application/json': { schema: z.strictObject({ items: z.array(item).min(1).max(BULK_MAX) }) } }, required: true } },
    responses: {
      200: jsonContent(z.object({ count: z.number().int(), created: z.number().int(), updated: z.number().int() }), 'Written'),
      ...authProblems,
      422: problemResponse,
    },
  });

  app.openapi(list, async (c) => {
    const auth = c.var.auth;
    const { limit, after } = c.req.valid('query');
    const t = entity.table;
    const rows = await c.var.deps.database.db
      .select()
      .from(t)
      .where(after === undefined ? eq(t.tenantId, auth.tenantId) : and(eq(t.tenantId, auth.tenantId), gt(t.id, after)))
      .orderBy(asc(t.id))
      .limit(limit + 1);
    const page = rows.slice(0, limit);
    return c.json({ items: page.map((r) => entity.view(r) as z.output<typeof item>), next: rows.length > limit ? page[page.length - 1]!.id : null }, 200);
  });

  app.openapi(get, async (c) => {
    const auth = c.var.auth;
    const { id } = c.req.valid('param');
    const t = entity.table;
    const [row] = await c.var.deps.database.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, auth.tenantId), eq(t.id, id)))
      .limit(1);
    if (!row) throw notFound(`${labels.en} "${id}"`, `${labels.zh} "${id}"`);
    return c.json(entity.view(row) as z.output<typeof item>, 200);
  });

  app.openapi(put, async (c) => {
    const auth = c.var.auth;
    const { id } = c.req.valid('param');
    // The parsed body has the schema's defaults filled in; the raw one says what was sent
    // (a sync that omits openLoad must not reset it).
    const raw: unknown = await c.req.json();
    const parsed = c.req.valid('json') as Record<string, unknown>;
    if (parsed.id !== undefined && parsed.id !== id) {
      throw new ProblemError(422, 'validation-failed', 'The id in the body differs from the id in the path', {
        detailZh: '请求体中的 id 与路径中的不一致',
        errors: [{ path: '$.id', message: `expected "${id}"`, messageZh: `应为 "${id}"` }],
      });
    }
    const value = { ...parsed, id };
    const [created] = await upsert(c.var.deps.database.db, entity, auth.tenantId, [{ value, raw }], nowIso(c));
    const t = entity.table;
    const [row] = await c.var.deps.database.db
      .select()
      .from(t)
      .where(and(eq(t.tenantId, auth.tenantId), eq(t.id, id)));
    return c.json(entity.view(row!) as z.output<typeof item>, created ? 201 : 200);
  });

  app.openapi(remove, async (c) => {
    const auth = c.var.auth;
    const { id } = c.req.valid('param');
    const t = entity.table;
    const remove = (db: Db | Tx) =>
      db
        .delete(t)
        .where(and(eq(t.tenantId, auth.tenantId), eq(t.id, id)))
        .returning({ id: t.id });
    const check = entity.beforeDelete;
    const gone = check
      ? await c.var.deps.database.db.transaction(async (tx) => {
          await check(tx, auth.tenantId, id);
          return remove(tx);
        })
      : await remove(c.var.deps.database.db);
    if (gone.length === 0) throw notFound(`${labels.en} "${id}"`, `${labels.zh} "${id}"`);
    return c.body(null, 204);
  });

  app.openapi(
    bulk,
    async (c) => {
      const auth = c.var.auth;
      const parsed = c.req.valid('json').items as Array<Record<string, unknown>>;
      const raw = ((await c.req.json()) as { items: unknown[] }).items;
      const duplicates = duplicateIds(parsed);
      if (duplicates.length > 0) throw bulkError(duplicates);
      const items = parsed.map((value, i) => ({ value, raw: raw[i] }));
      const created = await c.var.deps.database.db.transaction((tx) => upsert(tx, entity, auth.tenantId, items, nowIso(c)));
      const n = created.filter(Boolean).length;
      return c.json({ count: items.length, created: n, updated: items.length - n }, 200);
    },
    // Every item is checked before anything is written; the errors name the item's index.
    (result) => {
      // `data` is the body as sent (@hono/zod-validator passes it; untyped on failure).
      if (!result.success) throw bulkError(fieldErrors(result.error.issues, 'data' in result ? result.data : undefined));
      return undefined;
    },
  );
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** The same id twice in one batch would make the upsert touch a row twice: refused, with both places. */
function duplicateIds(items: Array<Record<string, unknown>>): FieldError[] {
  const seen = new Map<string, number>();
  const errors: FieldError[] = [];
  items.forEach((x, i) => {
    const id = x.id as string;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else errors.push({ path: `$.items[${i}].id`, message: `"${id}" is also at $.items[${first}]`, messageZh: `"${id}" 与 $.items[${first}] 重复` });
  });
  return errors;
}

function bulkError(errors: FieldError[]): ProblemError {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  return new ProblemError(422, 'validation-failed', 'Nothing was written: fix the items listed and send the batch again', {
    detail: errors.length > listed.length ? `${errors.length} errors; the first ${listed.length} are listed` : `${errors.length} error(s)`,
    detailZh: `未写入任何数据：请修正所列条目后重新提交（共 ${errors.length} 处错误）`,
    errors: listed,
  });
}

/** Inserts or replaces; returns, per item, whether it was new. */
async function upsert(
  db: Db | Tx,
  entity: Entity,
  tenantId: string,
  items: Array<{ value: Record<string, unknown>; raw: unknown }>,
  at: string,
): Promise<boolean[]> {
  const rows = items.map(({ value, raw }) => ({ tenantId, id: value.id as string, ...entity.columns(value, raw, at) }));
  const created: boolean[] = new Array<boolean>(rows.length).fill(false);
  // Rows that send different columns are written separately so an absent column is never overwritten.
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const shape = Object.keys(r).sort().join(',');
    groups.set(shape, [...(groups.get(shape) ?? []), i]);
  });
  for (const indexes of groups.values()) {
    for (let start = 0; start < indexes.length; start += CHUNK) {
      const part = indexes.slice(start, start + CHUNK);
      const chunk = part.map((i) => rows[i]!);
      const t = entity.table;
      const written = await db
        .insert(t)
        .values(chunk as Array<typeof t.$inferInsert>)
        .onConflictDoUpdate({ target: [t.tenantId, t.id], set: entity.onConflict(chunk) })
        .returning({ id: t.id, created: sql<boolean>`(xmax = 0)` });
      const byId = new Map(written.map((w) => [w.id, w.created]));
      for (const i of part) created[i] = byId.get(rows[i]!.id) === true;
    }
  }
  return created;
}
