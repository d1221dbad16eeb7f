import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { columnText } from '../../db/limits.js';
import { apiKeys } from '../../db/schema.js';
import { forgetKey } from '../../auth/keyCache.js';
import { newApiKey, SCOPES } from '../../auth/keys.js';
import { requireScope } from '../../auth/middleware.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, problemResponse, readAccess, writeAccess } from '../../http/responses.js';

const keyView = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(SCOPES)),
  createdAt: z.string(),
  revokedAt: z.string().nullable(),
});

const create = createRoute({
  operationId: 'createApiKey',
  method: 'post',
  path: '/v1/keys',
  tags: ['keys'],
  summary: 'Create an API key (shown once) / 创建 API 密钥（仅显示一次）',
  security: writeAccess,
  request: {
    body: {
      content: { 'application/json': { schema: z.strictObject({ name: columnText(apiKeys.name, 100).min(1), scopes: z.array(z.enum(SCOPES)).min(1) }) } },
      required: true,
    },
  },
  responses: {
    201: { content: { 'application/json': { schema: keyView.extend({ key: z.string() }) } }, description: 'The key; store it now, it is not shown again' },
    ...authProblems,
    422: problemResponse,
  },
});

const list = createRoute({
  operationId: 'listApiKeys',
  method: 'get',
  path: '/v1/keys',
  tags: ['keys'],
  summary: 'List API keys (never the secret) / 列出 API 密钥',
  security: readAccess,
  responses: { 200: { content: { 'application/json': { schema: z.object({ keys: z.array(keyView) }) } }, description: 'Keys' }, ...authProblems },
});

const revoke = createRoute({
  operationId: 'revokeApiKey',
  method: 'delete',
  path: '/v1/keys/{id}',
  tags: ['keys'],
  summary: 'Revoke an API key / 吊销 API 密钥',
  security: writeAccess,
  request: { params: z.object({ id: columnText(apiKeys.id, 100) }) },
  responses: { 204: { description: 'Revoked' }, ...authProblems, 404: problemResponse },
});

export function registerKeys(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const auth = c.var.auth;
    requireScope(auth, 'admin');
    const body = c.req.valid('json');
    const k = newApiKey();
    const createdAt = new Date(c.var.deps.now()).toISOString();
    await c.var.deps.database.db
      .insert(apiKeys)
      .values({ id: k.id, tenantId: auth.tenantId, name: body.name, prefix: k.prefix, hash: k.hash, scopes: body.scopes, createdAt });
    return c.json({ id: k.id, name: body.name, prefix: k.prefix, scopes: body.scopes, createdAt, revokedAt: null, key: k.key }, 201);
  });
  app.openapi(list, async (c) => {
    const auth = c.var.auth;
    requireScope(auth, 'admin');
    const rows = await c.var.deps.database.db.select().from(apiKeys).where(eq(apiKeys.tenantId, auth.tenantId)).orderBy(apiKeys.createdAt);
    return c.json(
      {
        keys: rows.map((r) => ({
          id: r.id,
          name: r.name,
          prefix: r.prefix,
          scopes: r.scopes as (typeof SCOPES)[number][],
          createdAt: r.createdAt,
          revokedAt: r.revokedAt,
        })),
      },
      200,
    );
  });
  app.openapi(revoke, async (c) => {
    const auth = c.var.auth;
    requireScope(auth, 'admin');
    const { id } = c.req.valid('param');
    const done = await c.var.deps.database.db
      .update(apiKeys)
      .set({ revokedAt: new Date(c.var.deps.now()).toISOString() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.tenantId, auth.tenantId)))
      .returning({ id: apiKeys.id });
    if (done.length === 0) throw new ProblemError(404, 'not-found', 'No such key in this tenant', { detailZh: '本租户没有这个密钥' });
    forgetKey(c.var.deps.database, id);
    return c.body(null, 204);
  });
}
