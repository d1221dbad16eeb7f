import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { hashPassword, oneTimePassword } from '../../auth/keys.js';
import { needs, type ROLE_SCOPES } from '../../auth/middleware.js';
import type { Tx } from '../../db/connect.js';
import { columnText } from '../../db/limits.js';
import { sessions, users } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, iso, jsonContent, notFound, nowIso, problemResponse, readAccess, writeAccess } from '../../http/responses.js';

export const ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const satisfies ReadonlyArray<keyof typeof ROLE_SCOPES>;
type Role = (typeof ROLES)[number];
type UserRow = typeof users.$inferSelect;

/** A login name: usually an e-mail address; the first admin is simply "admin". */
export const loginName = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(200)
  .regex(/^[^\s]+$/, 'an e-mail address or user name without spaces');

export const userViewSchema = z.object({ id: z.string(), email: z.string(), role: z.enum(ROLES), mustChangePassword: z.boolean(), createdAt: z.string() });
const withPassword = userViewSchema.extend({ password: z.string().describe('one-time password: shown once; the user must change it at first login') });

export function userView(u: UserRow) {
  return { id: u.id, email: u.email, role: u.role as Role, mustChangePassword: u.mustChangePassword, createdAt: iso(u.createdAt) };
}

const common = { tags: ['users'], middleware: [needs('admin')] };
const idParam = z.object({ id: columnText(users.id, 100).min(1) });

const create = createRoute({
  ...common,
  operationId: 'createUser',
  security: writeAccess,
  method: 'post',
  path: '/v1/users',
  summary: 'Create an editor account (one-time password shown once) / 创建编辑器账号（一次性密码仅显示一次）',
  request: { body: { content: { 'application/json': { schema: z.strictObject({ email: loginName, role: z.enum(ROLES) }) } }, required: true } },
  responses: { 201: jsonContent(withPassword, 'Created'), ...authProblems, 409: problemResponse, 422: problemResponse },
});
const list = createRoute({
  ...common,
  operationId: 'listUsers',
  security: readAccess,
  method: 'get',
  path: '/v1/users',
  summary: 'List editor accounts / 列出编辑器账号',
  responses: { 200: jsonContent(z.object({ users: z.array(userViewSchema) }), 'Users'), ...authProblems },
});
const get = createRoute({
  ...common,
  operationId: 'getUser',
  security: readAccess,
  method: 'get',
  path: '/v1/users/{id}',
  summary: 'One editor account / 查看编辑器账号',
  request: { params: idParam },
  responses: { 200: jsonContent(userViewSchema, 'User'), ...authProblems, 404: problemResponse },
});
const patch = createRoute({
  ...common,
  operationId: 'updateUser',
  security: writeAccess,
  method: 'patch',
  path: '/v1/users/{id}',
  summary: 'Change a role or reset a password / 修改角色或重置密码',
  request: {
    params: idParam,
    body: {
      content: {
        'application/json': {
          schema: z
            .strictObject({
              role: z.enum(ROLES).optional(),
              resetPassword: z.literal(true).optional().describe('issue a new one-time password and end the user’s sessions'),
            })
            .refine((b) => b.role !== undefined || b.resetPassword !== undefined, 'send role, resetPassword or both'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: jsonContent(userViewSchema.extend({ password: z.string().optional() }), 'Changed'),
    ...authProblems,
    404: problemResponse,
    409: problemResponse,
    422: problemResponse,
  },
});
const remove = createRoute({
  ...common,
  operationId: 'deleteUser',
  security: writeAccess,
  method: 'delete',
  path: '/v1/users/{id}',
  summary: 'Delete an editor account / 删除编辑器账号',
  request: { params: idParam },
  responses: { 204: { description: 'Deleted' }, ...authProblems, 404: problemResponse, 409: problemResponse },
});

export function registerUsers(app: OpenAPIHono<AppEnv>): void {
  app.openapi(create, async (c) => {
    const auth = c.var.auth;
    const { email, role } = c.req.valid('json');
    const password = oneTimePassword();
    const row = {
      id: randomUUID(),
      tenantId: auth.tenantId,
      email,
      role,
      passwordHash: await hashPassword(password),
      mustChangePassword: true,
      createdAt: nowIso(c),
    };
    const inserted = await c.var.deps.database.db.insert(users).values(row).onConflictDoNothing().returning({ id: users.id });
    if (inserted.length === 0) {
      throw new ProblemError(409, 'user-exists', `A user "${email}" already exists in this tenant`, { detailZh: `本租户已有用户 "${email}"` });
    }
    return c.json({ ...userView(row), password }, 201);
  });

  app.openapi(list, async (c) => {
    const auth = c.var.auth;
    const rows = await c.var.deps.database.db.select().from(users).where(eq(users.tenantId, auth.tenantId)).orderBy(asc(users.email));
    return c.json({ users: rows.map(userView) }, 200);
  });

  app.openapi(get, async (c) => {
    const auth = c.var.auth;
    const [row] = await c.var.deps.database.db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, auth.tenantId), eq(users.id, c.req.valid('param').id)))
      .limit(1);
    if (!row) throw notFound('user', '用户');
    return c.json(userView(row), 200);
  });

  app.openapi(patch, async (c) => {
    const auth = c.var.auth;
    const { id } = c.req.valid('param');
    const { role, resetPassword } = c.req.valid('json');
    const password = resetPassword ? oneTimePassword() : undefined;
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    const updated = await c.var.deps.database.db.transaction(async (tx) => {
      const admins = await lockAdmins(tx, auth.tenantId);
      const user = await lockUser(tx, auth.tenantId, id);
      if (role !== undefined && role !== 'admin') keepAnAdmin(admins, user);
      const [row] = await tx
        .update(users)
        .set({ ...(role !== undefined ? { role } : {}), ...(passwordHash !== undefined ? { passwordHash, mustChangePassword: true } : {}) })
        .where(eq(users.id, id))
        .returning();
      if (passwordHash !== undefined) await tx.delete(sessions).where(eq(sessions.userId, id));
      return row!;
    });
    return c.json({ ...userView(updated), ...(password !== undefined ? { password } : {}) }, 200);
  });

  app.openapi(remove, async (c) => {
    const auth = c.var.auth;
    const { id } = c.req.valid('param');
    await c.var.deps.database.db.transaction(async (tx) => {
      const admins = await lockAdmins(tx, auth.tenantId);
      const user = await lockUser(tx, auth.tenantId, id);
      keepAnAdmin(admins, user);
      await tx.delete(sessions).where(eq(sessions.userId, id));
      await tx.delete(users).where(eq(users.id, id));
    });
    return c.body(null, 204);
  });
}

async function lockUser(tx: Tx, tenantId: string, id: string): Promise<UserRow> {
  const [user] = await tx
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .for('update');
  if (!user) throw notFound('user', '用户');
  return user;
}

/**
 * A tenant must keep an admin, or nobody could manage its users again. Every change that could
 * remove one first locks the tenant's admins in id order, so two admins demoting each other at
 * once cannot both succeed (and cannot deadlock).
 */
async function lockAdmins(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.role, 'admin')))
    .orderBy(asc(users.id))
    .for('update');
  return rows.map((r) => r.id);
}

function keepAnAdmin(admins: string[], leaving: UserRow): void {
  if (leaving.role !== 'admin') return;
  if (admins.filter((a) => a !== leaving.id).length === 0) {
    throw new ProblemError(409, 'last-admin', 'This is the tenant’s last admin; make someone else admin first', {
      detailZh: '这是本租户最后一位管理员，请先指定其他管理员',
    });
  }
}
