import type { Edge, Node } from '@xyflow/react';
import type { PolicyDocument } from '@sluice/engine';

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
  return doc.nodes.map((n) => ({
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
