import dagre from '@dagrejs/dagre';
import type { PolicyDocument } from '@sluice/engine';

export const NODE_W = 240;
export const NODE_H = 110;

/** True when every node sits at the same spot: nobody has placed them yet. */
export function needsLayout(doc: PolicyDocument): boolean {
  if (doc.nodes.length < 2) return false;
  const first = doc.nodes[0]!.position ?? { x: 0, y: 0 };
  return doc.nodes.every((n) => (n.position?.x ?? 0) === first.x && (n.position?.y ?? 0) === first.y);
}

/** Above this many nodes dagre's crossing reduction costs seconds; a plain layered layout takes milliseconds. */
export const DAGRE_MAX_NODES = 120;

/** Top-to-bottom layered layout, one pass; returns new positions keyed by node id. */
export function layoutPositions(doc: PolicyDocument): Map<string, { x: number; y: number }> {
  return doc.nodes.length > DAGRE_MAX_NODES ? layeredPositions(doc) : dagrePositions(doc);
}

/**
 * Longest-path layers (a node sits one row below its lowest parent), nodes of a row side by side
 * in document order, rows centred. Cycles (an invalid policy) are cut where they close.
 */
export function layeredPositions(doc: PolicyDocument): Map<string, { x: number; y: number }> {
  const ids = new Set(doc.nodes.map((n) => n.id));
  const out = new Map<string, string[]>();
  for (const e of doc.edges) if (ids.has(e.source) && ids.has(e.target)) (out.get(e.source) ?? out.set(e.source, []).get(e.source)!).push(e.target);
  const rank = new Map<string, number>();
  const state = new Map<string, 1 | 2>();
  const order: string[] = [];
  // Iterative depth-first post-order gives a topological order without recursion limits.
  for (const n of doc.nodes) {
    if (state.has(n.id)) continue;
    const stack: Array<[string, number]> = [[n.id, 0]];
    state.set(n.id, 1);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const next = out.get(top[0])?.[top[1]++];
      if (next === undefined) {
        stack.pop();
        state.set(top[0], 2);
        order.push(top[0]);
      } else if (!state.has(next)) {
        state.set(next, 1);
        stack.push([next, 0]);
      }
    }
  }
  order.reverse();
  const pos = new Map(order.map((id, i) => [id, i]));
  for (const id of order) {
    const r = rank.get(id) ?? 0;
    rank.set(id, r);
    for (const t of out.get(id) ?? []) if (pos.get(t)! > pos.get(id)!) rank.set(t, Math.max(rank.get(t) ?? 0, r + 1));
  }
  const rows = new Map<number, string[]>();
  for (const n of doc.nodes) (rows.get(rank.get(n.id) ?? 0) ?? rows.set(rank.get(n.id) ?? 0, []).get(rank.get(n.id) ?? 0)!).push(n.id);
  const at = new Map<string, { x: number; y: number }>();
  for (const [r, row] of rows) row.forEach((id, i) => at.set(id, { x: Math.round((i - (row.length - 1) / 2) * (NODE_W + 40)), y: r * (NODE_H + 60) }));
  return at;
}

function dagrePositions(doc: PolicyDocument): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of doc.nodes) g.setNode(n.id, { width: NODE_W, height: NODE_H });
  const ids = new Set(doc.nodes.map((n) => n.id));
  for (const e of doc.edges) if (ids.has(e.source) && ids.has(e.target)) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const out = new Map<string, { x: number; y: number }>();
  for (const n of doc.nodes) {
    const p = g.node(n.id);
    // dagre gives centres; the document keeps top-left corners as React Flow does.
    if (p) out.set(n.id, { x: Math.round(p.x - NODE_W / 2), y: Math.round(p.y - NODE_H / 2) });
  }
  return out;
}

/** The document with laid-out positions; every other field kept as it was. */
export function layoutDocument(doc: PolicyDocument): PolicyDocument {
  const at = layoutPositions(doc);
  return { ...doc, nodes: doc.nodes.map((n) => ({ ...n, position: at.get(n.id) ?? n.position })) };
}
