import { compilePolicy, runPolicyTests } from '@sluice/engine';
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

  // The editor draws a node as a 240×110 box at its stored top-left corner (packages/editor/src/policy/layout.ts):
  // a template opened in the editor must show every node, none hidden under another.
  it.each(templates.flatMap((t) => t.policies.map((p) => [t.id, p.key, p] as const)))(
    '%s: no two nodes of policy %s overlap on the canvas',
    (_id, _key, policy) => {
      const W = 240;
      const H = 110;
      const nodes = policy.nodes as Array<{ id: string; position?: { x: number; y: number } }>;
      const overlaps: string[] = [];
      for (const [i, a] of nodes.entries())
        for (const b of nodes.slice(i + 1)) {
          const pa = a.position ?? { x: 0, y: 0 };
          const pb = b.position ?? { x: 0, y: 0 };
          if (Math.abs(pa.x - pb.x) < W && Math.abs(pa.y - pb.y) < H) overlaps.push(`${a.id} / ${b.id}`);
        }
      expect(overlaps).toEqual([]);
    },
  );

  it('every template policy but the 7-day reclaim carries the test cases of its scenario, and they pass', () => {
    const policies = templates.flatMap((t) => t.policies);
    const withCases = policies.filter((p) => Array.isArray(p.tests) && p.tests.length > 0).map((p) => p.key);
    expect(withCases.sort()).toEqual(
      policies
        .map((p) => p.key)
        .filter((k) => k !== 'reclaim-7d')
        .sort(),
    );
    for (const p of policies.filter((x) => withCases.includes(x.key))) {
      const run = runPolicyTests(p);
      expect([p.key, run.counts.failed, run.counts.errors]).toEqual([p.key, 0, 0]);
      expect(run.counts.cases).toBe((p.tests as unknown[]).length);
    }
  });
});
