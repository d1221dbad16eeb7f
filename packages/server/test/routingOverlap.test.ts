import { examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { fixedClock } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';

/** S6 round robin, live as `round-robin` on lead.created and lead.returned_to_pool (its cases left out). */
function roundRobin(): any {
  const { tests: _, ...doc } = structuredClone(examplePolicy('s06-round-robin') as Record<string, unknown>);
  return { ...doc, key: 'round-robin', name: 'Round robin' };
}

/** A second routing policy: round robin over the AE team on `events`. */
function huadong(events = ['lead.created']): any {
  return {
    key: 'huadong-capacity',
    kind: 'routing',
    name: '华东容量分配',
    nodes: [
      { id: 'start', type: 'trigger', data: { events } },
      { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  };
}

const OVERLAP = { key: 'round-robin', name: 'Round robin', version: 1, events: ['lead.created'], runsLast: 'round-robin' };

describe.each(LANES)('publishing a routing policy that overlaps a live one (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));
  const api = (key: string, method: string, path: string, body?: unknown) => call(env.server.base, method, path, { key, body });

  async function withRoundRobinLive() {
    const { key } = await seedTenant(env.tdb.database);
    await api(key, 'PUT', '/v1/policies/round-robin/draft', roundRobin());
    expect((await api(key, 'POST', '/v1/policies/round-robin/publish', { note: 'equal shares' })).status).toBe(201);
    return key;
  }

  it('is refused (409 routing-overlap) naming the other policy, the shared events and which one wins, in both languages; the draft save says so first', async () => {
    const key = await withRoundRobinLive();
    const saved = await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong());
    expect(saved.status).toBe(201);
    expect(saved.json.routingOverlaps).toEqual([OVERLAP]);

    const refused = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东按容量分配' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.type).toBe('https://sluice.dev/problems/routing-overlap');
    expect(refused.json.title).toBe(
      'Publishing would route each lead twice: 1 other live routing policy is triggered by the same events — "round-robin" (Round robin, version 1) on lead.created: "round-robin" runs last and its assignment stands. Narrow the triggers or conditions, withdraw one (POST /v1/policies/{key}/withdraw, or Withdraw in the editor\'s versions panel), or publish with override.reason',
    );
    expect(refused.json.detailZh).toBe(
      '发布后每条线索会被分配两次：另有 1 个已生效的分配策略由相同事件触发——“round-robin”（Round robin，版本 1）在 lead.created 上：“round-robin”最后运行，以其分配为准。请收窄触发事件或条件、下线其中一个（POST /v1/policies/{key}/withdraw，或在编辑器的版本面板中点击“下线”），或填写 override.reason 说明原因后发布',
    );
    expect(refused.json.overlaps).toEqual([OVERLAP]);
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity/versions')).json.versions).toEqual([]);
  });

  it('publishes when override.reason acknowledges it, and the log and the version keep the reason and the overlaps', async () => {
    const key = await withRoundRobinLive();
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong());
    const tooShort = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东', override: { reason: 'ok' } });
    expect(tooShort.status).toBe(422);
    const reason = 'round-robin is withdrawn tomorrow morning';
    const published = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东按容量分配', override: { reason } });
    expect(published.status).toBe(201);
    expect(published.json.liveVersion).toBe(1);
    const override = { reason, actor: expect.stringMatching(/^key:/), at: NOW, failing: [], overlaps: [OVERLAP] };
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity/log')).json.entries[0].override).toEqual(override);
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity/versions')).json.versions[0].override).toEqual(override);
    // Republishing round-robin now meets huadong-capacity, which runs first (h < r): round-robin wins.
    const again = await api(key, 'POST', '/v1/policies/round-robin/publish', { note: 'again' });
    expect(again.status).toBe(409);
    expect(again.json.overlaps).toEqual([{ key: 'huadong-capacity', name: '华东容量分配', version: 1, events: ['lead.created'], runsLast: 'round-robin' }]);
  });

  it('a failing case and an overlap: one tests-failing refusal lists both, and one reason publishes past both', async () => {
    const key = await withRoundRobinLive();
    const doc = huadong();
    doc.tests = [
      {
        id: 'goes-to-nobody',
        name: { en: 'Goes to nobody', zh: '不分配给任何人' },
        given: { reps: [{ id: 'ae-1', name: '王芳', teams: ['ae'], roles: ['AE'], cap: 20 }], teams: [{ id: 'ae', name: '客户经理组' }] },
        when: [{ event: { id: 'e1', type: 'lead.created', at: NOW, lead: { id: 'L1', createdAt: NOW } }, expect: { assignedTo: 'ae-9' } }],
      },
    ];
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', doc);
    const refused = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东' });
    expect(refused.status).toBe(409);
    expect(refused.json.type).toBe('https://sluice.dev/problems/tests-failing');
    expect(refused.json.failing.map((f: any) => f.id)).toEqual(['goes-to-nobody']);
    expect(refused.json.overlaps).toEqual([OVERLAP]);
    expect(refused.json.title).toContain('. Also: Publishing would route each lead twice');
    expect(refused.json.detailZh).toContain('。此外：发布后每条线索会被分配两次');
    const published = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东', override: { reason: 'pilot for one day only' } });
    expect(published.status).toBe(201);
    const log = await api(key, 'GET', '/v1/policies/huadong-capacity/log');
    expect(log.json.entries[0].override).toMatchObject({ failing: ['goes-to-nobody'], overlaps: [OVERLAP] });
  });

  it('a routing policy on other events publishes without it', async () => {
    const key = await withRoundRobinLive();
    const saved = await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong(['lead.qualified']));
    expect(saved.json.routingOverlaps).toBeUndefined();
    const published = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: 'qualified leads only' });
    expect(published.status).toBe(201);
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity/log')).json.entries[0].override).toBe(null);
  });

  it('publishing a reclaim policy never meets it, whatever routing is live', async () => {
    const key = await withRoundRobinLive();
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong());
    await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东', override: { reason: 'both on purpose, for a day' } });
    const reclaim: Record<string, unknown> = { ...(structuredClone(examplePolicy('s16-reclaim-rules')) as Record<string, unknown>), key: 'reclaim-7d' };
    delete reclaim.tests;
    const saved = await api(key, 'PUT', '/v1/policies/reclaim-7d/draft', reclaim);
    expect(saved.json.routingOverlaps).toBeUndefined();
    const published = await api(key, 'POST', '/v1/policies/reclaim-7d/publish', { note: 'seven days' });
    expect(published.status).toBe(201);
    expect((await api(key, 'GET', '/v1/policies/reclaim-7d/log')).json.entries[0].override).toBe(null);
  });

  it("another tenant's live routing policy does not count", async () => {
    await withRoundRobinLive();
    const { key } = await seedTenant(env.tdb.database);
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong());
    const published = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东按容量分配' });
    expect(published.status).toBe(201);
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity/log')).json.entries[0].override).toBe(null);
  });
});

