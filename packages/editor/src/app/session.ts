import { useSyncExternalStore } from 'react';
import { api, ApiError, setCsrfToken } from '../api/client.js';

/** The server's roles (packages/server/src/routes/auth/users.ts ROLES), least to most. */
export type Role = 'viewer' | 'editor' | 'publisher' | 'admin';
export const ROLES: readonly Role[] = ['viewer', 'editor', 'publisher', 'admin'];

export type Action = 'read' | 'editDraft' | 'publish' | 'admin';

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
  mustChangePassword: boolean;
}

export interface Session {
  user: SessionUser | null;
  tenant: string | null;
  loading: boolean;
  refresh(): Promise<void>;
}

/**
 * What each role may do, mirroring the server's ROLE_SCOPES (viewer reads, editor edits drafts,
 * publisher publishes and rolls back, admin manages users, keys and webhooks). The UI only hides or
 * disables with it: the server refuses anyway.
 */
const LEAST_ROLE: Record<Action, Role> = { read: 'viewer', editDraft: 'editor', publish: 'publisher', admin: 'admin' };

export function can(role: Role | undefined, action: Action): boolean {
  if (!role) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(LEAST_ROLE[action]);
}

interface State {
  user: SessionUser | null;
  tenant: string | null;
  loading: boolean;
}

interface MeAnswer {
  tenantId: string;
  via: 'key' | 'session';
  user: (SessionUser & { createdAt?: string }) | null;
}

// One store for the whole page (not react-query) so any component, and any component test, can
// read the session without a provider; `refresh` re-asks the server.
let state: State = { user: null, tenant: null, loading: true };
let started = false;
let inflight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: State): void {
  state = next;
  for (const l of listeners) l();
}

function pick(u: SessionUser): SessionUser {
  return { id: u.id, email: u.email, role: u.role, mustChangePassword: u.mustChangePassword };
}

export function refresh(): Promise<void> {
  inflight ??= (async () => {
    try {
      const me = await api<MeAnswer>('GET', '/v1/auth/me');
      // The CSRF token lives in this tab's sessionStorage: a tab opened later has the cookie but
      // not the token, and every save would be refused; signing in again is the honest answer.
      const hasToken = typeof sessionStorage !== 'undefined' && sessionStorage.getItem('sluice.csrf') !== null;
      if (me.user && hasToken) set({ user: pick(me.user), tenant: me.tenantId, loading: false });
      else set({ user: null, tenant: null, loading: false });
    } catch (e) {
      if (!(e instanceof ApiError)) console.warn('session check failed', e);
      set({ user: null, tenant: null, loading: false });
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

/** After a successful POST /v1/auth/login: no second round trip needed. */
export function signedIn(answer: { csrfToken: string; tenant: string; user: SessionUser }): void {
  setCsrfToken(answer.csrfToken);
  started = true;
  set({ user: pick(answer.user), tenant: answer.tenant, loading: false });
}

/** After the one-time password was changed. */
export function passwordChanged(): void {
  if (state.user) set({ ...state, user: { ...state.user, mustChangePassword: false } });
}

/**
 * Where the header's sign-out button goes: the route signs out once it is reached, so a screen that
 * guards its unsaved work (the policy editor's LeaveGuard) asks first, as for any other way out.
 */
export const SIGN_OUT_PATH = '/signout';

export async function signOut(): Promise<void> {
  try {
    await api('POST', '/v1/auth/logout');
  } catch {
    // Already gone (expired, or ended by a password change elsewhere): signed out either way.
  }
  setCsrfToken(null);
  set({ user: null, tenant: null, loading: false });
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!started) {
    started = true;
    void refresh();
  }
  return () => listeners.delete(listener);
}

const getSnapshot = () => state;

export function useSession(): Session {
  const s = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  return { user: s.user, tenant: s.tenant, loading: s.loading, refresh };
}

/** For component tests: put the page in a known session without a server. */
export function setSessionForTest(next: { user: SessionUser | null; tenant?: string | null }): void {
  started = true;
  set({ user: next.user, tenant: next.tenant ?? (next.user ? 'default' : null), loading: false });
}
