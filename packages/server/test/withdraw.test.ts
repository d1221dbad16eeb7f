import { examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { fixedClock, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';
const NOT_LIVE = 'https://sluice.dev/problems/not-live';

/** S6 round robin as `round-robin` (lead.created, lead.returned_to_pool), its cases left out. */
function roundRobin(name = 'Round robin'): any {
  const { tests: _, ...doc } = structuredClone(examplePolicy('s06-round-robin') as Record<string, unknown>);
  return { ...doc, key: 'round-robin', name };
}

/** Another routing policy on lead.created: publishing it meets round-robin while that is live. */
const huadong = {
  key: 'huadong-capacity',
  kind: 'routing',
  name: '华东容量分配',
  nodes: [
    { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'rr' }],
};

describe.each(LANES)('POST /v1/policies/{key}/withdraw (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));
  const api = (key: string, method: string, path: string, body?: unknown) => call(env.server.base, method, path, { key, body });
  let n = 0;
  const decide = (key: string) => api(key, 'POST', '/v1/decide', { id: `ev-${++n}`, type: 'lead.created', at: NOW, lead: { id: `L-${n}`, createdAt: NOW } });

  /** A tenant with the AE team and round-robin published twice (version 2 live). */
  async function withRoundRobinLive() {
    const t = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, t.tenantId, 'ae-team');
    await api(t.key, 'PUT', '/v1/policies/round-robin/draft', roundRobin('v1'));
    expect((await api(t.key, 'POST', '/v1/policies/round-robin/publish', { note: 'first' })).status).toBe(201);
    await api(t.key, 'PUT', '/v1/policies/round-robin/draft', roundRobin('v2'));
    expect((await api(t.key, 'POST', '/v1/policies/round-robin/publish', { note: 'second' })).status).toBe(201);
    return t;
  }

  it('takes the live version offline: no live version nor events, logged with its note; decisions no longer run it', async () => {
    const { key } = await withRoundRobinLive();
    const before = await decide(key);
    expect(before.json.actions).toEqual([expect.objectContaining({ type: 'assign', repId: 'ae-1' })]);

    const withdrawn = await api(key, 'POST', '/v1/policies/round-robin/withdraw', { note: '  华东试点期间暂停轮转  ' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json).toEqual({
      key: 'round-robin',
      version: 2,
      liveVersion: null,
      liveEvents: [],
      action: 'withdraw',
      note: '华东试点期间暂停轮转',
      at: NOW,
    });

    const read = await api(key, 'GET', '/v1/policies/round-robin');
    expect(read.json).toMatchObject({ liveVersion: null, liveEvents: [], live: null, latestVersion: 2, updatedAt: NOW });
    expect(read.json.lastChange).toEqual({ action: 'withdraw', actor: expect.stringMatching(/^key:/), email: null, at: NOW, version: null });
    const [listed] = (await api(key, 'GET', '/v1/policies')).json.policies;
    expect(listed).toMatchObject({ key: 'round-robin', liveVersion: null, liveEvents: [], lastChange: { action: 'withdraw' } });
    expect((await api(key, 'GET', '/v1/policies/round-robin/versions')).json.versions.map((v: any) => [v.version, v.live])).toEqual([
      [1, false],
      [2, false],
    ]);
    const log = (await api(key, 'GET', '/v1/policies/round-robin/log')).json.entries;
    expect(log.map((e: any) => [e.action, e.version, e.note])).toEqual([
      ['publish', 1, 'first'],
      ['publish', 2, 'second'],
      ['withdraw', 2, '华东试点期间暂停轮转'],
    ]);
    expect(log[2]).toMatchObject({ actor: expect.stringMatching(/^key:/), email: null, at: NOW, override: null });

    // The very next decision (the live plans of this process were warm) no longer routes the lead.
    const after = await decide(key);
    expect(after.status).toBe(200);
    expect(after.json.decisions).toEqual([]);
    expect(after.json.actions).toEqual([]);
  });

  it('a rollback after it makes an older version live again, and decisions run it again', async () => {
    const { key } = await withRoundRobinLive();
    await api(key, 'POST', '/v1/policies/round-robin/withdraw', { note: 'pause' });
    const back = await api(key, 'POST', '/v1/policies/round-robin/rollback', { version: 1, note: 'resume with v1' });
    expect(back.status).toBe(200);
    expect(back.json).toMatchObject({ liveVersion: 1, liveEvents: ['lead.created', 'lead.returned_to_pool'], action: 'rollback' });
    expect((await api(key, 'GET', '/v1/policies/round-robin')).json).toMatchObject({ liveVersion: 1, live: { version: 1, live: true } });
    const decided = await decide(key);
    expect(decided.json.decisions).toEqual([expect.objectContaining({ policy: { key: 'round-robin', version: 1, kind: 'routing' } })]);
    const log = (await api(key, 'GET', '/v1/policies/round-robin/log')).json.entries;
    expect(log.map((e: any) => `${e.action}:${e.version}`)).toEqual(['publish:1', 'publish:2', 'withdraw:2', 'rollback:1']);
  });

  it('withdrawing an overlapping routing policy lets the other publish without an override', async () => {
    const { key } = await withRoundRobinLive();
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong);
    const refused = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东' });
    expect(refused.status).toBe(409);
    expect(refused.json.title).toContain("withdraw one (POST /v1/policies/{key}/withdraw, or Withdraw in the editor's versions panel)");
    expect(refused.json.detailZh).toContain('下线其中一个（POST /v1/policies/{key}/withdraw，或在编辑器的版本面板中点击“下线”）');
    expect((await api(key, 'POST', '/v1/policies/round-robin/withdraw', { note: 'huadong replaces it' })).status).toBe(200);
    const published = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东' });
    expect(published.status).toBe(201);
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity/log')).json.entries[0].override).toBe(null);
  });

  it('is refused with 409 not-live (en + zh) when nothing is live, 404 for an unknown key, 422 without a note', async () => {
    const { key } = await withRoundRobinLive();
    await api(key, 'POST', '/v1/policies/round-robin/withdraw', { note: 'pause' });
    const again = await api(key, 'POST', '/v1/policies/round-robin/withdraw', { note: 'pause again' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
    expect(again.json).toMatchObject({
      type: NOT_LIVE,
      title: 'Policy "round-robin" has no live version to withdraw',
      detailZh: '策略 "round-robin" 没有生效版本，无法下线',
    });
    // Never published: nothing live either.
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong);
    expect((await api(key, 'POST', '/v1/policies/huadong-capacity/withdraw', { note: 'x' })).json.type).toBe(NOT_LIVE);
    // One log row only: the refusals wrote nothing.
    expect((await api(key, 'GET', '/v1/policies/round-robin/log')).json.entries.filter((e: any) => e.action === 'withdraw')).toHaveLength(1);

    const unknown = await api(key, 'POST', '/v1/policies/nope/withdraw', { note: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.detailZh).toContain('策略 "nope"');

    const missing = await api(key, 'POST', '/v1/policies/round-robin/withdraw', {});
    expect(missing.status).toBe(422);
    expect(missing.json.errors[0]).toMatchObject({
      path: '$.note',
      message: expect.stringContaining("required: say what changed and why (shown in the policy's history)"),
    });
    const blank = await api(key, 'POST', '/v1/policies/round-robin/withdraw', { note: '   ' });
    expect(blank.status).toBe(422);
    expect(blank.json.errors[0].message).toContain('every policy change carries its reason');
  });

  it('needs the publish scope, and another tenant cannot withdraw (404): the policy stays live', async () => {
    const { key, tenantId } = await withRoundRobinLive();
    const editor = await seedTenant(env.tdb.database, tenantId, ['read', 'edit']);
    expect((await api(editor.key, 'POST', '/v1/policies/round-robin/withdraw', { note: 'x' })).status).toBe(403);

    const other = await seedTenant(env.tdb.database);
    const foreign = await api(other.key, 'POST', '/v1/policies/round-robin/withdraw', { note: 'x' });
    expect(foreign.status).toBe(404);
    expect((await api(key, 'GET', '/v1/policies/round-robin')).json.liveVersion).toBe(2);
    expect((await decide(key)).json.decisions).toHaveLength(1);
  });

  it('a publication that replaces a live routing policy takes it offline in the same step: one assignment per lead, each logged', async () => {
    const { key } = await withRoundRobinLive();
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong);
    const replacing = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', { note: '华东按容量分配', withdraw: ['round-robin'] });
    expect(replacing.status, replacing.text).toBe(201);
    expect(replacing.json).toMatchObject({ key: 'huadong-capacity', version: 1, liveVersion: 1, withdrawn: [{ key: 'round-robin', version: 2 }] });
    expect((await api(key, 'GET', '/v1/policies/round-robin')).json).toMatchObject({ liveVersion: null, lastChange: { action: 'withdraw' } });
    const log = (await api(key, 'GET', '/v1/policies/round-robin/log')).json.entries;
    expect(log.at(-1)).toMatchObject({
      action: 'withdraw',
      version: 2,
      note: 'Replaced by "huadong-capacity" version 1: 华东按容量分配 / 由“huadong-capacity”版本 1 替代：华东按容量分配',
    });
    // One routing policy live: a new lead is assigned once.
    const decided = await decide(key);
    expect(decided.json.actions.filter((a: { type: string }) => a.type === 'assign')).toHaveLength(1);
  });

  it('a withdraw list naming itself, an unknown policy or one not live is refused at each place, and nothing changes', async () => {
    const { key } = await withRoundRobinLive();
    await api(key, 'PUT', '/v1/policies/huadong-capacity/draft', huadong);
    await api(key, 'PUT', '/v1/policies/idle/draft', { ...huadong, key: 'idle', name: 'Never published' });
    const refused = await api(key, 'POST', '/v1/policies/huadong-capacity/publish', {
      note: 'x',
      withdraw: ['huadong-capacity', 'nope', 'idle', 'round-robin'],
    });
    expect(refused.status).toBe(422);
    expect(refused.json.errors).toEqual([
      { path: '$.withdraw[0]', message: 'a policy cannot replace itself', messageZh: '策略不能替代自身' },
      { path: '$.withdraw[1]', message: 'no policy "nope"', messageZh: '没有策略“nope”' },
      { path: '$.withdraw[2]', message: 'policy "idle" is not live: nothing to withdraw', messageZh: '策略“idle”没有生效版本，无需下线' },
    ]);
    expect((await api(key, 'GET', '/v1/policies/round-robin')).json.liveVersion).toBe(2);
    expect((await api(key, 'GET', '/v1/policies/huadong-capacity')).json.liveVersion).toBeNull();
  });
});
