import { compilePolicy, InMemoryState, type CompiledPolicy, type StateSnapshotInput } from '../../src/index.js';

const at = { x: 0, y: 0 };

function compiled(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.policy;
}

/** Grades a new lead A when it names a company, C otherwise. */
export const grader = compiled({
  key: 'grader',
  kind: 'scoring',
  name: 'grader',
  trigger: { events: ['lead.created'] },
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { events: ['lead.created'] } },
    {
      id: 'grade',
      type: 'grade',
      position: at,
      data: { bands: [{ grade: 'A', label: 'company', when: { all: [{ fact: 'lead.company', operator: 'exists', value: true }] } }], otherwise: 'C' },
    },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'grade' }],
});

/** Sends a new lead to the hot pool when its stored grade is A, to the cold pool otherwise. */
export const router = compiled({
  key: 'a-router',
  kind: 'routing',
  name: 'router',
  trigger: { events: ['lead.created'] },
  nodes: [
    { id: 'start', type: 'trigger', position: at, data: { events: ['lead.created'] } },
    { id: 'byGrade', type: 'switch', position: at, data: { fact: 'lead.grade', cases: [{ id: 'A', values: ['A'], label: 'A' }] } },
    { id: 'hot', type: 'assign.toPool', position: at, data: { poolId: 'hot' } },
    { id: 'cold', type: 'assign.toPool', position: at, data: { poolId: 'cold' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'byGrade' },
    { id: 'e2', source: 'byGrade', sourceHandle: 'A', target: 'hot' },
    { id: 'e3', source: 'byGrade', sourceHandle: 'default', target: 'cold' },
  ],
});

export const snapshot = (): StateSnapshotInput => ({
  timeZone: 'UTC',
  reps: [
    { id: 'r1', openLoad: 1 },
    { id: 'r2', openLoad: 0 },
  ],
  pools: [{ id: 'hot' }, { id: 'cold' }],
  leads: [{ id: 'L1', company: 'Acme', ownerId: 'r1', ownedSince: '2026-03-01T00:00:00Z', stage: 'contacted' }],
  ownership: [{ leadId: 'L1', repId: 'r1', from: '2026-03-01T00:00:00Z', via: 'assigned' }],
});

export const fresh = (): InMemoryState => InMemoryState.from(snapshot());
