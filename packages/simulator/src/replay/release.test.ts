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

const node = (id: string, type: string, data: unknown) => ({ id, type, position: { x: 0, y: 0 }, data });
const policy = (key: string, kind: string, nodes: unknown[]) =>
  ({
    key,
    kind,
    name: key,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: 'start', target: (n as { id: string }).id })),
  }) as unknown as PolicyDocument;

const roundRobin = policy('rr', 'routing', [
  node('start', 'trigger', { events: ['lead.created', 'lead.returned_to_pool'] }),
  node('rr', 'assign.roundRobin', {}),
  node('tell', 'notify', { to: [{ kind: 'owner', id: 'owner' }], message: { en: 'New lead {{lead.id}}', zh: '新线索 {{lead.id}}' } }),
]);
const reclaim = policy('reclaim', 'reclaim', [
  node('start', 'trigger', { events: ['tick'], tickScope: 'ownedLeads' }),
  node('reclaim', 'reclaim.rule', { days: { noFollowUp: 2 }, remindDaysBefore: 1, poolId: 'public' }),
]);
/** Never fires in a replay (nothing sends lead.qualified); its node searches leads by match key. */
const searching = policy('match', 'routing', [node('start', 'trigger', { events: ['lead.qualified'] }), node('own', 'match.existingOwner', {})]);
const idle = policy('idle', 'penalty', [
  node('start', 'trigger', { events: ['tick'], tickScope: 'reps' }),
  node('idle', 'penalty.idleClaim', { idleHours: 0.5, weightFactor: 0.5, days: 7, release: true, poolId: 'public' }),
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
    expect(released.leads).toStrictEqual(kept.leads);
    expect(released.totals).toStrictEqual(kept.totals);
    expect(released.perRep).toStrictEqual(kept.perRep);
    // Reclaims and reminders happened, so the release ran beside them.
    expect(released.leads.some((l) => l.reclaimed > 0)).toBe(true);
    expect(released.leads.some((l) => l.reminders > 0)).toBe(true);
  });
});
