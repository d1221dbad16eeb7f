// The plan's per-rule target (its effect node and outcome fact name, worked out at compile time)
// against what a decision looked up per run before: the node by id, and `outcome.<node id>`.
import { examplePolicy, listExamples } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../src/index.js';

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
        // Rules of one node share one target: a stratum groups fired rules by it.
        expect(plan.ruleTarget[plan.ruleNode.indexOf(nodeId)]).toBe(target);
        rules++;
      });
    }
    expect(rules).toBeGreaterThan(20);
  });
});
