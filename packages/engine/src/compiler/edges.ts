import type { PolicyDocument } from '../types/policy.js';
import type { Unreadable } from './nodes.js';
import type { CompileError, PlanEdge, PlanNode } from './types.js';

/** The graph as compiled (valid edges only) and as drawn (every edge between existing nodes). */
export interface Edges {
  outgoing: Map<string, PlanEdge[]>;
  incoming: Map<string, PlanEdge[]>;
  /** Every edge between existing nodes, valid or not: what the author drew, for reachability and ancestry. */
  drawnOut: Map<string, string[]>;
  drawnIn: Map<string, string[]>;
  /** Sources and source handles some edge leaves through, even one reported below: not dead ends. */
  drawnFrom: Set<string>;
  drawnHandles: Set<string>;
}

/** Edges: both ends exist, handle is one the source offers. Adds what is wrong to `errors`. */
export function connectEdges(doc: PolicyDocument, nodes: Map<string, PlanNode>, unreadable: Unreadable, errors: CompileError[]): Edges {
  const exists = (id: string) => nodes.has(id) || unreadable.has(id);
  const isTrigger = new Set([...nodes.values()].filter((n) => n.spec.category === 'trigger').map((t) => t.id));
  const outgoing = new Map<string, PlanEdge[]>();
  const incoming = new Map<string, PlanEdge[]>();
  for (const id of nodes.keys()) {
    outgoing.set(id, []);
    incoming.set(id, []);
  }
  const drawnOut = new Map<string, string[]>();
  const drawnIn = new Map<string, string[]>();
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
      errors.push({
        code: 'edgeIntoTrigger',
        nodeId: edge.target,
        edgeId: edge.id,
        message: { en: 'nothing may flow into a trigger', zh: '触发节点不能有连入的连线' },
      });
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
  return { outgoing, incoming, drawnOut, drawnIn, drawnFrom, drawnHandles };
}
