import { describe, expect, it } from 'vitest';
import { loginThrottle } from '../src/db/schema.js';
import { LANES, seedTenant, useTwoReplicas, type TestServer } from './harness.js';
import { login, NEW_PASSWORD, userSession } from './session.js';

/**
 * Two servers on one database (replicas): the failed-login count lives in the database, so a
 * guesser spreading attempts across them gets one budget, not one per server.
 */
describe.each(LANES)('the login throttle is shared by replicas (%s)', (lane) => {
  const START = Date.parse('2026-03-02T02:00:00Z');
  let now = START;
  const replicas = useTwoReplicas(lane, () => now);

  /** The throttle's rows of one tenant (keys are "<tenant>\n<e-mail>"). */
  const throttleKeys = async (tenantId: string) =>
    (await replicas.tdb.database.db.select({ key: loginThrottle.key }).from(loginThrottle).orderBy(loginThrottle.key))
      .map((r) => r.key)
      .filter((k) => k.startsWith(`${tenantId}\n`));

  it('three failures on one replica make the other one wait; a success on it starts the count over', async () => {
    const { key, tenantId } = await seedTenant(replicas.tdb.database);
    await userSession(replicas.a.base, key, tenantId, 'ops@example.com', 'admin');
    const on = (s: TestServer, password: string) => login(s.base, tenantId, 'ops@example.com', password);
    expect((await on(replicas.a, 'guess 1')).status).toBe(401);
    expect((await on(replicas.b, 'guess 2')).status).toBe(401);
    expect((await on(replicas.a, 'guess 3')).status).toBe(401);
    const waiting = await on(replicas.b, NEW_PASSWORD);
    expect(waiting.status).toBe(429);
    expect(waiting.headers.get('retry-after')).toBe('1');
    expect(waiting.json.detailZh).toBe('失败次数过多，请 1 秒后再试');
    now += 1000;
    expect((await on(replicas.b, NEW_PASSWORD)).status).toBe(200);
    // The success cleared the row: two free failures again, on either replica.
    expect(await throttleKeys(tenantId)).toEqual([]);
    expect((await on(replicas.a, 'guess 4')).status).toBe(401);
    expect((await on(replicas.b, 'guess 5')).status).toBe(401);
    expect((await on(replicas.a, NEW_PASSWORD)).status).toBe(200);
  });

  it('guesses sent all at once to both replicas are counted one by one: three are checked, the rest wait', async () => {
    const { key, tenantId } = await seedTenant(replicas.tdb.database);
    await userSession(replicas.a.base, key, tenantId, 'burst@example.com', 'admin');
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => login((i % 2 ? replicas.a : replicas.b).base, tenantId, 'burst@example.com', `guess ${i}`)),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
    // Even the right password waits now.
    expect((await login(replicas.a.base, tenantId, 'burst@example.com', NEW_PASSWORD)).status).toBe(429);
  });

  it('failures an hour old are forgotten, and their rows deleted as new failures come in', async () => {
    const { key, tenantId } = await seedTenant(replicas.tdb.database);
    await userSession(replicas.a.base, key, tenantId, 'old@example.com', 'admin');
    for (const s of [replicas.a, replicas.b, replicas.a]) expect((await login(s.base, tenantId, 'old@example.com', 'nope')).status).toBe(401);
    expect((await login(replicas.b.base, tenantId, 'old@example.com', NEW_PASSWORD)).status).toBe(429);
    expect(await throttleKeys(tenantId)).toEqual([`${tenantId}\nold@example.com`]);
    now += 3_600_001;
    // Another name fails: the hour-old row goes.
    expect((await login(replicas.a.base, tenantId, 'someone-else@example.com', 'nope')).status).toBe(401);
    expect(await throttleKeys(tenantId)).toEqual([`${tenantId}\nsomeone-else@example.com`]);
    expect((await login(replicas.b.base, tenantId, 'old@example.com', NEW_PASSWORD)).status).toBe(200);
  });
});
