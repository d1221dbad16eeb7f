import type { z } from 'zod';
import { checkCondition, compileCondition, conditionFacts, type Condition } from '../expression/condition.js';
import { checkFactPath } from '../expression/factPath.js';
import { DERIVED_FACTS } from '../engine/derived.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { NodeSpec } from '../nodes/spec.js';
import { defaultRegistry } from '../nodes/registry.js';
import { policyDocumentSchema, type PolicyDocument } from '../types/policy.js';
import { closestFirst } from './suggest.js';
import type { CompileError, CompileResult, Plan, PlanEdge, PlanNode, RuleJson } from './types.js';

const MAX_PATHS = 5000;
/** Facts a decision writes as it runs; a reader must come after every writer. */
const RUNTIME_ROOTS = new Set(['score', 'grade', 'stage', 'outcome']);

/**
 * Flow graph → json-rules-engine rules. Every path from the trigger to an effect node becomes
 * one rule per emission: its conditions are the guards along the path (each named
 * `node:handle`), its priority puts upstream effects first. Output is deterministic.
 */
export function compilePolicy(input: unknown, registry: NodeRegistry = defaultRegistry): CompileResult {
  const parsed = policyDocumentSchema.safeParse(input);
  // A document of the wrong shape (or over the size limit) has no graph to check further.
  if (!parsed.success) return { ok: false, errors: documentErrors(input, parsed.error) };
  const doc = parsed.data;
  // Every check below runs in this one pass and adds to `errors`, so the editor sees everything
  // at once; a check that cannot say anything sound about a broken part skips just that part.
  const errors: CompileError[] = [];

  // Nodes: known kind, unique id, valid config.
  const nodes = new Map<string, PlanNode>();
  /**
   * Nodes that exist but whose kind or config we could not read (spec when the kind is known).
   * Edges to them are not dangling, and whatever depends on their config (handles, outcomes) is
   * checked once they are fixed.
   */
  const unreadable = new Map<string, NodeSpec | undefined>();
  for (const node of [...doc.nodes].sort((a, b) => cmp(a.id, b.id))) {
    if (nodes.has(node.id) || unreadable.has(node.id)) {
      errors.push({ code: 'duplicateId', nodeId: node.id, message: { en: `two nodes have id "${node.id}"`, zh: `有两个节点的 id 都是 "${node.id}"` } });
      continue;
    }
    const spec = registry.get(node.type);
    if (!spec) {
      errors.push(unknownKind(node.id, node.type, registry));
      unreadable.set(node.id, undefined);
      continue;
    }
    const config = spec.schema.safeParse(node.data ?? {});
    if (!config.success) {
      for (const issue of config.error.issues) {
        errors.push({ code: 'invalidConfig', nodeId: node.id, field: fieldPath(issue.path), message: issueMessage(issue) });
      }
      unreadable.set(node.id, spec);
      continue;
    }
    const problems = [...(spec.check?.(config.data) ?? []), ...conditionProblems(spec, config.data)];
    const reported = new Set<string>();
    for (const p of problems) {
      // A node's own check and the generic fact-path check may both catch the same field.
      const key = `${p.field}\n${p.message.en}`;
      if (reported.has(key)) continue;
      reported.add(key);
      errors.push({ code: 'invalidConfig', nodeId: node.id, ...(p.field ? { field: p.field } : {}), message: p.message });
    }
    const planNode: PlanNode = { id: node.id, kind: node.type, spec, config: config.data, level: 0 };
    if (node.label !== undefined) planNode.label = node.label;
    nodes.set(node.id, planNode);
  }
  const exists = (id: string) => nodes.has(id) || unreadable.has(id);
  const triggers = [...nodes.values()].filter((n) => n.spec.category === 'trigger');
  const isTrigger = new Set(triggers.map((t) => t.id));

  // Edges: both ends exist, handle is one the source offers.
  const outgoing = new Map<string, PlanEdge[]>();
  const incoming = new Map<string, PlanEdge[]>();
  for (const id of nodes.keys()) {
    outgoing.set(id, []);
    incoming.set(id, []);
  }
  /** Every edge between existing nodes, valid or not: what the author drew, for reachability and ancestry. */
  const drawnOut = new Map<string, string[]>();
  const drawnIn = new Map<string, string[]>();
  /** Sources and source handles some edge leaves through, even one reported below: not dead ends. */
  const drawnFrom = new Set<string>();
  const drawnHandles = new Set<string>();
  const edgeIds = new Set<string>();
  const connections = new Set<string>();
  for (const [index, edge] of doc.edges.entries()) {
    if (edgeIds.has(edge.id)) {
      errors.push({ code: 'duplicateId', edgeId: edge.id, message: { en: `two edges have id "${edge.id}"`, zh: `有两条连线的 id 都是 "${edge.id}"` } });
      continue;
    }
    edgeIds.add(edge.id);
    const sourceExists = exists(edge.source);
    if (!sourceExists || !exists(edge.target)) {
      const missing = sourceExists ? edge.target : edge.source;
      const present = sourceExists ? edge.source : exists(edge.target) ? edge.target : undefined;
      errors.push({
        code: 'danglingEdge',
        edgeId: edge.id,
        ...(present ? { nodeId: present } : {}),
        field: `edges[${index}].${sourceExists ? 'target' : 'source'}`,
        message: { en: `edge ${edge.id} points to a node that does not exist: "${missing}"`, zh: `连线 ${edge.id} 连接了不存在的节点 "${missing}"` },
      });
      continue;
    }
    drawnOut.set(edge.source, [...(drawnOut.get(edge.source) ?? []), edge.target]);
    drawnIn.set(edge.target, [...(drawnIn.get(edge.target) ?? []), edge.source]);
    drawnFrom.add(edge.source);
    const source = nodes.get(edge.source);
    // An unreadable source: which outputs it offers depends on the config we could not read.
    if (!source) continue;
    const outputs = source.spec.outputs(source.config);
    if (outputs.length === 0) {
      errors.push({
        code: 'terminalHasEdges',
        nodeId: source.id,
        edgeId: edge.id,
        message: {
          en: `${source.spec.labels.en} node ${source.id} ends the flow and cannot have outgoing edges`,
          zh: `“${source.spec.labels.zh}”节点 ${source.id} 是终点，不能再连出连线`,
        },
      });
      continue;
    }
    const handle = edge.sourceHandle ?? (outputs.length === 1 ? outputs[0]!.handle : undefined);
    if (!handle || !outputs.some((o) => o.handle === handle)) {
      const offered = outputs.map((o) => o.handle).join(', ');
      errors.push({
        code: 'badHandle',
        nodeId: source.id,
        edgeId: edge.id,
        message: {
          en: `edge ${edge.id} leaves node ${source.id} through "${handle ?? '(none)'}"; choose one of: ${offered}`,
          zh: `连线 ${edge.id} 从节点 ${source.id} 的 "${handle ?? '（未指定）'}" 出口连出；可选出口：${offered}`,
        },
      });
      continue;
    }
    drawnHandles.add(`${source.id}\n${handle}`);
    if (isTrigger.has(edge.target)) {
      // Kept out of the graph: the loop it would close is this same mistake, reported once here.
      errors.push({ code: 'edgeIntoTrigger', nodeId: edge.target, edgeId: edge.id, message: { en: 'nothing may flow into a trigger', zh: '触发节点不能有连入的连线' } });
      continue;
    }
    const target = nodes.get(edge.target);
    if (!target) continue; // into an unreadable node: fine as far as this edge goes
    // The same connection drawn twice is one edge; kept twice it would double every rule below it.
    const connection = JSON.stringify([source.id, handle, target.id]);
    if (connections.has(connection)) continue;
    connections.add(connection);
    const planEdge: PlanEdge = { id: edge.id, source: source.id, target: target.id, handle };
    outgoing.get(source.id)!.push(planEdge);
    incoming.get(target.id)!.push(planEdge);
  }

  // Exactly one trigger. An unreadable node may be the trigger the author meant (a trigger with a
  // bad config, a misspelt kind): then "no trigger" would only repeat its error.
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

  // Order outgoing edges by the source's handle order, then target id: this fixes the output.
  for (const [id, list] of outgoing) {
    const node = nodes.get(id)!;
    const order = node.spec.outputs(node.config).map((o) => o.handle);
    list.sort((a, b) => order.indexOf(a.handle) - order.indexOf(b.handle) || cmp(a.target, b.target));
  }

  // Required handles (a switch's default) and guards that lead nowhere. An edge reported above
  // still counts as drawn: its own error says what to fix, "leads nowhere" would be a second one.
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

  // Cycles among the edges that passed (a loop through an unreadable node shows once it is fixed).
  const cycle = findCycle(nodes, outgoing);
  if (cycle) {
    errors.push({ code: 'cycle', nodeId: cycle[0], message: { en: `the flow loops: ${cycle.join(' → ')}`, zh: `流程出现循环：${cycle.join(' → ')}` } });
  }

  // Orphans: reachability follows every drawn edge, so a node behind a bad handle or an unreadable
  // node is not also called unreachable. Without a trigger there is nothing to reach from.
  const reached = new Set<string>(triggers.map((t) => t.id));
  const stack = [...reached];
  while (stack.length) {
    for (const next of drawnOut.get(stack.pop()!) ?? []) if (!reached.has(next)) reached.add(next), stack.push(next);
  }
  if (triggers.length > 0) {
    for (const id of [...nodes.keys(), ...unreadable.keys()].sort(cmp)) {
      if (!reached.has(id)) {
        errors.push({ code: 'unreachable', nodeId: id, message: { en: `node ${id} cannot be reached from the trigger`, zh: `节点 ${id} 无法从触发节点到达` } });
      }
    }
  }
  errors.push(...checkFacts(nodes, drawnIn, unreadable));
  if (errors.length > 0 || !trigger) return { ok: false, errors };

  // Levels (longest distance from the trigger): only for a sound graph, which is acyclic here.
  const topo = topologicalOrder(nodes, outgoing, incoming);
  for (const id of topo) {
    if (!reached.has(id)) continue;
    for (const e of outgoing.get(id)!) {
      const t = nodes.get(e.target)!;
      t.level = Math.max(t.level, nodes.get(id)!.level + 1);
    }
  }
  return buildRules(doc, trigger, nodes, outgoing, incoming);
}

