import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../compiler/compile.js';
import type { CompiledPolicy } from '../compiler/types.js';
import type { Condition } from '../expression/condition.js';
import { routingOverlaps } from './routingOverlap.js';

interface Spec {
  key: string;
  name?: string;
  kind?: 'routing' | 'reclaim' | 'scoring';
  events?: string[];
  /** A condition before the assignment: only its "yes" branch assigns. */
  when?: Condition;
  /** A score node before everything (it writes `score`). */
  scores?: boolean;
}

/** A policy: trigger → (score) → (condition) → round robin over the AE team. */
function policy({ key, name = key, kind = 'routing', events = ['lead.created'], when, scores }: Spec): CompiledPolicy {
  const nodes: unknown[] = [{ id: 'start', type: 'trigger', data: { events } }];
  const edges: unknown[] = [];
  let from = 'start';
  const link = (target: string, sourceHandle?: string) => {
    edges.push({ id: `${from}-${target}`, source: from, target, ...(sourceHandle ? { sourceHandle } : {}) });
    from = target;
  };
  if (scores) {
    nodes.push({ id: 'pts', type: 'score', data: { criteria: [{ when: { fact: 'lead.industry', operator: 'equal', value: 'saas' }, points: 10 }] } });
    link('pts');
  }
  if (when) {
    nodes.push({ id: 'gate', type: 'condition', data: { condition: when } });
    link('gate');
  }
  nodes.push({ id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } });
  link('rr', when ? 'true' : undefined);
  const compiled = compilePolicy({ key, kind, name, nodes, edges });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  return compiled.policy;
}

const region = (value: string | string[]): Condition =>
  Array.isArray(value) ? { fact: 'lead.region', operator: 'in', value } : { fact: 'lead.region', operator: 'equal', value };

describe('routingOverlaps', () => {
  it('names a live routing policy on the same event, the shared events, and which runs last (by key)', () => {
    const roundRobin = policy({ key: 'round-robin', name: 'Round robin', events: ['lead.created', 'lead.returned_to_pool'] });
    const huadong = policy({ key: 'huadong-capacity', name: '华东容量分配', events: ['lead.qualified', 'lead.created'] });
    expect(routingOverlaps([roundRobin], huadong)).toEqual([
      { key: 'round-robin', name: 'Round robin', version: 0, events: ['lead.created'], runsLast: 'round-robin' },
    ]);
    expect(routingOverlaps([huadong], roundRobin)).toEqual([
      { key: 'huadong-capacity', name: '华东容量分配', version: 0, events: ['lead.created'], runsLast: 'round-robin' },
    ]);
    const zz = policy({ key: 'zz-routing' });
    expect(routingOverlaps([roundRobin], zz)[0]!.runsLast).toBe('zz-routing');
  });

  it('lists every overlapping policy in the order given; no shared event, other kinds and its own key are none', () => {
    const candidate = policy({ key: 'new-routing', events: ['lead.created', 'lead.returned_to_pool'] });
    const live = [
      policy({ key: 'qualified-only', events: ['lead.qualified'] }),
      policy({ key: 'b-routing', events: ['lead.returned_to_pool'] }),
      policy({ key: 'reclaim-7d', kind: 'reclaim' }),
      policy({ key: 'new-routing' }),
      policy({ key: 'a-routing' }),
    ];
    expect(routingOverlaps(live, candidate).map((o) => [o.key, o.events])).toEqual([
      ['b-routing', ['lead.returned_to_pool']],
      ['a-routing', ['lead.created']],
    ]);
  });

  it('a candidate that is not a routing policy has no overlaps', () => {
    expect(routingOverlaps([policy({ key: 'round-robin' })], policy({ key: 'reclaim-7d', kind: 'reclaim' }))).toEqual([]);
  });

  it('conditions that cannot both hold on one lead are no overlap: equal against equal, disjoint in lists', () => {
    const east = policy({ key: 'east', when: region('east') });
    const south = policy({ key: 'south', when: region('south') });
    expect(routingOverlaps([east], south)).toEqual([]);
    const southWest = policy({ key: 'south-west', when: region(['south', 'west']) });
    expect(routingOverlaps([east], southWest)).toEqual([]);
    const notEast = policy({ key: 'not-east', when: { not: region('east') } });
    expect(routingOverlaps([east], notEast)).toEqual([]);
    // The "no" branch of another field's test, nested in all: still apart on the region.
    const nested = policy({ key: 'nested', when: { all: [region('south'), { fact: 'lead.size', operator: 'greaterThan', value: 100 }] } });
    expect(routingOverlaps([east], nested)).toEqual([]);
  });

  it('conditions that may both hold, or that it cannot judge, are an overlap (unsure: warned)', () => {
    const east = policy({ key: 'east', when: region('east') });
    const unconditional = policy({ key: 'all-leads' });
    const eastOrSouth = policy({ key: 'east-or-south', when: region(['east', 'south']) });
    const anyOf = policy({ key: 'any-of', when: { any: [region('south'), { fact: 'lead.size', operator: 'greaterThan', value: 100 }] } });
    const big = policy({ key: 'big', when: { fact: 'lead.size', operator: 'greaterThan', value: 100 } });
    for (const other of [unconditional, eastOrSouth, anyOf, big]) expect(routingOverlaps([other], east).map((o) => o.key)).toEqual([other.key]);
  });

  it('fields a routing decision or either policy writes do not set two policies apart: the later one sees them changed', () => {
    const unowned = policy({ key: 'unowned', when: { fact: 'lead.ownerId', operator: 'equal', value: null } });
    const ownedByAe = policy({ key: 'owned', when: { fact: 'lead.ownerId', operator: 'equal', value: 'ae-1' } });
    expect(routingOverlaps([unowned], ownedByAe).map((o) => o.key)).toEqual(['unowned']);
    const low = policy({ key: 'low', scores: true, when: { fact: 'lead.score', operator: 'equal', value: 0 } });
    const high = policy({ key: 'high', when: { fact: 'lead.score', operator: 'equal', value: 10 } });
    expect(routingOverlaps([low], high).map((o) => o.key)).toEqual(['low']);
  });

  it('a live policy without rules (it did not compile) overlaps on every shared event', () => {
    const east = policy({ key: 'east', when: region('east') });
    const bare = { key: 'old', kind: 'routing' as const, name: 'Old', version: 3, trigger: { events: ['lead.created'] } };
    expect(routingOverlaps([bare], east)).toEqual([{ key: 'old', name: 'Old', version: 3, events: ['lead.created'], runsLast: 'old' }]);
  });
});
