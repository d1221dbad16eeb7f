import { examplePolicy } from '@sluice/examples';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decisionInputs } from '../src/db/schema.js';
import { fixedClock, publishPolicy, seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

const NOW = '2026-03-02T02:00:00.000Z';

/** S6 round robin under the key `routing`, with its four cases. */
function s06(): any {
  return { ...structuredClone(examplePolicy('s06-round-robin') as object), key: 'routing' };
}

/** S6 whose first case now wants sdr-1 where the policy picks ae-2: one failing case. */
function s06Failing(): any {
  const doc = s06();
  doc.tests[0].when[0].expect.assignedTo = 'sdr-1';
  return doc;
}

describe.each(LANES)('policy test cases in the server (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));
  const api = (key: string, method: string, path: string, body?: unknown) => call(env.server.base, method, path, { key, body });

  it('a draft save runs its cases: passing, failing (listed by id and name), and null when it does not compile', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const ok = await api(key, 'PUT', '/v1/policies/routing/draft', s06());
    expect(ok.status).toBe(201);
    expect(ok.json.tests).toEqual({ passed: true, counts: { cases: 4, passed: 4, failed: 0, errors: 0 }, failing: [] });

    const bad = await api(key, 'PUT', '/v1/policies/routing/draft', s06Failing());
    expect(bad.status).toBe(200);
    expect(bad.json.tests).toEqual({
      passed: false,
      counts: { cases: 4, passed: 3, failed: 1, errors: 0 },
      failing: [{ id: 'full-rep-skipped', name: { en: 'A full rep is skipped; the rest take turns', zh: '满额的销售被跳过，其余人轮流接收' } }],
    });

    const broken = s06();
    broken.nodes[1].data = { teams: 'ae' };
    const none = await api(key, 'PUT', '/v1/policies/routing/draft', broken);
    expect(none.json.compile.ok).toBe(false);
    expect(none.json.tests).toBe(null);
  });

  it('publishing refuses (409) while a case fails, names what failed, and takes an override with its reason into the log and the version', async () => {
    const { key } = await seedTenant(env.tdb.database);
    await api(key, 'PUT', '/v1/policies/routing/draft', s06Failing());
    const refused = await api(key, 'POST', '/v1/policies/routing/publish', { note: 'first cut' });
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.json.type).toBe('https://sluice.dev/problems/tests-failing');
    expect(refused.json.title).toBe('1 test case of the draft fails; fix the policy or the cases, or publish with override.reason');
    expect(refused.json.detailZh).toBe('草稿有 1 个测试用例未通过：请修改策略或用例，或填写 override.reason 说明原因后发布');
    expect(refused.json.failing).toEqual([
      {
        id: 'full-rep-skipped',
        name: { en: 'A full rep is skipped; the rest take turns', zh: '满额的销售被跳过，其余人轮流接收' },
        expectations: [{ path: 'when[0].expect.assignedTo', expected: 'sdr-1', actual: 'ae-2' }],
      },
    ]);
    expect((await api(key, 'GET', '/v1/policies/routing/versions')).json.versions).toEqual([]);

    const tooShort = await api(key, 'POST', '/v1/policies/routing/publish', { note: 'first cut', override: { reason: 'ok' } });
    expect(tooShort.status).toBe(422);
    expect(tooShort.json.errors[0].path).toBe('$.override.reason');

    const published = await api(key, 'POST', '/v1/policies/routing/publish', { note: 'first cut', override: { reason: 'sdr-1 joins the AE team next week' } });
    expect(published.status).toBe(201);
    expect(published.json.version).toBe(1);
    const override = { reason: 'sdr-1 joins the AE team next week', actor: expect.stringMatching(/^key:/), at: NOW, failing: ['full-rep-skipped'] };
    const log = await api(key, 'GET', '/v1/policies/routing/log');
    expect(log.json.entries).toHaveLength(1);
    expect(log.json.entries[0].override).toEqual(override);
    expect(log.json.entries[0].override.actor).toBe(log.json.entries[0].actor);
    const versions = await api(key, 'GET', '/v1/policies/routing/versions');
    expect(versions.json.versions[0].override).toEqual(override);

    // Fixed: published with nothing to override.
    await api(key, 'PUT', '/v1/policies/routing/draft', s06());
    const clean = await api(key, 'POST', '/v1/policies/routing/publish', { note: 'cases pass' });
    expect(clean.status).toBe(201);
    expect((await api(key, 'GET', '/v1/policies/routing/log')).json.entries[1].override).toBe(null);
  });

  it('runs the cases of the draft, a version, or an unsaved document; a document that does not compile is a 422 with paths into the body', async () => {
    const { key } = await seedTenant(env.tdb.database);
    await api(key, 'PUT', '/v1/policies/routing/draft', s06());
    await api(key, 'POST', '/v1/policies/routing/publish', { note: 'v1' });
    await api(key, 'PUT', '/v1/policies/routing/draft', s06Failing());

    const draft = await api(key, 'POST', '/v1/policies/routing/tests/run', {});
    expect(draft.status).toBe(200);
    expect(draft.json.policy).toEqual({ key: 'routing', version: 0 });
    expect(draft.json.counts).toEqual({ cases: 4, passed: 3, failed: 1, errors: 0 });
    const failed = draft.json.cases.find((c: any) => !c.passed);
    expect(failed.id).toBe('full-rep-skipped');
    expect(failed.steps[0]).toEqual({ path: 'when[0]', eventId: 'e1', visited: ['start', 'rr'] });
    expect(failed.expectations.find((e: any) => !e.passed)).toMatchObject({
      path: 'when[0].expect.assignedTo',
      kind: 'assignedTo',
      expected: 'sdr-1',
      actual: 'ae-2',
    });

    const v1 = await api(key, 'POST', '/v1/policies/routing/tests/run', { version: 1 });
    expect(v1.json.policy).toEqual({ key: 'routing', version: 1 });
    expect(v1.json.passed).toBe(true);

    // An unsaved edit: the cooling period goes, so the reclaim case changes.
    const edit = s06();
    edit.nodes[1].data = { teams: ['ae'] };
    const unsaved = await api(key, 'POST', '/v1/policies/routing/tests/run', { document: edit });
    expect(unsaved.json.cases.filter((c: any) => !c.passed).map((c: any) => c.id)).toEqual(['cooling-after-reclaim']);

    const broken = s06();
    broken.nodes[1].data = { teams: 'ae' };
    const refused = await api(key, 'POST', '/v1/policies/routing/tests/run', { document: broken });
    expect(refused.status).toBe(422);
    expect(refused.json.type).toBe('https://sluice.dev/problems/policy-does-not-compile');
    expect(refused.json.errors[0]).toMatchObject({ path: '$.document.nodes[1].data.teams', nodeId: 'rr', code: 'invalidConfig' });

    const missing = await api(key, 'POST', '/v1/policies/routing/tests/run', { version: 7 });
    expect(missing.status).toBe(404);
  });

  it('a case given "the tenant as it is now" starts from the tenant roster', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, tenantId, 'ae-team');
    const doc = s06();
    doc.tests = [
      {
        id: 'tenant-now',
        name: { en: 'The tenant as it is: ae-1 first', zh: '按租户当前状态：ae-1 先接' },
        given: { tenant: 'current' },
        when: [{ event: { id: 'n1', type: 'lead.created', at: NOW, lead: { id: 'N-1', createdAt: NOW } }, expect: { assignedTo: 'ae-1', decidedBy: 'rr' } }],
      },
      {
        id: 'tenant-with-overlay',
        name: { en: 'Over the tenant, ae-1 is away', zh: '在租户状态上，ae-1 休假' },
        given: {
          tenant: 'current',
          reps: [{ id: 'ae-1', teams: ['ae'], roles: ['AE'], outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' }] }],
        },
        when: [
          {
            event: { id: 'n2', type: 'lead.created', at: NOW, lead: { id: 'N-2', createdAt: NOW } },
            expect: { assignedTo: 'ae-2', skipped: [{ rep: 'ae-1', reason: 'away' }] },
          },
        ],
      },
    ];
    const saved = await api(key, 'PUT', '/v1/policies/routing/draft', doc);
    expect(saved.json.tests).toEqual({ passed: true, counts: { cases: 2, passed: 2, failed: 0, errors: 0 }, failing: [] });

    // Another tenant has no roster: the same case finds nobody there.
    const other = await seedTenant(env.tdb.database);
    const empty = await api(other.key, 'PUT', '/v1/policies/routing/draft', doc);
    expect(empty.json.tests.failing.map((f: any) => f.id)).toEqual(['tenant-now', 'tenant-with-overlay']);
  });

  it('a try-it preview becomes a case that reproduces itself, and can be appended to the draft', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, tenantId, 'ae-team');
    await publishPolicy(env.tdb.database, tenantId, s06(), 1);
    // A real decision first: the pointer now says ae-1 went last, so the preview picks ae-2.
    const real = await api(key, 'POST', '/v1/decide', { id: 'ev-1', type: 'lead.created', at: NOW, lead: { id: 'L-1', createdAt: NOW } });
    expect(real.json, JSON.stringify(real.json)).toHaveProperty('actions');
    expect(real.json.actions[0].repId).toBe('ae-1');
    const tryIt = { id: 'try-1', type: 'lead.created', at: NOW, lead: { id: 'L-2', createdAt: NOW }, dryRun: true, policyKey: 'routing', draft: true };

    const made = await api(key, 'POST', '/v1/policies/routing/tests/from-preview', { ...tryIt, name: { en: 'Second lead to ae-2' } });
    expect(made.status).toBe(200);
    expect(made.json.addedToDraft).toBe(false);
    const c = made.json.case;
    expect(c.id).toBe('from-try-1');
    expect(c.name).toEqual({ en: 'Second lead to ae-2', zh: 'L-2 分配给 ae-2' });
    expect(c.when[0].event).toMatchObject({ id: 'try-1', type: 'lead.created', at: NOW, lead: { id: 'L-2' } });
    expect(c.when[0].expect).toEqual({ assignedTo: 'ae-2', holder: { rep: 'ae-2' }, decidedBy: 'rr' });
    expect(c.given.reps.map((r: any) => r.id)).toEqual(['ae-1', 'ae-2', 'ae-3', 'sdr-1']);
    expect(Object.keys(c.given.pointers)).toHaveLength(1);

    const rerun = await api(key, 'POST', '/v1/policies/routing/tests/run', { cases: [c] });
    expect(rerun.json.passed).toBe(true);
    // It can fail: the same case wanting ae-3 does.
    const wrong = structuredClone(c);
    wrong.when[0].expect.assignedTo = 'ae-3';
    expect((await api(key, 'POST', '/v1/policies/routing/tests/run', { cases: [wrong] })).json.passed).toBe(false);

    const added = await api(key, 'POST', '/v1/policies/routing/tests/from-preview', { ...tryIt, addToDraft: true });
    expect(added.json.addedToDraft).toBe(true);
    const again = await api(key, 'POST', '/v1/policies/routing/tests/from-preview', { ...tryIt, addToDraft: true });
    expect(again.json.case.id).toBe('from-try-1-2');
    const policy = await api(key, 'GET', '/v1/policies/routing');
    expect(policy.json.draft.tests.map((t: any) => t.id)).toEqual([
      'full-rep-skipped',
      'away-rep-skipped',
      'nobody-left-escalates',
      'cooling-after-reclaim',
      'from-try-1',
      'from-try-1-2',
    ]);
    // Nothing of the preview was written: L-2 is not a stored lead.
    expect((await api(key, 'GET', '/v1/decisions?leadId=L-2')).json.decisions).toEqual([]);

    const otherKey = await api(key, 'POST', '/v1/policies/routing/tests/from-preview', { ...tryIt, policyKey: 'other' });
    expect(otherKey.status).toBe(422);
    expect(otherKey.json.errors[0].path).toBe('$.policyKey');
  });

  it('a decision becomes a case that reproduces itself against the version that decided it', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    // ae-1 is full; ae-2 has a penalty halving its weight (kept, not read by a round robin).
    await seedRoster(env.tdb.database, tenantId, {
      timeZone: 'Asia/Shanghai',
      reps: [
        { id: 'ae-1', teams: ['ae'], roles: ['AE'], cap: 20, openLoad: 20 },
        { id: 'ae-2', teams: ['ae'], roles: ['AE'], cap: 20, openLoad: 3 },
        { id: 'ae-3', teams: ['ae'], roles: ['AE'], cap: 20 },
        { id: 'sdr-1', teams: ['sdr'], roles: ['SDR'] },
      ],
      teams: [{ id: 'ae', managerId: 'mgr-1' }, { id: 'sdr' }],
    });
    await publishPolicy(env.tdb.database, tenantId, s06(), 1);
    const decide = (id: string, lead: string) => api(key, 'POST', '/v1/decide', { id, type: 'lead.created', at: NOW, lead: { id: lead, createdAt: NOW } });
    expect((await decide('ev-1', 'L-1')).json.actions[0].repId).toBe('ae-2');
    const second = await decide('ev-2', 'L-2');
    expect(second.json.actions[0].repId).toBe('ae-3');
    // v2 changes nothing the case pins but the team: the same case fails there.
    const v2 = s06();
    v2.nodes[1].data = { teams: ['sdr'], coolingDays: 7 };
    await publishPolicy(env.tdb.database, tenantId, v2, 2);

    const made = await api(key, 'POST', `/v1/decisions/${second.json.decisions[0].decisionId}/test-case`, {});
    expect(made.status).toBe(200);
    const c = made.json.case;
    expect(c.id).toBe('from-ev-2');
    expect(c.name).toEqual({ en: 'L-2 goes to ae-3', zh: 'L-2 分配给 ae-3' });
    expect(c.when[0].event).toEqual({ id: 'ev-2', type: 'lead.created', at: NOW, lead: { id: 'L-2', createdAt: NOW } });
    expect(c.when[0].expect).toEqual({ assignedTo: 'ae-3', holder: { rep: 'ae-3' }, decidedBy: 'rr', skipped: [{ rep: 'ae-1', reason: 'full' }] });
    // What it read, not the whole roster: the reps it weighed, with their load as it was (before L-2).
    expect(c.given.reps.map((r: { id: string; openLoad: number }) => [r.id, r.openLoad])).toEqual([
      ['ae-1', 20],
      ['ae-2', 4],
      ['ae-3', 0],
    ]);
    expect(c.given.teams.map((t: { id: string }) => t.id)).toEqual(['ae']);
    expect(Object.values(c.given.pointers)).toHaveLength(1);

    const v1 = await api(key, 'POST', '/v1/policies/routing/tests/run', { version: 1, cases: [c] });
    expect(v1.json.passed).toBe(true);
    expect(v1.json.cases[0].expectations.every((e: { passed: boolean }) => e.passed)).toBe(true);
    const onV2 = await api(key, 'POST', '/v1/policies/routing/tests/run', { version: 2, cases: [c] });
    expect(onV2.json.passed).toBe(false);

    const added = await api(key, 'POST', `/v1/decisions/${second.json.decisions[0].decisionId}/test-case`, { addToDraft: true, name: { zh: '第二条线索' } });
    expect(added.json.addedToDraft).toBe(true);
    expect(added.json.case.name).toEqual({ en: 'L-2 goes to ae-3', zh: '第二条线索' });
    const draft = (await api(key, 'GET', '/v1/policies/routing')).json.draft;
    expect(draft.tests.at(-1).id).toBe('from-ev-2');

    expect((await api(key, 'POST', '/v1/decisions/nope/test-case', {})).status).toBe(404);
  });

  it('a decision that kept no input state is refused with 409', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    await seedRoster(env.tdb.database, tenantId, 'ae-team');
    await publishPolicy(env.tdb.database, tenantId, s06(), 1);
    const r = await api(key, 'POST', '/v1/decide', { id: 'ev-x', type: 'lead.created', at: NOW, lead: { id: 'L-X', createdAt: NOW } });
    await env.tdb.database.db.delete(decisionInputs).where(eq(decisionInputs.tenantId, tenantId));
    const refused = await api(key, 'POST', `/v1/decisions/${r.json.decisions[0].decisionId}/test-case`, {});
    expect(refused.status).toBe(409);
    expect(refused.json.type).toBe('https://sluice.dev/problems/no-decision-input');
    expect(refused.json.detailZh).toContain('试运行');
  });
});
