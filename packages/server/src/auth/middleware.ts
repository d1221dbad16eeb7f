import { and, eq, gt, isNull } from 'drizzle-orm';
import { getCookie } from 'hono/cookie';
import type { MiddlewareHandler } from 'hono';
import { apiKeys, sessions, users } from '../db/schema.js';
import { ProblemError } from '../http/problem.js';
import type { AppEnv, Auth } from '../http/context.js';
import { cachedKey, rememberKey } from './keyCache.js';
import { hashSecret, type Scope } from './keys.js';

export const SESSION_COOKIE = 'sluice_session';

export const ROLE_SCOPES: Record<string, Scope[]> = {
  viewer: ['read'],
  editor: ['read', 'edit'],
  publisher: ['read', 'edit', 'publish'],
  admin: ['read', 'edit', 'publish', 'admin', 'decide'],
};

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** All a user holding a one-time password may do: see who they are, change it, or leave. */
const PASSWORD_CHANGE_ROUTES = new Set(['GET /v1/auth/me', 'POST /v1/auth/password', 'POST /v1/auth/logout']);

/**
 * Who is calling: an API key (`Authorization: Bearer slk_…`) or an editor session cookie. Session
 * requests that change things must echo the session's CSRF token in `x-csrf-token`.
 */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, now } = { db: c.var.deps.database.db, now: c.var.deps.now };
  const header = c.req.header('authorization');
  let auth: Auth | undefined;
  if (header) {
    const match = /^Bearer\s+(slk_[A-Za-z0-9_-]{20,100})$/.exec(header);
    if (!match) throw unauthorized('malformed Authorization header; use "Bearer slk_…"');
    const hash = hashSecret(match[1]!);
    const database = c.var.deps.database;
    let key = cachedKey(database, hash, now());
    if (!key) {
      const [row] = await db
        .select({ id: apiKeys.id, tenantId: apiKeys.tenantId, prefix: apiKeys.prefix, scopes: apiKeys.scopes })
        .from(apiKeys)
        .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt)))
        .limit(1);
      if (!row) throw unauthorized('unknown or revoked API key');
      key = { ...row, scopes: row.scopes as Scope[] };
      rememberKey(database, hash, key, now());
    }
    auth = { tenantId: key.tenantId, scopes: new Set(key.scopes), actor: `key:${key.prefix}`, via: 'key' };
  } else {
    const cookie = getCookie(c, SESSION_COOKIE);
    if (!cookie) throw unauthorized('no credentials: send an API key or log in');
    const [row] = await db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.id, hashSecret(cookie)), gt(sessions.expiresAt, new Date(now()).toISOString())))
      .limit(1);
    if (!row) throw unauthorized('session expired; log in again');
    if (UNSAFE.has(c.req.method) && c.req.header('x-csrf-token') !== row.session.csrf) {
      throw new ProblemError(403, 'csrf', 'Missing or wrong x-csrf-token header', { detailZh: '缺少或错误的 x-csrf-token 请求头' });
    }
    if (row.user.mustChangePassword && !PASSWORD_CHANGE_ROUTES.has(`${c.req.method} ${c.req.path}`)) {
      throw new ProblemError(403, 'password-change-required', 'Change your one-time password first (POST /v1/auth/password)', {
        detailZh: '请先修改一次性密码（POST /v1/auth/password）',
      });
    }
    auth = {
      tenantId: row.user.tenantId,
      scopes: new Set(ROLE_SCOPES[row.user.role] ?? []),
      actor: `user:${row.user.id}`,
      via: 'session',
      userId: row.user.id,
    };
  }
  c.set('auth', auth);
  await next();
};

export function requireScope(auth: Auth, scope: Scope): void {
  if (!auth.scopes.has(scope) && !auth.scopes.has('admin')) {
    throw new ProblemError(403, 'forbidden', `This needs the "${scope}" scope`, { detailZh: `此操作需要 "${scope}" 权限` });
  }
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError(401, 'unauthorized', 'Authentication required', { detail, detailZh: '需要身份验证' });
}

/**
 * Route middleware (createRoute's `middleware`): checks the scope before the request is validated,
 * so a caller without it gets 403 whatever they send and learns nothing about the input format.
 */
export function needs(scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    requireScope(c.var.auth, scope);
    await next();
  };
}
