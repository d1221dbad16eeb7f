// The plan's per-rule target (its effect node and outcome fact name, worked out at compile time)
// against what a decision looked up per run before: the node by id, and `outcome.<node id>`.
import { examplePolicy, listExamples } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { type CompiledPolicy, compilePolicy, step } from '../src/index.js';
import { compiledExample, stateFrom } from './scenarios/harness.js';

describe('plan.ruleTarget', () => {
  const names = listExamples('policies');

  it('names, for every rule of every corpus policy, the node the rule runs and that node’s outcome fact', () => {
    let rules = 0;
    for (const name of names) {
      const compiled = compilePolicy(examplePolicy(name));
      if (!compiled.ok) continue;
      const plan = compiled.policy.plan;
      expect(plan.ruleTarget).toHaveLength(plan.ruleNode.length);
      plan.ruleNode.forEach((nodeId, rule) => {
        const target = plan.ruleTarget[rule]!;
        expect(target.node).toBe(plan.nodes.get(nodeId));
        expect(target.outcomeFact).toBe(`outcome.${nodeId}`);
        // The pointer key a round robin keeps its turn under, made here once rather than per decision.
        expect(target.pointerKey).toBe(`${compiled.policy.key}/${nodeId}`);
        expect(target.policyKey).toBe(compiled.policy.key);
        // Rules of one node share one target: a stratum groups fired rules by it.
        expect(plan.ruleTarget[plan.ruleNode.indexOf(nodeId)]).toBe(target);
        rules++;
      });
    }
    expect(rules).toBeGreaterThan(20);
  });
});

describe('a round robin’s pointer key', () => {
  const event = { id: 'e', type: 'lead.created', at: '2026-03-02T09:00:00.000Z', lead: { id: 'N-1' } } as const;
  const pointerKeys = (policy: CompiledPolicy) => {
    const result = step({ policies: [policy], state: stateFrom('ae-team'), event, now: event.at, explain: false });
    return result.ok ? result.changes.flatMap((c) => (c.type === 'pointer.set' ? [c.key] : [])) : [];
  };
  const policy = compiledExample('s06-round-robin');

  it('is the plan’s, `<policy key>/<node id>`', () => {
    const keys = pointerKeys(policy);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${policy.key}/`));
    expect(policy.plan.ruleTarget.map((t) => t.pointerKey)).toContain(keys[0]);
  });

  it('follows a policy copied under another key after compiling (not the plan’s stale key)', () => {
    const keys = pointerKeys({ ...policy, key: 'copied' });
    expect(keys).toEqual([keys[0]!.replace(/^[^/]*\//, 'copied/')]);
    expect(keys[0]).toMatch(/^copied\//);
  });
});
