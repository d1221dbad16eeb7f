import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

/**
 * Serves `fetch` on host:port (0 picks a free port) and resolves once listening. For the editor's
 * browser tests and benchmark, which start the real app from outside this package.
 */
export async function listen(
  fetch: (req: Request) => Response | Promise<Response>,
  hostname = '127.0.0.1',
  port = 0,
): Promise<{ base: string; close(): Promise<void> }> {
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch, hostname, port }, () => resolve(s));
  });
  const bound = (server.address() as AddressInfo).port;
  return { base: `http://${hostname}:${bound}`, close: () => new Promise((r) => server.close(() => r())) };
}
