/**
 * One translator of schema issues into plain words: the compiler's errors (the editor's problems
 * list), the server's field errors and the calendar import all come from it, so the same mistake
 * reads the same everywhere, in English and Chinese, and never as zod's internals ("Too small:
 * expected number to be >=0", "数值过小：期望 number >=0"). The place is shown beside the
 * message, so the message says only what is wrong.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { calendarFromICal, compilePolicy, jsonPath, schemaIssueMessage, schemaIssueZh } from '../../src/index.js';
import { durationSchema } from '../../src/types/duration.js';

/** Each issue of `value` against `schema`: [field path, { en, zh }]. */
function said(schema: z.ZodType, value: unknown): Array<[string, { en: string; zh: string }]> {
  const r = schema.safeParse(value);
  expect(r.success).toBe(false);
  return r.error!.issues.map((i) => [jsonPath(i.path), schemaIssueMessage(i, value)]);
}
/** The one issue of `value` against `schema`. */
function one(schema: z.ZodType, value: unknown): { en: string; zh: string } {
  const all = said(schema, value);
  expect(all).toHaveLength(1);
  return all[0]![1];
}

describe('too_small / too_big', () => {
  it('numbers: inclusive and exclusive bounds', () => {
    expect(one(z.number().min(0), -1)).toEqual({ en: 'must be 0 or more', zh: '不能小于 0' });
    expect(one(z.number().positive(), 0)).toEqual({ en: 'must be more than 0', zh: '必须大于 0' });
    expect(one(z.number().max(100), 101)).toEqual({ en: 'must be 100 or less', zh: '不能大于 100' });
    expect(one(z.number().lt(5), 5)).toEqual({ en: 'must be less than 5', zh: '必须小于 5' });
    expect(one(z.number().int().min(1).max(7), 0)).toEqual({ en: 'must be 1 or more', zh: '不能小于 1' });
    expect(one(z.number().min(0.5), 0.25)).toEqual({ en: 'must be 0.5 or more', zh: '不能小于 0.5' });
    expect(one(z.bigint().min(5n), 1n)).toEqual({ en: 'must be 5 or more', zh: '不能小于 5' });
  });

  it('text: characters, at least, at most, exactly; one character at least is "not empty"', () => {
    expect(one(z.string().min(1), '')).toEqual({ en: 'must not be empty', zh: '不能为空' });
    expect(one(z.string().min(2), 'x')).toEqual({ en: 'must be at least 2 characters', zh: '至少 2 个字符' });
    expect(one(z.string().max(200), 'x'.repeat(201))).toEqual({ en: 'must be at most 200 characters', zh: '不能超过 200 个字符' });
    expect(one(z.string().length(3), 'ab')).toEqual({ en: 'must be exactly 3 characters', zh: '必须正好 3 个字符' });
    expect(one(z.string().length(1), 'ab')).toEqual({ en: 'must be exactly 1 character', zh: '必须正好 1 个字符' });
  });

  it('lists: items, singular for one; sets and maps too', () => {
    expect(one(z.array(z.string()).min(1), [])).toEqual({ en: 'at least 1 item', zh: '至少 1 项' });
    expect(one(z.array(z.string()).min(2), ['a'])).toEqual({ en: 'at least 2 items', zh: '至少 2 项' });
    expect(one(z.array(z.string()).max(50), Array(51).fill('a'))).toEqual({ en: 'at most 50 items', zh: '最多 50 项' });
    expect(one(z.array(z.string()).length(2), ['a'])).toEqual({ en: 'exactly 2 items', zh: '必须正好 2 项' });
    expect(one(z.array(z.string()).max(0), ['a'])).toEqual({ en: 'must be empty', zh: '必须为空' });
    expect(one(z.set(z.string()).min(1), new Set())).toEqual({ en: 'at least 1 item', zh: '至少 1 项' });
    expect(
      one(
        z.map(z.string(), z.number()).max(1),
        new Map([
          ['a', 1],
          ['b', 2],
        ]),
      ),
    ).toEqual({ en: 'at most 1 entry', zh: '最多 1 项' });
  });

  it('dates: earlier and later', () => {
    expect(one(z.date().min(new Date('2026-01-01T00:00:00Z')), new Date('2025-12-31T00:00:00Z'))).toEqual({
      en: 'must be 2026-01-01T00:00:00.000Z or later',
      zh: '不能早于 2026-01-01T00:00:00.000Z',
    });
    expect(one(z.date().max(new Date('2026-01-01T00:00:00Z')), new Date('2026-02-01T00:00:00Z'))).toEqual({
      en: 'must be 2026-01-01T00:00:00.000Z or earlier',
      zh: '不能晚于 2026-01-01T00:00:00.000Z',
    });
  });
});

