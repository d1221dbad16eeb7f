import { exampleModel, examplePolicy, listExamples } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, eventSchema, InMemoryState, runPolicyTests, scoreModelSchema, type StateSnapshotInput } from '../../src/index.js';

// The smart-score example: examples/policies/smart-score-routing.json with its cases, which carry the
// model examples/models/marketing-win.json as the tenant publishes it.
const doc = examplePolicy('smart-score-routing') as {
  tests: Array<{ id: string; given: StateSnapshotInput & { models?: unknown[] }; when: Array<{ event: Record<string, unknown> }> }>;
};

describe('example: smart-score routing', () => {
  it('the example model is a valid document under the key the policy names', () => {
    expect(listExamples('models')).toContain('marketing-win');
    const model = scoreModelSchema.parse(exampleModel('marketing-win'));
    expect(model.key).toBe('marketing-win');
    expect(model.features.length).toBeGreaterThanOrEqual(12);
    const node = (examplePolicy('smart-score-routing') as { nodes: Array<{ type: string; data: { model?: string } }> }).nodes.find(
      (n) => n.type === 'score.model',
    );
    expect(node?.data.model).toBe('marketing-win');
  });

  it('its cases pass: hot and warm leads to senior AEs, cold to nurture, touches lift a nurtured lead, no model warns', () => {
    const run = runPolicyTests(examplePolicy('smart-score-routing'));
    expect(run.counts).toEqual({ cases: 3, passed: 3, failed: 0, errors: 0 });
  });

  it('the tenant’s published models fill in for cases without one; a case’s own model of that key wins', () => {
    const published = scoreModelSchema.parse(exampleModel('marketing-win'));
    const noModelCase = doc.tests.filter((c) => c.id === 'no-published-model');
    // Without a model the hot lead goes to nurture, as the case expects; with the published one it scores 98.4 and goes to a senior AE.
    expect(runPolicyTests(examplePolicy('smart-score-routing'), noModelCase).counts.passed).toBe(1);
    const run = runPolicyTests(examplePolicy('smart-score-routing'), noModelCase, { models: [published] });
    expect(run.counts.failed).toBe(1);
    // A published model that scores everyone near 0 does not replace the model a case carries.
    const harsh = { ...structuredClone(published), intercept: -50 };
    const own = doc.tests.filter((c) => c.id !== 'no-published-model');
    expect(runPolicyTests(examplePolicy('smart-score-routing'), own, { models: [harsh] }).counts).toEqual({ cases: 2, passed: 2, failed: 0, errors: 0 });
  });

  it('explains the warm lead in plain words in both languages, with the model version', () => {
    const compiled = compilePolicy(doc);
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const first = doc.tests[0]!;
    const state = InMemoryState.from(first.given);
    const warm = eventSchema.parse(first.when[2]!.event);
    const d = decide(compiled.policy, warm, state, warm.at);
    // From the model the case carries, W-1's features move its score (others held at an average lead's):
    // time on site ln(601) → 0.7·(6.399 − 5)/1.6 = +0.612 log-odds → +11.2; budget 0.8 − 0.3 → +8.9;
    // occupation 企业主 0.6 − 0.1 → +8.9 (ties by id); calibrated score σ(0.95·1.4504 − 0.05) = 79.0.
    const smart = d.explanation.visited.find((v) => v.nodeId === 'smart')!;
    expect(smart.note).toEqual({
      en: 'smart score 79 (model marketing-win v1): Time on site (s) = 600 +11.2, Budget stated = yes +8.9, Occupation = Business owner +8.9',
      zh: '智能评分 79（模型 marketing-win v1）：网站停留时长（秒）=600 +11.2，已确认预算=是 +8.9，职业=企业主 +8.9',
    });
    expect(d.models).toEqual([{ key: 'marketing-win', version: 1 }]);
  });
});
