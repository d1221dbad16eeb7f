import { useReactFlow } from '@xyflow/react';
import { type RefObject, useEffect, useRef } from 'react';
import type { DocNode } from './flow';
import { NODE_H, NODE_W } from './layout';

/**
 * When the selection becomes one node that lies outside the canvas's visible area — a problem
 * chosen from the list, a node just added below the others, a node picked by keyboard — the view
 * pans to it at the same zoom. A node already in view (one clicked on the canvas) does not move it.
 */
export function useSelectedInView(
  container: RefObject<HTMLElement | null>,
  selected: readonly string[],
  nodes: readonly DocNode[],
  measured: ReadonlyMap<string, { width: number; height: number }>,
): void {
  const flow = useReactFlow();
  // Read at the selection change only: a drag or an edit of the node must not move the view.
  const latest = useRef({ nodes, measured });
  latest.current = { nodes, measured };
  const only = selected.length === 1 ? selected[0] : undefined;
  useEffect(() => {
    if (only === undefined) return;
    // After the frame that draws a node just added, so its size is known and the view settled.
    const frame = requestAnimationFrame(() => {
      const el = container.current;
      const node = latest.current.nodes.find((n) => n.id === only);
      if (!el || !node) return;
      const size = latest.current.measured.get(only) ?? { width: NODE_W, height: NODE_H };
      const { x, y, zoom } = flow.getViewport();
      const at = node.position ?? { x: 0, y: 0 };
      const left = at.x * zoom + x;
      const top = at.y * zoom + y;
      const inView = left >= 0 && top >= 0 && left + size.width * zoom <= el.clientWidth && top + size.height * zoom <= el.clientHeight;
      if (!inView) void flow.setCenter(at.x + size.width / 2, at.y + size.height / 2, { zoom, duration: 200 });
    });
    return () => cancelAnimationFrame(frame);
  }, [only, flow, container]);
}
