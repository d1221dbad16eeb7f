import { afterAll, describe, expect, it } from 'vitest';
import { statement, transact } from '../src/state/sql.js';
import { freshDatabase, POSTGRES_URL, type TestDatabase } from './harness.js';

// The decision path's generic plans are costed for branches a parameter switches off at run time;
// with JIT on, a million stored leads made PostgreSQL compile the load on every call (125–160 ms
// of a 1.5 ms statement). Its connections must run without JIT.
const SETTING = statement('sluice_test_setting_v1', ['text'], `select current_setting($1) as value`);

describe.skipIf(!POSTGRES_URL)('the decision path on PostgreSQL', () => {
  let tdb: TestDatabase | undefined;
  afterAll(async () => tdb?.drop());

  it('runs its statements without JIT compilation, on every pooled connection', async () => {
    tdb = await freshDatabase('postgres');
    const database = tdb.database;
    // Several at once: the pool opens more than one connection, each set up on its first use.
    const seen = await Promise.all(
      Array.from({ length: 4 }, () => transact(database, undefined, (q) => q<{ value: string }>(SETTING, ['jit'], { commit: true }))),
    );
    expect(seen.map((rows) => rows[0]?.value)).toEqual(['off', 'off', 'off', 'off']);
  });
});
