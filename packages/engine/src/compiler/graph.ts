import type { PolicyDocument } from '../types/policy.js';
import type { Edges } from './edges.js';
import type { Unreadable } from './nodes.js';
import type { CompileError, PlanEdge, PlanNode } from './types.js';

/**
 * Exactly one trigger, agreeing with policy.trigger. An unreadable node may be the trigger the
 * author meant (a trigger with a bad config, a misspelt kind): then "no trigger" would only repeat its error.
 */
export function checkTriggers(doc: PolicyDocument, nodes: Map<string, PlanNode>, unreadable: Unreadable, errors: CompileError[]): PlanNode[] {
  const triggers = [...nodes.values()].filter((n) => n.spec.category === 'trigger');
  const maybeTrigger = [...unreadable.values()].some((spec) => spec === undefined || spec.category === 'trigger');
  if (triggers.length === 0 && !maybeTrigger) errors.push({ code: 'noTrigger', message: { en: 'the flow has no trigger node', zh: '流程缺少触发节点' } });
  for (const extra of triggers.slice(1)) {
    errors.push({
      code: 'twoTriggers',
      nodeId: extra.id,
      message: { en: `a flow has one trigger; ${triggers[0]!.id} is already one`, zh: `一个流程只能有一个触发节点，${triggers[0]!.id} 已是触发节点` },
    });
  }
  const trigger = triggers[0];
  if (trigger && triggers.length === 1) {
    const events = (trigger.config as { events: string[] }).events;
    if (doc.trigger && doc.trigger.events.join(',') !== events.join(',')) {
      errors.push({
        code: 'triggerMismatch',
        nodeId: trigger.id,
        field: 'trigger.events',
        message: {
          en: `policy.trigger lists ${doc.trigger.events.join(', ')} but trigger node ${trigger.id} listens to ${events.join(', ')}`,
          zh: `policy.trigger 为 ${doc.trigger.events.join('、')}，但触发节点 ${trigger.id} 监听 ${events.join('、')}`,
        },
      });
    }
  }
  return triggers;
}

/** Order outgoing edges by the source's handle order, then target id: this fixes the output. */
export function sortOutgoing(nodes: Map<string, PlanNode>, outgoing: Map<string, PlanEdge[]>): void {
  for (const [id, list] of outgoing) {
    const node = nodes.get(id)!;
    const order = node.spec.outputs(node.config).map((o) => o.handle);
    list.sort((a, b) => order.indexOf(a.handle) - order.indexOf(b.handle) || cmp(a.target, b.target));
  }
}

/**
 * Required handles (a switch's default) and guards that lead nowhere. An edge reported with its own
 * error still counts as drawn: its error says what to fix, "leads nowhere" would be a second one.
 */
export function checkBranches(nodes: Map<string, PlanNode>, { drawnFrom, drawnHandles }: Edges, errors: CompileError[]): void {
  for (const node of nodes.values()) {
    for (const handle of node.spec.requiredHandles?.(node.config) ?? []) {
      if (!drawnHandles.has(`${node.id}\n${handle}`)) {
        errors.push({
          code: 'missingBranch',
          nodeId: node.id,
          message: {
            en: `node ${node.id} needs an edge from its "${handle}" output: leads matching no case would otherwise stop here`,
            zh: `节点 ${node.id} 的 "${handle}" 出口必须连线，否则不匹配任何分支的线索会停在这里`,
          },
        });
      }
    }
    if ((node.spec.branches || node.spec.category === 'trigger') && !drawnFrom.has(node.id)) {
      errors.push({ code: 'deadEnd', nodeId: node.id, message: { en: `node ${node.id} leads nowhere`, zh: `节点 ${node.id} 没有后续节点` } });
    }
  }
}

/** Cycles among the edges that passed (a loop through an unreadable node shows once it is fixed). */
export function checkCycle(nodes: Map<string, PlanNode>, outgoing: Map<string, PlanEdge[]>, errors: CompileError[]): void {
  const cycle = findCycle(nodes, outgoing);
  if (cycle) {
    errors.push({ code: 'cycle', nodeId: cycle[0], message: { en: `the flow loops: ${cycle.join(' → ')}`, zh: `流程出现循环：${cycle.join(' → ')}` } });
  }
}

/**
 * Orphans: reachability follows every drawn edge, so a node behind a bad handle or an unreadable
 * node is not also called unreachable. Without a trigger there is nothing to reach from.
 */
export function checkReachable(
  triggers: PlanNode[],
  nodes: Map<string, PlanNode>,
  unreadable: Unreadable,
  drawnOut: Map<string, string[]>,
  errors: CompileError[],
): Set<string> {
  const reached = new Set<string>(triggers.map((t) => t.id));
  const stack = [...reached];
  while (stack.length) {
    for (const next of drawnOut.get(stack.pop()!) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        stack.push(next);
      }
    }
  }
  if (triggers.length > 0) {
    for (const id of [...nodes.keys(), ...unreadable.keys()].sort(cmp)) {
      if (!reached.has(id)) {
        errors.push({ code: 'unreachable', nodeId: id, message: { en: `node ${id} cannot be reached from the trigger`, zh: `节点 ${id} 无法从触发节点到达` } });
      }
    }
  }
  return reached;
}

/** Levels (longest distance from the trigger): only for a sound graph, which is acyclic. */
export function assignLevels(nodes: Map<string, PlanNode>, { outgoing, incoming }: Edges, reached: Set<string>): void {
  const topo = topologicalOrder(nodes, outgoing, incoming);
  for (const id of topo) {
    if (!reached.has(id)) continue;
    for (const e of outgoing.get(id)!) {
      const t = nodes.get(e.target)!;
      t.level = Math.max(t.level, nodes.get(id)!.level + 1);
    }
  }
}

function findCycle(nodes: Map<string, PlanNode>, outgoing: Map<string, PlanEdge[]>): string[] | undefined {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    state.set(id, 1);
    stack.push(id);
    for (const e of outgoing.get(id)!) {
      const s = state.get(e.target);
      if (s === 1) return [...stack.slice(stack.indexOf(e.target)), e.target];
      if (s === undefined) {
        const found = visit(e.target);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(id, 2);
    return undefined;
  };
  for (const id of nodes.keys()) {
    if (!state.has(id)) {
      const found = visit(id);
      if (found) return found;
    }
  }
  return undefined;
}

function topologicalOrder(nodes: Map<string, PlanNode>, outgoing: Map<string, PlanEdge[]>, incoming: Map<string, PlanEdge[]>): string[] {
  const indegree = new Map([...nodes.keys()].map((id) => [id, incoming.get(id)!.length]));
  const ready = [...nodes.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length) {
    const id = ready.shift()!;
    order.push(id);
    for (const e of outgoing.get(id)!) {
      const d = indegree.get(e.target)! - 1;
      indegree.set(e.target, d);
      if (d === 0) ready.push(e.target);
    }
  }
  return order;
}

export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
