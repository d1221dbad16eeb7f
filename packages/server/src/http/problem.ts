import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One field that failed validation: where (a JSON path) and what is wrong, in both languages. */
export interface FieldError {
  /** JSON path of the bad field, e.g. `$.items[1].weight` (`$` is the whole body or query). */
  path: string;
  /** What is wrong, in English (zod's message, or the schema's own custom message). */
  message: string;
  /**
   * The same in Chinese. Every error the server writes sets it: those from zod issues are
   * rendered by zod's zh-CN locale (see `fieldErrors` in ./fieldErrors.ts). Optional only so
   * types extending this one need not repeat it.
   */
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
  // `status` last: it is the HTTP status (RFC 9457), whatever an extension names.
  return { type: `https://sluice.dev/problems/${code}`, title, ...extra, status };
}

export function problem(c: Context, status: ContentfulStatusCode, code: string, title: string, extra: Omit<Problem, 'type' | 'title' | 'status'> = {}) {
  return c.body(JSON.stringify(problemBody(status, code, title, extra)), status, { 'content-type': 'application/problem+json; charset=utf-8' });
}

/** A 422 naming every field the request got wrong, each at its JSON path, in both languages. */
export function validationFailed(errors: FieldError[]): ProblemError {
  return new ProblemError(422, 'validation-failed', 'The request does not match the schema', { detailZh: '请求内容不符合要求', errors });
}

/** A 422 for one field: what a route's own check (beyond the schema) found wrong there. */
export function fieldProblem(path: string, message: string, messageZh: string): ProblemError {
  return validationFailed([{ path, message, messageZh }]);
}
