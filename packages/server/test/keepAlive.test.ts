import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { keepIdleConnections } from '../src/http/keepAlive.js';

/**
 * Eight closed-loop clients on their own thread, for `ms`: answers and failures (by error code).
 * Their own thread, so they keep sending while the server's is blocked, as real clients do.
 */
const CLIENTS = `
const { workerData, parentPort } = require('node:worker_threads');
const { base, ms } = workerData;
const failures = [];
let answered = 0;
const end = Date.now() + ms;
const client = async (n) => {
  while (Date.now() < end) {
    try {
      const r = await fetch(base + '/x', { method: 'POST', body: String(n) });
      const body = await r.json();
      if (body.got === String(n)) answered++;
      else failures.push('wrong answer');
    } catch (e) {
      failures.push(String(e.cause?.code ?? e.message));
    }
  }
};
Promise.all(Array.from({ length: 8 }, (_, i) => client(i))).then(() => parentPort.postMessage({ answered, failures }));
`;

function block(): void {
  const until = Date.now() + 6_500;
  while (Date.now() < until) {
    // The thread is busy, as under one long statement of the embedded database.
  }
}

/**
 * The embedded database runs on the server's one thread: a statement that held it for longer than
 * Node's default idle keep-alive (5 s), starting right after answers went out, ended clients'
 * connections with ECONNRESET: the idle timers ran before the requests sent meanwhile were read.
 * Without keepIdleConnections this fails with one ECONNRESET per client.
 */
it('a server thread blocked for longer than Node’s default keep-alive ends no client connection', async () => {
  let served = 0;
  const app = new Hono().post('/x', async (c) => {
    // Once the clients are going, the thread is busy for 6.5 s right after the answers went out, as
    // when a tick waiting for the embedded database gets it as a decision batch commits.
    if (++served === 200) setImmediate(block);
    return c.json({ got: await c.req.text() });
  });
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s as Server));
  });
  keepIdleConnections(server);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const worker = new Worker(CLIENTS, { eval: true, workerData: { base, ms: 9_000 } });
    const done = new Promise<{ answered: number; failures: string[] }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const { answered, failures } = await done;
    await worker.terminate();
    expect(failures).toEqual([]);
    expect(answered).toBeGreaterThan(200);
  } finally {
    server.close();
    server.closeAllConnections();
  }
}, 30_000);
