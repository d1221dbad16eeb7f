import type { PolicyDocument } from '@sluice/engine';
import { NODE_KINDS } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { groupOf, KINDS, paletteGroups } from './catalog';
import { locateJson, spanOf } from './jsonLocate';
import { DAGRE_MAX_NODES, layoutDocument, needsLayout } from './layout';

function chain(n: number): PolicyDocument {
  const nodes: PolicyDocument['nodes'] = [{ id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } }];
  const edges: PolicyDocument['edges'] = [];
  for (let i = 1; i < n; i++) {
    nodes.push({ id: `n${i}`, type: 'notify', position: { x: 0, y: 0 }, data: {}, ...(i === 1 ? { xKeep: 1 } : {}) } as PolicyDocument['nodes'][number]);
    edges.push({ id: `e${i}`, source: i === 1 ? 'start' : `n${i - 1}`, target: `n${i}` });
  }
  return { key: 'k', kind: 'routing', name: 'n', description: '', version: 0, nodes, edges };
}

describe('layout', () => {
  it('lays out a document whose nodes all sit at one spot, top to bottom, keeping other fields', () => {
    for (const n of [5, DAGRE_MAX_NODES + 200]) {
      const doc = chain(n);
      expect(needsLayout(doc)).toBe(true);
      const t0 = performance.now();
      const out = layoutDocument(doc);
      if (n > DAGRE_MAX_NODES) expect(performance.now() - t0).toBeLessThan(200);
      expect(needsLayout(out)).toBe(false);
      const ys = out.nodes.map((x) => x.position.y);
      for (let i = 1; i < ys.length; i++) expect(ys[i]!).toBeGreaterThan(ys[i - 1]!);
      expect((out.nodes[1] as unknown as { xKeep: number }).xKeep).toBe(1);
      expect(out.edges).toBe(doc.edges);
    }
  });
});

describe('palette', () => {
  it('puts every node kind in exactly one group, derived from the catalog', () => {
    const grouped = paletteGroups().flatMap((g) => g.kinds.map((k) => k.kind));
    expect([...grouped].sort()).toEqual([...NODE_KINDS].sort());
    const of = (kind: string) => groupOf(KINDS.find((k) => k.kind === kind)!);
    expect([
      of('trigger'),
      of('condition'),
      of('score'),
      of('assign.roundRobin'),
      of('notify'),
      of('reclaim.rule'),
      of('split.credit'),
      of('collab.coFollow'),
      of('penalty.hoarding'),
    ]).toEqual(['trigger', 'logic', 'scoring', 'assignment', 'action', 'reclaim', 'split', 'split', 'penalty']);
  });
});

describe('JSON locations', () => {
  it('finds the text of a value by its JSON path, or its nearest parent', () => {
    const text = '{\n  "nodes": [\n    { "id": "a", "data": { "teams": ["x"] } }\n  ],\n  "odd key": 1\n}';
    const spans = locateJson(text);
    const at = (p: string) => {
      const s = spanOf(spans, p)!;
      return text.slice(s.start, s.end);
    };
    expect(at('$.nodes[0].data.teams')).toBe('["x"]');
    expect(at('$.nodes[0].data.poolId')).toBe('{ "teams": ["x"] }');
    expect(at('$["odd key"]')).toBe('1');
    expect(at('$.edges[3]')).toBe(text);
  });
});
