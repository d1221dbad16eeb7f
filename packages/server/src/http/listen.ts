import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import { keepIdleConnections } from './keepAlive.js';

/**
 * Connections the kernel may hold for the server before it accepts them. Node's default is 511;
 * the kernel caps this at net.core.somaxconn (4096 on current Linux). The embedded database runs
 * on the server's one thread, and a batch of 200 decisions on a loaded machine holds it for
 * seconds: a burst of more than 511 new connections meanwhile overflowed the queue, the kernel
 * dropped the handshakes beyond it, and after ~10 s those clients got ECONNRESET (or fetch's
 * connect timeout) though the server would have answered them (concurrency.test.ts's 1,000 at
 * once, in session 9; test/listenBacklog.test.ts).
 */
export const LISTEN_BACKLOG = 4096;

/**
 * The app on a port as every Sluice server listens (main.ts and the tests' servers alike): idle
 * keep-alive connections kept longer than clients keep them (keepAlive.ts) and a long accept queue.
 */
export function listenHttp(
  fetch: (request: Request) => Response | Promise<Response>,
  hostname: string,
  port: number,
  onListening?: (address: AddressInfo) => void,
): Server {
  const server = createAdaptorServer({ fetch }) as Server;
  keepIdleConnections(server);
  server.listen({ port, host: hostname, backlog: LISTEN_BACKLOG }, () => onListening?.(server.address() as AddressInfo));
  return server;
}

/**
 * Serves `fetch` on host:port (0 picks a free port) and resolves once listening. For the editor's
 * browser tests and benchmark, which start the real app from outside this package.
 */
export async function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  hostname = '127.0.0.1',
  port = 0,
): Promise<{ base: string; close(): Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = listenHttp(fetch, hostname, port, () => resolve(s));
  });
  const bound = (server.address() as AddressInfo).port;
  return { base: `http://${hostname}:${bound}`, close: () => new Promise((r) => server.close(() => r())) };
}
