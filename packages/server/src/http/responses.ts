import { z } from 'zod';
import type { Context } from 'hono';
import type { AppEnv } from './context.js';
import { ProblemError } from './problem.js';

/** The problem+json body as /openapi.json documents it. */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  detailZh: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), messageZh: z.string().optional() }).loose()).optional(),
});
export const problemResponse = { content: { 'application/problem+json': { schema: problemSchema } }, description: 'Problem (RFC 9457)' };

/** The responses every authenticated route may give besides its own. */
export const authProblems = { 401: problemResponse, 403: problemResponse } as const;

export const jsonContent = <S extends z.ZodType>(schema: S, description: string) => ({ content: { 'application/json': { schema } }, description });

export const security: Array<Record<string, string[]>> = [{ apiKey: [] }, { session: [] }];

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
