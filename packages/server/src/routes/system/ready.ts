import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connect.js';

/**
 * Longer than a healthy database ever takes for `select 1`, short enough for a load balancer's
 * probe (they commonly give up after 2–5 s).
 */
const READY_TIMEOUT_MS = 2_000;

/**
 * Whether the database answers a trivial query in time: undefined if it does, else why not. A
 * database that answers but cannot write (a full disk) still passes: writes then answer 503.
 */
export async function databaseAnswers(database: Database): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Error>((resolve) => {
    timer = setTimeout(() => resolve(Object.assign(new Error(`no answer to select 1 within ${READY_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })), READY_TIMEOUT_MS);
  });
  // A query that loses the race still settles later: its failure is not an unhandled rejection.
  const query = database.db.execute(sql`select 1`).then(
    () => undefined,
    (e: unknown) => e ?? new Error('select 1 failed'),
  );
  try {
    return await Promise.race([query, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
