import type { PolicyDocument } from '@sluice/engine';
import { temporal } from 'zundo';
import { createStore, useStore } from 'zustand';
import { kindInfo, outputsOf } from './catalog';
import type { DocEdge, DocNode } from './flow';
import { layoutDocument, NODE_H, NODE_W } from './layout';

/**
 * The policy being edited. Only `doc` is in the undo history (zundo); selection and clipboard are
 * not edits. Every change copies just the node or edge it touches, so fields the editor does not
 * know (on the document, a node or an edge) survive any edit.
 */
export interface PolicyState {
  doc: PolicyDocument;
  selected: string[];
  selectedEdges: string[];
  setDoc(doc: PolicyDocument): void;
  select(nodes: string[], edges?: string[]): void;
  addNode(kind: string, at?: { x: number; y: number }, after?: string): string;
  updateNodeData(id: string, data: unknown): void;
  moveNodes(moves: Array<{ id: string; x: number; y: number }>): void;
  connect(e: { source: string; target: string; sourceHandle?: string | null }): void;
  removeSelected(): void;
  removeElements(nodeIds: string[], edgeIds: string[]): void;
  copy(): Clip | null;
  paste(clip: Clip): void;
  layout(): void;
}

export interface Clip {
  nodes: DocNode[];
  edges: DocEdge[];
}

export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  const base = prefix.replace(/[^A-Za-z0-9_-]/g, '') || 'node';
  for (let i = 1; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** A spot below `near` (or under the lowest node) that no node covers. */
export function freeSpot(doc: PolicyDocument, near?: { x: number; y: number }): { x: number; y: number } {
  const start = near ? { x: near.x, y: near.y + NODE_H + 50 } : { x: 0, y: doc.nodes.reduce((m, n) => Math.max(m, (n.position?.y ?? 0) + NODE_H + 50), 0) };
  const covered = (p: { x: number; y: number }) =>
    doc.nodes.some((n) => Math.abs((n.position?.x ?? 0) - p.x) < NODE_W && Math.abs((n.position?.y ?? 0) - p.y) < NODE_H);
  const p = { ...start };
  while (covered(p)) p.x += NODE_W + 30;
  return p;
}

/** The first output of `source` with no edge yet (or its first output). */
function freeHandle(doc: PolicyDocument, source: DocNode): string | null | undefined {
  const outs = outputsOf(source);
  if (outs.length === 0) return undefined;
  if (outs.length === 1) return null;
  const used = new Set(doc.edges.filter((e) => e.source === source.id).map((e) => e.sourceHandle));
  return (outs.find((o) => !used.has(o.handle)) ?? outs[0]!).handle;
}

export function createPolicyStore(initial: PolicyDocument) {
  return createStore<PolicyState>()(
    temporal(
      (set, get) => ({
        doc: initial,
        selected: [],
        selectedEdges: [],
        setDoc: (doc) => set({ doc }),
        select: (nodes, edges = []) => set({ selected: nodes, selectedEdges: edges }),
        addNode: (kind, at, after) => {
          const { doc } = get();
          const ids = new Set(doc.nodes.map((n) => n.id));
          const id = freshId(kind.split('.').pop() ?? kind, ids);
          const source = after ? doc.nodes.find((n) => n.id === after) : undefined;
          const node: DocNode = { id, type: kind, position: at ?? freeSpot(doc, source?.position), data: structuredClone(kindInfo(kind)?.defaults ?? {}) };
          const edges = [...doc.edges];
          const handle = source && kindInfo(kind)?.category !== 'trigger' ? freeHandle(doc, source) : undefined;
          if (source && handle !== undefined) {
            const edgeIds = new Set(doc.edges.map((e) => e.id));
            edges.push({ id: freshId('e', edgeIds), source: source.id, target: id, ...(handle ? { sourceHandle: handle } : {}) });
          }
          set({ doc: { ...doc, nodes: [...doc.nodes, node], edges }, selected: [id], selectedEdges: [] });
          return id;
        },
        updateNodeData: (id, data) => set(({ doc }) => ({ doc: { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? { ...n, data } : n)) } })),
        moveNodes: (moves) => {
          const at = new Map(moves.map((m) => [m.id, { x: Math.round(m.x), y: Math.round(m.y) }]));
          set(({ doc }) => ({ doc: { ...doc, nodes: doc.nodes.map((n) => (at.has(n.id) ? { ...n, position: at.get(n.id)! } : n)) } }));
        },
        connect: ({ source, target, sourceHandle }) => {
          const { doc } = get();
          if (source === target) return;
          const h = sourceHandle ?? null;
          if (doc.edges.some((e) => e.source === source && e.target === target && (e.sourceHandle ?? null) === h)) return;
          const id = freshId('e', new Set(doc.edges.map((e) => e.id)));
          set({ doc: { ...doc, edges: [...doc.edges, { id, source, target, ...(h ? { sourceHandle: h } : {}) }] } });
        },
        removeSelected: () => get().removeElements(get().selected, get().selectedEdges),
        removeElements: (nodeIds, edgeIds) => {
          if (nodeIds.length === 0 && edgeIds.length === 0) return;
          const nodes = new Set(nodeIds);
          const edges = new Set(edgeIds);
          set(({ doc }) => ({
            doc: {
              ...doc,
              nodes: doc.nodes.filter((n) => !nodes.has(n.id)),
              edges: doc.edges.filter((e) => !edges.has(e.id) && !nodes.has(e.source) && !nodes.has(e.target)),
            },
            selected: [],
            selectedEdges: [],
          }));
        },
        copy: () => {
          const { doc, selected } = get();
          if (selected.length === 0) return null;
          const ids = new Set(selected);
          return structuredClone({ nodes: doc.nodes.filter((n) => ids.has(n.id)), edges: doc.edges.filter((e) => ids.has(e.source) && ids.has(e.target)) });
        },
        paste: (clip) => {
          const { doc } = get();
          const nodeIds = new Set(doc.nodes.map((n) => n.id));
          const edgeIds = new Set(doc.edges.map((e) => e.id));
          const rename = new Map<string, string>();
          const nodes = clip.nodes.map((n) => {
            const id = freshId(n.id.replace(/-\d+$/, ''), nodeIds);
            nodeIds.add(id);
            rename.set(n.id, id);
            return { ...structuredClone(n), id, position: { x: (n.position?.x ?? 0) + 40, y: (n.position?.y ?? 0) + 40 } };
          });
          const edges = clip.edges.map((e) => {
            const id = freshId('e', edgeIds);
            edgeIds.add(id);
            return { ...structuredClone(e), id, source: rename.get(e.source)!, target: rename.get(e.target)! };
          });
          set({ doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] }, selected: nodes.map((n) => n.id), selectedEdges: [] });
        },
        layout: () => set(({ doc }) => ({ doc: layoutDocument(doc) })),
      }),
      {
        partialize: (s) => ({ doc: s.doc }),
        equality: (a, b) => a.doc === b.doc,
        limit: 200,
      },
    ),
  );
}

export type PolicyStore = ReturnType<typeof createPolicyStore>;

export function usePolicy<T>(store: PolicyStore, pick: (s: PolicyState) => T): T {
  return useStore(store, pick);
}

export function undo(store: PolicyStore): void {
  store.temporal.getState().undo();
}
export function redo(store: PolicyStore): void {
  store.temporal.getState().redo();
}
