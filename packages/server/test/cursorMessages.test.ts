import { schemaIssueZh } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { ProblemError } from '../src/http/problem.js';
import { pgTable, integer, text } from 'drizzle-orm/pg-core';
import { encodeCursor, keysetCursor } from '../src/http/cursor.js';
import { decisionCursor } from '../src/routes/decisions/query.js';
import { simulationCursor } from '../src/routes/simulations/listing.js';

const cursorParam = decisionCursor.param;
const decodeCursor = decisionCursor.decode;

const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** The one message the schema gives for `text`, and its Chinese as the server's field errors read it. */
function refusal(text: string): { message: string; zh: string } {
  const r = cursorParam.safeParse(text);
  if (r.success) throw new Error(`accepted: ${text}`);
  expect(r.error.issues).toHaveLength(1);
  return { message: r.error.issues[0]!.message, zh: schemaIssueZh(r.error.issues[0]!, text) };
}

describe('decision cursors say what is wrong, in both languages', () => {
  it('each refusal names its reason, the English and the Chinese halves from one source', () => {
    expect(refusal('not-a-cursor!')).toEqual({
      message: 'not a cursor this API returned (not base64url) / 不是本接口返回的游标（不是 base64url 编码）',
      zh: '不是本接口返回的游标（不是 base64url 编码）',
    });
    expect(refusal(b64('{'))).toEqual({
      message: 'not a cursor this API returned (no JSON inside) / 不是本接口返回的游标（内容不是 JSON）',
      zh: '不是本接口返回的游标（内容不是 JSON）',
    });
    expect(refusal(b64({ at: 1 })).message).toBe('not a cursor this API returned (not [time, id]) / 不是本接口返回的游标（不是 [时间, id]）');
    expect(refusal(b64(['yesterday', 'd-1'])).message).toBe(
      'not a cursor this API returned (time not an ISO-8601 instant with an offset) / 不是本接口返回的游标（时间不是带时区偏移的 ISO-8601 时间）',
    );
    expect(refusal(b64(['0000-01-01T00:00:00Z', 'd-1'])).message).toBe(
      'not a cursor this API returned (time outside what the database stores) / 不是本接口返回的游标（时间超出数据库可存储的范围）',
    );
    expect(refusal(b64(['2026-03-02T10:00:00Z', ''])).message).toBe(
      'not a cursor this API returned (id empty or too long) / 不是本接口返回的游标（id 为空或过长）',
    );
  });

  it('decodeCursor refuses the same cursors as a field error with message and messageZh apart', () => {
    let thrown: unknown;
    try {
      decodeCursor(b64(['0000-01-01T00:00:00Z', 'd-1']));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProblemError);
    expect((thrown as ProblemError).status).toBe(422);
    expect((thrown as ProblemError).extra.errors).toEqual([
      {
        path: '$.cursor',
        message: 'not a cursor this API returned (time outside what the database stores)',
        messageZh: '不是本接口返回的游标（时间超出数据库可存储的范围）',
      },
    ]);
  });

  it('a cursor the API wrote decodes to its time and id', () => {
    const cursor = { at: '2026-03-02T10:00:00.000Z', id: 'd-42' };
    expect(cursorParam.safeParse(encodeCursor(cursor)).success).toBe(true);
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it("each list's cursor is checked against its own columns", () => {
    const cursor = { at: '2026-03-02T10:00:00.000Z', id: '0b8f2c1e-5d0a-4c59-9d2e-3f1a7c6b8e90' };
    expect(simulationCursor.decode(encodeCursor(cursor))).toEqual(cursor);
    // A table whose id is a number cannot have a text cursor: said when the list is built, not at a request.
    const numbered = pgTable('numbered', { id: integer('id'), at: text('at') });
    expect(() => keysetCursor({ at: numbered.at, id: numbered.id })).toThrow(/column "(id|at)" holds/);
  });
});
