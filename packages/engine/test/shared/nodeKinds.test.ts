/** The typed list of node kinds the editor's per-kind tables are checked against. */
import { describe, expect, it } from 'vitest';
import { defaultRegistry, describeNodeKinds, isNodeKind, NODE_KINDS, type NodeKind } from '../../src/index.js';

describe('NODE_KINDS', () => {
  it('lists exactly the kinds the registry ships, each once', () => {
    const registered = defaultRegistry.list().map((s) => s.kind);
    expect([...NODE_KINDS].sort()).toEqual([...registered].sort());
    expect(new Set(NODE_KINDS).size).toBe(NODE_KINDS.length);
    expect(describeNodeKinds(defaultRegistry).every((d) => isNodeKind(d.kind))).toBe(true);
  });

  it('narrows a document’s type string', () => {
    expect(isNodeKind('assign.roundRobin')).toBe(true);
    expect(isNodeKind('assign.roundrobin')).toBe(false);
    expect(isNodeKind('toString')).toBe(false);
    // A per-kind table missing a kind (or naming an unknown one) would not type-check.
    const category: Record<NodeKind, string> = Object.fromEntries(defaultRegistry.list().map((s) => [s.kind, s.category])) as Record<NodeKind, string>;
    expect(category['penalty.reward']).toBe('action');
    expect(category.trigger).toBe('trigger');
  });
});
