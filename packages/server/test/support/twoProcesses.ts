import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { startServerProcess, stopServerProcess, type ServerProcess } from '../child.js';
import { freshDatabase, type TestDatabase } from '../harness.js';

export interface TwoProcesses {
  /** Replica A's and B's base URLs. */
  readonly a: string;
  readonly b: string;
  readonly servers: readonly ServerProcess[];
  /** The test's own connection to the database both use. */
  readonly database: Database;
}

/**
 * Two real server processes (start.mjs, what `pnpm start` runs) on one fresh PostgreSQL database,
 * for the describe block that calls it: each has its own pool and memory, so only the database
 * can keep them in step. Callers skip without PostgreSQL (`describe.skipIf(!POSTGRES_URL)`):
 * embedded PGlite is one process's database by design.
 */
export function useTwoProcesses(): TwoProcesses {
  let tdb: TestDatabase | undefined;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    tdb = await freshDatabase('postgres');
    // Both start together: one migrates the fresh database, the other waits for its lock. One that
    // started is kept (and stopped after) even when the other failed.
    const started = await Promise.allSettled([startServerProcess({ url: tdb.url! }), startServerProcess({ url: tdb.url! })]);
    for (const s of started) if (s.status === 'fulfilled') servers.push(s.value);
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }, 120_000);
  afterAll(async () => {
    // The children first (a clean stop closes their pools), then the test's own pool and the database.
    await Promise.all(servers.map((s) => stopServerProcess(s)));
    await tdb?.drop();
  }, 60_000);
  return {
    get a() {
      return servers[0]!.base;
    },
    get b() {
      return servers[1]!.base;
    },
    servers,
    get database() {
      return tdb!.database;
    },
  };
}