describe.each(LANES)('rolling back to a routing version that overlaps a live one (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));
  const api = (key: string, method: string, path: string, body?: unknown) => call(env.server.base, method, path, { key, body });
  const HUADONG = { key: 'huadong-capacity', name: '华东容量分配', version: 1, events: ['lead.created'], runsLast: 'round-robin' };
  const entries = async (key: string, policy: string) => (await api(key, 'GET', `/v1/policies/${policy}/log`)).json.entries;

  /** round-robin version 1 published then withdrawn, and huadong-capacity live in its place (no overlap then). */
  async function withHuadongLive() {
    const { key } = await seedTenant(env.tdb.database);
    await api(key, 'PUT', '/v1/policies/round-robin/draft', roundRobin());
    expect((await api(key, 'POST', '/v1/policies/round-robin/publish', { note: 'equal shares' })).status).toBe(201);
    expect((await api(key, 'POST', '/v1/policies/round-robin/withdraw', { note: 'pilot of huadong' })).status).toBe(200);
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong());
    const published = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东按容量分配' });
    expect(published.status, published.text).toBe(201);
    return key;
  }

  it('is refused (409 routing-overlap) naming the live one, in both languages, and changes nothing', async () => {
    const key = await withHuadongLive();
    const refused = await api(key, 'POST', '/v1/policies/round-robin/rollback', { version: 1, note: 'back to equal shares' });
    expect(refused.status, refused.text).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.type).toBe('https://sluice.dev/problems/routing-overlap');
    expect(refused.json.title).toBe(
      'Rolling back to version 1 would route each lead twice: 1 other live routing policy is triggered by the same events — "huadong-capacity" (华东容量分配, version 1) on lead.created: this policy runs last and its assignment stands. Withdraw one (list it in this rollback\'s withdraw, or POST /v1/policies/{key}/withdraw), roll back to another version, or roll back with override.reason',
    );
    expect(refused.json.detailZh).toBe(
      '回滚到版本 1 后每条线索会被分配两次：另有 1 个已生效的分配策略由相同事件触发——“huadong-capacity”（华东容量分配，版本 1）在 lead.created 上：本策略最后运行，以其分配为准。请下线其中一个（在本次回滚的 withdraw 中列出，或 POST /v1/policies/{key}/withdraw）、回滚到其他版本，或填写 override.reason 说明原因后回滚',
    );
    expect(refused.json.overlaps).toEqual([HUADONG]);
    expect((await api(key, 'GET', '/v1/policies/round-robin')).json).toMatchObject({ liveVersion: null, lastChange: { action: 'withdraw' } });
    expect((await entries(key, 'round-robin')).map((e: any) => `${e.action}:${e.version}`)).toEqual(['publish:1', 'withdraw:1']);
  });

  it("goes live when override.reason acknowledges it: the rollback's log entry keeps the reason and the overlaps", async () => {
    const key = await withHuadongLive();
    const tooShort = await api(key, 'POST', '/v1/policies/round-robin/rollback', { version: 1, note: 'back', override: { reason: 'ok' } });
    expect(tooShort.status).toBe(422);
    expect(tooShort.json.errors[0].path).toBe('$.override.reason');
    const reason = 'both for one day while huadong is measured';
    const back = await api(key, 'POST', '/v1/policies/round-robin/rollback', { version: 1, note: 'back', override: { reason } });
    expect(back.status, back.text).toBe(200);
    expect(back.json).toMatchObject({ key: 'round-robin', version: 1, liveVersion: 1, action: 'rollback' });
    expect(back.json.withdrawn).toBeUndefined();
    const last = (await entries(key, 'round-robin')).at(-1);
    expect(last).toMatchObject({ action: 'rollback', version: 1, note: 'back' });
    expect(last.override).toEqual({ reason, actor: expect.stringMatching(/^key:/), at: NOW, failing: [], overlaps: [HUADONG] });
    // Both are live, as the reason said.
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity')).json.liveVersion).toBe(1);
    expect((await api(key, 'GET', '/v1/policies/round-robin')).json.liveVersion).toBe(1);
  });

  it('with withdraw, takes the overlapping one offline in the same step, each logged, and needs no override', async () => {
    const key = await withHuadongLive();
    const back = await api(key, 'POST', '/v1/policies/round-robin/rollback', { version: 1, note: 'pilot over', withdraw: ['huadong-capacity'] });
    expect(back.status, back.text).toBe(200);
    expect(back.json).toMatchObject({ liveVersion: 1, action: 'rollback', withdrawn: [{ key: 'huadong-capacity', version: 1 }] });
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity')).json).toMatchObject({ liveVersion: null, lastChange: { action: 'withdraw' } });
    expect((await entries(key, 'huadong-capacity')).at(-1)).toMatchObject({
      action: 'withdraw',
      version: 1,
      note: 'Replaced by "round-robin" rolled back to version 1: pilot over / 由回滚到版本 1 的“round-robin”替代：pilot over',
      override: null,
    });
    expect((await entries(key, 'round-robin')).at(-1)).toMatchObject({ action: 'rollback', version: 1, override: null });
  });

  it('checks its withdraw list as a publication does: each bad entry at its place (422), and nothing changes', async () => {
    const key = await withHuadongLive();
    const refused = await api(key, 'POST', '/v1/policies/round-robin/rollback', { version: 1, note: 'x', withdraw: ['round-robin', 'nope'] });
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([
      { path: '$.withdraw[0]', message: 'a policy cannot replace itself', messageZh: '策略不能替代自身' },
      { path: '$.withdraw[1]', message: 'no policy "nope"', messageZh: '没有策略“nope”' },
    ]);
    expect((await api(key, 'GET', '/v1/policies/round-robin')).json.liveVersion).toBeNull();
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity')).json.liveVersion).toBe(1);
  });
});
