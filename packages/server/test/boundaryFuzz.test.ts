import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../src/app.js';
import { send, TestClock } from './boundary/client.js';
import { operationsOf, type Operation } from './boundary/openapi.js';
import { describeFailure, fuzzOperation, misbehaviour, type Failure } from './boundary/run.js';
import { NOW, seedWorld, type World } from './boundary/seed.js';
import { FIRST, genericSpec, LAST, SPECS } from './boundary/specs.js';
import { call, LANES, useServer } from './harness.js';

/**
 * Boundary values on every operation of the OpenAPI document, on both lanes: dates at year 0, 1,
 * 1969, 9999 and 275760 and offsets of ±14, ±16 and +24 hours, integers at 2^31−1, 2^31, 2^53 and
 * past, −1, 0, 1.5, 1e308, −0, strings at and past their maxLength in ASCII, CJK and astral
 * characters, 70k-character strings, arrays at and past maxItems, null, base64 cursors of odd
 * JSON, time zone names that do not exist. Each is put into one field of a request that is
 * otherwise valid (so it reaches the database), and the answer must be a 2xx or a problem+json
 * 4xx naming what was wrong, never a 5xx; an accepted write must not make later decisions fail.
 * The fuzzed class: validation that accepts what the database or the engine then refuses.
 */

/** The document as the app builds it (no database needed): every operation, with its schemas. */
const DOCUMENT = createApp({ database: undefined as never, now: () => 0 }).getOpenAPI31Document({
  openapi: '3.1.0',
  info: { title: 'Sluice', version: '1' },
}) as unknown as Record<string, any>;
const place = (op: Operation): number => (FIRST.includes(op.id) ? -1 : LAST.includes(op.id) ? 1 : 0);
const OPERATIONS: Operation[] = operationsOf(DOCUMENT).sort((a, b) => place(a) - place(b));
/** A server error's log is read by sending the request again alone; a few per operation are enough. */
const REPLAYS_PER_OPERATION = 3;

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

describe.each(LANES)('boundary values on every operation (%s)', (lane) => {
  const clock = new TestClock(Date.parse(NOW));
  const env = useServer(lane, clock.now);
  let world: World;
  /** What the server logged (console.error): read back for the requests of a failure. */
  const logged: string[] = [];
  let spy: { mockRestore(): void } | undefined;

  beforeAll(async () => {
    spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(format(...args)));
    world = await seedWorld(env.tdb.database, env.server.base, clock);
  }, 120_000);
  afterAll(() => spy?.mockRestore());

  /** Sends each failure's request again, alone, and keeps the first lines the server logged. */
  async function withLogs(failures: Failure[]) {
    for (const f of failures.filter((x) => x.replay && (x.status >= 500 || x.problem.includes('cut'))).slice(0, REPLAYS_PER_OPERATION)) {
      logged.length = 0;
      await send(world, f.replay!.op, f.replay!.request, f.replay!.credentials).catch(() => undefined);
      f.log = logged.join('\n').split('\n').slice(0, 3).join(' ⏎ ').slice(0, 400) || undefined;
    }
  }

  it('walks the operations of the served document', async () => {
    const served = await call(env.server.base, 'GET', '/openapi.json');
    expect(operationsOf(served.json).map((o) => o.id)).toEqual(operationsOf(DOCUMENT).map((o) => o.id));
    expect(OPERATIONS.length).toBeGreaterThanOrEqual(55);
  });

  it.each(OPERATIONS)(
    '$id',
    async (op) => {
      const started = Date.now();
      const batch = await fuzzOperation(world, op, SPECS[op.id] ?? genericSpec(op));
      // BF_PROGRESS=1: each operation's request count, time and answers (how far past validation it got).
      if (process.env.BF_PROGRESS) {
        const answers = Object.entries(batch.answers)
          .map(([k, n]) => `${k}×${n}`)
          .join(' ');
        process.stderr.write(`${lane} ${op.id}: ${batch.requests} requests in ${((Date.now() - started) / 1000).toFixed(1)} s (${answers})\n`);
      }
      const health = await call(env.server.base, 'GET', '/health');
      if (health.status !== 200)
        batch.failures.push({
          op: op.id,
          field: '(after the batch)',
          probe: 'GET /health',
          status: health.status,
          problem: 'not healthy',
          excerpt: health.text.slice(0, 160),
        });
      await withLogs(batch.failures);
      expect(batch.requests).toBeGreaterThan(0);
      const lines = batch.failures.map(describeFailure);
      expect(lines.length, `${lines.length} failures (operation | field | value | status | body | server log):\n${lines.join('\n')}\n`).toBe(0);
    },
    180_000,
  );
});
