/**
 * A replay lets the engine's state go of a closed lead once nothing about it is still booked and
 * its policies read no lead but the event's own: the results must be those of a replay that keeps
 * every lead. The "keeps every lead" run adds a policy that never fires (its trigger is an event a
 * replay never sends) with a node kind that searches other leads, which turns the release off.
 */
import { InMemoryState, type PolicyDocument } from '@sluice/engine';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { History } from '../types.js';
import { worldBehaviour } from '../world/hidden.js';
import { generateWorld, worldArrivals } from '../world/world.js';
import { replay } from './index.js';
import { compileAll } from './setup.js';

/** A policy whose trigger leads to each other node, as the editor saves one. */
function flow(key: string, kind: string, trigger: Record<string, unknown>, nodes: Array<[id: string, type: string, data: unknown]>): PolicyDocument {
  return {
    key,
    kind,
    name: key,
    nodes: [{ id: 'start', type: 'trigger', data: trigger }, ...nodes.map(([id, type, data]) => ({ id, type, data }))],
    edges: nodes.map(([id]) => ({ id: `to-${id}`, source: 'start', target: id })),
  } as unknown as PolicyDocument;
}

const roundRobin = flow('rr', 'routing', { events: ['lead.created', 'lead.returned_to_pool'] }, [
  ['rr', 'assign.roundRobin', {}],
  ['tell', 'notify', { to: [{ kind: 'owner', id: 'owner' }], message: { en: 'New lead {{lead.id}}', zh: '新线索 {{lead.id}}' } }],
]);
const reclaim = flow('reclaim', 'reclaim', { events: ['tick'], tickScope: 'ownedLeads' }, [
  ['reclaim', 'reclaim.rule', { days: { noFollowUp: 2 }, remindDaysBefore: 1, poolId: 'public' }],
]);
/** Never fires in a replay (nothing sends lead.qualified); its node searches leads by match key. */
const searching = flow('match', 'routing', { events: ['lead.qualified'] }, [['own', 'match.existingOwner', {}]]);
const idle = flow('idle', 'penalty', { events: ['tick'], tickScope: 'reps' }, [
  ['idle', 'penalty.idleClaim', { idleHours: 0.5, weightFactor: 0.5, days: 7, release: true, poolId: 'public' }],
]);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('closed leads let go of during a replay', () => {
  it('only when every node reads no lead but its own and nothing ticks per rep', () => {
    expect(compileAll([roundRobin, reclaim], 'x').releasesClosed).toBe(true);
    expect(compileAll([roundRobin, reclaim, searching], 'x').releasesClosed).toBe(false);
    expect(compileAll([roundRobin, reclaim, idle], 'x').releasesClosed).toBe(false);
  });

  it('gives the results of a replay that keeps every lead', () => {
    const world = generateWorld({ seed: 11, regime: 'b2c', reps: 6, teams: 2, days: 6 });
    world.leads.splice(800);
    const history: History = worldArrivals(world);
    const input = { history, timeZone: world.timeZone, until: new Date(Date.parse(world.end) + 20 * 86_400_000).toISOString(), label: 'r' };
    const forget = vi.spyOn(InMemoryState.prototype, 'forgetLead');
    const released = replay({ ...input, policies: [roundRobin, reclaim], behaviour: worldBehaviour(world, 5) });
    const letGo = forget.mock.results.filter((r) => r.value === true).length;
    forget.mockClear();
    const kept = replay({ ...input, policies: [roundRobin, reclaim, searching], behaviour: worldBehaviour(world, 5) });
    expect(forget).not.toHaveBeenCalled();
    // Most of the 800 leads close within the run and are let go (one still due a tick or a
    // follow-up when the run ends is kept).
    expect(letGo).toBeGreaterThan(600);
    expect([...released.leads]).toStrictEqual([...kept.leads]);
    expect(released.totals).toStrictEqual(kept.totals);
    expect(released.perRep).toStrictEqual(kept.perRep);
    // Reclaims and reminders happened, so the release ran beside them.
    expect([...released.leads].some((l) => l.reclaimed > 0)).toBe(true);
    expect([...released.leads].some((l) => l.reminders > 0)).toBe(true);
  });
});
