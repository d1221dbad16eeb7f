import { describe, expect, it } from 'vitest';
import { InMemoryState, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const AT = '2026-03-02T02:00:00Z';
const created: SluiceEvent = { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L1' } };
const reps = [
  { id: 'a', teams: ['ae'], openLoad: 3 },
  { id: 'b', teams: ['ae'], openLoad: 1, cap: 10 },
];

describe('a decision assigns a lead at most once', () => {
  it('a second assignment node in the same stratum only notes who already took the lead', async () => {
    // Both nodes hang off the trigger; a-least runs first (same level, id order).
    const p = compile(
      flow(
        'once',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'a-least', type: 'assign.leastLoaded', data: {} },
          { id: 'b-wrr', type: 'assign.weightedRoundRobin', data: {} },
        ],
        [
          { source: 'start', target: 'a-least' },
          { source: 'start', target: 'b-wrr' },
        ],
      ),
    );
    const state = InMemoryState.from({ reps });
    const d = await decideBoth(p, created, state, AT);
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'b', previousOwnerId: null, nodeId: 'a-least', strategy: 'leastLoaded' }]);
    // No second assignment and no pointer move for the node that did nothing.
    expect(d.changes.map((c) => c.type)).toEqual(['lead.assign']);
    const second = visited(d, 'b-wrr');
    expect(second.result).toBe('assigned');
    expect(second.candidates).toBeUndefined();
    expect(second.detail).toEqual({ assignedBy: 'a-least', repId: 'b' });
    expect(second.note).toEqual({
      en: 'node a-least already assigned this lead to b in this decision; nothing done here',
      zh: '本次决策中节点 a-least 已将该线索分配给 b，此节点不再分配',
    });
  });

  it('a downstream assignment node does nothing and takes the assigned outcome', async () => {
    const p = compile(
      flow(
        'once',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'first', type: 'assign.capacity', data: {} },
          { id: 'again', type: 'assign.profileMatch', data: {} },
          { id: 'tell', type: 'notify', data: { to: [{ kind: 'owner', id: 'owner' }], message: { en: 'yours: {{lead.id}}', zh: '归你：{{lead.id}}' } } },
        ],
        [
          { source: 'start', target: 'first' },
          { source: 'first', sourceHandle: 'assigned', target: 'again' },
          { source: 'again', sourceHandle: 'assigned', target: 'tell' },
        ],
      ),
    );
    const state = InMemoryState.from({ reps });
    const d = await decideBoth(p, created, state, AT);
    // capacity: b 1/10 beats a (no cap) → b; profileMatch would also pick b, but must not assign again.
    expect(d.actions.map((a) => a.type)).toEqual(['assign', 'notify']);
    expect(visited(d, 'again').detail).toEqual({ assignedBy: 'first', repId: 'b' });
    expect(visited(d, 'tell').result).toBe('done');
    expect(d.actions[1]).toMatchObject({ type: 'notify', to: [{ kind: 'rep', id: 'b' }] });
  });

  it('a node reached after another node found nobody still assigns', async () => {
    const p = compile(
      flow(
        'once',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'first', type: 'assign.capacity', data: { reps: ['a'], defaultCap: 3 } },
          { id: 'then', type: 'assign.leastLoaded', data: {} },
        ],
        [
          { source: 'start', target: 'first' },
          { source: 'first', sourceHandle: 'noCandidate', target: 'then' },
        ],
      ),
    );
    const d = await decideBoth(p, created, InMemoryState.from({ reps }), AT);
    expect(visited(d, 'first').result).toBe('noCandidate');
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'b', previousOwnerId: null, nodeId: 'then', strategy: 'leastLoaded' }]);
  });
});
