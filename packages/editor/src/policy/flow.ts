import { Position, type Edge, type Node, type NodeHandle } from '@xyflow/react';
import type { PolicyDocument } from '@sluice/engine';
import { hasInput, outputsOf } from './catalog';
import { NODE_H, NODE_W } from './layout';

export type DocNode = PolicyDocument['nodes'][number];
export type DocEdge = PolicyDocument['edges'][number];
export type Mark = 'added' | 'removed' | 'changed';

/** What a drawn node carries: the document node itself, plus how to show it. */
export type PolicyNodeData = {
  node: DocNode;
  mark?: Mark;
  lit?: boolean;
  dim?: boolean;
  problems?: number;
  readOnly?: boolean;
};
export type PolicyFlowNode = Node<PolicyNodeData, 'policy'>;

export interface Decorations {
  highlight?: { nodes: string[]; edges?: string[] } | null;
  marks?: Record<string, Mark>;
  problems?: Record<string, number>;
  selected?: ReadonlySet<string>;
  readOnly?: boolean;
}

export function toFlowNodes(doc: PolicyDocument, d: Decorations = {}): PolicyFlowNode[] {
  const lit = d.highlight ? new Set(d.highlight.nodes) : null;
  const big = doc.nodes.length > BIG_POLICY;
  return doc.nodes.map((n) => ({
    ...(big ? estimatedGeometry(n) : {}),
    id: n.id,
    type: 'policy',
    position: n.position ?? { x: 0, y: 0 },
    selected: d.selected?.has(n.id) ?? false,
    data: {
      node: n,
      mark: d.marks?.[n.id],
      lit: lit?.has(n.id) ?? false,
      dim: lit ? !lit.has(n.id) : false,
      problems: d.problems?.[n.id] ?? 0,
      readOnly: d.readOnly,
    },
  }));
}

export function toFlowEdges(doc: PolicyDocument, d: Decorations = {}): Edge[] {
  const lit = d.highlight ? new Set(d.highlight.edges ?? []) : null;
  const litNodes = d.highlight ? new Set(d.highlight.nodes) : null;
  return doc.edges.map((e) => {
    // Without edge ids, an edge between two lit nodes is on the path.
    const on = lit ? lit.has(e.id) || (!d.highlight?.edges && !!litNodes?.has(e.source) && !!litNodes?.has(e.target)) : false;
    const mark = d.marks?.[e.id];
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      sourceHandle: e.sourceHandle ?? null,
      targetHandle: e.targetHandle ?? null,
      animated: on,
      className: [on ? 'lit' : '', lit && !on ? 'dim' : '', mark ? `mark-${mark}` : ''].filter(Boolean).join(' ') || undefined,
    };
  });
}

/** Above this many nodes a canvas draws only what is in view. */
export const BIG_POLICY = 60;

/**
 * A node's size and handles as the canvas will draw them (width fixed by CSS, height typical),
 * given before it is measured. React Flow draws every node it has not measured, so without this a
 * 300-node policy drew all 300 once just to learn their sizes; with it, only those in view are
 * drawn, and each is re-measured when it first shows.
 */
export function estimatedGeometry(node: DocNode): Pick<PolicyFlowNode, 'initialWidth' | 'initialHeight' | 'handles'> {
  const outputs = outputsOf(node);
  const handles: NodeHandle[] = outputs.map((o, i) => ({
    id: o.handle,
    type: 'source',
    position: Position.Bottom,
    x: Math.round(((i + 0.5) * NODE_W) / outputs.length) - 5,
    y: NODE_H - 5,
    width: 10,
    height: 10,
  }));
  if (hasInput(node.type)) handles.push({ id: null, type: 'target', position: Position.Top, x: NODE_W / 2 - 3, y: -3, width: 6, height: 6 });
  return { initialWidth: NODE_W, initialHeight: NODE_H, handles };
}
