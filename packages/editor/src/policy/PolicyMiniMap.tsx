import { MiniMap, type FitViewOptions, type Node, type NodeChange } from '@xyflow/react';
import { useCallback, useState } from 'react';
import { kindColour } from './catalog';
import type { PolicyFlowNode } from './flow';

export const MINIMAP_SIZE = { width: 160, height: 110 };

/**
 * "Fit" leaves the bottom strip free: the minimap (bottom-right) and the zoom controls (bottom-left)
 * then sit over empty canvas, never over a node the user wants to click.
 */
export const FIT_VIEW: FitViewOptions = { maxZoom: 1, padding: { top: '24px', left: '24px', right: '24px', bottom: `${MINIMAP_SIZE.height + 30}px` } };

const colourOf = (n: Node) => kindColour((n as PolicyFlowNode).data?.node?.type ?? '');

/**
 * The overview in the bottom-right corner (zoom controls keep the bottom-left): each node a block in
 * its group's colour, the part in view left clear under a grey mask with an outline.
 */
export function PolicyMiniMap({ label }: { label?: string }) {
  return (
    <MiniMap
      position="bottom-right"
      style={MINIMAP_SIZE}
      pannable
      zoomable
      ariaLabel={label}
      nodeColor={colourOf}
      nodeStrokeColor={colourOf}
      nodeBorderRadius={12}
      maskColor="rgb(71 84 103 / 25%)"
      maskStrokeColor="#344054"
      maskStrokeWidth={1.5}
      bgColor="#fff"
    />
  );
}

export type Measured = ReadonlyMap<string, { width: number; height: number }>;

/**
 * Node sizes as React Flow measures them. The minimap draws a node only from the node objects the
 * app gives (`measured`, `width` or `initialWidth`), not from React Flow's own measurements; the
 * canvas builds its nodes from the policy document, so without keeping these the minimap was empty.
 */
export function useMeasured(): [Measured, (changes: NodeChange[]) => void] {
  const [measured, setMeasured] = useState<Measured>(() => new Map());
  const onDimensions = useCallback((changes: NodeChange[]) => {
    const sizes = changes.filter((c) => c.type === 'dimensions' && c.dimensions);
    if (sizes.length === 0) return;
    setMeasured((old) => {
      let next: Map<string, { width: number; height: number }> | null = null;
      for (const c of sizes) {
        if (c.type !== 'dimensions' || !c.dimensions) continue;
        const was = old.get(c.id);
        if (was && was.width === c.dimensions.width && was.height === c.dimensions.height) continue;
        next ??= new Map(old);
        next.set(c.id, { width: c.dimensions.width, height: c.dimensions.height });
      }
      return next ?? old;
    });
  }, []);
  return [measured, onDimensions];
}
