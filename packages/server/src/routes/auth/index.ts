import { randomBytes } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, eq, lt, ne } from 'drizzle-orm';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { z } from 'zod';
import { hashPassword, hashSecret, verifyPassword } from '../../auth/keys.js';
import { SESSION_COOKIE } from '../../auth/middleware.js';
import { sessions, users } from '../../db/schema.js';
import type { AppEnv, Auth } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, jsonContent, problemResponse, publicAccess, readAccess, sessionWriteAccess } from '../../http/responses.js';
import { clientAddress } from './address.js';
import { LoginThrottle, loginCounters, nameCounter, tooManyAttempts } from './throttle.js';
import { registerUsers, userView, userViewSchema } from './users.js';

export const SESSION_TTL_MS = 12 * 3600_000;
export const PASSWORD_MIN = 12;

const login = createRoute({
  operationId: 'login',
  tags: ['auth'],
  security: publicAccess,
  method: 'post',
  path: '/v1/auth/login',
  summary: 'Log in to the editor: sets the session cookie, returns the CSRF token / 登录编辑器：设置会话 Cookie 并返回 CSRF 令牌',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            tenant: z.string().min(1).max(100),
            email: z.string().trim().toLowerCase().min(1).max(200),
            password: z.string().min(1).max(200),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: jsonContent(
      z.object({
        csrfToken: z.string().describe('send as x-csrf-token on every POST/PUT/PATCH/DELETE'),
        expiresAt: z.string(),
        tenant: z.string(),
        user: userViewSchema,
      }),
      'Logged in',
    ),
    401: problemResponse,
    422: problemResponse,
    429: problemResponse,
  },
});

const logout = createRoute({
  tags: ['auth'],
  method: 'post',
  path: '/v1/auth/logout',
  operationId: 'logout',
  summary: 'Log out (ends this session) / 退出登录',
  security: sessionWriteAccess,
  responses: { 204: { description: 'Logged out' }, ...authProblems },
});