/** An unknown kind lists every valid kind, closest spelling first, so the fix is usually the first. */
function unknownKind(nodeId: string, kind: string, registry: NodeRegistry): CompileError {
  const kinds = closestFirst(
    kind,
    registry.list().map((s) => s.kind),
  );
  return {
    code: 'unknownKind',
    nodeId,
    field: 'type',
    message: {
      en: `unknown node kind "${kind}"; valid kinds, closest first: ${kinds.join(', ')}`,
      zh: `未知的节点类型 "${kind}"；可用类型（最接近的在前）：${kinds.join('、')}`,
    },
  };
}

function buildRules(
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

  const plan: Plan = {
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
  };
  // policy.trigger was checked against the trigger node with the other errors.
  const events = (trigger.config as { events: string[] }).events;
  return {
    ok: true,
    policy: { key: doc.key, kind: doc.kind, name: doc.name, version: doc.version, trigger: { events: [...events] }, rules: sortedRules, plan },
  };
}

function splitGuardKey(key: string): [string, string] {
  const i = key.lastIndexOf(':');
  return [key.slice(0, i), key.slice(i + 1)];
}

/** Every fact a node's conditions read must exist; runtime facts must be written upstream. */
function checkFacts(nodes: Map<string, PlanNode>, drawnIn: Map<string, string[]>, unreadable: Map<string, unknown>): CompileError[] {
  const errors: CompileError[] = [];
  const writers = new Map<string, string[]>();
  for (const node of nodes.values()) {
    for (const f of node.spec.writes?.(node.config) ?? []) writers.set(f, [...(writers.get(f) ?? []), node.id]);
    if (node.spec.outcomeHandles) writers.set(`outcome.${node.id}`, [node.id]);
  }
  const ancestors = (id: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [id];
    // Over every drawn edge: an edge with its own error still says what the author put before what;
    // for a sound graph this is exactly the compiled graph.
    while (stack.length) for (const source of drawnIn.get(stack.pop()!) ?? []) if (!seen.has(source)) seen.add(source), stack.push(source);
    return seen;
  };
  for (const node of nodes.values()) {
    const read = nodeFacts(node);
    if (read.length === 0) continue;
    const before = ancestors(node.id);
    for (const fact of read) {
      // A malformed path was already reported as the node's invalidConfig; once is enough.
      if (checkFactPath(fact)) continue;
      const root = fact.split('.')[0]!;
      const field = fieldOf(node.config, fact);
      const at = field === undefined ? {} : { field };
      if (root === 'derived' && !DERIVED_FACTS.has(fact.slice('derived.'.length))) {
        errors.push({
          code: 'unknownFact',
          nodeId: node.id,
          ...at,
          message: {
            en: `unknown derived fact "${fact}"; known: ${[...DERIVED_FACTS.keys()].map((k) => 'derived.' + k).join(', ')}`,
            zh: `未知的派生事实 "${fact}"；可用：${[...DERIVED_FACTS.keys()].map((k) => 'derived.' + k).join('、')}`,
          },
        });
        continue;
      }
      // An unreadable node may have outcomes once its kind or config is fixed.
      if (root === 'outcome' && !writers.has(fact) && !unreadable.has(fact.slice('outcome.'.length))) {
        // Would read undefined forever: a typo, or a node that has no outcomes.
        const target = fact.slice('outcome.'.length);
        errors.push({
          code: 'unknownFact',
          nodeId: node.id,
          ...at,
          message: {
            en: `"${fact}" is not the outcome of any node: node ${target} does not exist or has no outcome outputs`,
            zh: `"${fact}" 不是任何节点的结果：节点 ${target} 不存在，或没有结果出口`,
          },
        });
        continue;
      }
      if (!RUNTIME_ROOTS.has(root)) continue;
      const key = root === 'outcome' ? fact : root;
      for (const w of writers.get(key) ?? []) {
        if (!before.has(w)) {
          errors.push({
            code: 'readBeforeWrite',
            nodeId: node.id,
            ...at,
            message: {
              en: `node ${node.id} reads "${fact}" but node ${w}, which sets it, does not come before it`,
              zh: `节点 ${node.id} 读取 "${fact}"，但设置它的节点 ${w} 不在它之前`,
            },
          });
        }
      }
    }
  }
  return errors;
}

