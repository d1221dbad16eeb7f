import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { Hono } from 'hono';
import { expect, it } from 'vitest';
import { listenHttp } from '../src/http/listen.js';

/** `n` requests at once from their own thread (real clients keep connecting while the server's is busy): outcome → count. */
const BURST = `
const { workerData, parentPort } = require('node:worker_threads');
Promise.all(Array.from({ length: workerData.n }, (_, i) =>
  fetch(workerData.base + '/x', { method: 'POST', body: String(i) })
    .then((r) => r.text())
    .then((t) => (t === String(i) ? 'ok' : 'wrong answer'), (e) => String(e.cause?.code ?? e.message)),
)).then((outcomes) => {
  const counts = {};
  for (const o of outcomes) counts[o] = (counts[o] ?? 0) + 1;
  parentPort.postMessage(counts);
});
`;

function blockFor(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // The thread is busy, as under a long batch of the embedded database on a loaded machine.
  }
}

/**
 * 1,000 clients connect at once while the server's thread is busy for 12 s. With Node's default
 * accept queue (511) the kernel dropped the handshakes beyond it and 488 clients failed after ~10 s
 * (fetch's connect timeout here; ECONNRESET when the handshake had half completed, as
 * concurrency.test.ts saw under load); with LISTEN_BACKLOG every one is answered once the thread is free.
 */
it('a burst of 1,000 connections during a 12 s busy thread is answered in full', async () => {
  const app = new Hono().post('/x', async (c) => c.text(await c.req.text()));
  const server = await new Promise<Server>((resolve) => {
    const s = listenHttp(app.fetch, '127.0.0.1', 0, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const worker = new Worker(BURST, { eval: true, workerData: { base, n: 1000 } });
    const done = new Promise<Record<string, number>>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    // Let the worker start connecting, then hold the thread.
    await new Promise((r) => setTimeout(r, 300));
    blockFor(12_000);
    const counts = await done;
    await worker.terminate();
    expect(counts).toEqual({ ok: 1000 });
  } finally {
    server.close();
    server.closeAllConnections();
  }
}, 60_000);
