/**
 * The replay on small hand-built histories, round robin over three AEs plus the 7-day reclaim of
 * the "round robin + reclaim" template (examples/templates/round-robin-reclaim.json). Every expected
 * value is worked out by hand from the dates below.
 */
import type { PolicyDocument } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import type { AssignedCourse, History, HistoryLead, LeadBehaviour } from '../types.js';
import { historicalBehaviour, replay } from './index.js';

/** The template's two policies, as written there. */
const roundRobin = {
  key: 'round-robin',
  kind: 'routing',
  name: 'Round robin across the AE team',
  nodes: [
    { id: 'start', type: 'trigger', data: { events: ['lead.created', 'lead.returned_to_pool'] } },
    { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'], coolingDays: 7 } },
    {
      id: 'mgr',
      type: 'notify',
      data: { mode: 'escalate', to: [{ kind: 'manager', id: 'ae' }], message: { en: 'Nobody could take {{lead.id}}', zh: '{{lead.id}} 无人可接' } },
    },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'rr' },
    { id: 'e2', source: 'rr', sourceHandle: 'noCandidate', target: 'mgr' },
  ],
} as unknown as PolicyDocument;
const reclaim7 = {
  key: 'reclaim-7d',
  kind: 'reclaim',
  name: 'Reclaim after 7 days without follow-up',
  nodes: [
    { id: 'start', type: 'trigger', data: { events: ['tick', 'stage.changed'], tickScope: 'ownedLeads' } },
    { id: 'reclaim', type: 'reclaim.rule', data: { days: { noFollowUp: 7 }, poolId: 'public' } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'reclaim' }],
} as unknown as PolicyDocument;
const POLICIES = [roundRobin, reclaim7];

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T01:00:00.000Z');
const at = (days: number, hours = 0) => new Date(T0 + days * DAY + hours * 3_600_000).toISOString();

const lead = (id: string, day: number, extra: Partial<HistoryLead> = {}): HistoryLead => ({
  id,
  createdAt: at(day),
  attributes: {},
  outcome: 'open',
  ...extra,
});
const history = (leads: HistoryLead[], activities: History['activities'] = []): History => ({
  leads,
  activities,
  stageChanges: [],
  reps: [
    { id: 'a1', teams: ['ae'] },
    { id: 'a2', teams: ['ae'] },
    { id: 'a3', teams: ['ae'] },
  ],
  teams: [{ id: 'ae', name: 'AE' }],
});

/** A scripted behaviour: per lead, what each rep does (days after they get it), and a log of who got what when. */
function scripted(script: Record<string, { followUps?: number[]; won?: { day: number; amount: number } }>) {
  const log: string[] = [];
  const behaviour: LeadBehaviour = {
    onAssigned({ lead: l, repId, at: when }) {
      log.push(`${l.id}→${repId}@${when}`);
      const s = script[l.id] ?? {};
      const from = Date.parse(when);
      const course: AssignedCourse = {
        activities: (s.followUps ?? []).map((d) => ({ at: new Date(from + d * DAY).toISOString(), type: 'call' })),
        outcome: 'open',
        pWon: 0.1,
      };
      if (s.won) Object.assign(course, { outcome: 'won', closedAt: new Date(from + s.won.day * DAY).toISOString(), amount: s.won.amount, pWon: 1 });
      return course;
    },
  };
  return { behaviour, log };
}