/** Facts a node reads: in its conditions, while it executes (`reads`), and wherever its config names a `fact`. */
function nodeFacts(node: PlanNode): string[] {
  const out: string[] = [];
  for (const c of Object.values(node.spec.branches?.(node.config) ?? {})) conditionFacts(c, out);
  for (const e of node.spec.emits?.(node.config) ?? []) if (e.when) conditionFacts(e.when, out);
  for (const f of [...(node.spec.reads?.(node.config) ?? []), ...configFacts(node.config)]) if (!out.includes(f)) out.push(f);
  return out;
}

/** Every string held under a `fact` key anywhere in a config, with its field path. */
function configFactFields(config: unknown): Array<{ field: string; path: string }> {
  const out: Array<{ field: string; path: string }> = [];
  const visit = (value: unknown, field: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${field}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const at = field ? `${field}.${k}` : k;
        if (k === 'fact' && typeof v === 'string') out.push({ field: at, path: v });
        else visit(v, at);
      }
    }
  };
  visit(config, '');
  return out;
}

function configFacts(config: unknown): string[] {
  return configFactFields(config).map((f) => f.path);
}

/** Where in the config a fact path is written: a `fact` field first, else any field holding it. */
function fieldOf(config: unknown, path: string): string | undefined {
  const byKey = configFactFields(config).find((f) => f.path === path);
  if (byKey) return byKey.field;
  let found: string | undefined;
  const visit = (value: unknown, field: string) => {
    if (found !== undefined) return;
    if (value === path) found = field;
    else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${field}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, field ? `${field}.${k}` : k);
  };
  visit(config, '');
  return found || undefined;
}

