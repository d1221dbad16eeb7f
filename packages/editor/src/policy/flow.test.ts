import { describe, expect, it } from 'vitest';
import { BIG_POLICY, estimatedGeometry, toFlowNodes } from './flow';
import { NODE_H, NODE_W } from './layout';

describe('estimatedGeometry: sizes and handles known before a node is measured', () => {
  it('a condition has its input on top and true / false spread along the bottom', () => {
    const g = estimatedGeometry({ id: 'c', type: 'condition', position: { x: 0, y: 0 }, data: { condition: { all: [] } } } as never);
    expect(g.initialWidth).toBe(240);
    expect(g.initialHeight).toBe(NODE_H);
    const sources = g.handles!.filter((h) => h.type === 'source');
    expect(sources.map((h) => h.id).sort()).toEqual(['false', 'true']);
    // Two outputs sit at a quarter and three quarters of the width (centre − half the 10px handle).
    expect(sources.map((h) => h.x).sort((a, b) => a - b)).toEqual([55, 175]);
    expect(sources.every((h) => h.y === NODE_H - 5)).toBe(true);
    expect(g.handles!.filter((h) => h.type === 'target')).toEqual([expect.objectContaining({ id: null, x: NODE_W / 2 - 3, y: -3 })]);
  });

  it('a trigger has no input handle', () => {
    const g = estimatedGeometry({ id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } } as never);
    expect(g.handles!.some((h) => h.type === 'target')).toBe(false);
  });

  it('only big policies carry the estimates (small ones are measured at once)', () => {
    const doc = (n: number) =>
      ({
        key: 'k',
        kind: 'routing',
        name: 'n',
        trigger: { events: ['lead.created'] },
        nodes: Array.from({ length: n }, (_, i) => ({ id: `n${i}`, type: 'trigger', position: { x: 0, y: i }, data: { events: ['lead.created'] } })),
        edges: [],
      }) as never;
    expect(toFlowNodes(doc(3))[0]!.handles).toBeUndefined();
    expect(toFlowNodes(doc(BIG_POLICY + 1))[0]!.initialHeight).toBe(NODE_H);
  });
});
