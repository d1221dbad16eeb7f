import { describe, expect, it } from 'vitest';
import type { PolicyDocumentInput } from '../types/policy.js';
import { routableReps } from './routableReps.js';

const roster = {
  reps: [
    { id: 'a1', teams: ['ae'] },
    { id: 'a2', teams: ['ae'], roles: ['senior'] },
    { id: 'a3', teams: ['ae'], active: false },
    { id: 's1', teams: ['sdr'] },
    { id: 'm1', teams: ['managers'] },
    { id: 'k1', teams: ['ka'], roles: ['senior'] },
  ],
};
const policy = (kind: string, nodes: Array<{ type: string; data: unknown }>): PolicyDocumentInput =>
  ({
    key: `${kind}-p`,
    kind,
    name: 'p',
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
      ...nodes.map((n, i) => ({ id: `n${i}`, position: { x: 0, y: 0 }, ...n })),
    ],
    edges: [],
  }) as unknown as PolicyDocumentInput;

describe('routableReps: the active reps routing policies can give a lead to', () => {
  it('takes the teams, function tags and named reps each assignment node selects, active reps only', () => {
    const p = policy('routing', [
      { type: 'assign.roundRobin', data: { teams: ['ae'] } },
      { type: 'assign.capacity', data: { roles: ['senior'], defaultCap: 10 } },
    ]);
    expect(routableReps([p], roster)).toEqual(['a1', 'a2', 'k1']);
  });

  it('an assignment node with no filter reaches every active rep', () => {
    expect(routableReps([policy('routing', [{ type: 'assign.roundRobin', data: {} }])], roster)).toEqual(['a1', 'a2', 'k1', 'm1', 's1']);
  });

  it('a named or fallback owner is one rep; a pool or manager queue reaches nobody', () => {
    const p = policy('routing', [
      { type: 'assign.fallback', data: { repId: 's1' } },
      { type: 'assign.toPool', data: { poolId: 'public' } },
    ]);
    expect(routableReps([p], roster)).toEqual(['s1']);
    expect(routableReps([policy('routing', [{ type: 'assign.toPool', data: { poolId: 'public' } }])], roster)).toEqual([]);
  });

  it('reads routing policies only, and passes over nodes whose config is not valid', () => {
    const notRouting = policy('reclaim', [{ type: 'assign.roundRobin', data: {} }]);
    const broken = policy('routing', [{ type: 'assign.roundRobin', data: { teams: 'ae' } }]);
    expect(routableReps([notRouting, broken], roster)).toEqual([]);
  });

  it('a rep id the roster does not know (or only as inactive) is not among them', () => {
    expect(routableReps([policy('routing', [{ type: 'assign.roundRobin', data: { reps: ['ghost', 'a3', 'a1'] } }])], roster)).toEqual(['a1']);
  });
});
