import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulations } from '../src/db/schema.js';
import { call, LANES, seedTenant, startServer, useServer } from './harness.js';

/**
 * Simulations (issue #12) as background jobs: started over a stored dataset with candidates
 * resolved from published versions, run one at a time in a child process (a lower-priority one), followed by server-sent
 * events, cancelled, failed on restart when their process is gone, and attached to a publication.
 */

const EXPORTS = new URL('../../../examples/exports/', import.meta.url);
const POLICIES = new URL('../../../examples/policies/', import.meta.url);
/** The teams of the English example export (its Team column). */
const TEAMS = ['Central', 'East', 'West'];
const SLOW = { timeout: 240_000 };

/** An example policy with its routing pointed at the export's teams (the examples route to team "ae"). */
function examplePolicy(name: string): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(new URL(`${name}.json`, POLICIES), 'utf8'));
  for (const node of doc.nodes) if (Array.isArray(node.data?.teams)) node.data.teams = TEAMS;
  // Its test cases route to the example's own team: they would rightly fail the publish gate here.
  delete doc.tests;
  return doc;
}

/** The examples' routing policies are live side by side here (a simulation compares them): the overlap is acknowledged. */
const BOTH_LIVE = { reason: 'Compared side by side in a simulation / 在模拟中并列比较' };

async function publish(base: string, key: string, name: string): Promise<string> {
  const doc = examplePolicy(name);
  const saved = await call(base, 'PUT', `/v1/policies/${doc.key}/draft`, { key, body: doc });
  expect(saved.status, JSON.stringify(saved.json)).toBeLessThan(300);
  const published = await call(base, 'POST', `/v1/policies/${doc.key}/publish`, { key, body: { note: 'example', override: BOTH_LIVE } });
  expect(published.status, JSON.stringify(published.json)).toBe(201);
  return doc.key as string;
}

async function dataset(base: string, key: string): Promise<string> {
  const id = (await call(base, 'POST', '/v1/datasets', { key, body: { name: 'en-crm' } })).json.id as string;
  for (const kind of ['leads', 'activities']) {
    const body = readFileSync(new URL(`en-crm-${kind}.csv`, EXPORTS), 'utf8');
    expect((await call(base, 'PUT', `/v1/datasets/${id}/files/${kind}`, { key, body, headers: { 'content-type': 'text/csv' } })).status).toBe(200);
  }
  const mapping = JSON.parse(readFileSync(new URL('en-crm.mapping.json', EXPORTS), 'utf8'));
  expect((await call(base, 'PUT', `/v1/datasets/${id}/mapping`, { key, body: { mapping } })).status).toBe(200);
  return id;
}

