import { checkCondition, type Condition } from '../expression/condition.js';
import { checkFactPath } from '../expression/factPath.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { NodeSpec } from '../types/nodeSpec.js';
import type { PolicyDocument } from '../types/policy.js';
import { fieldPath, schemaIssueMessage } from '../errors/schemaIssues.js';
import { configFactFields, fieldOf } from './facts.js';
import { cmp } from './graph.js';
import { closestFirst } from '../errors/suggest.js';
import type { CompileError, PlanNode } from './types.js';

/**
 * Nodes that exist but whose kind or config we could not read (spec when the kind is known).
 * Edges to them are not dangling, and whatever depends on their config (handles, outcomes) is
 * checked once they are fixed.
 */
export type Unreadable = Map<string, NodeSpec | undefined>;

/** Nodes: known kind, unique id, valid config. Adds what is wrong to `errors`. */
export function readNodes(doc: PolicyDocument, registry: NodeRegistry, errors: CompileError[]): { nodes: Map<string, PlanNode>; unreadable: Unreadable } {
  const nodes = new Map<string, PlanNode>();
  const unreadable: Unreadable = new Map();
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
        errors.push({ code: 'invalidConfig', nodeId: node.id, field: fieldPath(issue.path), message: schemaIssueMessage(issue, node.data ?? {}) });
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
  return { nodes, unreadable };
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

/** Conditions inside a node's config are checked for fact paths and operator/value types. */
function conditionProblems(spec: PlanNode['spec'], config: unknown) {
  const problems: Array<{ field: string; message: { en: string; zh: string } }> = [];
  const visit = (value: unknown, field: string) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(v, `${field}[${i}]`);
      });
    } else if (value && typeof value === 'object') {
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

export function looksLikeCondition(o: Record<string, unknown>): boolean {
  return ('fact' in o && 'operator' in o) || Array.isArray(o.all) || Array.isArray(o.any) || (o.not !== undefined && typeof o.not === 'object');
}
