import { sentFacts } from './facts.js';
import type { ExplainStep, ExplainWalk, Plan } from './types.js';

/**
 * The explanation's walk over a plan: every node in level order with the handles it can leave by
 * (indexed, so a decision marks the ones it passed in one byte array) and the handles that reach it.
 */
export function explainWalk(plan: Omit<Plan, 'explainWalk'>): ExplainWalk {
  const handleIndex = new Map<string, number>();
  const steps: ExplainStep[] = plan.order.map((node) => {
    const outputs = node.spec.outputs(node.config).map((o) => {
      const key = `${node.id}:${o.handle}`;
      const index = handleIndex.size;
      handleIndex.set(key, index);
      const g = plan.guardIndex.get(key);
      return { handle: o.handle, index, ...(g !== undefined && node.spec.branches ? { guard: plan.guards[g]!.fn } : {}) };
    });
    const step: ExplainStep = { node, isTrigger: node.spec.category === 'trigger', incoming: [], outputs, sentFacts: sentFacts(node) };
    if (node.spec.branches) step.branches = node.spec.branches(node.config);
    return step;
  });
  for (const step of steps) {
    for (const e of plan.incoming.get(step.node.id) ?? []) {
      const h = handleIndex.get(`${e.source}:${e.handle}`);
      if (h !== undefined) step.incoming.push(h);
    }
  }
  return { steps, handleCount: handleIndex.size };
}
