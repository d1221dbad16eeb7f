import { userInfo } from 'node:os';
import pg from 'pg';

/**
 * Finds the PostgreSQL lane for the server suite: TEST_DATABASE_URL if set, else a local server on
 * 127.0.0.1:5432 (database `test`) if one answers. Without one, the suite runs on embedded PGlite
 * only and says so.
 */
export default async function setup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  for (const user of [userInfo().username, 'postgres']) {
    const url = `postgres://${encodeURIComponent(user)}@127.0.0.1:5432/test`;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      process.env.TEST_DATABASE_URL = url;
      console.log(`PostgreSQL lane: ${url}`);
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
  }
  console.log('PostgreSQL lane skipped: no server at 127.0.0.1:5432 and TEST_DATABASE_URL is not set (embedded PGlite lane only).');
}