const changePassword = createRoute({
  tags: ['auth'],
  method: 'post',
  path: '/v1/auth/password',
  operationId: 'changePassword',
  summary: 'Change my password (ends my other sessions) / 修改我的密码（结束其他会话）',
  security: sessionWriteAccess,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            currentPassword: z.string().min(1).max(200),
            newPassword: z.string().min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`).max(200),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 204: { description: 'Changed' }, ...authProblems, 422: problemResponse, 429: problemResponse },
});

const me = createRoute({
  tags: ['auth'],
  method: 'get',
  path: '/v1/auth/me',
  operationId: 'whoAmI',
  summary: 'Who am I: tenant, scopes, and the user behind a session / 当前身份：租户、权限与会话用户',
  security: readAccess,
  responses: {
    200: jsonContent(
      z.object({ tenantId: z.string(), via: z.enum(['key', 'session']), actor: z.string(), scopes: z.array(z.string()), user: userViewSchema.nullable() }),
      'The caller',
    ),
    ...authProblems,
  },
});

/** Compared against when the user does not exist, so a wrong name costs as long as a wrong password. */
let dummyHash: Promise<string> | undefined;

export function registerAuth(app: OpenAPIHono<AppEnv>): void {
  // In the database: every replica sharing it counts the same failures.
  const throttleOf = (c: Context<AppEnv>) => new LoginThrottle(c.var.deps.database.db);

  app.openapi(login, async (c) => {
    const { tenant, email, password } = c.req.valid('json');
    const { db } = c.var.deps.database;
    const nowMs = c.var.deps.now();
    // Counted per name, per client address and per tenant: spraying many names is slowed too.
    const counters = loginCounters(tenant, email, clientAddress(c));
    const throttle = throttleOf(c);
    const wait = await throttle.attempt(counters, nowMs);
    if (wait) throw tooManyAttempts(c, wait);
    const [user] = await db
      .select()
      .from(users)
      .where(and(eq(users.tenantId, tenant), eq(users.email, email)))
      .limit(1);
    const ok = await verifyPassword(password, user?.passwordHash ?? (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex')))));
    if (!user || !ok) {
      throw new ProblemError(401, 'invalid-credentials', 'Wrong tenant, e-mail or password', { detailZh: '租户、邮箱或密码错误' });
    }
    await throttle.succeeded(counters);
    const secret = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    const expiresAt = new Date(nowMs + SESSION_TTL_MS).toISOString();
    await db.delete(sessions).where(and(eq(sessions.userId, user.id), lt(sessions.expiresAt, new Date(nowMs).toISOString())));
    await db.insert(sessions).values({ id: hashSecret(secret), userId: user.id, tenantId: user.tenantId, csrf, expiresAt });
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: SESSION_TTL_MS / 1000,
      // Browsers drop Secure cookies on plain http://127.0.0.1; behind TLS they must be Secure.
      secure: new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https',
    });
    return c.json({ csrfToken: csrf, expiresAt, tenant: user.tenantId, user: userView(user) }, 200);
  });

  app.openapi(logout, async (c) => {
    const cookie = sessionOnly(c.var.auth, getCookie(c, SESSION_COOKIE));
    await c.var.deps.database.db.delete(sessions).where(eq(sessions.id, hashSecret(cookie)));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(changePassword, async (c) => {
    const auth = c.var.auth;
    const cookie = sessionOnly(auth, getCookie(c, SESSION_COOKIE));
    const { currentPassword, newPassword } = c.req.valid('json');
    const { db } = c.var.deps.database;
    const nowMs = c.var.deps.now();
    const [user] = await db.select().from(users).where(eq(users.id, auth.userId!)).limit(1);
    if (!user) throw new ProblemError(401, 'unauthorized', 'Authentication required', { detailZh: '需要身份验证' });
    // Only the name's count: the caller is already logged in, so spraying from here gains nothing.
    const counters = [nameCounter(user.tenantId, user.email)];
    const throttle = throttleOf(c);
    const wait = await throttle.attempt(counters, nowMs);
    if (wait) throw tooManyAttempts(c, wait);
    if (!(await verifyPassword(currentPassword, user.passwordHash))) {
      throw new ProblemError(403, 'invalid-credentials', 'The current password is wrong', { detailZh: '当前密码错误' });
    }
    await throttle.succeeded(counters);
    if (newPassword === currentPassword) {
      throw new ProblemError(422, 'validation-failed', 'Choose a new password', {
        detailZh: '请设置一个新密码',
        errors: [{ path: '$.newPassword', message: 'must differ from the current password', messageZh: '不能与当前密码相同' }],
      });
    }
    const passwordHash = await hashPassword(newPassword);
    await db.transaction(async (tx) => {
      await tx.update(users).set({ passwordHash, mustChangePassword: false }).where(eq(users.id, user.id));
      // Whoever else holds a session (a stolen cookie, a shared one-time password) is logged out.
      await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, hashSecret(cookie))));
    });
    return c.body(null, 204);
  });

  app.openapi(me, async (c) => {
    const auth = c.var.auth;
    let user = null;
    if (auth.userId) {
      const [row] = await c.var.deps.database.db.select().from(users).where(eq(users.id, auth.userId)).limit(1);
      if (row) user = userView(row);
    }
    return c.json({ tenantId: auth.tenantId, via: auth.via, actor: auth.actor, scopes: [...auth.scopes].sort(), user }, 200);
  });

  registerUsers(app);
}

function sessionOnly(auth: Auth, cookie: string | undefined): string {
  if (auth.via !== 'session' || !auth.userId || !cookie) {
    throw new ProblemError(403, 'session-required', 'Only a logged-in user can do this; API keys have no password or session', {
      detailZh: '仅限已登录用户；API 密钥没有密码或会话',
    });
  }
  return cookie;
}