describe('invalid_type', () => {
  const schema = z.strictObject({ name: z.string(), limit: z.number(), on: z.boolean(), teams: z.array(z.string()), when: z.strictObject({ d: z.number() }) });

  it('a field left out is required; a wrong type names what it must be and what it was', () => {
    expect(said(schema, {})).toEqual([
      ['$.name', { en: 'required', zh: '必填' }],
      ['$.limit', { en: 'required', zh: '必填' }],
      ['$.on', { en: 'required', zh: '必填' }],
      ['$.teams', { en: 'required', zh: '必填' }],
      ['$.when', { en: 'required', zh: '必填' }],
    ]);
    const input = { name: 5, limit: 'ten', on: 'yes', teams: 'ae', when: [] };
    expect(said(schema, input)).toEqual([
      ['$.name', { en: 'must be text, not a number', zh: '必须是文本，而不是数字' }],
      ['$.limit', { en: 'must be a number, not text', zh: '必须是数字，而不是文本' }],
      ['$.on', { en: 'must be true or false, not text', zh: '必须是 true 或 false，而不是文本' }],
      ['$.teams', { en: 'must be a list, not text', zh: '必须是列表，而不是文本' }],
      ['$.when', { en: 'must be a set of fields, not a list', zh: '必须是一组字段，而不是列表' }],
    ]);
  });

  it('null is a wrong type, not a missing field; the received type is known without the input too', () => {
    expect(one(z.strictObject({ at: z.string() }), { at: null })).toEqual({ en: 'must be text, not empty (null)', zh: '必须是文本，而不是空值（null）' });
    const r = z.string().safeParse(true);
    expect(schemaIssueMessage(r.error!.issues[0]!)).toEqual({ en: 'must be text, not true/false', zh: '必须是文本，而不是布尔值（true/false）' });
  });

  it('a whole number: "must be a whole number", without "not a number" for 1.5', () => {
    expect(one(z.number().int(), 1.5)).toEqual({ en: 'must be a whole number', zh: '必须是整数' });
    expect(one(z.int(), 'x')).toEqual({ en: 'must be a number, not text', zh: '必须是数字，而不是文本' });
    expect(one(z.number(), Number.POSITIVE_INFINITY)).toEqual({ en: 'must be a number, not infinity', zh: '必须是数字，而不是无穷大' });
  });

  it('a coerced query parameter: "abc" read as NaN is text; one not sent at all is required', () => {
    const q = z.strictObject({ limit: z.coerce.number() });
    expect(one(q, { limit: 'abc' })).toEqual({ en: 'must be a number, not text', zh: '必须是数字，而不是文本' });
    expect(one(q, {})).toEqual({ en: 'required', zh: '必填' });
    expect(one(z.number(), Number.NaN)).toEqual({ en: 'must be a number, not NaN (not a number)', zh: '必须是数字，而不是 NaN（非数字）' });
  });
});

describe('invalid_value', () => {
  it('lists the allowed values as typed; one value alone; a left-out one is required too', () => {
    const mode = z.strictObject({ mode: z.enum(['notify', 'escalate']) });
    expect(one(mode, { mode: 'shout' })).toEqual({ en: 'must be one of: notify, escalate', zh: '只能是以下之一：notify、escalate' });
    expect(one(mode, {})).toEqual({ en: 'required; must be one of: notify, escalate', zh: '必填；只能是以下之一：notify、escalate' });
    expect(one(z.literal('platt'), 'x')).toEqual({ en: 'must be platt', zh: '只能是 platt' });
    expect(one(z.literal([1, 2, 3]), 4)).toEqual({ en: 'must be one of: 1, 2, 3', zh: '只能是以下之一：1、2、3' });
    // A value that would not read as one is quoted.
    expect(one(z.enum(['', 'a, b']), 'c')).toEqual({ en: 'must be one of: "", "a, b"', zh: '只能是以下之一：""、"a, b"' });
  });
});

describe('unrecognized_keys', () => {
  it('names the unknown fields', () => {
    expect(one(z.strictObject({ a: z.string() }), { a: 'x', colour: 'red' })).toEqual({ en: 'unknown field: colour', zh: '无法识别的字段：colour' });
    expect(one(z.strictObject({ a: z.string() }), { a: 'x', b: 1, c: 2 })).toEqual({ en: 'unknown fields: b, c', zh: '无法识别的字段：b、c' });
  });
});

