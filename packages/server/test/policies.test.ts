import { examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

const T1 = '2025-03-03T09:00:00.000Z';
const T2 = '2025-03-04T10:30:00.000Z';
const T3 = '2025-03-05T08:15:00.000Z';

/**
 * S6 round robin under the key `routing`: the first version. Without its test cases: v2 changes the
 * routing they pin, and the publish gate has its own tests (policyTests.test.ts).
 */
function v1(): any {
  const { tests: _cases, ...doc } = examplePolicy('s06-round-robin') as Record<string, unknown>;
  return { ...doc, key: 'routing' };
}

/** The second version, written by hand from v1: what the diff below must report. */
function v2(): any {
  const doc = v1();
  doc.name = 'Round robin across AE and SDR';
  doc.nodes[0].data = { events: ['lead.created'] };
  doc.nodes[1].data = { teams: ['ae', 'sdr'], coolingDays: 14 };
  doc.nodes[2] = { ...doc.nodes[2], id: 'esc' };
  doc.edges[1] = { id: 'e3', source: 'rr', sourceHandle: 'noCandidate', target: 'esc' };
  return doc;
}

describe.each(LANES)('policies: drafts, versions, rollback, diff, log (%s)', (lane) => {
  let now = Date.parse(T1);
  const env = useServer(lane, () => now);

  it('saves a draft that does not compile, lists the errors, and refuses to publish it', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const doc = v1();
    doc.nodes[1].data = { teams: 'ae' };
    const saved = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: doc });
    expect(saved.status).toBe(201);
    expect(saved.json.draftStatus).toBe('new');
    expect(saved.json.liveVersion).toBe(null);
    expect(saved.json.compile).toEqual({
      ok: false,
      errors: [
        {
          path: '$.nodes[1].data.teams',
          code: 'invalidConfig',
          nodeId: 'rr',
          field: 'teams',
          message: 'must be a list, not text',
          messageZh: '必须是列表，而不是文本',
        },
      ],
    });
    // Saved as sent (draft version 0), so the work is not lost.
    const got = await call(env.server.base, 'GET', '/v1/policies/routing', { key });
    expect(got.json.draft.nodes[1].data).toEqual({ teams: 'ae' });
    expect(got.json.draft.version).toBe(0);
    expect(got.json.live).toBe(null);

    const refused = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: 'try' } });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.type).toBe('https://sluice.dev/problems/policy-does-not-compile');
    expect(refused.json.detailZh).toBe('草稿无法编译，请修正所列错误');
    expect(refused.json.errors).toEqual(saved.json.compile.errors);
    const versions = await call(env.server.base, 'GET', '/v1/policies/routing/versions', { key });
    expect(versions.json.versions).toEqual([]);

    // A graph error names the node; an edge to nowhere names the edge field in the document.
    const dangling = v1();
    dangling.edges[1].target = 'ghost';
    const second = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: dangling });
    expect(second.status).toBe(200);
    expect(second.json.compile.errors).toEqual([
      {
        path: '$.edges[1].target',
        code: 'danglingEdge',
        nodeId: 'rr',
        edgeId: 'e2',
        field: 'edges[1].target',
        message: 'edge e2 points to a node that does not exist: "ghost"',
        messageZh: '连线 e2 连接了不存在的节点 "ghost"',
      },
      // In the same pass: with e2 pointing elsewhere, nothing leads to mgr any more.
      {
        path: '$.nodes[2]',
        code: 'unreachable',
        nodeId: 'mgr',
        message: 'node mgr cannot be reached from the trigger',
        messageZh: '节点 mgr 无法从触发节点到达',
      },
    ]);
  });

  it('refuses a document that is not a policy at all, naming the field', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const wrongKey = await call(env.server.base, 'PUT', '/v1/policies/other/draft', { key, body: v1() });
    expect(wrongKey.status).toBe(422);
    expect(wrongKey.json.errors).toEqual([{ path: '$.key', message: 'expected "other"', messageZh: '应为 "other"' }]);
    const extra = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: { ...v1(), nodez: [] } });
    expect(extra.status).toBe(422);
    expect(extra.json.errors[0].path).toBe('$');
    const noNodes = await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: { ...v1(), nodes: undefined } });
    expect(noNodes.status).toBe(422);
    expect(noNodes.json.errors.map((e: { path: string }) => e.path)).toEqual(['$.nodes']);
    const missing = await call(env.server.base, 'GET', '/v1/policies/routing', { key });
    expect(missing.status).toBe(404);
  });

  it('publishes numbered versions, rolls back, diffs and logs who, when and why', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const actor = `key:${key.slice(0, 12)}`;
    now = Date.parse(T1);
    expect((await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: v1() })).status).toBe(201);
    const noNote = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: {} });
    expect(noNote.status).toBe(422);
    expect(noNote.json.errors[0].path).toBe('$.note');
    const blankNote = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: '   ' } });
    expect(blankNote.status).toBe(422);

    const first = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: 'first routing' } });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      key: 'routing',
      version: 1,
      liveVersion: 1,
      liveEvents: ['lead.created', 'lead.returned_to_pool'],
      action: 'publish',
      note: 'first routing',
      at: T1,
    });

    now = Date.parse(T2);
    expect((await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: v2() })).status).toBe(200);
    const pending = await call(env.server.base, 'GET', '/v1/policies', { key });
    expect(pending.json.policies).toEqual([
      {
        key: 'routing',
        kind: 'routing',
        name: 'Round robin across AE and SDR',
        liveVersion: 1,
        latestVersion: 1,
        liveEvents: ['lead.created', 'lead.returned_to_pool'],
        draftStatus: 'changed',
        updatedAt: T2,
        // An API key has no e-mail: the key's prefix names it.
        lastChange: { action: 'save', actor, email: null, at: T2, version: null },
        draftSaved: { actor, email: null, at: T2 },
      },
    ]);
    const second = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: 'add SDRs' } });
    expect(second.json.version).toBe(2);
    expect(second.json.liveEvents).toEqual(['lead.created']);

    const versions = await call(env.server.base, 'GET', '/v1/policies/routing/versions', { key });
    expect(versions.json.versions).toEqual([
      { version: 1, note: 'first routing', publishedBy: actor, publishedByEmail: null, publishedAt: T1, live: false, evidence: null, override: null },
      { version: 2, note: 'add SDRs', publishedBy: actor, publishedByEmail: null, publishedAt: T2, live: true, evidence: null, override: null },
    ]);
    const one = await call(env.server.base, 'GET', '/v1/policies/routing/versions/1', { key });
    expect(one.json).toEqual({
      version: 1,
      note: 'first routing',
      publishedBy: actor,
      publishedByEmail: null,
      publishedAt: T1,
      live: false,
      evidence: null,
      override: null,
      document: { ...v1(), version: 1 },
    });
    expect((await call(env.server.base, 'GET', '/v1/policies/routing/versions/3', { key })).status).toBe(404);

    const diff = await call(env.server.base, 'GET', '/v1/policies/routing/diff?from=1&to=2', { key });
    expect(diff.status).toBe(200);
    expect(diff.json).toEqual({
      from: 1,
      to: 2,
      metadata: [{ field: 'name', from: 'Round robin across the AE team (S6)', to: 'Round robin across AE and SDR' }],
      nodes: {
        added: [{ id: 'esc', type: 'notify' }],
        removed: [{ id: 'mgr', type: 'notify' }],
        changed: [
          {
            id: 'rr',
            type: 'assign.roundRobin',
            changes: [
              { field: 'data.coolingDays', from: 7, to: 14 },
              { field: 'data.teams', from: ['ae'], to: ['ae', 'sdr'] },
            ],
          },
          { id: 'start', type: 'trigger', changes: [{ field: 'data.events', from: ['lead.created', 'lead.returned_to_pool'], to: ['lead.created'] }] },
        ],
        moved: [],
      },
      edges: {
        added: [{ id: 'e3', source: 'rr', sourceHandle: 'noCandidate', target: 'esc' }],
        removed: [{ id: 'e2', source: 'rr', sourceHandle: 'noCandidate', target: 'mgr' }],
      },
    });

    now = Date.parse(T3);
    const back = await call(env.server.base, 'POST', '/v1/policies/routing/rollback', { key, body: { version: 1, note: 'SDRs got enterprise leads' } });
    expect(back.status).toBe(200);
    expect(back.json).toEqual({
      key: 'routing',
      version: 1,
      liveVersion: 1,
      liveEvents: ['lead.created', 'lead.returned_to_pool'],
      action: 'rollback',
      note: 'SDRs got enterprise leads',
      at: T3,
    });
    const again = await call(env.server.base, 'POST', '/v1/policies/routing/rollback', { key, body: { version: 1, note: 'again' } });
    expect(again.status).toBe(409);
    expect((await call(env.server.base, 'POST', '/v1/policies/routing/rollback', { key, body: { version: 7, note: 'x' } })).status).toBe(404);

    const after = await call(env.server.base, 'GET', '/v1/policies/routing', { key });
    expect(after.json.liveVersion).toBe(1);
    expect(after.json.latestVersion).toBe(2);
    expect(after.json.live.version).toBe(1);
    expect(after.json.live.document.name).toBe('Round robin across the AE team (S6)');
    // The draft still holds version 2's content: a rollback does not throw work away.
    expect(after.json.draftStatus).toBe('changed');
    expect(after.json.draft.name).toBe('Round robin across AE and SDR');
    const flags = await call(env.server.base, 'GET', '/v1/policies/routing/versions', { key });
    expect(flags.json.versions.map((v: { version: number; live: boolean }) => [v.version, v.live])).toEqual([
      [1, true],
      [2, false],
    ]);

    const log = await call(env.server.base, 'GET', '/v1/policies/routing/log', { key });
    expect(log.json.entries).toEqual([
      { version: 1, action: 'publish', note: 'first routing', actor, email: null, at: T1, override: null },
      { version: 2, action: 'publish', note: 'add SDRs', actor, email: null, at: T2, override: null },
      { version: 1, action: 'rollback', note: 'SDRs got enterprise leads', actor, email: null, at: T3, override: null },
    ]);

    // Publishing the draft again makes version 3; the draft then equals the live version.
    const third = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: 'SDRs again, fixed upstream' } });
    expect(third.json.version).toBe(3);
    const same = await call(env.server.base, 'GET', '/v1/policies/routing', { key });
    expect(same.json.draftStatus).toBe('unchanged');
    // Moving a node on the canvas changes no decision: the diff says "moved", nothing else.
    const moved = v2();
    moved.nodes[1].position = { x: 40, y: 160 };
    await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: moved });
    const movedDiff = await call(env.server.base, 'GET', '/v1/policies/routing/diff?from=3&to=draft', { key });
    expect(movedDiff.json).toEqual({
      from: 3,
      to: 'draft',
      metadata: [],
      nodes: { added: [], removed: [], changed: [], moved: ['rr'] },
      edges: { added: [], removed: [] },
    });
    expect((await call(env.server.base, 'GET', '/v1/policies/routing/diff?from=1&to=9', { key })).status).toBe(404);
    expect((await call(env.server.base, 'GET', '/v1/policies/routing/diff?from=one&to=2', { key })).status).toBe(422);
  });

  it('two publications at once get consecutive versions, never the same one', async () => {
    const { key } = await seedTenant(env.tdb.database);
    await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key, body: v1() });
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: `publish ${i}` } })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(201));
    expect(results.map((r) => r.json.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const policy = await call(env.server.base, 'GET', '/v1/policies/routing', { key });
    expect(policy.json.liveVersion).toBe(8);
    const log = await call(env.server.base, 'GET', '/v1/policies/routing/log', { key });
    expect(log.json.entries.map((e: { version: number }) => e.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('keeps each tenant’s policies apart: same key, separate versions', async () => {
    const a = await seedTenant(env.tdb.database);
    const b = await seedTenant(env.tdb.database);
    await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key: a.key, body: v1() });
    await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key: a.key, body: { note: 'a' } });
    expect((await call(env.server.base, 'GET', '/v1/policies/routing', { key: b.key })).status).toBe(404);
    expect((await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key: b.key, body: { note: 'b' } })).status).toBe(404);
    await call(env.server.base, 'PUT', '/v1/policies/routing/draft', { key: b.key, body: v2() });
    const bPublished = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key: b.key, body: { note: 'b' } });
    expect(bPublished.json.version).toBe(1);
    expect((await call(env.server.base, 'GET', '/v1/policies', { key: b.key })).json.policies.map((p: { name: string }) => p.name)).toEqual([
      'Round robin across AE and SDR',
    ]);
  });
});
