import { expect, it } from 'vitest';
import { boundaryValuesOn } from './boundary/lane.js';
import { misbehaviour } from './boundary/run.js';
import { LANES } from './harness.js';

// Boundary values on every operation (boundaryFuzz.test.ts), on the PostgreSQL lane when there is one.
// With the check of the checker, so this file has a test on a machine without PostgreSQL too.

it('tells a well-formed answer from every kind of wrong one', () => {
  const problem = {
    type: 'https://sluice.dev/problems/validation-failed',
    title: 'T',
    status: 422,
    detailZh: '错',
    errors: [{ path: '$.at', message: 'm', messageZh: '消息' }],
  };
  const reply = (status: number, json: unknown, contentType = 'application/problem+json', cut?: string) => ({
    status,
    json,
    text: JSON.stringify(json),
    contentType,
    retryAfter: undefined,
    ...(cut ? { cut } : {}),
  });
  expect(misbehaviour(reply(200, { ok: true }, 'application/json'))).toBeUndefined();
  expect(misbehaviour(reply(422, problem))).toBeUndefined();
  expect(misbehaviour(reply(500, { ...problem, status: 500 }))).toBe('server error');
  expect(misbehaviour(reply(200, {}, 'text/csv', 'other side closed'))).toContain('body cut');
  expect(misbehaviour(reply(404, problem))).toContain('matching status');
  expect(misbehaviour(reply(422, problem, 'application/json'))).toContain('content-type');
  expect(misbehaviour(reply(422, { ...problem, errors: [] }))).toBe('422 without errors[]');
  expect(misbehaviour(reply(422, { ...problem, errors: [{ message: 'm', messageZh: '消息' }] }))).toContain('without path');
  expect(misbehaviour(reply(422, { ...problem, errors: [{ path: '$.at', message: 'm' }] }))).toContain('messageZh');
  expect(misbehaviour(reply(400, { ...problem, status: 400, errors: undefined, detailZh: undefined }))).toContain('detailZh');
});

if (LANES.includes('postgres')) boundaryValuesOn('postgres');
