/**
 * The one way the editor talks to the server: same origin, the session cookie, and the CSRF token
 * (returned by login, kept in memory and sessionStorage) echoed on every write. Errors come back as
 * the server's problem+json, kept whole so forms can show each error at its JSON path.
 */
export interface ProblemError {
  path: string;
  message: string;
  messageZh?: string;
  code?: string;
  nodeId?: string;
  edgeId?: string;
  field?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly detailZh: string | undefined,
    readonly errors: ProblemError[],
    readonly body: unknown,
  ) {
    super(`${status} ${code}: ${detail}`);
  }
}

const CSRF_KEY = 'sluice.csrf';
let csrf: string | null = typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(CSRF_KEY);

export function setCsrfToken(token: string | null): void {
  csrf = token;
  if (typeof sessionStorage === 'undefined') return;
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export async function api<T>(method: Method, path: string, body?: unknown, init: { contentType?: string; signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = init.contentType ?? 'application/json';
  if (method !== 'GET' && csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    signal: init.signal,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const parsed: unknown = text ? safeJson(text) : undefined;
  if (!res.ok) {
    const p = (parsed ?? {}) as { type?: string; title?: string; detail?: string; detailZh?: string; errors?: ProblemError[] };
    // The problem type is https://sluice.dev/problems/<code>.
    const code = p.type?.split('/').pop() ?? 'error';
    throw new ApiError(res.status, code, p.detail ?? p.title ?? res.statusText, p.detailZh, p.errors ?? [], parsed);
  }
  return parsed as T;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
