/**
 * The benchmark's history: a generated B2C world's leads with a plain historical assignment made
 * directly (round robin over the roster in id order, as the engine's round robin serves it, so the
 * bench's first policy keeps most historical owners and its second is mostly counterfactual) and each lead's course drawn from the
 * world's hidden truth for that rep — not `historyUnderPolicy`, which replays the whole world once
 * more and would double the bench's time at a million leads. The rep's load at assignment is taken
 * as 0 for the historical course (the truth only slows and weakens a busy rep; the bench measures
 * replay speed, not estimates). About 5 events per lead: created, up to 3 follow-ups, won or lost.
 */
import type { PolicyDocument } from '@sluice/engine';
import { HistoryActivityRows } from '../src/replay/activityRows.js';
import type { History, HistoryActivity, HistoryLead } from '../src/types.js';
import { worldBehaviour } from '../src/world/hidden.js';
import { generateWorld, type World, worldRoster } from '../src/world/world.js';

const B2C_LEADS_PER_REP_PER_DAY = 30;

export interface BenchHistory {
  world: World;
  history: History;
  /** History events: lead arrivals, follow-ups and closes. */
  events: number;
  /**
   * With `{ activityRows: true }`, the history's activities as rows (history.activities is then
   * empty): what the replay benchmark holds, ~0.05 KB a lead instead of ~0.24 KB of objects.
   */
  activityRows?: HistoryActivityRows;
}

/**
 * `leads` leads over as many days as `reps` reps at 30 a day need (the last day trimmed). The
 * activities come as objects in `history.activities` (what an imported export holds), or with
 * `activityRows` as rows beside a history that lists none, for `historicalBehaviour` to read.
 */
export function benchHistory(leads: number, reps: number, seed: number, options: { activityRows?: boolean } = {}): BenchHistory {
  const days = Math.max(1, Math.ceil((leads * 1.05) / (reps * B2C_LEADS_PER_REP_PER_DAY)));
  const world = generateWorld({ seed, regime: 'b2c', reps, teams: 2, days });
  world.leads.length = Math.min(world.leads.length, leads);
  const truth = worldBehaviour(world, seed);
  const roster = worldRoster(world);
  const teamOf = new Map(world.reps.map((r) => [r.id, r.team]));
  const activities: HistoryActivity[] = [];
  // A lead's follow-ups are in time order already: rows added lead by lead chain the same as the sorted list.
  const rows = options.activityRows ? new HistoryActivityRows(leads * 2.5) : undefined;
  let events = 0;
  const inIdOrder = world.reps.map((r) => r.id).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  world.leads.forEach((lead, i) => {
    const repId = inIdOrder[i % inIdOrder.length]!;
    const course = truth.onAssigned({ lead, repId, at: lead.createdAt, load: 0, historical: true });
    // The history's lead replaces the world's, every field written at once: fields added to an
    // object after it is made go to a separate backing store (about 60 bytes a lead more).
    const row: HistoryLead = {
      id: lead.id,
      createdAt: lead.createdAt,
      attributes: lead.attributes,
      outcome: course.outcome,
      ownerRepId: repId,
      team: teamOf.get(repId)!,
      closedAt: course.closedAt,
      amount: course.outcome === 'won' ? course.amount : undefined,
    };
    world.leads[i] = row;
    if (rows) for (const a of course.activities) rows.add(lead.id, repId, a.at, a.type);
    else for (const a of course.activities) activities.push({ leadId: lead.id, repId, at: a.at, type: a.type });
    events += 1 + course.activities.length + (course.outcome === 'open' ? 0 : 1);
  });
  activities.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const history: History = { leads: world.leads, activities, stageChanges: [], reps: roster, teams: world.teams };
  return rows ? { world, history, events, activityRows: rows.trim() } : { world, history, events };
}

const node = (id: string, type: string, data: unknown, y: number) => ({ id, type, position: { x: 0, y }, data });
const flow = (key: string, kind: string, name: string, nodes: ReturnType<typeof node>[]) =>
  ({
    key,
    kind,
    name,
    description: '',
    version: 0,
    nodes,
    edges: nodes.slice(1).map((n, i) => ({ id: `e${i + 1}`, source: nodes[0]!.id, target: n.id })),
  }) as unknown as PolicyDocument;

const routedOn = { events: ['lead.created', 'lead.returned_to_pool'] };
/** The template's 7-day reclaim with a reminder 2 days before (a lead tick for every owned lead). */
const reclaim7 = flow('reclaim-7d', 'reclaim', 'Reclaim after 7 days without follow-up', [
  node('start', 'trigger', { events: ['tick'], tickScope: 'ownedLeads' }, 0),
  node('reclaim', 'reclaim.rule', { days: { noFollowUp: 7 }, remindDaysBefore: 2, poolId: 'public' }, 120),
]);

/** The two policy sets the bench replays, each on the same history. */
export const BENCH_POLICIES: Array<{ label: string; policies: PolicyDocument[] }> = [
  {
    label: 'round robin + 7-day reclaim',
    policies: [flow('round-robin', 'routing', 'Round robin', [node('start', 'trigger', routedOn, 0), node('rr', 'assign.roundRobin', {}, 120)]), reclaim7],
  },
  {
    label: 'capacity routing + 7-day reclaim',
    policies: [
      flow('capacity', 'routing', 'Most room left', [node('start', 'trigger', routedOn, 0), node('cap', 'assign.capacity', { defaultCap: 150 }, 120)]),
      reclaim7,
    ],
  },
];
