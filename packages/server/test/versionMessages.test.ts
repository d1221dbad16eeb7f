import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * A version field given something that is not a version (`"latest"`, 0, a word in a path) says
 * what it takes, in both languages, instead of zod's "Invalid input"; a required field left out
 * says it is required (the publish note what it is for) instead of "received undefined".
 */

const POLICY_NUMBER = 'a published version number (1, 2, …)';
const POLICY_NUMBER_ZH = '已发布的版本号（1、2……）';
const field = (path: string, en: string, zh: string) => ({ path, message: en, messageZh: zh });

describe.each(LANES)('version fields and missing fields say what is wanted (%s)', (lane) => {
  const env = useServer(lane);

  it('a simulation candidate: a version number, "live" or "draft"', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const expected = field(
      '$.candidates[0].policies[0].version',
      `version must be ${POLICY_NUMBER}, "live" or "draft"`,
      `version 须为${POLICY_NUMBER_ZH}、"live" 或 "draft"`,
    );
    for (const version of ['latest', 0, 1.5, null]) {
      const r = await call(env.server.base, 'POST', '/v1/simulations', {
        key,
        body: {
          datasetId: 'ds-1',
          candidates: [
            { label: 'a', policies: [{ key: 'routing', version }] },
            { label: 'b', policies: [{ key: 'routing', version: 'live' }] },
          ],
        },
      });
      expect(r.status, r.text).toBe(422);
      expect(r.json.type).toBe('https://sluice.dev/problems/validation-failed');
      expect(r.json.errors, JSON.stringify(version)).toEqual([expected]);
    }
  });

  it('the policy routes: rollback, a version in the path, a diff, a test run', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const rollback = await call(base, 'POST', '/v1/policies/routing/rollback', { key, body: { version: 'latest', note: 'back' } });
    expect(rollback.status, rollback.text).toBe(422);
    expect(rollback.json.errors).toEqual([field('$.version', `version must be ${POLICY_NUMBER}`, `version 须为${POLICY_NUMBER_ZH}`)]);

    const inPath = await call(base, 'GET', '/v1/policies/routing/versions/latest', { key });
    expect(inPath.status, inPath.text).toBe(422);
    expect(inPath.json.errors).toEqual([field('$.n', `the version in the path must be ${POLICY_NUMBER}`, `路径中的版本须为${POLICY_NUMBER_ZH}`)]);

    const diff = await call(base, 'GET', '/v1/policies/routing/diff?from=latest&to=draft', { key });
    expect(diff.status, diff.text).toBe(422);
    expect(diff.json.errors).toEqual([field('$.from', `from must be ${POLICY_NUMBER} or "draft"`, `from 须为${POLICY_NUMBER_ZH}或 "draft"`)]);

    const run = await call(base, 'POST', '/v1/policies/routing/tests/run', { key, body: { version: 'latest' } });
    expect(run.status, run.text).toBe(422);
    expect(run.json.errors).toEqual([field('$.version', `version must be ${POLICY_NUMBER} or "draft"`, `version 须为${POLICY_NUMBER_ZH}或 "draft"`)]);
  });

  it('a decision preview and the model versions', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const preview = await call(base, 'POST', '/v1/decide', {
      key,
      body: {
        id: 'ev-1',
        type: 'lead.created',
        at: '2026-03-02T02:00:00.000Z',
        lead: { id: 'L-1' },
        dryRun: true,
        policyKey: 'routing',
        policyVersion: 'latest',
      },
    });
    expect(preview.status, preview.text).toBe(422);
    expect(preview.json.errors).toEqual([field('$.policyVersion', `policyVersion must be ${POLICY_NUMBER}`, `policyVersion 须为${POLICY_NUMBER_ZH}`)]);

    const model = await call(base, 'GET', '/v1/models/fit/versions/latest', { key });
    expect(model.status, model.text).toBe(422);
    expect(model.json.errors).toEqual([field('$.version', 'version must be a version number of the model (1, 2, …)', 'version 须为模型的版本号（1、2……）')]);
    const decisions = await call(base, 'GET', '/v1/decisions?model=fit&modelVersion=latest', { key });
    expect(decisions.status, decisions.text).toBe(422);
    expect(decisions.json.errors).toEqual([
      field('$.modelVersion', 'modelVersion must be a version number of the model (1, 2, …)', 'modelVersion 须为模型的版本号（1、2……）'),
    ]);
  });

  it('publishing without a note: required, and what the note is for', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const note = field(
      '$.note',
      "required: say what changed and why (shown in the policy's history)",
      '必填：请说明改了什么以及原因（显示在策略的变更历史中）',
    );
    const publish = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: {} });
    expect(publish.status, publish.text).toBe(422);
    expect(publish.json.errors).toEqual([note]);
    const rollback = await call(env.server.base, 'POST', '/v1/policies/routing/rollback', { key, body: { version: 1 } });
    expect(rollback.json.errors).toEqual([note]);
    const blank = await call(env.server.base, 'POST', '/v1/policies/routing/publish', { key, body: { note: '  ' } });
    expect(blank.json.errors).toEqual([field('$.note', 'say why: every policy change carries its reason (S31)', '请说明原因：每次策略变更都须附上理由')]);
    // A model version's publication too (validated before the model is looked up).
    const model = await call(env.server.base, 'POST', '/v1/models/hot/versions/1/publish', { key, body: {} });
    expect(model.status, model.text).toBe(422);
    expect(model.json.errors).toEqual([
      field('$.note', "required: say why this version is published (shown in the model's history)", '必填：请说明发布该版本的原因（显示在模型的变更历史中）'),
    ]);
    const modelBlank = await call(env.server.base, 'POST', '/v1/models/hot/versions/1/publish', { key, body: { note: ' ' } });
    expect(modelBlank.json.errors).toEqual([field('$.note', 'say why: every publication carries its reason', '请说明原因：每次发布都须附上理由')]);
  });

  it('any other required field left out says "required" in both languages, at its path', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const dataset = await call(env.server.base, 'POST', '/v1/datasets', { key, body: {} });
    expect(dataset.status, dataset.text).toBe(422);
    expect(dataset.json.errors).toEqual([{ path: '$.name', message: 'required', messageZh: '必填' }]);
    // A value of the wrong type is not a missing one.
    const wrong = await call(env.server.base, 'POST', '/v1/datasets', { key, body: { name: 5 } });
    expect(wrong.json.errors).toEqual([{ path: '$.name', message: 'must be text, not a number', messageZh: '必须是文本，而不是数字' }]);
  });
});