/** Reads a simulation's event stream to its end: every event, in order. */
async function follow(base: string, key: string, id: string): Promise<Array<{ event: string; data: any }>> {
  const res = await fetch(`${base}/v1/simulations/${id}/events`, { headers: { authorization: `Bearer ${key}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7) ?? 'message';
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6);
      return { event, data: data ? JSON.parse(data) : undefined };
    });
}

async function waitFor(base: string, key: string, id: string, status: string): Promise<unknown> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const got = await call(base, 'GET', `/v1/simulations/${id}`, { key });
    if (got.json.status === status) return got.json;
    if (Date.now() > deadline) throw new Error(`simulation ${id} is ${got.json.status}, not ${status}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(LANES)('simulations (%s)', (lane) => {
  const env = useServer(lane);

  it(
    'runs jobs one at a time, each in a process of its own: a cancelled running job stops, the next runs to done with both candidates, and its report backs a publication',
    SLOW,
    async () => {
      const base = env.server.base;
      const { key, tenantId } = await seedTenant(env.tdb.database);
      const rr = await publish(base, key, 's06-round-robin');
      const wrr = await publish(base, key, 's07-weighted-round-robin');
      const datasetId = await dataset(base, key);
      const candidates = [
        { label: 'round robin', policies: [{ key: rr, version: 'live' }] },
        { label: 'weighted', policies: [{ key: wrr, version: 1 }] },
      ];
      const first = await call(base, 'POST', '/v1/simulations', { key, body: { datasetId, seed: 7, candidates } });
      expect(first.status).toBe(202);
      expect(first.json).toMatchObject({ status: 'queued', seed: 7, datasetId });
      expect(first.json.candidates[0].policies[0]).toEqual({ key: rr, version: 'live', resolved: 1 });
      const second = await call(base, 'POST', '/v1/simulations', { key, body: { datasetId, seed: 7, candidates } });
      expect(second.json.status).toBe('queued');

      // The first runs; the second waits its turn.
      await waitFor(base, key, first.json.id, 'running');
      expect((await call(base, 'GET', `/v1/simulations/${second.json.id}`, { key })).json.status).toBe('queued');
      const cancelled = await call(base, 'POST', `/v1/simulations/${first.json.id}/cancel`, { key });
      expect(cancelled).toMatchObject({ status: 200, json: { status: 'cancelled' } });
      expect((await follow(base, key, first.json.id)).map((e) => e.event)).toEqual(['cancelled']);
      const again = await call(base, 'POST', `/v1/simulations/${first.json.id}/cancel`, { key });
      expect([again.status, again.json.status, again.json.simulationStatus]).toEqual([409, 409, 'cancelled']);

      const events = await follow(base, key, second.json.id);
      expect(events.at(-1)?.event).toBe('done');
      const progress = events.filter((e) => e.event === 'progress').map((e) => e.data);
      expect(progress.length).toBeGreaterThan(0);
      // Which phases the stream shows depends on when it was joined (progress is throttled); each names a candidate or a phase.
      for (const p of progress) expect(typeof p.phase).toBe('string');
      for (const p of progress) expect(p.done).toBeLessThanOrEqual(p.total);

      const done = await call(base, 'GET', `/v1/simulations/${second.json.id}`, { key });
      expect(done.json.status).toBe('done');
      expect(done.json.report.baseline).toBe('round robin');
      expect(done.json.report.policies.map((p: { label?: string; policy?: string }) => p.label ?? p.policy)).toEqual(['round robin', 'weighted']);
      expect(done.json.report.inputs.policies).toEqual([
        { label: 'round robin', policies: [expect.objectContaining({ key: rr, version: 1 })] },
        { label: 'weighted', policies: [expect.objectContaining({ key: wrr, version: 1 })] },
      ]);
      // Counted from the file: one lead per data line.
      const lines = readFileSync(new URL('en-crm-leads.csv', EXPORTS), 'utf8').trimEnd().split(/\r?\n/).length - 1;
      expect(done.json.report.inputs.leads).toBe(lines);
      // The cancelled job stays cancelled: its worker was stopped before it could finish.
      const stopped = await call(base, 'GET', `/v1/simulations/${first.json.id}`, { key });
      expect(stopped.json).toMatchObject({ status: 'cancelled' });
      expect(stopped.json.report).toBeUndefined();

      const html = await call(base, 'GET', `/v1/simulations/${second.json.id}/report.html`, { key });
      expect(html.status).toBe(200);
      expect(html.headers.get('content-type')).toContain('text/html');
      expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(html.text).toContain('weighted');
      expect(html.text).not.toContain('<script');
      // English first unless the reader asks for Chinese: the same report, the other radio checked.
      expect(html.text).toContain('<html lang="en">');
      expect(html.text).toContain('<input type="radio" name="lang" id="lang-en" checked><input type="radio" name="lang" id="lang-zh">');
      const zh = await call(base, 'GET', `/v1/simulations/${second.json.id}/report.html?lang=zh`, { key });
      expect(zh.status).toBe(200);
      expect(zh.text).toContain('<html lang="zh-CN">');
      expect(zh.text).toContain('<input type="radio" name="lang" id="lang-en"><input type="radio" name="lang" id="lang-zh" checked>');
      expect(
        zh.text
          .replace('<html lang="zh-CN">', '<html lang="en">')
          .replace(' id="lang-zh" checked', ' id="lang-zh"')
          .replace('id="lang-en">', 'id="lang-en" checked>'),
      ).toBe(html.text);
      expect((await call(base, 'GET', `/v1/simulations/${second.json.id}/report.html?lang=fr`, { key })).status).toBe(422);
      expect((await call(base, 'GET', `/v1/simulations/${first.json.id}/report.html`, { key })).status).toBe(409);

      // Evidence on publish: a done simulation of this tenant, shown with the version.
      const doc = examplePolicy('s07-weighted-round-robin');
      await call(base, 'PUT', `/v1/policies/${wrr}/draft`, { key, body: { ...doc, name: 'Weighted, again' } });
      const notDone = await call(base, 'POST', `/v1/policies/${wrr}/publish`, {
        key,
        body: { note: 'x', evidence: { simulationId: first.json.id }, override: BOTH_LIVE },
      });
      expect([notDone.status, notDone.json.errors[0].path]).toEqual([422, '$.evidence.simulationId']);
      const withEvidence = await call(base, 'POST', `/v1/policies/${wrr}/publish`, {
        key,
        body: { note: 'see the simulation', evidence: { simulationId: second.json.id }, override: BOTH_LIVE },
      });
      expect(withEvidence.status).toBe(201);
      const versions = await call(base, 'GET', `/v1/policies/${wrr}/versions`, { key });
      expect(versions.json.versions.map((v: { version: number; evidence: unknown }) => [v.version, v.evidence])).toEqual(
        expect.arrayContaining([
          [1, null],
          [2, { simulationId: second.json.id, label: 'weighted' }],
        ]),
      );
      // Evidence must have run this policy as it is published: not another policy's simulation,
      // not a draft changed since (a config field), though a move on the canvas changes nothing.
      const moved = structuredClone(doc) as { nodes: Array<{ id: string; position: { x: number }; data: Record<string, unknown> }> };
      moved.nodes[1]!.position.x += 40;
      await call(base, 'PUT', `/v1/policies/${wrr}/draft`, { key, body: moved });
      const notRun = await call(base, 'PUT', '/v1/policies/wrr-copy/draft', { key, body: { ...doc, key: 'wrr-copy' } });
      expect(notRun.status).toBe(201);
      const otherPolicy = await call(base, 'POST', '/v1/policies/wrr-copy/publish', {
        key,
        body: { note: 'x', evidence: { simulationId: second.json.id }, override: BOTH_LIVE },
      });
      expect([otherPolicy.status, otherPolicy.json.errors[0].path]).toEqual([422, '$.evidence.simulationId']);
      expect(otherPolicy.json.errors[0].message).toBe(
        `simulation "${second.json.id}" did not run policy "wrr-copy" (its candidates: "round robin", "weighted"): simulate the draft first`,
      );
      const edited = structuredClone(moved);
      edited.nodes[1]!.data.coolingDays = 30;
      await call(base, 'PUT', `/v1/policies/${wrr}/draft`, { key, body: edited });
      const stale = await call(base, 'POST', `/v1/policies/${wrr}/publish`, {
        key,
        body: { note: 'x', evidence: { simulationId: second.json.id }, override: BOTH_LIVE },
      });
      expect([stale.status, stale.json.errors[0].path]).toEqual([422, '$.evidence.simulationId']);
      expect(stale.json.errors[0].message).toContain(`ran policy "${wrr}" as it no longer is ("weighted": version 1)`);
      expect(stale.json.errors[0].messageZh).toContain('请重新模拟当前草稿');
      await call(base, 'PUT', `/v1/policies/${wrr}/draft`, { key, body: moved });
      const movedOnly = await call(base, 'POST', `/v1/policies/${wrr}/publish`, {
        key,
        body: { note: 'moved', evidence: { simulationId: second.json.id }, override: BOTH_LIVE },
      });
      expect(movedOnly.status).toBe(201);
      // The documents the run used are kept for this check, not shown with the simulation.
      expect((await call(base, 'GET', `/v1/simulations/${second.json.id}`, { key })).json.candidates[1].policies).toEqual([
        { key: wrr, version: 1, resolved: 1 },
      ]);

      const other = await seedTenant(env.tdb.database);
      const otherDoc = { ...doc, key: 'other-wrr' };
      await call(base, 'PUT', '/v1/policies/other-wrr/draft', { key: other.key, body: otherDoc });
      const foreign = await call(base, 'POST', '/v1/policies/other-wrr/publish', {
        key: other.key,
        body: { note: 'x', evidence: { simulationId: second.json.id }, override: BOTH_LIVE },
      });
      expect(foreign.status).toBe(422);
      expect(tenantId).not.toBe(other.tenantId);

      // The list: newest first, by status or dataset, a page at a time.
      const ids = async (query: string) => {
        const got = await call(base, 'GET', `/v1/simulations${query}`, { key });
        expect(got.status, got.text).toBe(200);
        return { ids: got.json.items.map((i: { id: string }) => i.id), next: got.json.nextCursor as string | null };
      };
      expect(await ids('')).toEqual({ ids: [second.json.id, first.json.id], next: null });
      expect((await ids('?status=done')).ids).toEqual([second.json.id]);
      expect((await ids('?status=cancelled')).ids).toEqual([first.json.id]);
      expect((await ids(`?datasetId=${datasetId}&status=failed`)).ids).toEqual([]);
      const page1 = await ids('?limit=1');
      expect(page1.ids).toEqual([second.json.id]);
      expect(await ids(`?limit=1&cursor=${page1.next}`)).toEqual({ ids: [first.json.id], next: null });
      const badStatus = await call(base, 'GET', '/v1/simulations?status=finished', { key });
      expect([badStatus.status, badStatus.json.errors[0].path]).toEqual([422, '$.status']);

      // Delete: an ended simulation goes; one cited as evidence, or still queued or running, stays.
      const cited = await call(base, 'DELETE', `/v1/simulations/${second.json.id}`, { key });
      expect([cited.status, cited.json.type, cited.json.citedBy]).toEqual([
        409,
        'https://sluice.dev/problems/simulation-cited',
        [
          { key: wrr, version: 2 },
          { key: wrr, version: 3 },
        ],
      ]);
      expect(cited.json.detailZh).toContain('依据');
      expect((await call(base, 'DELETE', `/v1/simulations/${second.json.id}`, { key: other.key })).status).toBe(404);
      expect((await call(base, 'DELETE', `/v1/simulations/${first.json.id}`, { key })).status).toBe(204);
      expect((await call(base, 'GET', `/v1/simulations/${first.json.id}`, { key })).status).toBe(404);
      const third = await call(base, 'POST', '/v1/simulations', { key, body: { datasetId, seed: 7, candidates } });
      const busy = await call(base, 'DELETE', `/v1/simulations/${third.json.id}`, { key });
      expect([busy.status, busy.json.type]).toEqual([409, 'https://sluice.dev/problems/simulation-not-ended']);
      expect(['queued', 'running']).toContain(busy.json.simulationStatus);
      await call(base, 'POST', `/v1/simulations/${third.json.id}/cancel`, { key });
    },
  );

  it('refuses at the start a candidate the simulation could not run: a draft that does not compile, a policy twice in one set', SLOW, async () => {
    const base = env.server.base;
    const { key } = await seedTenant(env.tdb.database);
    const rr = await publish(base, key, 's06-round-robin');
    const datasetId = await dataset(base, key);
    const broken = examplePolicy('s06-round-robin');
    const nodes = broken.nodes as Array<{ id: string; type: string; data: Record<string, unknown> }>;
    const at = nodes.findIndex((n) => n.type === 'assign.roundRobin');
    nodes[at]!.data.bogus = 1;
    expect((await call(base, 'PUT', `/v1/policies/${rr}/draft`, { key, body: broken })).status).toBe(200);
    const live = { label: 'live', policies: [{ key: rr, version: 'live' }] };
    const draft = await call(base, 'POST', '/v1/simulations', {
      key,
      body: { datasetId, candidates: [live, { label: 'draft', policies: [{ key: rr, version: 'draft' }] }] },
    });
    expect([draft.status, draft.json.errors[0].path, draft.json.errors[0].documentPath]).toEqual([422, '$.candidates[1].policies[0]', `$.nodes[${at}].data`]);
    expect(draft.json.errors[0].message).toMatch(new RegExp(`^the draft of policy "${rr}" does not compile, at \\$\\.nodes\\[${at}\\]\\.data: .*bogus`));
    expect(draft.json.errors[0].messageZh).toContain('草稿无法编译');
    const twice = await call(base, 'POST', '/v1/simulations', {
      key,
      body: {
        datasetId,
        candidates: [
          live,
          {
            label: 'twice',
            policies: [
              { key: rr, version: 1 },
              { key: rr, version: 'live' },
            ],
          },
        ],
      },
    });
    expect([twice.status, twice.json.errors[0].path, twice.json.errors[0].message]).toEqual([
      422,
      '$.candidates[1].policies[1]',
      `policy "${rr}" is already policies[0] of this candidate`,
    ]);
    // Nothing was queued for either.
    expect((await call(base, 'GET', '/v1/simulations', { key })).json.items).toEqual([]);
  });

  it('keeps simulations to their tenant, and starting and cancelling to editors', SLOW, async () => {
    const base = env.server.base;
    const a = await seedTenant(env.tdb.database);
    const b = await seedTenant(env.tdb.database);
    const viewer = await seedTenant(env.tdb.database, a.tenantId, ['read']);
    const id = randomUUID();
    const datasetId = await dataset(base, a.key);
    await env.tdb.database.db.insert(simulations).values({
      tenantId: a.tenantId,
      id,
      datasetId,
      status: 'done',
      progress: { done: 1, total: 1, phase: 'done' },
      candidates: [],
      seed: 1,
      report: null,
      createdBy: 'test',
      createdAt: new Date().toISOString(),
    });
    for (const path of [`/v1/simulations/${id}`, `/v1/simulations/${id}/events`, `/v1/simulations/${id}/report.html`]) {
      expect((await call(base, 'GET', path, { key: b.key })).status, path).toBe(404);
    }
    expect((await call(base, 'POST', `/v1/simulations/${id}/cancel`, { key: b.key })).status).toBe(404);
    expect((await call(base, 'GET', '/v1/simulations', { key: b.key })).json.items).toEqual([]);
    expect((await call(base, 'GET', '/v1/simulations', { key: viewer.key })).json.items.map((s: { id: string }) => s.id)).toEqual([id]);
    const body = {
      datasetId,
      candidates: [
        { label: 'a', policies: [{ key: 'x', version: 'live' }] },
        { label: 'b', policies: [{ key: 'y', version: 'live' }] },
      ],
    };
    expect((await call(base, 'POST', '/v1/simulations', { key: viewer.key, body })).status).toBe(403);
    expect((await call(base, 'POST', `/v1/simulations/${id}/cancel`, { key: viewer.key })).status).toBe(403);
    // Another tenant's dataset is not found; a policy that does not exist is named by its path.
    expect((await call(base, 'POST', '/v1/simulations', { key: b.key, body })).status).toBe(404);
    const unknown = await call(base, 'POST', '/v1/simulations', { key: a.key, body });
    expect([unknown.status, unknown.json.errors[0].path]).toEqual([422, '$.candidates[0].policies[0]']);
    expect(unknown.json.errors[0].messageZh).toContain('x');
    const one = await call(base, 'POST', '/v1/simulations', { key: a.key, body: { ...body, candidates: body.candidates.slice(0, 1) } });
    expect([one.status, one.json.errors[0].path]).toEqual([422, '$.candidates']);
  });

  it('fails on start the jobs a stopped server left queued or running, in both languages', async () => {
    const { tenantId, key } = await seedTenant(env.tdb.database);
    const at = new Date().toISOString();
    const row = { tenantId, datasetId: 'gone', progress: { done: 3, total: 10, phase: 'replay' }, candidates: [], seed: 1, createdBy: 'test', createdAt: at };
    const running = randomUUID();
    const queued = randomUUID();
    const fresh = randomUUID();
    await env.tdb.database.db.insert(simulations).values([
      { ...row, id: running, status: 'running', startedAt: at, heartbeatAt: new Date(Date.now() - 5 * 60_000).toISOString() },
      { ...row, id: queued, status: 'queued' },
      // Another live replica's job (written to a moment ago) is not this start's to fail.
      { ...row, id: fresh, status: 'running', heartbeatAt: at },
    ]);
    const restarted = await startServer(env.tdb.database);
    try {
      for (const id of [running, queued]) {
        const got = await call(restarted.base, 'GET', `/v1/simulations/${id}`, { key });
        expect(got.json).toMatchObject({ status: 'failed', error: { en: 'the server stopped while it ran', zh: '运行期间服务器已停止' } });
        expect(got.json.finishedAt).toBeDefined();
        expect((await follow(restarted.base, key, id)).map((e) => e.event)).toEqual(['failed']);
      }
      expect((await call(restarted.base, 'GET', `/v1/simulations/${fresh}`, { key })).json.status).toBe('running');
    } finally {
      await restarted.close();
    }
  });
});
