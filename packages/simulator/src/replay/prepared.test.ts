/**
 * A history prepared once (prepareHistory) and handed to several replays must give each the run it
 * gives working its leads out itself, shared in turn; one prepared from another history is not used.
 */
import type { PolicyDocument } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import type { History, LeadBehaviour } from '../types.js';
import { worldBehaviour } from '../world/hidden.js';
import { generateWorld, worldArrivals } from '../world/world.js';
import { prepareHistory, replay, ReplayInputError } from './index.js';

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
]);
const capacity = policy('cap', 'routing', [
  node('start', 'trigger', { events: ['lead.created', 'lead.returned_to_pool'] }),
  node('cap', 'assign.capacity', { defaultCap: 5 }),
]);
const reclaim = policy('reclaim', 'reclaim', [
  node('start', 'trigger', { events: ['tick'], tickScope: 'ownedLeads' }),
  node('reclaim', 'reclaim.rule', { days: { noFollowUp: 2 }, remindDaysBefore: 1, poolId: 'public' }),
]);

const world = generateWorld({ seed: 4, regime: 'b2c', reps: 4, teams: 1, days: 2 });
const arrivals = worldArrivals(world);
// Out of creation order (arrivals sorted), and two creation texts in another form than toISOString's.
const leads = arrivals.leads.map((l) => ({ ...l }));
leads.reverse();
leads[3]!.createdAt = leads[3]!.createdAt.replace('.000Z', 'Z');
leads[7]!.createdAt = `${leads[7]!.createdAt.slice(0, 19)}+00:00`;
const history: History = { ...arrivals, leads };
const until = new Date(Date.parse(world.end) + 6 * 86_400_000).toISOString();
const runOf = (policies: PolicyDocument[], prepared?: ReturnType<typeof prepareHistory>, of: History = history) =>
  replay({ history: of, policies, behaviour: worldBehaviour(world, 5), label: 'p', timeZone: world.timeZone, until, keepActivities: true, prepared });

describe('prepareHistory', () => {
  it('gives every replay sharing it the run it gives preparing its own, in any order and any number of times', () => {
    const prepared = prepareHistory(history);
    expect(prepared.arrivals).toBeDefined();
    expect(prepared.oddCreated.size).toBe(2);
    const own = [runOf([roundRobin, reclaim]), runOf([capacity, reclaim])];
    expect(own[0]!.leads.some((l) => l.reclaimed > 0 || l.reminders > 0)).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect(runOf([capacity, reclaim], prepared)).toEqual(own[1]);
      expect(runOf([roundRobin, reclaim], prepared)).toEqual(own[0]);
    }
  });

  it('is not used for another history (or one since given more leads): that replay prepares its own', () => {
    const other = prepareHistory(arrivals);
    expect(other.isOf(history)).toBe(false);
    expect(runOf([roundRobin, reclaim], other)).toEqual(runOf([roundRobin, reclaim]));
    const grown: History = { ...history, leads: [...history.leads] };
    const stale = prepareHistory(grown);
    grown.leads.pop();
    expect(stale.isOf(grown)).toBe(false);
    expect(runOf([roundRobin], stale, grown)).toEqual(runOf([roundRobin], undefined, grown));
  });

  it('refuses a lead twice, or one created at no instant, as a replay does', () => {
    const none: LeadBehaviour = { onAssigned: () => ({ activities: [], outcome: 'open' }) };
    const twice: History = { ...history, leads: [...history.leads, { ...history.leads[2]!, row: 40 }] };
    const bad: History = { ...history, leads: [...history.leads, { ...history.leads[2]!, id: 'new', createdAt: 'soon' }] };
    for (const h of [twice, bad]) {
      let prepared: unknown;
      let replayed: unknown;
      try {
        prepareHistory(h);
      } catch (e) {
        prepared = e;
      }
      try {
        replay({ history: h, policies: [], behaviour: none, label: 'x' });
      } catch (e) {
        replayed = e;
      }
      expect(prepared).toBeInstanceOf(ReplayInputError);
      expect((prepared as ReplayInputError).words).toEqual((replayed as ReplayInputError).words);
    }
  });
});
