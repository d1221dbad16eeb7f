/**
 * Keyset cursors of the lists paged newest first (decisions, simulations): base64url of the last
 * row's `[time, id]`, checked whole before any query runs so a bad one is a field error, never SQL's.
 * Each list's cursor is checked against its own time and id columns (`keysetCursor`).
 */
import type { Labels } from '@sluice/engine';
import { z } from 'zod';
import type { Column } from 'drizzle-orm';
import { columnText, storedInstantProblem } from '../db/limits.js';
import { ProblemError } from './problem.js';

/** Where a page ended: the last row's time and id (keyset pagination; stable under inserts). */
export interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id])).toString('base64url');
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
export const CURSOR_MAX = 500;

/** Why a cursor is refused, said once in both languages. */
const notACursor = (why: Labels): Labels => ({ en: `not a cursor this API returned (${why.en})`, zh: `不是本接口返回的游标（${why.zh}）` });
const NOT_BASE64URL = notACursor({ en: 'not base64url', zh: '不是 base64url 编码' });

/** A schema's own message carries both halves as "English / 中文"; the field errors read the Chinese back from it. */
const schemaMessage = (text: Labels) => `${text.en} / ${text.zh}`;

/** A list's cursor: the `?cursor=` schema and the decode of what it accepted. */
export interface KeysetCursor {
  param: z.ZodType<string>;
  decode(text: string): Cursor;
}

/**
 * The cursor of a list paged by `columns`: a cursor must be what `encodeCursor` wrote — base64url
 * of `[at, id]` whose time the `at` column stores (a time `Date.parse` takes, such as year 0000 or
 * 2021-02-29, would otherwise reach SQL and fail there) and whose id fits the `id` column.
 */
export function keysetCursor(columns: { at: Column; id: Column }): KeysetCursor {
  const idSchema = columnText(columns.id).min(1);

  function reason(text: string): Labels | undefined {
    let value: unknown;
    try {
      value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    } catch {
      return { en: 'no JSON inside', zh: '内容不是 JSON' };
    }
    if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string')
      return { en: 'not [time, id]', zh: '不是 [时间, id]' };
    const at = storedInstantProblem(columns.at, value[0]);
    if (at) return { en: `time ${at.en}`, zh: `时间${at.zh}` };
    if (!idSchema.safeParse(value[1]).success) return { en: 'id empty or too long', zh: 'id 为空或过长' };
    return undefined;
  }
  const problemOf = (text: string): Labels | undefined => {
    const why = reason(text);
    return why && notACursor(why);
  };

  const param = z
    .string()
    .max(CURSOR_MAX)
    .regex(BASE64URL, schemaMessage(NOT_BASE64URL))
    .describe('nextCursor of the previous page, as it was returned / 上一页返回的 nextCursor，原样传回')
    .superRefine((text, ctx) => {
      // Too long or not base64url: the schema's maxLength and pattern say so.
      if (text.length > CURSOR_MAX || !BASE64URL.test(text)) return;
      const problem = problemOf(text);
      if (problem) ctx.addIssue({ code: 'custom', message: schemaMessage(problem), input: text });
    });

  /** A cursor `param` accepted (refused again here, should a caller skip the schema). */
  function decode(text: string): Cursor {
    const problem = text.length > CURSOR_MAX || !BASE64URL.test(text) ? NOT_BASE64URL : problemOf(text);
    if (problem) {
      throw new ProblemError(422, 'validation-failed', 'The cursor is not one this API returned', {
        detailZh: '游标无效',
        errors: [{ path: '$.cursor', message: problem.en, messageZh: problem.zh }],
      });
    }
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as [string, string];
    return { at, id };
  }

  return { param, decode };
}
