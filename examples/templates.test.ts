import { compilePolicy } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES_DIR, examplePolicy, exampleTemplates, listExamples } from './index.js';

// Templates are what a newcomer starts from (and what the demo publishes): every one must compile
// cleanly, and each is built from the scenario policies rather than inventing semantics of its own.
const templates = exampleTemplates();
const REQUIRED = ['round-robin-reclaim', 'sdr-gate-grades', 'region-product-routing', 'tiered-cascade', 'co-follow-stage-split', 'anti-hoarding'];

describe('policy templates', () => {
  it('has the six templates issue #11 names, each named and described in both languages', () => {
    expect(templates.map((t) => t.id).sort()).toEqual([...REQUIRED].sort());
    for (const t of templates) {
      for (const text of [t.name, t.description]) {
        expect(text.en.length, `${t.id} en`).toBeGreaterThan(5);
        expect(text.zh, `${t.id} zh`).toMatch(/[\u4e00-\u9fff]/);
      }
      expect(t.policies.length).toBeGreaterThanOrEqual(1);
    }
  });

  it.each(templates.flatMap((t) => t.policies.map((p) => [t.id, p.key, p] as const)))('%s: policy %s compiles with no errors', (_id, _key, policy) => {
    const result = compilePolicy(policy);
    if (!result.ok) expect.fail(JSON.stringify(result.errors, null, 2));
    expect(result.ok).toBe(true);
    expect(result.policy.kind).toBe(policy.kind);
  });

  it("lists every file of examples/templates, and each file's id is its name", () => {
    const files = readdirSync(join(EXAMPLES_DIR, 'templates'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
    expect(templates.map((t) => t.id).sort()).toEqual(files);
  });

  it('keys are unique across templates (the demo publishes them all in one tenant)', () => {
    const keys = templates.flatMap((t) => t.policies.map((p) => p.key));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s uses only node kinds and node ids of the scenario policies it names', (_id, t) => {
    for (const name of t.sources) expect(listExamples('policies')).toContain(name);
    const sourceNodes = t.sources.flatMap((name) => (examplePolicy(name) as { nodes: Array<{ id: string; type: string }> }).nodes);
    for (const p of t.policies) {
      for (const node of p.nodes as Array<{ id: string; type: string }>) {
        expect(
          sourceNodes.some((s) => s.id === node.id && s.type === node.type),
          `${p.key}: node ${node.id} (${node.type}) is in none of ${t.sources.join(', ')}`,
        ).toBe(true);
      }
    }
  });
});
