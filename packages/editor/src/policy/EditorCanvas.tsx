import { Background, Controls, ReactFlow, useReactFlow, type Edge, type EdgeChange, type NodeChange } from '@xyflow/react';
import { useCallback, useMemo, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BIG_POLICY, estimatedGeometry, toFlowEdges, type DocNode, type PolicyFlowNode } from './flow';
import { DRAG_TYPE } from './Palette';
import { NodeWords, nodeTypes } from './PolicyNode';
import { FIT_VIEW, PolicyMiniMap, useMeasured } from './PolicyMiniMap';
import { useLang } from './useLang';
import { usePolicy, type PolicyStore } from './store';
import { useSelectedInView } from './useSelectedInView';

const BIG = 100;

interface Cached {
  src: DocNode;
  selected: boolean;
  problems: number;
  lit: boolean;
  size: { width: number; height: number } | undefined;
  flow: PolicyFlowNode;
}

/**
 * The editable canvas. The store's document is the truth; React Flow only draws it. A drag moves
 * nodes locally and commits one move when it ends, so one drag is one undo step.
 */
export function EditorCanvas({
  store,
  problems,
  readOnly,
  highlight,
}: {
  store: PolicyStore;
  problems: Record<string, number>;
  readOnly?: boolean;
  highlight?: { nodes: string[]; edges?: string[] } | null;
}) {
  const { t } = useTranslation('policy');
  const lang = useLang();
  const words = useMemo(() => ({ lang, t }), [lang, t]);
  const doc = usePolicy(store, (s) => s.doc);
  const selected = usePolicy(store, (s) => s.selected);
  const selectedEdges = usePolicy(store, (s) => s.selectedEdges);
  const [dragging, setDragging] = useState<Map<string, { x: number; y: number }>>(new Map());
  const cache = useRef(new Map<string, Cached>());
  const flow = useReactFlow();
  const [measured, onDimensions] = useMeasured();
  const container = useRef<HTMLDivElement>(null);
  useSelectedInView(container, selected, doc.nodes, measured);

  const nodes = useMemo(() => {
    const big = doc.nodes.length > BIG_POLICY;
    const sel = new Set(selected);
    const lit = highlight ? new Set(highlight.nodes) : null;
    const next = new Map<string, Cached>();
    const out = doc.nodes.map((n) => {
      const s = sel.has(n.id);
      const p = problems[n.id] ?? 0;
      const l = lit?.has(n.id) ?? false;
      const m = measured.get(n.id);
      const old = cache.current.get(n.id);
      const c: Cached =
        old && old.src === n && old.selected === s && old.problems === p && old.lit === l && old.size === m
          ? old
          : {
              src: n,
              selected: s,
              problems: p,
              lit: l,
              size: m,
              flow: {
                // Estimates only until measured: given handles would replace the measured ones.
                ...(big && !m ? estimatedGeometry(n) : {}),
                ...(m ? { measured: m } : {}),
                id: n.id,
                type: 'policy',
                position: n.position ?? { x: 0, y: 0 },
                selected: s,
                data: { node: n, problems: p, lit: l, dim: lit ? !l : false },
              },
            };
      next.set(n.id, c);
      const moving = dragging.get(n.id);
      return moving ? { ...c.flow, position: moving, dragging: true } : c.flow;
    });
    cache.current = next;
    return out;
  }, [doc.nodes, selected, problems, dragging, highlight, measured]);

  const edges: Edge[] = useMemo(() => {
    const sel = new Set(selectedEdges);
    return toFlowEdges(doc, { highlight }).map((e) => (sel.has(e.id) ? { ...e, selected: true } : e));
  }, [doc, selectedEdges, highlight]);

  const onNodesChange = useCallback(
    (changes: NodeChange<PolicyFlowNode>[]) => {
      onDimensions(changes);
      const moves: Array<{ id: string; x: number; y: number }> = [];
      let drag: Map<string, { x: number; y: number }> | null = null;
      let sel: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'position' && c.position) {
          if (c.dragging) (drag ??= new Map(dragging)).set(c.id, c.position);
          else moves.push({ id: c.id, x: c.position.x, y: c.position.y });
        } else if (c.type === 'position' && !c.dragging && dragging.has(c.id)) {
          const at = dragging.get(c.id)!;
          moves.push({ id: c.id, x: at.x, y: at.y });
        } else if (c.type === 'select') {
          sel ??= new Set(store.getState().selected);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      if (drag) setDragging(drag);
      if (moves.length) {
        store.getState().moveNodes(moves);
        setDragging((d) => {
          const n = new Map(d);
          for (const m of moves) n.delete(m.id);
          return n;
        });
      }
      if (sel) store.getState().select([...sel], store.getState().selectedEdges);
    },
    [dragging, store, onDimensions],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      let sel: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          sel ??= new Set(store.getState().selectedEdges);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      if (sel) store.getState().select(store.getState().selected, [...sel]);
    },
    [store],
  );

  // A big policy opens at its trigger, readable, rather than shrunk to fit: far fewer nodes to draw at once.
  const big = doc.nodes.length > BIG;
  const [startViewport] = useState(() => {
    const first = doc.nodes.find((n) => n.type === 'trigger') ?? doc.nodes[0];
    return { x: 400 - (first?.position?.x ?? 0), y: 40 - (first?.position?.y ?? 0), zoom: 0.8 };
  });

  const onDrop = useCallback(
    (e: DragEvent) => {
      const kind = e.dataTransfer.getData(DRAG_TYPE);
      if (!kind || readOnly) return;
      e.preventDefault();
      const at = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      store.getState().addNode(kind, { x: Math.round(at.x), y: Math.round(at.y) });
    },
    [flow, store, readOnly],
  );

  return (
    <div className="policy-canvas" role="region" aria-label={t('canvas')} data-testid="editor-canvas" ref={container}>
      <NodeWords.Provider value={words}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={(c) => store.getState().connect({ source: c.source, target: c.target, sourceHandle: c.sourceHandle })}
          onDelete={({ nodes: ns, edges: es }) =>
            store.getState().removeElements(
              ns.map((n) => n.id),
              es.map((e) => e.id),
            )
          }
          onDragOver={(e) => {
            if (e.dataTransfer.types.includes(DRAG_TYPE)) {
              e.preventDefault();
              e.dataTransfer.dropEffect = 'copy';
            }
          }}
          onDrop={onDrop}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
          multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
          fitView={!big}
          fitViewOptions={FIT_VIEW}
          defaultViewport={big ? startViewport : undefined}
          minZoom={0.05}
          onlyRenderVisibleElements={doc.nodes.length > BIG_POLICY}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} fitViewOptions={FIT_VIEW} />
          <PolicyMiniMap label={t('minimap')} />
        </ReactFlow>
      </NodeWords.Provider>
    </div>
  );
}
