import type { Server } from 'node:http';

/** Idle keep-alive connections are kept this long (ms): longer than any client's own idle timeout. */
export const IDLE_KEEP_ALIVE_MS = 65_000;

/**
 * Node closes a keep-alive connection idle for `keepAliveTimeout` (5 s by default) from a timer,
 * armed when an answer has gone out. The embedded database runs on the one thread: when a long
 * statement starts right after a batch's answers went out (a tick waiting for its turn gets it
 * then), every client sends its next request while the thread is busy, and once it is free the
 * timers run before those requests are read: each of those connections is closed under a request
 * and its client gets ECONNRESET (the tickStall bench: one per client). Chunked ticks keep such
 * statements short; this keeps idle connections longer than clients do (fetch closes them after
 * 4 s, load balancers after 60 s), so the close is the client's, never under a request. Headers
 * must time out later than idle connections, or Node drops a slow request first.
 */
export function keepIdleConnections(server: Pick<Server, 'keepAliveTimeout' | 'headersTimeout'>): void {
  server.keepAliveTimeout = IDLE_KEEP_ALIVE_MS;
  server.headersTimeout = Math.max(server.headersTimeout, IDLE_KEEP_ALIVE_MS + 1_000);
}
