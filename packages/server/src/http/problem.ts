import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One field that failed validation: where (a JSON path) and what is wrong, in both languages. */
export interface FieldError {
  path: string;
  message: string;
  messageZh?: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  detailZh?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** An error a handler throws to answer with RFC 9457 problem+json. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    readonly title: string,
    readonly extra: Omit<Problem, 'type' | 'title' | 'status'> = {},
  ) {
    super(title);
  }
}

export function problemBody(status: number, code: string, title: string, extra: Omit<Problem, 'type' | 'title' | 'status'> = {}): Problem {
  return { type: `https://sluice.dev/problems/${code}`, title, status, ...extra };
}

export function problem(c: Context, status: ContentfulStatusCode, code: string, title: string, extra: Omit<Problem, 'type' | 'title' | 'status'> = {}) {
  return c.body(JSON.stringify(problemBody(status, code, title, extra)), status, { 'content-type': 'application/problem+json; charset=utf-8' });
}

export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '$';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}
