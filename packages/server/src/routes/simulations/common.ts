/**
 * What every dataset and simulation route declares alike in /openapi.json: its tag, who may call it
 * (read access to read; edit rights for every write, guess and preview included) and the problems it
 * may answer. Written once, so a route of the suite cannot drift to another rule.
 */
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import { authProblems, problemResponse, readAccess, writeAccess } from '../../http/responses.js';

const tags = ['simulations'];
export const forReaders = { tags, security: readAccess, middleware: [needs('read')] };
export const forEditors = { tags, security: writeAccess, middleware: [needs('edit')] };

/** The answers of a route on one stored dataset or simulation besides its own: not signed in, not allowed, no such one. */
export const oneProblems = { ...authProblems, 404: problemResponse } as const;

/** A message in both languages, as the simulator writes its notes, reasons and errors. */
export const words = z.object({ en: z.string(), zh: z.string() });
