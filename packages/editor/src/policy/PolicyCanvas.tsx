import '@xyflow/react/dist/style.css';
import './policy.css';
import { Background, Controls, ReactFlow, ReactFlowProvider } from '@xyflow/react';
import type { PolicyDocument } from '@sluice/engine';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BIG_POLICY, toFlowEdges, toFlowNodes, type Mark } from './flow';
import { needsLayout, layoutDocument } from './layout';
import { NodeWords, nodeTypes } from './PolicyNode';
import { FIT_VIEW, PolicyMiniMap, useMeasured } from './PolicyMiniMap';
import { useLang } from './useLang';

export interface PolicyCanvasProps {
  doc: PolicyDocument;
  readOnly?: boolean;
  highlight?: { nodes: string[]; edges?: string[] } | null;
  marks?: Record<string, Mark>;
  onSelectNode?: (id: string) => void;
  height?: number | string;
}

/**
 * A policy drawn as its flow. Other screens use it read-only (a decision's path lit, a diff's
 * added / removed / changed marks); the editor's own canvas (EditorCanvas) draws the same nodes.
 */
export function PolicyCanvas(props: PolicyCanvasProps) {
  const { doc, readOnly = true, highlight, marks, onSelectNode, height = 480 } = props;
  const { t } = useTranslation('policy');
  const lang = useLang();
  const words = useMemo(() => ({ lang, t }), [lang, t]);
  // A document whose nodes all sit at the origin (written by hand or by the API) is laid out once.
  const shown = useMemo(() => (needsLayout(doc) ? layoutDocument(doc) : doc), [doc]);
  const drawn = useMemo(() => toFlowNodes(shown, { highlight, marks, readOnly }), [shown, highlight, marks, readOnly]);
  const [measured, onDimensions] = useMeasured();
  const nodes = useMemo(
    () =>
      drawn.map((n) => {
        const m = measured.get(n.id);
        if (!m) return n;
        // Once measured, the estimated handles go: React Flow's own handle positions must win.
        const { handles: _estimated, ...rest } = n;
        return { ...rest, measured: m };
      }),
    [drawn, measured],
  );
  const edges = useMemo(() => toFlowEdges(shown, { highlight, marks }), [shown, highlight, marks]);
  return (
    <div className="policy-canvas" style={{ height }} role="region" aria-label={t('canvas')}>
      <ReactFlowProvider>
        <NodeWords.Provider value={words}>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            onNodesChange={onDimensions}
            fitView
            fitViewOptions={FIT_VIEW}
            minZoom={0.1}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            elementsSelectable
            onlyRenderVisibleElements={nodes.length > BIG_POLICY}
            onNodeClick={onSelectNode ? (_e, n) => onSelectNode(n.id) : undefined}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls showInteractive={false} fitViewOptions={FIT_VIEW} />
            {nodes.length > 6 && <PolicyMiniMap label={t('minimap')} />}
          </ReactFlow>
        </NodeWords.Provider>
      </ReactFlowProvider>
    </div>
  );
}

export default PolicyCanvas;
