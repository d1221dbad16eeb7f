import type { PolicyDocument } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { changedFields, diffView } from './diffView.js';

const at = { x: 0, y: 0 };
const v1 = {
  key: 'rr',
  kind: 'routing',
  name: 'Round robin',
  version: 1,
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', position: at, data: { teams: ['ae'] } },
    { id: 'mgr', type: 'notify', position: at, data: { mode: 'escalate', to: [{ kind: 'manager', id: 'ae' }], message: { en: 'x', zh: 'x' } } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'rr' },
    { id: 'e2', source: 'rr', sourceHandle: 'noCandidate', target: 'mgr' },
  ],
} as unknown as PolicyDocument;

/** v2: teams changed on rr, mgr replaced by pool, the start node only moved, and e2 reused for the new connection. */
const v2 = {
  ...v1,
  name: 'Round robin, two teams',
  version: 2,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 40, y: 10 }, data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', position: at, data: { teams: ['ae', 'sdr'] } },
    { id: 'pool', type: 'assign.toPool', position: at, data: { poolId: 'public' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'rr' },
    { id: 'e2', source: 'rr', sourceHandle: 'noCandidate', target: 'pool' },
  ],
} as unknown as PolicyDocument;

describe('diffView: two versions on one canvas', () => {
  it('marks added, removed and changed nodes and edges; a node that only moved is not marked', () => {
    const view = diffView(v1, v2);
    expect(view.marks).toEqual({ pool: 'added', rr: 'changed', mgr: 'removed', e2: 'added', 'e2~removed': 'removed' });
  });

  it('draws the removed node and its edge (under a fresh id) beside what the newer version has', () => {
    const view = diffView(v1, v2);
    expect(view.doc.nodes.map((n) => n.id)).toEqual(['start', 'rr', 'pool', 'mgr']);
    expect(view.doc.edges.map((e) => [e.id, e.source, e.target])).toEqual([
      ['e1', 'start', 'rr'],
      ['e2', 'rr', 'pool'],
      ['e2~removed', 'rr', 'mgr'],
    ]);
    // The newer document itself is untouched.
    expect(v2.nodes).toHaveLength(3);
  });

  it('lists each changed field with its old and new value', () => {
    expect(changedFields(diffView(v1, v2).diff)).toEqual([
      { where: '', field: 'name', from: '"Round robin"', to: '"Round robin, two teams"' },
      { where: 'rr', field: 'data.teams', from: '["ae"]', to: '["ae","sdr"]' },
    ]);
  });

  it('the same document twice: no marks, nothing listed', () => {
    const view = diffView(v1, structuredClone(v1));
    expect(view.marks).toEqual({});
    expect(changedFields(view.diff)).toEqual([]);
  });
});