describe('invalid_format', () => {
  it('says what to type, with an example for dates and times', () => {
    expect(one(z.iso.datetime(), 'soon')).toEqual({ en: 'must be a date and time, e.g. 2026-03-02T10:00:00Z', zh: '必须是日期时间，如 2026-03-02T10:00:00Z' });
    expect(one(z.iso.date(), 'soon')).toEqual({ en: 'must be a date, e.g. 2026-03-02', zh: '必须是日期，如 2026-03-02' });
    expect(one(z.iso.time(), 'soon')).toEqual({ en: 'must be a time of day, e.g. 09:30', zh: '必须是时刻，如 09:30' });
    expect(one(z.email(), 'x')).toEqual({ en: 'must be an email address', zh: '必须是电子邮件地址' });
    expect(one(z.string().startsWith('lead.'), 'x')).toEqual({ en: 'must start with "lead."', zh: '必须以“lead.”开头' });
    expect(one(z.string().endsWith('.id'), 'x')).toEqual({ en: 'must end with ".id"', zh: '必须以“.id”结尾' });
    expect(one(z.string().includes('@'), 'x')).toEqual({ en: 'must contain "@"', zh: '必须包含“@”' });
  });

  it('a pattern is not shown (it is the schema’s internals); its own message is, beside the Chinese', () => {
    expect(one(z.string().regex(/^[a-z]+$/), 'X1')).toEqual({ en: 'is not in the expected format', zh: '格式不正确' });
    expect(one(z.string().regex(/^[a-z]+$/, 'letters only'), 'X1')).toEqual({ en: 'letters only', zh: '格式不正确（letters only）' });
  });

  it('a format not worded here falls back to zod’s locales', () => {
    expect(one(z.ipv4(), 'x')).toEqual({ en: 'Invalid IPv4 address', zh: '无效IPv4地址' });
  });
});

describe('not_multiple_of', () => {
  it('a multiple, or a number of decimal places for 0.01', () => {
    expect(one(z.number().multipleOf(5), 7)).toEqual({ en: 'must be a multiple of 5', zh: '必须是 5 的倍数' });
    expect(one(z.number().multipleOf(0.01), 1.234)).toEqual({ en: 'at most 2 decimal places', zh: '最多 2 位小数' });
    expect(one(z.number().multipleOf(0.1), 1.25)).toEqual({ en: 'at most 1 decimal place', zh: '最多 1 位小数' });
  });
});

describe('invalid_union', () => {
  it('a discriminator lists its values', () => {
    const feature = z.discriminatedUnion('kind', [z.object({ kind: z.literal('numeric') }), z.object({ kind: z.literal('flag') })]);
    expect(said(feature, { kind: 'text' })).toEqual([['$.kind', { en: 'must be one of: numeric, flag', zh: '只能是以下之一：numeric、flag' }]]);
    expect(said(feature, {})).toEqual([['$.kind', { en: 'required; must be one of: numeric, flag', zh: '必填；只能是以下之一：numeric、flag' }]]);
  });

  it('a value of a type no form takes is told the types', () => {
    expect(one(z.union([z.string(), z.number()]), true)).toEqual({
      en: 'must be text or a number, not true/false',
      zh: '必须是文本或数字，而不是布尔值（true/false）',
    });
    expect(one(z.union([z.literal('auto'), z.number()]), 'x')).toEqual({ en: 'must be auto or a number, not text', zh: '必须是 auto 或数字，而不是文本' });
  });

  it('a value whose type fits one form is told what is wrong in it, with the field inside', () => {
    expect(one(z.union([z.number(), z.strictObject({ a: z.number() })]), { a: 'x' })).toEqual({
      en: 'a: must be a number, not text',
      zh: 'a：必须是数字，而不是文本',
    });
  });

  it('a duration (a node config’s union with its own English message) keeps it; the Chinese says what is wrong', () => {
    const wait = durationSchema(1, 30, { en: 'Wait', zh: '等待' }, { en: '', zh: '' });
    const own = 'a number of days, or { "value": n, "unit": "minutes | hours | days | workingDays" }';
    expect(one(wait, { value: 1, unit: 'weeks' })).toEqual({ en: own, zh: 'unit：只能是以下之一：minutes、hours、days、workingDays' });
    expect(one(wait, 1.5)).toEqual({ en: own, zh: '必须是整数' });
    expect(one(wait, 0)).toEqual({ en: 'must be 1 or more', zh: '不能小于 1' });
  });

  it('with nothing to say but "no form fits", the generic words', () => {
    const either = z.union([z.strictObject({ a: z.string() }), z.strictObject({ b: z.number() })]);
    expect(one(either, { a: 1 })).toEqual({ en: 'does not match any of the allowed forms', zh: '不符合任何一种允许的格式' });
    expect(one(z.xor([z.string(), z.string().min(1)]), 'abc')).toEqual({
      en: 'fits more than one of the allowed forms',
      zh: '同时符合多种允许的格式，无法确定',
    });
  });
});

