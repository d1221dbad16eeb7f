import type { PolicyDocument } from '@sluice/engine';

/** For tests that run a world under a policy: every new lead to the next rep in turn, over all reps. */
export const roundRobin: PolicyDocument = {
  key: 'rr',
  kind: 'routing',
  name: 'Round robin',
  description: '',
  version: 0,
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', position: { x: 0, y: 120 }, data: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'rr' }],
};
