import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import type { MiddlewareHandler } from 'hono';
// The engine's zone check: the same names (and suggestions) as reps and state files.
import { timeZoneName as timeZone } from '@sluice/engine';
import { z } from 'zod';
import { hashPassword, oneTimePassword } from '../../auth/keys.js';
import { needs, requireScope } from '../../auth/middleware.js';
import { SYSTEM_TENANT } from '../../bootstrap.js';
import { tenants, users } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, iso, jsonContent, notFound, nowIso, problemResponse, readAccess, writeAccess } from '../../http/responses.js';
import { loginName } from '../auth/users.js';

const tenantView = z.object({ id: z.string(), name: z.string(), timeZone: z.string(), createdAt: z.string() });
const common = { tags: ['tenants'] };

/** Tenants are created by the operator of the installation: an admin of the system tenant. */
const systemAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  requireScope(c.var.auth, 'admin');
  if (c.var.auth.tenantId !== SYSTEM_TENANT) {
    throw new ProblemError(403, 'forbidden', `Only an admin of the system tenant "${SYSTEM_TENANT}" can manage tenants`, {
      detailZh: `只有系统租户 "${SYSTEM_TENANT}" 的管理员可以管理租户`,
    });
  }
  await next();
};

const create = createRoute({
  ...common,
  operationId: 'createTenant',
  security: writeAccess,
  middleware: [systemAdmin],
  method: 'post',
  path: '/v1/tenants',
  summary: 'Create a tenant and its first admin (system admins only; password shown once) / 创建租户及其管理员（仅系统管理员；密码仅显示一次）',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and - (at most 63) / 小写字母、数字与 -（最多 63 个字符）'),
            name: z.string().trim().min(1).max(200),
            timeZone: timeZone.default('UTC'),
            adminEmail: loginName.default('admin'),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    201: jsonContent(tenantView.extend({ admin: z.object({ email: z.string(), password: z.string().describe('one-time password, shown once') }) }), 'Created'),
    ...authProblems,
    409: problemResponse,
    422: problemResponse,
  },
});

const list = createRoute({
  ...common,
  operationId: 'listTenants',
  security: readAccess,
  middleware: [systemAdmin],
  method: 'get',
  path: '/v1/tenants',
  summary: 'List tenants (system admins only) / 列出租户（仅系统管理员）',
  responses: { 200: jsonContent(z.object({ tenants: z.array(tenantView) }), 'Tenants'), ...authProblems },
});

const mine = createRoute({
  ...common,
  operationId: 'getMyTenant',
  security: readAccess,
  middleware: [needs('read')],
  method: 'get',
  path: '/v1/tenant',
  summary: 'My tenant / 当前租户',
  responses: { 200: jsonContent(tenantView, 'The caller’s tenant'), ...authProblems },
});

const update = createRoute({
  ...common,
  operationId: 'updateMyTenant',
  security: writeAccess,
  middleware: [needs('admin')],
  method: 'patch',
  path: '/v1/tenant',
  summary: 'Rename my tenant or set the time zone daily caps count in / 修改租户名称或计算每日上限所用的时区',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .strictObject({ name: z.string().trim().min(1).max(200).optional(), timeZone: timeZone.optional() })
            .refine((b) => b.name !== undefined || b.timeZone !== undefined, 'send name, timeZone or both'),
        },
      },
      required: true,
    },
  },
  responses: { 200: jsonContent(tenantView, 'Changed'), ...authProblems, 422: problemResponse },
});

export function registerTenants(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const createdAt = nowIso(c);
    const password = oneTimePassword();
    const passwordHash = await hashPassword(password);
    await c.var.deps.database.db.transaction(async (tx) => {
      const made = await tx
        .insert(tenants)
        .values({ id: body.id, name: body.name, timeZone: body.timeZone, createdAt })
        .onConflictDoNothing()
        .returning({ id: tenants.id });
      if (made.length === 0) throw new ProblemError(409, 'tenant-exists', `A tenant "${body.id}" already exists`, { detailZh: `租户 "${body.id}" 已存在` });
      await tx
        .insert(users)
        .values({ id: randomUUID(), tenantId: body.id, email: body.adminEmail, role: 'admin', passwordHash, mustChangePassword: true, createdAt });
    });
    return c.json({ id: body.id, name: body.name, timeZone: body.timeZone, createdAt, admin: { email: body.adminEmail, password } }, 201);
  });

  app.openapi(list, async (c) => {
    const rows = await c.var.deps.database.db.select().from(tenants).orderBy(asc(tenants.id));
    return c.json({ tenants: rows.map(view) }, 200);
  });

  app.openapi(mine, async (c) => {
    const auth = c.var.auth;
    const [row] = await c.var.deps.database.db.select().from(tenants).where(eq(tenants.id, auth.tenantId)).limit(1);
    if (!row) throw notFound('tenant', '租户');
    return c.json(view(row), 200);
  });

  app.openapi(update, async (c) => {
    const auth = c.var.auth;
    const body = c.req.valid('json');
    const [row] = await c.var.deps.database.db
      .update(tenants)
      .set({ ...(body.name !== undefined ? { name: body.name } : {}), ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}) })
      .where(eq(tenants.id, auth.tenantId))
      .returning();
    if (!row) throw notFound('tenant', '租户');
    return c.json(view(row), 200);
  });
}

function view(row: typeof tenants.$inferSelect) {
  return { id: row.id, name: row.name, timeZone: row.timeZone, createdAt: iso(row.createdAt) };
}