describe('invalid_key', () => {
  it('a record’s bad key says what is wrong with the name', () => {
    expect(said(z.record(z.string().min(2), z.number()), { c: 1 })).toEqual([
      ['$.c', { en: 'field name: must be at least 2 characters', zh: '字段名：至少 2 个字符' }],
    ]);
  });
});

describe('custom', () => {
  it('keeps its own message; a bilingual one is split in two; an English-only one is given beside the Chinese', () => {
    const custom = z.strictObject({
      s: z.string().min(1, 'send a value / 请填写'),
      n: z.number().refine((n) => n % 2 === 0, 'must be even'),
      q: z.number().refine(() => false),
      t: z.string().refine(() => false, 'team 华东 / team 华南 is listed twice / 团队“华东”重复'),
    });
    expect(said(custom, { s: '', n: 3, q: 1, t: 'x' })).toEqual([
      ['$.s', { en: 'send a value', zh: '请填写' }],
      ['$.n', { en: 'must be even', zh: '取值无效（must be even）' }],
      ['$.q', { en: 'is not valid', zh: '取值无效' }],
      ['$.t', { en: 'team 华东 / team 华南 is listed twice', zh: '团队“华东”重复' }],
    ]);
    // A custom message on a bound: the schema's English, our Chinese for the bound.
    expect(one(z.number().min(0, 'no negative weights'), -1)).toEqual({ en: 'no negative weights', zh: '不能小于 0' });
  });

  it('schemaIssueZh is the Chinese of the same words', () => {
    const r = z.strictObject({ n: z.number().min(0) }).safeParse({ n: -1 });
    expect(schemaIssueZh(r.error!.issues[0]!, { n: -1 })).toBe('不能小于 0');
  });
});

describe('jsonPath', () => {
  it('`$` for the whole value, dots for keys, brackets for indexes', () => {
    expect(jsonPath([])).toBe('$');
    expect(jsonPath(['items', 1, 'weight'])).toBe('$.items[1].weight');
    expect(jsonPath([0, 'type'])).toBe('$[0].type');
  });
});

describe('the compiler uses the same translator for node configs', () => {
  const T = { id: 't', type: 'trigger', data: { events: ['lead.created'] } };
  const compileOne = (node: { id: string; type: string; data: unknown }) =>
    compilePolicy({ key: 'k', kind: 'routing', name: 'k', nodes: [T, node], edges: [{ id: 'e1', source: 't', target: node.id }] });
  const configErrors = (node: { id: string; type: string; data: unknown }) => {
    const r = compileOne(node);
    expect(r.ok).toBe(false);
    return r.ok ? [] : r.errors.filter((e) => e.code === 'invalidConfig').map((e) => [e.field, e.message]);
  };

  it('a rotation given one team as text, a cooling below zero and an unknown setting', () => {
    expect(configErrors({ id: 'rr', type: 'assign.roundRobin', data: { teams: 'ae', coolingDays: -1, colour: 'red' } })).toEqual([
      ['teams', { en: 'must be a list, not text', zh: '必须是列表，而不是文本' }],
      ['coolingDays', { en: 'must be 0 or more', zh: '不能小于 0' }],
      ['', { en: 'unknown field: colour', zh: '无法识别的字段：colour' }],
    ]);
  });

  it('a notification with no recipient, a bad mode, an over-long recipient id and a message left out', () => {
    expect(configErrors({ id: 'n', type: 'notify', data: { mode: 'shout', to: [], message: { en: 'hi' } } })).toEqual([
      ['mode', { en: 'must be one of: notify, task, escalate', zh: '只能是以下之一：notify、task、escalate' }],
      ['to', { en: 'at least 1 item', zh: '至少 1 项' }],
      ['message.zh', { en: 'required', zh: '必填' }],
    ]);
    expect(configErrors({ id: 'n', type: 'notify', data: { to: [{ kind: 'team', id: 'x'.repeat(201) }], message: { en: 'a', zh: 'b' } } })).toEqual([
      ['to[0].id', { en: 'must be at most 200 characters', zh: '不能超过 200 个字符' }],
    ]);
  });

  it('a document of the wrong shape too', () => {
    const r = compilePolicy({ key: 'k', kind: 'routing', name: 7, nodes: [], edges: [] });
    expect(!r.ok && r.errors[0]).toMatchObject({
      code: 'invalidDocument',
      field: 'name',
      message: { en: 'must be text, not a number', zh: '必须是文本，而不是数字' },
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