describe('replay: round robin + 7-day reclaim', () => {
  it('a lead nobody follows up is reclaimed exactly 7 days after it was given, then routed to the next rep', () => {
    const { behaviour, log } = scripted({});
    const run = replay({ history: history([lead('L1', 0)]), policies: POLICIES, behaviour, label: 'rr+reclaim', until: at(10) });
    // a1 at creation; silent for 7 days → reclaimed at day 7 to the pool; returned, a1 is cooling → a2.
    expect(log).toEqual([`L1→a1@${at(0)}`, `L1→a2@${at(7)}`]);
    const [l1] = run.leads;
    expect(l1).toMatchObject({ leadId: 'L1', firstRepId: 'a1', finalRepId: 'a2', reclaimed: 1, rerouted: 1, assignedAt: at(0), outcome: 'open', pWon: 0.1 });
    expect(l1!.counterfactual).toBe(true);
    // One tick at day 7 (the reclaim); a2's own due (day 14) lies after `until`.
    expect(run.totals.ticks).toBe(1);
    // Round robin over team ae reaches its three reps (what fairness is measured over), whoever got leads.
    expect(run.routable).toEqual(['a1', 'a2', 'a3']);
  });

  it('a follow-up moves the reclaim 7 days past it; regular follow-ups keep the lead until it is won', () => {
    const { behaviour, log } = scripted({
      L1: { followUps: [2] }, // each holder calls 2 days in, then nothing
      L2: { followUps: [3, 6, 9], won: { day: 12, amount: 5000 } }, // never 7 days silent; won at day 12 (created day 1)
      L3: {},
    });
    const leads = [lead('L1', 0), lead('L2', 1), lead('L3', 1, { ownerRepId: 'a3' })];
    const run = replay({ history: history(leads), policies: POLICIES, behaviour, label: 'rr', until: at(29, 12), keepActivities: true });
    // Round robin, next after the last served, skipping a rep who lost the lead less than 7 days ago
    // (at exactly 7 days they may have it back). L3's holders stay silent: reclaimed 7 days after each
    // assignment. Every holder of L1 calls 2 days after getting it: reclaimed 9 days after.
    // d0 L1→a1 · d1 L2→a2, L3→a3 · d8 L3 (a3) → a1 · d9 L1 (a1) → a2 · d15 L3 (a1) → a3 (lost it d8: 7 days)
    // d18 L1 (a2) → a1 (lost it d9) · d22 L3 (a3) → a2 · d27 L1 (a1) → a3 · d29 L3 (a2) → a1 (lost it d15).
    expect(log).toEqual([
      `L1→a1@${at(0)}`,
      `L2→a2@${at(1)}`,
      `L3→a3@${at(1)}`,
      `L3→a1@${at(8)}`,
      `L1→a2@${at(9)}`,
      `L3→a3@${at(15)}`,
      `L1→a1@${at(18)}`,
      `L3→a2@${at(22)}`,
      `L1→a3@${at(27)}`,
      `L3→a1@${at(29)}`,
    ]);
    const byId = Object.fromEntries([...run.leads].map((l) => [l.leadId, l]));
    expect(byId.L2).toMatchObject({
      firstRepId: 'a2',
      finalRepId: 'a2',
      reclaimed: 0,
      rerouted: 0,
      outcome: 'won',
      amount: 5000,
      closedAt: at(13),
      firstContactAt: at(4),
    });
    expect(byId.L2!.activities).toEqual([at(4), at(7), at(10)].map((a) => ({ at: a, repId: 'a2', type: 'call' })));
    expect(byId.L1).toMatchObject({ reclaimed: 3, rerouted: 3, finalRepId: 'a3', firstContactAt: at(2) });
    expect(byId.L3).toMatchObject({ historicalRepId: 'a3', reclaimed: 4, rerouted: 4, finalRepId: 'a1', counterfactual: true });
    // Ticks only at due instants: the seven reclaims (L2's bookings went stale with each call, then it was won).
    expect(run.totals.ticks).toBe(7);
    expect(run.perRep).toEqual({
      a1: { assigned: 4, capViolations: 0, penalties: 0 },
      a2: { assigned: 3, capViolations: 0, penalties: 0 },
      a3: { assigned: 3, capViolations: 0, penalties: 0 },
    });
  });

  it('the same input gives the same run', () => {
    const { behaviour } = scripted({ L1: { followUps: [2] }, L2: { followUps: [1], won: { day: 4, amount: 10 } } });
    const input = { history: history([lead('L1', 0), lead('L2', 1), lead('L3', 2)]), policies: POLICIES, behaviour, label: 'x', seed: 7, until: at(40) };
    const progress: Array<[number, number]> = [];
    const first = replay({ ...input, onProgress: (done, total) => progress.push([done, total]) });
    const again = replay(input);
    expect({ ...first, leads: [...first.leads] }).toEqual({ ...again, leads: [...again.leads] });
    expect(progress).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });
});

describe('replay: reminders and per-rep penalties fire from their due instants', () => {
  it('a reminder 2 days before the 7-day reclaim: one reminder on day 5, the reclaim on day 7, two ticks', () => {
    const remind = structuredClone(reclaim7) as unknown as { nodes: Array<{ data: Record<string, unknown> }> };
    remind.nodes[1]!.data.remindDaysBefore = 2;
    const { behaviour, log } = scripted({});
    const run = replay({
      history: history([lead('L1', 0)]),
      policies: [roundRobin, remind as unknown as PolicyDocument],
      behaviour,
      label: 'remind',
      until: at(8),
    });
    expect(log).toEqual([`L1→a1@${at(0)}`, `L1→a2@${at(7)}`]);
    expect(run.leads.lead(0)).toMatchObject({ reminders: 1, reclaimed: 1, rerouted: 1 });
    expect(run.totals.ticks).toBe(2);
  });

  it('idle 24 h after the assignment: the per-rep check demotes the rep at exactly 24 h and the lead is re-routed', () => {
    const idle = {
      key: 'idle',
      kind: 'penalty',
      name: 'Idle claim',
      nodes: [
        { id: 'start', type: 'trigger', data: { events: ['tick'], tickScope: 'reps' } },
        { id: 'idle', type: 'penalty.idleClaim', data: { idleHours: 24, weightFactor: 0.5, days: 7, release: true, poolId: 'public', tell: ['rep'] } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'idle' }],
    } as unknown as PolicyDocument;
    // L2's holder calls after 20 h: in time, never demoted.
    const { behaviour, log } = scripted({ L2: { followUps: [20 / 24] } });
    const run = replay({
      history: history([lead('L1', 0), lead('L2', 0, { id: 'L2' })]),
      policies: [roundRobin, idle],
      behaviour,
      label: 'idle',
      until: at(1, 12),
    });
    // d0 L1→a1, L2→a2 · d1 (24 h) a1 idle on L1: demoted, L1 released → a3 (after a2).
    expect(log).toEqual([`L1→a1@${at(0)}`, `L2→a2@${at(0)}`, `L1→a3@${at(1)}`]);
    const [l1, l2] = run.leads;
    expect(l1).toMatchObject({ penalties: 1, rerouted: 1, reclaimed: 0, finalRepId: 'a3' });
    expect(l2).toMatchObject({ penalties: 0, finalRepId: 'a2', firstContactAt: at(0, 20) });
    expect(run.perRep.a1!.penalties).toBe(1);
    expect(run.perRep.a2!.penalties).toBe(0);
    // One rep tick: a1 at 24 h (a2's lead was touched in time, a3's is due at day 2).
    expect(run.totals.ticks).toBe(1);
  });
});

