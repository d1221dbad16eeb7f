import { call } from './harness.js';

/** An editor session as a browser holds it: the cookie and the CSRF token from the login answer. */
export interface Session {
  cookie: string;
  csrf: string;
  /** Headers for a request made by this session; `csrf: false` leaves the token out. */
  headers(opts?: { csrf?: boolean | string }): Record<string, string>;
}

export const NEW_PASSWORD = 'correct horse battery staple';

export async function login(base: string, tenant: string, email: string, password: string) {
  const r = await call(base, 'POST', '/v1/auth/login', { body: { tenant, email, password } });
  const setCookie = r.headers.get('set-cookie') ?? '';
  const cookie = /sluice_session=([^;]+)/.exec(setCookie)?.[1];
  const session: Session | undefined =
    r.status === 200 && cookie
      ? {
          cookie,
          csrf: r.json.csrfToken,
          headers: (opts = {}) => {
            const h: Record<string, string> = { cookie: `sluice_session=${cookie}` };
            if (opts.csrf !== false) h['x-csrf-token'] = typeof opts.csrf === 'string' ? opts.csrf : r.json.csrfToken;
            return h;
          },
        }
      : undefined;
  return { ...r, setCookie, session };
}

/**
 * A user of the given role in the admin key's tenant, logged in, one-time password already
 * changed to NEW_PASSWORD: ready to work.
 */
export async function userSession(base: string, adminKey: string, tenant: string, email: string, role: 'viewer' | 'editor' | 'publisher' | 'admin') {
  const made = await call(base, 'POST', '/v1/users', { key: adminKey, body: { email, role } });
  if (made.status !== 201) throw new Error(`creating ${email}: ${made.status} ${made.text}`);
  const first = await login(base, tenant, email, made.json.password);
  if (!first.session) throw new Error(`login ${email}: ${first.status} ${first.text}`);
  const changed = await call(base, 'POST', '/v1/auth/password', {
    headers: first.session.headers(),
    body: { currentPassword: made.json.password, newPassword: NEW_PASSWORD },
  });
  if (changed.status !== 204) throw new Error(`password ${email}: ${changed.status} ${changed.text}`);
  return { session: first.session, userId: made.json.id as string };
}
