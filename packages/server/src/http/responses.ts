import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { ProblemError } from './problem.js';

/**
 * The problem+json body as /openapi.json documents it: one named component (`Problem`), so a
 * generated client has one type for every error answer. Open: some problems carry more (a claim
 * refusal's `reason`, a throttle's `retryAfterSeconds`).
 */
export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number(),
    detail: z.string().optional(),
    detailZh: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), messageZh: z.string().optional() }).loose()).optional(),
  })
  .loose()
  .meta({ id: 'Problem' });
export const problemResponse = { content: { 'application/problem+json': { schema: problemSchema } }, description: 'Problem (RFC 9457) / 问题详情' };

/** The responses every authenticated route may give besides its own. */
export const authProblems = { 401: problemResponse, 403: problemResponse } as const;

export const jsonContent = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });

type Security = Array<Record<string, string[]>>;
/**
 * Who may call an operation, as /openapi.json declares it (auth/middleware.ts enforces it): an API
 * key, or an editor session cookie, which on writes must also echo its CSRF token.
 */
export const readAccess: Security = [{ apiKey: [] }, { session: [] }];
export const writeAccess: Security = [{ apiKey: [] }, { session: [], csrf: [] }];
/** Only a logged-in user: an API key has no password or session to act on. */
export const sessionWriteAccess: Security = [{ session: [], csrf: [] }];
/** Answers without credentials (app.ts `PUBLIC`): declared empty so no one wonders. */
export const publicAccess: Security = [];

export function nowIso(c: Context<AppEnv>): string {
  return new Date(c.var.deps.now()).toISOString();
}

export function notFound(what: string, whatZh: string): ProblemError {
  return new ProblemError(404, 'not-found', `No such ${what} in this tenant`, { detailZh: `本租户没有这个${whatZh}` });
}

/** Timestamps come back from Postgres as "2025-03-03 09:00:00+00"; the API speaks ISO-8601. */
export function iso(at: string): string {
  return new Date(at).toISOString();
}
