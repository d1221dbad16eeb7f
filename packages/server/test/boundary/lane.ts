import { format } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/app.js';
import { call, useServer } from '../harness.js';
import { send, TestClock } from './client.js';
import { operationsOf, type Operation } from './openapi.js';
import { describeFailure, fuzzOperation, type Failure } from './run.js';
import { NOW, seedWorld, type World } from './seed.js';
import { FIRST, genericSpec, LAST, SPECS } from './specs.js';

/** The document as the app builds it (no database needed): every operation, with its schemas. */
const DOCUMENT = createApp({ database: undefined as never, now: () => 0 }).getOpenAPI31Document({
  openapi: '3.1.0',
  info: { title: 'Sluice', version: '1' },
}) as unknown as Record<string, any>;
const place = (op: Operation): number => (FIRST.includes(op.id) ? -1 : LAST.includes(op.id) ? 1 : 0);
const OPERATIONS: Operation[] = operationsOf(DOCUMENT).sort((a, b) => place(a) - place(b));
/** A server error's log is read by sending the request again alone; a few per operation are enough. */
const REPLAYS_PER_OPERATION = 3;

/** The operations of the document fuzzed on one lane (one test file per lane: side by side on two workers). */
export function boundaryValuesOn(lane: 'embedded' | 'postgres'): void {
  describe(`boundary values on every operation (${lane})`, () => {
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
}
