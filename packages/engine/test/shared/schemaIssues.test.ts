/**
 * One translator of schema issues into Chinese: the server's field errors and the compiler's
 * errors both come from it, so the same mistake reads the same in the API and in the editor.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calendarFromICal, compilePolicy, jsonPath, schemaIssueMessage, schemaIssueZh } from '../../src/index.js';

describe('schemaIssueZh', () => {
  const schema = z.strictObject({ at: z.string(), name: z.string().min(2), limit: z.coerce.number(), kind: z.enum(['a', 'b']) });

  it('renders zod’s zh-CN locale, with the received type put back from the input', () => {
    const input = { at: 5, name: 'x', limit: 'abc', kind: 'c', extra: true };
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [jsonPath(i.path), schemaIssueZh(i, input)])).toEqual([
      ['$.at', '无效输入：期望 string，实际接收 数字'],
      ['$.name', '数值过小：期望 string >=2 字符'],
      ['$.limit', '无效输入：期望 数字，实际接收 NaN'],
      ['$.kind', '无效选项：期望以下之一 "a"|"b"'],
      ['$', '出现未知的键(key): "extra"'],
    ]);
  });

  it('keeps a custom message’s own Chinese half, and says 无效输入 for a custom English-only one', () => {
    const custom = z.object({ s: z.string().min(1, 'send a value / 请填写'), n: z.number().refine((n) => n % 2 === 0, 'must be even') });
    const r = custom.safeParse({ s: '', n: 3 });
    expect(r.error!.issues.map((i) => schemaIssueMessage(i, { s: '', n: 3 }))).toEqual([
      { en: 'send a value / 请填写', zh: '请填写' },
      { en: 'must be even', zh: '无效输入' },
    ]);
  });

  it('jsonPath: `$` for the whole value, dots for keys, brackets for indexes', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['items', 1, 'weight'])).toBe('$.items[1].weight');
    expect(jsonPath([0, 'type'])).toBe('$[0].type');
  });
});

describe('the compiler uses the same translator', () => {
  it('a node config of the wrong type reads as the server’s field errors do', () => {
    const r = compilePolicy({
      key: 'k',
      kind: 'routing',
      name: 'k',
      nodes: [
        { id: 't', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'rr', type: 'assign.roundRobin', data: { teams: 'ae' } },
      ],
      edges: [{ id: 'e1', source: 't', target: 'rr' }],
    });
    expect(r.ok).toBe(false);
    const err = !r.ok ? r.errors.find((e) => e.code === 'invalidConfig') : undefined;
    expect(err?.message).toEqual({ en: 'Invalid input: expected array, received string', zh: '无效输入：期望 数组，实际接收 string' });
  });

  it('a document of the wrong shape too', () => {
    const r = compilePolicy({ key: 'k', kind: 'routing', name: 7, nodes: [], edges: [] });
    expect(!r.ok && r.errors[0]).toMatchObject({
      code: 'invalidDocument',
      field: 'name',
      message: { en: 'Invalid input: expected string, received number', zh: '无效输入：期望 string，实际接收 数字' },
    });
  });
});

describe('the calendar import uses it too', () => {
  it('an imported calendar that fails its schema says so in Chinese only, in the zh text', () => {
    const empty = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n';
    const r = calendarFromICal(empty, { id: 'x', timeZone: 'Mars/Olympus' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.zh).toBe('导入的日历无效（timeZone）：未知时区 "Mars/Olympus"：请使用 IANA 时区名，如 Asia/Shanghai');
  });
});