describe('historicalBehaviour: keeping the historical owner reproduces history', () => {
  const leads = [
    lead('H1', 0, { ownerRepId: 'a1', outcome: 'won', closedAt: at(5), amount: 12000 }),
    lead('H2', 0, { ownerRepId: 'a2', outcome: 'lost', closedAt: at(20) }),
    lead('H3', 1, { ownerRepId: 'a3', outcome: 'won', closedAt: at(3), amount: 800.5 }),
    lead('H4', 2, { ownerRepId: 'a1', outcome: 'open' }),
  ];
  const activities = [
    { leadId: 'H1', repId: 'a1', at: at(1), type: 'call' },
    { leadId: 'H2', repId: 'a2', at: at(4), type: 'visit' },
    { leadId: 'H2', repId: 'a2', at: at(9), type: 'call' },
    { leadId: 'H3', at: at(2), type: 'email' },
  ];
  const never: LeadBehaviour = {
    onAssigned: () => {
      throw new Error('the fallback is not asked about historical owners');
    },
  };

  it('with no routing policy, every lead keeps its owner, and the wins and revenue are history’s', () => {
    const h = history(leads, activities);
    const run = replay({
      history: h,
      policies: [],
      behaviour: historicalBehaviour(h, never),
      label: 'history',
      keepHistoricalOwner: true,
      keepActivities: true,
    });
    expect([...run.leads].map((l) => [l.leadId, l.finalRepId, l.counterfactual, l.outcome, l.amount ?? null, l.pWon])).toEqual([
      ['H1', 'a1', false, 'won', 12000, 1],
      ['H2', 'a2', false, 'lost', null, 0],
      ['H3', 'a3', false, 'won', 800.5, 1],
      ['H4', 'a1', false, 'open', null, 0],
    ]);
    const wins = [...run.leads].filter((l) => l.outcome === 'won');
    expect(wins.length).toBe(2);
    expect(wins.reduce((s, l) => s + (l.amount ?? 0), 0)).toBe(12800.5);
    expect([...run.leads].find((l) => l.leadId === 'H2')!.activities).toEqual([
      { at: at(4), repId: 'a2', type: 'visit' },
      { at: at(9), repId: 'a2', type: 'call' },
    ]);
    expect([...run.leads].find((l) => l.leadId === 'H3')!.firstContactAt).toBe(at(2));
    // No routing policy reaches anyone: fairness counts the history's owners only.
    expect(run.routable).toEqual([]);
  });

  it('under the 7-day reclaim, a historical owner who followed up in time keeps the lead and its history', () => {
    const h = history(leads, activities);
    const fallback = scripted({}).behaviour;
    const run = replay({ history: h, policies: [reclaim7], behaviour: historicalBehaviour(h, fallback), label: 'reclaim', keepHistoricalOwner: true });
    const byId = Object.fromEntries([...run.leads].map((l) => [l.leadId, l]));
    // H1 won on day 5 (never 7 days silent); H3 won on day 4; H2 touched on days 4 and 9, lost on day 20
    // (silent days 9 → 16: reclaimed on day 16, before it was lost); H4 never touched: reclaimed on day 9 (created day 2).
    expect(byId.H1).toMatchObject({ outcome: 'won', amount: 12000, reclaimed: 0, counterfactual: false });
    expect(byId.H3).toMatchObject({ outcome: 'won', amount: 800.5, reclaimed: 0, counterfactual: false });
    expect(byId.H2).toMatchObject({ reclaimed: 1, counterfactual: true, outcome: 'open', pWon: 0 });
    expect(byId.H4).toMatchObject({ reclaimed: 1, counterfactual: true });
  });
  it('history’s stage changes come with its rep: an opportunity opened on day 12 exempts H2 from the day-16 reclaim', () => {
    const h = { ...history(leads, activities), stageChanges: [{ leadId: 'H2', at: at(12), stage: 'solution_design' }] };
    const run = replay({
      history: h,
      policies: [reclaim7],
      behaviour: historicalBehaviour(h, scripted({}).behaviour),
      label: 'stages',
      keepHistoricalOwner: true,
    });
    const h2 = [...run.leads].find((l) => l.leadId === 'H2')!;
    expect(h2).toMatchObject({ reclaimed: 0, counterfactual: false, finalRepId: 'a2', outcome: 'lost', closedAt: at(20) });
  });
});
