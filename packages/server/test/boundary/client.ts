import type { Session } from '../session.js';
import type { Operation } from './openapi.js';
import { serialize } from './values.js';

/**
 * How the fuzzer speaks to the server: one request of an operation, filled in from a valid
 * request's parameters and body, with the fuzzer's credentials.
 */

/** A request of one operation, before it is sent: URL parameters as text, the body as a value. */
export interface Request {
  path: Record<string, string>;
  query: Record<string, string>;
  body?: unknown;
  /** A body that is not JSON (an iCalendar upload): sent as this type, the body as text. */
  contentType?: string;
}

export type Credentials = 'key' | 'session' | 'none';

export interface Reply {
  status: number;
  contentType: string;
  json: any;
  text: string;
  retryAfter: number | undefined;
  /** Set when the body could not be read to its end (the connection was cut mid-response). */
  cut?: string;
}

/** The server clock, moved by the fuzzer past a throttle's Retry-After instead of waiting. */
export class TestClock {
  constructor(private ms: number) {}
  readonly now = () => this.ms;
  advance(ms: number) {
    this.ms += ms;
  }
}

export interface Client {
  base: string;
  key: string;
  session?: Session;
}

export function urlOf(op: Pick<Operation, 'path'>, req: Request): string {
  const path = op.path.replaceAll(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(req.path[name] ?? ''));
  const qs = Object.entries(req.query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

export async function send(client: Client, op: Pick<Operation, 'method' | 'path'>, req: Request, credentials: Credentials = 'key'): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (credentials === 'key') headers.authorization = `Bearer ${client.key}`;
  if (credentials === 'session' && client.session) Object.assign(headers, client.session.headers());
  let body: string | undefined;
  if (req.body !== undefined && op.method !== 'GET') {
    body = req.contentType ? String(req.body) : serialize(req.body);
    headers['content-type'] = req.contentType ?? 'application/json';
  }
  const res = await fetch(client.base + urlOf(op, req), { method: op.method, headers, ...(body !== undefined ? { body } : {}) });
  let text = '';
  let cut: string | undefined;
  try {
    text = await res.text();
  } catch (e) {
    // A stream the server ended with an error: the client sees a truncated body.
    cut = String((e as Error & { cause?: unknown }).cause ?? e);
  }
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  const retry = res.headers.get('retry-after');
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    json,
    text,
    retryAfter: retry === null ? undefined : Number(retry),
    ...(cut ? { cut } : {}),
  };
}

/** Sends and requires a 2xx: for the fuzzer's own setup, where anything else is a broken fixture. */
export async function must(client: Client, method: string, path: string, body?: unknown, credentials: Credentials = 'key'): Promise<any> {
  const [p, q] = path.split('?');
  const query = Object.fromEntries(new URLSearchParams(q ?? ''));
  const r = await send(client, { method, path: p! }, { path: {}, query, body }, credentials);
  if (r.status >= 300 || r.cut) throw new Error(`setup: ${method} ${path} → ${r.status} ${r.cut ?? r.text.slice(0, 400)}`);
  return r.json;
}
