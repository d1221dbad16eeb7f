import { describe, expect, it } from 'vitest';
import { InMemoryState, policyJsonSchema, stateSnapshotSchema } from '../../src/index.js';
import { HAND_MODEL } from './fixture.js';

describe('state snapshots carry published models', () => {
  it('validates each model and names the path of a bad one', () => {
    const bad = { ...structuredClone(HAND_MODEL), key: 'bad' } as { features: Array<Record<string, unknown>> };
    bad.features[0]!.scale = 0;
    const r = stateSnapshotSchema.safeParse({ models: [structuredClone(HAND_MODEL), bad] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['models.1.features.0.scale']);
    const twice = stateSnapshotSchema.safeParse({ models: [structuredClone(HAND_MODEL), structuredClone(HAND_MODEL)] });
    expect(twice.error!.issues).toEqual([expect.objectContaining({ path: ['models', 1, 'key'], message: 'model "hand" is listed twice / 模型“hand”重复' })]);
  });

  it('the policy document’s JSON Schema (sluice schema) describes models in a case’s given', () => {
    const schema = policyJsonSchema() as { properties: { tests: { items: { properties: { given: { properties: Record<string, unknown> } } } } } };
    const models = JSON.stringify(schema.properties.tests.items.properties.given.properties.models);
    expect(models).toContain('sluice.scoreModel/1');
    expect(models).toContain('activityCount');
  });

  it('InMemoryState answers scoreModel(key) for the models it was given, and clones share them', () => {
    const s = InMemoryState.from({ models: [structuredClone(HAND_MODEL)] });
    expect(s.scoreModel('hand')).toMatchObject({ key: 'hand', version: 3, intercept: -1 });
    expect(s.scoreModel('other')).toBeUndefined();
    expect(s.clone().scoreModel('hand')).toBe(s.scoreModel('hand'));
  });
});
