import { pointerKeyOf } from '../assignment/assign.js';
import { compileCondition, type Condition } from '../expression/condition.js';
import { factReader } from '../fields/derived.js';
import { explainWalk } from './explainWalk.js';
import type { PolicyDocument } from '../types/policy.js';
import { cmp } from './graph.js';
import type { CompileResult, Plan, PlanEdge, PlanNode, RuleJson, RuleTarget } from './types.js';

const MAX_PATHS = 5000;

/**
 * Flow graph → json-rules-engine rules. Every path from the trigger to an effect node becomes
 * one rule per emission: its conditions are the guards along the path (each named
 * `node:handle`), its priority puts upstream effects first. Output is deterministic.
 */
export function buildRules(
  doc: PolicyDocument,
  trigger: PlanNode,
  nodes: Map<string, PlanNode>,
  outgoing: Map<string, PlanEdge[]>,
  incoming: Map<string, PlanEdge[]>,
): CompileResult {
  const maxLevel = Math.max(...[...nodes.values()].map((n) => n.level));
  const guardConditions = new Map<string, Condition>();
  const guardOf = (edge: PlanEdge): string | undefined => {
    const source = nodes.get(edge.source)!;
    const key = `${source.id}:${edge.handle}`;
    if (guardConditions.has(key)) return key;
    let condition: Condition | undefined;
    if (source.spec.branches) condition = source.spec.branches(source.config)[edge.handle];
    else if (source.spec.outcomeHandles) condition = { fact: `outcome.${source.id}`, operator: 'equal', value: edge.handle };
    if (!condition) return undefined;
    guardConditions.set(key, { all: [condition], name: key });
    return key;
  };

  const rules: RuleJson[] = [];
  const ruleMeta: Array<{ guards: string[]; when?: Condition; node: string; emission: number }> = [];
  let paths = 0;
  // `steps` names the path for people (node or node:handle), `ids` for machines.
  const walk = (nodeId: string, steps: string[], ids: string[], guards: string[]): boolean => {
    const node = nodes.get(nodeId)!;
    const hereIds = [...ids, nodeId];
    if (node.spec.emits) {
      node.spec.emits(node.config).forEach((emission, i) => {
        const conditions: Condition[] = guards.map((g) => guardConditions.get(g)!);
        if (emission.when) conditions.push(emission.when);
        rules.push({
          name: `${[...steps, nodeId].join('>')}#${i}`,
          priority: maxLevel - node.level + 1,
          conditions: { all: conditions },
          event: { type: node.kind, params: { nodeId, path: hereIds, emission: i, ...emission.params } },
        });
        ruleMeta.push({ guards, ...(emission.when ? { when: emission.when } : {}), node: nodeId, emission: i });
      });
    }
    for (const edge of outgoing.get(nodeId)!) {
      if (++paths > MAX_PATHS) return false;
      const g = guardOf(edge);
      if (!walk(edge.target, [...steps, g ?? nodeId], hereIds, g ? [...guards, g] : guards)) return false;
    }
    return true;
  };
  // Counting paths needs a sound acyclic graph, so this is the one error that comes after the others.
  if (!walk(trigger.id, [], [], [])) {
    return {
      ok: false,
      errors: [
        {
          code: 'tooManyPaths',
          message: {
            en: `the flow has more than ${MAX_PATHS} paths; merge branches with a switch`,
            zh: `流程路径超过 ${MAX_PATHS} 条，请用分支节点合并`,
          },
        },
      ],
    };
  }

  // Stable order: priority first, then the order paths were walked.
  const order = rules.map((_, i) => i).sort((a, b) => rules[b]!.priority - rules[a]!.priority || a - b);
  const sortedRules = order.map((i) => rules[i]!);
  const sortedMeta = order.map((i) => ruleMeta[i]!);

  const facts: string[] = [];
  const slotOf = new Map<string, number>();
  const slot = (path: string): number => {
    let s = slotOf.get(path);
    if (s === undefined) {
      s = facts.length;
      facts.push(path);
      slotOf.set(path, s);
    }
    return s;
  };
  const guards: Plan['guards'] = [];
  const guardIndex = new Map<string, number>();
  for (const key of [...guardConditions.keys()].sort(cmp)) {
    const condition = guardConditions.get(key)!;
    const [nodeId, handle] = splitGuardKey(key);
    guardIndex.set(key, guards.length);
    guards.push({ nodeId, handle, condition, fn: compileCondition(condition, slot) });
  }
  const strata: Plan['strata'] = [];
  sortedRules.forEach((rule, i) => {
    const last = strata[strata.length - 1];
    if (last && last.priority === rule.priority) last.rules.push(i);
    else strata.push({ priority: rule.priority, rules: [i] });
  });
  for (const node of nodes.values()) for (const f of node.spec.reads?.(node.config) ?? []) slot(f);

  const ruled = {
    nodes,
    order: [...nodes.values()].sort((a, b) => a.level - b.level || cmp(a.id, b.id)),
    incoming,
    facts,
    slotOf,
    guards,
    guardIndex,
    strata,
    ruleGuards: sortedMeta.map((m) => m.guards.map((g) => guardIndex.get(g)!)),
    ruleWhen: sortedMeta.map((m) => (m.when ? compileCondition(m.when, slot) : undefined)),
    ruleNode: sortedMeta.map((m) => m.node),
    ruleEmission: sortedMeta.map((m) => m.emission),
    ruleTarget: ruleTargets(doc.key, sortedMeta, nodes),
    readers: facts.map(factReader),
    guardMemo: new Uint8Array(guards.length),
  };
  const plan: Plan = { ...ruled, explainWalk: explainWalk(ruled) };
  // policy.trigger was checked against the trigger node with the other errors.
  const events = (trigger.config as { events: string[] }).events;
  return {
    ok: true,
    policy: { key: doc.key, kind: doc.kind, name: doc.name, version: doc.version, trigger: { events: [...events] }, rules: sortedRules, plan },
  };
}

/** Each rule's effect node, outcome fact name and pointer key, one object per node shared by its rules. */
function ruleTargets(policyKey: string, meta: ReadonlyArray<{ node: string }>, nodes: Map<string, PlanNode>): RuleTarget[] {
  const byNode = new Map<string, RuleTarget>();
  return meta.map((m) => {
    let target = byNode.get(m.node);
    if (target === undefined) {
      target = { node: nodes.get(m.node)!, outcomeFact: `outcome.${m.node}`, policyKey, pointerKey: pointerKeyOf(policyKey, m.node) };
      byNode.set(m.node, target);
    }
    return target;
  });
}

function splitGuardKey(key: string): [string, string] {
  const i = key.lastIndexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}