/** Conditions inside a node's config are checked for fact paths and operator/value types. */
function conditionProblems(spec: PlanNode['spec'], config: unknown) {
  const problems: Array<{ field: string; message: { en: string; zh: string } }> = [];
  const visit = (value: unknown, field: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${field}[${i}]`));
    else if (value && typeof value === 'object') {
      const obj = value as Record<string, unknown>;
      if (looksLikeCondition(obj)) {
        problems.push(...checkCondition(obj as Condition, field));
        return;
      }
      for (const [k, v] of Object.entries(obj)) visit(v, field ? `${field}.${k}` : k);
    }
  };
  visit(config, '');
  // Fact paths outside conditions too (a switch's field, an assignment's match …), whatever the node
  // kind checks itself; the caller drops repeats.
  for (const { field, path } of configFactFields(config)) {
    const p = checkFactPath(path);
    if (p) problems.push({ field, message: p.message });
  }
  for (const path of spec.reads?.(config) ?? []) {
    const p = checkFactPath(path);
    if (p) problems.push({ field: fieldOf(config, path) ?? '', message: p.message });
  }
  return problems;
}

function looksLikeCondition(o: Record<string, unknown>): boolean {
  return ('fact' in o && 'operator' in o) || Array.isArray(o.all) || Array.isArray(o.any) || (o.not !== undefined && typeof o.not === 'object');
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

function documentErrors(input: unknown, error: z.ZodError): CompileError[] {
  const nodesInput = (input as { nodes?: unknown })?.nodes;
  return error.issues.map((issue) => {
    const path = issue.path;
    const e: CompileError = { code: 'invalidDocument', field: fieldPath(path), message: sizeMessage(input, issue) ?? issueMessage(issue) };
    if (path[0] === 'nodes' && typeof path[1] === 'number' && Array.isArray(nodesInput)) {
      const id = (nodesInput[path[1]] as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') e.nodeId = id;
    }
    return e;
  });
}

/** Over the size limit (500 nodes / 2,000 edges, in the document schema): say how many there are. */
function sizeMessage(input: unknown, issue: z.core.$ZodIssue): { en: string; zh: string } | undefined {
  if (issue.code !== 'too_big' || issue.path.length !== 1) return undefined;
  const key = issue.path[0];
  if (key !== 'nodes' && key !== 'edges') return undefined;
  const list = (input as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return undefined;
  const max = String(issue.maximum);
  return key === 'nodes'
    ? { en: `the policy has ${list.length} nodes; at most ${max}`, zh: `策略有 ${list.length} 个节点，最多 ${max} 个` }
    : { en: `the policy has ${list.length} edges; at most ${max}`, zh: `策略有 ${list.length} 条连线，最多 ${max} 条` };
}

export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

function issueMessage(issue: z.core.$ZodIssue): { en: string; zh: string } {
  return { en: issue.message, zh: zhIssue(issue) };
}

function zhIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `类型错误：应为 ${issue.expected}`;
    case 'too_small':
      return `取值过小或过短（最小 ${String(issue.minimum)}）`;
    case 'too_big':
      return `取值过大或过长（最大 ${String(issue.maximum)}）`;
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      return `格式错误（${issue.format}）`;
    case 'invalid_union':
      return '不符合任何一种允许的写法';
    default:
      return `无效：${issue.message}`;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
