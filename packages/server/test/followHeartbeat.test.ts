import { EventEmitter } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, expect, it } from 'vitest';
import type { AppEnv } from '../src/http/context.js';
import { type FollowedRow, followJob } from '../src/simulation/follow.js';
import type { SimulationRunner } from '../src/simulation/runner.js';

/**
 * A job's event stream while the job runs without news (a long import or comparison): comment
 * lines keep the connection from looking idle to proxies and browsers, and the stream still ends
 * with the job. The runner here is a stand-in that only answers `live` and emits `change`: the
 * stream itself is the real one, over HTTP on loopback.
 */
let server: Server | undefined;
const before = process.env.SLUICE_SSE_HEARTBEAT_MS;
afterEach(() => {
  server?.close();
  if (before === undefined) delete process.env.SLUICE_SSE_HEARTBEAT_MS;
  else process.env.SLUICE_SSE_HEARTBEAT_MS = before;
});

async function streamOf(rows: FollowedRow[]): Promise<string> {
  const runner = { events: new EventEmitter(), live: () => undefined } as unknown as SimulationRunner;
  let i = 0;
  const app = new Hono<AppEnv>().get('/events', (c) => followJob(c, runner, 't', rows[0]!, async () => rows[Math.min(++i, rows.length - 1)]!));
  server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s as Server));
  });
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/events`);
  return res.text();
}

const running = (phase: string): FollowedRow => ({ id: 's1', status: 'running', progress: { done: 1, total: 4, phase } as never, error: null });

it('sends a keep-alive comment while progress stands still, none while it moves, and ends with the job', async () => {
  process.env.SLUICE_SSE_HEARTBEAT_MS = '40';
  // Twelve polls at 40 ms with the same progress: silence long enough for keep-alives.
  const still = Array.from({ length: 12 }, () => running('compare'));
  const text = await streamOf([
    running('import'),
    ...still,
    { id: 's1', status: 'done', progress: { done: 4, total: 4, phase: 'done' } as never, error: null },
  ]);
  const blocks = text.split('\n\n').filter((b) => b !== '');
  expect(blocks[0]).toBe('event: progress\ndata: {"done":1,"total":4,"phase":"import"}');
  expect(blocks[1]).toBe('event: progress\ndata: {"done":1,"total":4,"phase":"compare"}');
  expect(blocks.at(-1)).toBe('event: done\ndata: {"status":"done"}');
  const between = blocks.slice(2, -1);
  expect(between.length).toBeGreaterThanOrEqual(3);
  expect(new Set(between)).toEqual(new Set([': keep-alive']));
});

it('sends no keep-alive when progress moves at every poll', async () => {
  process.env.SLUICE_SSE_HEARTBEAT_MS = '40';
  const moving = ['import', 'fit', 'replay', 'compare'].map(running);
  const text = await streamOf([...moving, { id: 's1', status: 'failed', progress: { done: 1, total: 4, phase: 'compare' } as never, error: { en: 'x' } }]);
  expect(text).not.toContain('keep-alive');
  expect(
    text
      .split('\n\n')
      .filter((b) => b !== '')
      .map((b) => b.split('\n')[0]),
  ).toEqual(['event: progress', 'event: progress', 'event: progress', 'event: progress', 'event: failed']);
});
