/**
 * The policy document diff: one implementation, in the engine, for the server's /diff route, the
 * draft status and the editor's review panel.
 */
import { describe, expect, it } from 'vitest';
import { changesDecisions, diffPolicies, isEmptyDiff, type PolicyDocument } from '../../src/index.js';

const base = (): PolicyDocument =>
  ({
    key: 'routing',
    kind: 'routing',
    name: 'Routing',
    nodes: [
      { id: 't', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
      { id: 'rr', type: 'assign.roundRobin', label: 'East reps', position: { x: 0, y: 100 }, data: { teams: ['east'], skip: { away: true } } },
      { id: 'n', type: 'notify', position: { x: 0, y: 200 }, data: { to: [{ kind: 'team', id: 'ae' }] } },
    ],
    edges: [
      { id: 'e1', source: 't', target: 'rr' },
      { id: 'e2', source: 'rr', sourceHandle: 'assigned', target: 'n' },
    ],
  }) as unknown as PolicyDocument;

const EMPTY = { metadata: [], nodes: { added: [], removed: [], changed: [], moved: [] }, edges: { added: [], removed: [] } };

describe('diffPolicies', () => {
  it('a document against itself, or with keys reordered, is no change', () => {
    const a = base();
    const reordered = Object.fromEntries(Object.entries(base()).reverse()) as unknown as PolicyDocument;
    reordered.nodes[1]!.data = { skip: { away: true }, teams: ['east'] };
    expect(diffPolicies(a, base())).toEqual(EMPTY);
    expect(diffPolicies(a, reordered)).toEqual(EMPTY);
    expect(isEmptyDiff(diffPolicies(a, base()))).toBe(true);
  });

  it('names the config fields that changed, as paths under data, with before and after', () => {
    const b = base();
    b.nodes[1]!.data = { teams: ['east', 'west'], skip: { away: false } };
    expect(diffPolicies(base(), b).nodes.changed).toEqual([
      {
        id: 'rr',
        type: 'assign.roundRobin',
        changes: [
          { field: 'data.skip.away', from: true, to: false },
          { field: 'data.teams', from: ['east'], to: ['east', 'west'] },
        ],
      },
    ]);
  });

  it('an added or removed field has no from / to; metadata changes are listed', () => {
    const b = base();
    b.nodes[1]!.label = undefined;
    b.description = 'new';
    const d = diffPolicies(base(), b);
    expect(d.metadata).toEqual([{ field: 'description', to: 'new' }]);
    expect(d.nodes.changed).toEqual([{ id: 'rr', type: 'assign.roundRobin', changes: [{ field: 'label', from: 'East reps' }] }]);
  });

  it('a node that only moved on the canvas is "moved", not "changed"', () => {
    const b = base();
    b.nodes[2]!.position = { x: 300, y: 200 };
    const d = diffPolicies(base(), b);
    expect(d.nodes.moved).toEqual(['n']);
    expect(d.nodes.changed).toEqual([]);
    expect(isEmptyDiff(d)).toBe(false);
  });

  it('added and removed nodes carry id, kind and label', () => {
    const b = base();
    b.nodes = [b.nodes[0]!, b.nodes[2]!, { id: 'g', type: 'grade', label: 'Grade', position: { x: 0, y: 0 }, data: {} } as PolicyDocument['nodes'][number]];
    const d = diffPolicies(base(), b);
    expect(d.nodes.added).toEqual([{ id: 'g', type: 'grade', label: 'Grade' }]);
    expect(d.nodes.removed).toEqual([{ id: 'rr', type: 'assign.roundRobin', label: 'East reps' }]);
  });

  it('edges are compared by what they connect: a renamed edge is no change, a rewired one is', () => {
    const renamed = base();
    renamed.edges[0] = { ...renamed.edges[0]!, id: 'edge-1' };
    expect(diffPolicies(base(), renamed)).toEqual(EMPTY);

    const rewired = base();
    rewired.edges[1] = { id: 'e2', source: 'rr', sourceHandle: 'none', target: 'n' };
    expect(diffPolicies(base(), rewired).edges).toEqual({
      added: [{ id: 'e2', source: 'rr', sourceHandle: 'none', target: 'n' }],
      removed: [{ id: 'e2', source: 'rr', sourceHandle: 'assigned', target: 'n' }],
    });
  });

  it('test cases are part of the change: added and removed by name, edited leaf by leaf', () => {
    const full = {
      id: 'full',
      name: { en: 'Full rep skipped', zh: '满额跳过' },
      given: {},
      when: [{ tick: '2026-03-02T02:00:00Z', expect: { assignedTo: 'ae-2' } }],
    };
    const away = {
      id: 'away',
      name: { en: 'Away rep skipped', zh: '休假跳过' },
      given: {},
      when: [{ tick: '2026-03-02T02:00:00Z', expect: { assignedTo: 'ae-3' } }],
    };
    const a = { ...base(), tests: [full, away] } as unknown as PolicyDocument;
    const edited = structuredClone(full);
    edited.when[0]!.expect.assignedTo = 'ae-1';
    const late = { ...away, id: 'late', name: { en: 'Late', zh: '迟到' } };
    const b = { ...base(), tests: [edited, late] } as unknown as PolicyDocument;
    const d = diffPolicies(a, b);
    expect(d.metadata).toEqual([
      { field: 'tests.away', from: { en: 'Away rep skipped', zh: '休假跳过' } },
      { field: 'tests.full.when[0].expect.assignedTo', from: 'ae-2', to: 'ae-1' },
      { field: 'tests.late', to: { en: 'Late', zh: '迟到' } },
    ]);
    expect(isEmptyDiff(diffPolicies(a, { ...a, tests: [full, away] } as unknown as PolicyDocument))).toBe(true);
    expect(isEmptyDiff(diffPolicies(base(), a))).toBe(false);
  });
});

describe('changesDecisions', () => {
  const changed = (edit: (d: PolicyDocument) => void) => {
    const after = base();
    edit(after);
    return changesDecisions(diffPolicies(base(), after));
  };
  it('is false for wording, test cases and positions: the same decisions', () => {
    expect(changed(() => undefined)).toBe(false);
    expect(changed((d) => Object.assign(d, { name: 'Routing, renamed', description: 'why' }))).toBe(false);
    expect(changed((d) => Object.assign(d.nodes[1]!, { label: 'West reps', position: { x: 50, y: 100 } }))).toBe(false);
    expect(changed((d) => Object.assign(d, { tests: [{ id: 'c1', name: 'a case', when: [] }] }))).toBe(false);
  });
  it('is true for a config field, a node kind, a node or connection added or removed, and the trigger', () => {
    expect(changed((d) => Object.assign(d.nodes[1]!.data as object, { teams: ['west'] }))).toBe(true);
    expect(changed((d) => Object.assign(d.nodes[1]!, { type: 'assign.leastLoaded' }))).toBe(true);
    expect(changed((d) => d.nodes.pop())).toBe(true);
    expect(changed((d) => d.edges.pop())).toBe(true);
    expect(changed((d) => Object.assign(d.nodes[0]!.data as object, { events: ['lead.returned_to_pool'] }))).toBe(true);
    expect(changed((d) => Object.assign(d, { kind: 'reclaim' }))).toBe(true);
  });
});
