import type { PolicyDocument } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import type { History } from '../types.js';
import { worldBehaviour } from '../world/hidden.js';
import { generateWorld, worldArrivals } from '../world/world.js';
import { HistoryIndex } from './historyIndex.js';
import { replay } from './index.js';
import { ReplayInputError } from './setup.js';

const node = (id: string, type: string, data: unknown) => ({ id, type, position: { x: 0, y: 0 }, data });
const policy = (key: string, kind: string, nodes: unknown[]) =>
  ({
    key,
    kind,
    name: key,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: 'start', target: (n as { id: string }).id })),
  }) as unknown as PolicyDocument;
const capacity = policy('cap', 'routing', [node('start', 'trigger', { events: ['lead.created'] }), node('cap', 'assign.capacity', { defaultCap: 30 })]);
const reclaim = policy('reclaim', 'reclaim', [
  node('start', 'trigger', { events: ['tick'], tickScope: 'ownedLeads' }),
  node('reclaim', 'reclaim.rule', { days: { noFollowUp: 2 }, poolId: 'public' }),
]);

const world = generateWorld({ seed: 11, regime: 'b2c', reps: 6, teams: 2, days: 4 });
world.leads.splice(600);
const history: History = worldArrivals(world);
const until = new Date(Date.parse(world.end) + 10 * 86_400_000).toISOString();
const run = (index?: HistoryIndex, on: History = history) =>
  JSON.stringify(
    replay({ history: on, index, policies: [capacity, reclaim], behaviour: worldBehaviour(world, 5), label: 'cap', timeZone: world.timeZone, until }),
  );

describe('HistoryIndex', () => {
  it('shared by several runs, gives each the results it gets without one', () => {
    const alone = run();
    const index = new HistoryIndex(history);
    expect(run(index)).toBe(alone);
    // Read only: a second run over the same index is the same again.
    expect(run(index)).toBe(alone);
  });

  it('made for another history is not used', () => {
    const other: History = { ...history, leads: history.leads.slice(0, 10) };
    const alone = run();
    expect(run(new HistoryIndex(other))).toBe(alone);
    // A history whose lead list changed after indexing is indexed again.
    const shrinking: History = { ...history, leads: [...history.leads] };
    const stale = new HistoryIndex(shrinking);
    shrinking.leads.splice(300);
    expect(run(stale, shrinking)).toBe(run(undefined, shrinking));
  });

  it('knows each lead by its place and keeps the arrival order of an unsorted history', () => {
    const [a, b, c] = history.leads;
    const unsorted: History = {
      ...history,
      leads: [c!, a!, b!].map((l, i) => ({ ...l, createdAt: new Date(Date.parse(a!.createdAt) + (2 - i) * 60_000).toISOString() })),
    };
    const index = new HistoryIndex(unsorted);
    expect(index.numbers.get(b!.id)).toBe(2);
    expect(index.numbers.get('nobody')).toBeUndefined();
    expect([...index.arrivals!]).toEqual([2, 1, 0]);
    expect(new HistoryIndex({ ...history, leads: [a!, b!] }).arrivals).toBeUndefined();
  });

  it('names the lead and its row for an id listed twice or a createdAt that is no instant', () => {
    const [a, b] = history.leads;
    const twice = () => new HistoryIndex({ ...history, leads: [a!, { ...b!, id: a!.id, row: 7 }] });
    expect(twice).toThrow(ReplayInputError);
    expect(twice).toThrow(`lead ${a!.id} (row 7): the lead id appears twice in the history`);
    expect(() => new HistoryIndex({ ...history, leads: [{ ...a!, createdAt: 'yesterday', row: 3 }] })).toThrow(
      `lead ${a!.id} (row 3): createdAt is not an instant: yesterday`,
    );
  });
});
