import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrors } from '../src/http/fieldErrors.js';
import { fixedClock } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * Every validation error built from zod issues says what is wrong in the engine's plain words
 * (schemaIssueMessage), English in `message` and Chinese in `messageZh`: "must be 0 or more" /
 * "不能小于 0", "required" / "必填" — not zod's "Too small: expected number to be >=0". A schema's
 * custom message is kept (a bilingual one split into its halves).
 */
const NOW = '2026-03-02T02:00:00.000Z';
const CHINESE = /[\u4e00-\u9fff]/;

type FieldError = { path: string; message: string; messageZh?: string };

function expectBilingual(errors: FieldError[]) {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e.message, e.path).not.toMatch(CHINESE);
    expect(e.messageZh, e.path).toMatch(CHINESE);
  }
}

describe('fieldErrors (zod issues → field errors)', () => {
  const schema = z.strictObject({
    at: z.iso.datetime(),
    name: z.string().min(2),
    items: z.array(z.object({ weight: z.number().min(0) })),
    limit: z.coerce.number().int(),
    kind: z.enum(['a', 'b']),
  });

  it('says what is wrong in plain English and Chinese, received types included', () => {
    const input = { at: 5, name: 'x', items: [{ weight: 1 }, { weight: -1 }], limit: 'abc', kind: 'c', extra: true };
    const r = schema.safeParse(input);
    expect(r.success).toBe(false);
    expect(fieldErrors(r.error!.issues, input)).toEqual([
      { path: '$.at', message: 'must be text, not a number', messageZh: '必须是文本，而不是数字' },
      { path: '$.name', message: 'must be at least 2 characters', messageZh: '至少 2 个字符' },
      { path: '$.items[1].weight', message: 'must be 0 or more', messageZh: '不能小于 0' },
      // The query's "abc" was coerced to NaN: both languages name what was sent (text).
      { path: '$.limit', message: 'must be a number, not text', messageZh: '必须是数字，而不是文本' },
      { path: '$.kind', message: 'must be one of: a, b', messageZh: '只能是以下之一：a、b' },
      { path: '$', message: 'unknown field: extra', messageZh: '无法识别的字段：extra' },
    ]);
  });

  it('a missing field says required in both languages, a coerced query parameter too', () => {
    const r = schema.safeParse({});
    const errors = fieldErrors(r.error!.issues, {});
    expect(errors.find((e) => e.path === '$.at')).toEqual({ path: '$.at', message: 'required', messageZh: '必填' });
    // zod saw NaN (undefined coerced), but the parameter was not sent at all.
    expect(errors.find((e) => e.path === '$.limit')).toEqual({ path: '$.limit', message: 'required', messageZh: '必填' });
    // The field of a nested object too; a field sent as null is a wrong type, not a missing one.
    const input = { at: null, name: 'xy', items: [{}], limit: 1, kind: 'a' };
    expect(fieldErrors(schema.safeParse(input).error!.issues, input)).toEqual([
      { path: '$.at', message: 'must be text, not empty (null)', messageZh: '必须是文本，而不是空值（null）' },
      { path: '$.items[0].weight', message: 'required', messageZh: '必填' },
    ]);
    // A schema's own message for a missing field is kept.
    const custom = z.object({ note: z.string({ error: (i) => (i.input === undefined ? 'say why / 请说明原因' : undefined) }) });
    expect(fieldErrors(custom.safeParse({}).error!.issues, {})).toEqual([{ path: '$.note', message: 'say why', messageZh: '请说明原因' }]);
  });

  it('keeps a custom message: its two halves when bilingual; English-only, Chinese in plain words with the English beside it', () => {
    const custom = z.object({
      n: z.number().refine((x) => x % 2 === 0, 'must be even'),
      s: z.string().refine((x) => x.length > 0, 'send a value / 请填写'),
    });
    const input = { n: 3, s: '' };
    const errors = fieldErrors(custom.safeParse(input).error!.issues, input);
    expect(errors).toEqual([
      { path: '$.n', message: 'must be even', messageZh: '取值无效（must be even）' },
      { path: '$.s', message: 'send a value', messageZh: '请填写' },
    ]);
  });

  it('does not touch zod’s global config', () => {
    expect(z.string().safeParse(1).error!.issues[0]!.message).toBe('Invalid input: expected string, received number');
  });
});

describe.each(LANES)('validation errors carry messageZh (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  it('POST /v1/decide: wrong type, unknown field, missing field → 422 with paths, English and Chinese', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: { id: 'ev-1', at: 5, lead: { id: 'L-1' }, colour: 'red' } });
    expect(r.status, r.text).toBe(422);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.type).toBe('https://sluice.dev/problems/validation-failed');
    expect(r.json.detailZh).toBe('请求内容不符合要求');
    const errors = r.json.errors as FieldError[];
    expectBilingual(errors);
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual(['$', '$.at', '$.type']);
    // Missing: `type` is required.
    expect(byPath['$.type']!.message).toMatch(/^required; must be one of: lead\.created, /);
    expect(byPath['$.type']!.messageZh).toMatch(/^必填；只能是以下之一：lead\.created、/);
    // Wrong type: a number where an ISO instant (a string) is expected.
    expect(byPath['$.at']).toEqual({
      path: '$.at',
      message: 'must be text, not a number',
      messageZh: '必须是文本，而不是数字',
    });
    // Unknown field, reported on the object that holds it.
    expect(byPath['$']).toEqual({ path: '$', message: 'unknown field: colour', messageZh: '无法识别的字段：colour' });
  });

  it('POST /v1/decide: a field that is absent entirely says required', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: { id: 'ev-2', type: 'lead.created', lead: { id: 'L-2' } } });
    expect(r.status, r.text).toBe(422);
    expect(r.json.errors).toEqual([{ path: '$.at', message: 'required', messageZh: '必填' }]);
  });

  it('POST /v1/decide: a schema’s bilingual custom message keeps its own Chinese', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const r = await call(env.server.base, 'POST', '/v1/decide', { key, body: { id: 'ev-3', type: 'lead.created', at: NOW } });
    expect(r.status, r.text).toBe(422);
    expect(r.json.errors).toEqual([
      {
        path: '$.leadId',
        message: 'a lead.created event needs lead or leadId',
        messageZh: 'lead.created 事件需要 lead 或 leadId',
      },
    ]);
  });

  it('query parameters too: GET /v1/decisions?limit=0', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const r = await call(env.server.base, 'GET', '/v1/decisions?limit=0', { key });
    expect(r.status, r.text).toBe(422);
    expect(r.json.errors).toEqual([{ path: '$.limit', message: 'must be 1 or more', messageZh: '不能小于 1' }]);
  });

  it('POST /v1/reps/bulk: the bad item by index and field, in both languages; nothing written', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const items = [{ id: 'r0' }, { id: 'r1', weight: 'heavy' }, { id: 'r2', weight: 5000 }];
    const r = await call(env.server.base, 'POST', '/v1/reps/bulk', { key, body: { items } });
    expect(r.status, r.text).toBe(422);
    expect(r.json.type).toBe('https://sluice.dev/problems/validation-failed');
    expect(r.json.errors).toEqual([
      { path: '$.items[1].weight', message: 'must be a number, not text', messageZh: '必须是数字，而不是文本' },
      { path: '$.items[2].weight', message: 'must be 1000 or less', messageZh: '不能大于 1000' },
    ]);
    expectBilingual(r.json.errors);
    expect((await call(env.server.base, 'GET', '/v1/reps', { key })).json.items).toEqual([]);
  });
});
