import { exampleScenarios } from '@sluice/examples';
import { loadScenario, parseStepEvent, type Loaded } from './scenario.js';

/**
 * Scenarios beyond the corpus's timelines. No timeline has a release or a manual assignment yet,
 * so these extend corpus ones with them (POST /v1/leads/{id}/assign and /release on the server,
 * assign.requested / release.requested through step()), refusals included, and two events the
 * server refuses (an unknown lead, an activity nobody logged). When the corpus gets such
 * timelines, these can go.
 */
type Raw = Loaded['raw'][number];
function extended(timeline: string, extra: Raw[]): Loaded {
  const base = loadScenario(exampleScenarios().find((s) => s.timeline === timeline)!);
  return { ...base, raw: [...base.raw, ...extra], events: [...base.events, ...extra.map(parseStepEvent)] };
}

/** A corpus scenario with more live policies than its own, on its own state and timeline. */
function withPolicies(timeline: string, extra: string[]): Loaded {
  const scenario = exampleScenarios().find((s) => s.timeline === timeline)!;
  return loadScenario({ ...scenario, policies: [...scenario.policies, ...extra] });
}

export const extendedScenarios = (): Array<[string, Loaded]> => [
  // Two tick policies of different kinds live together, whose keys sort against their kinds: the
  // reclaim (s32-…) must run before the penalty (s28-…), as step()'s whole tick runs them (runOrder),
  // so the scheduler's work list must be in that order too, not by key.
  ['s28-hoarding+s32-reclaim', withPolicies('s28-hoarding', ['s32-b2c-first-contact'])],
  [
    's05-new-leads+assign',
    extended('s05-new-leads', [
      // The west manager takes L-502 out of the queue and gives it to west-1.
      { id: 's05-x1', type: 'assign.requested', at: '2026-03-02T05:00:00Z', leadId: 'L-502', repId: 'west-1', data: { managerId: 'mgr-west' } },
      { id: 's05-x2', type: 'assign.requested', at: '2026-03-02T05:10:00Z', leadId: 'L-502', repId: 'west-1', data: { managerId: 'mgr-west' } },
      { id: 's05-x3', type: 'assign.requested', at: '2026-03-02T05:20:00Z', leadId: 'L-599', repId: 'west-1' },
      { id: 's05-x4', type: 'assign.requested', at: '2026-03-02T05:30:00Z', leadId: 'L-504', repId: 'nobody' },
      // Events the server refuses on their own merits: a lead nobody knows, an activity nobody logged.
      { id: 's05-x5', type: 'activity.logged', at: '2026-03-02T05:40:00Z', leadId: 'L-598', activity: { kind: 'call', repId: 'east-1' } },
      { id: 's05-x6', type: 'activity.logged', at: '2026-03-02T05:50:00Z', leadId: 'L-504', activity: { kind: 'call' } },
    ]),
  ],
  [
    's27-idle-claims+release',
    extended('s27-idle-claims', [
      // ae-1 gives back L-2702; ae-2 cannot release what she does not own; ae-2 then claims it.
      {
        id: 's27-x1',
        type: 'release.requested',
        at: '2026-03-04T04:00:00Z',
        leadId: 'L-2702',
        repId: 'ae-1',
        data: { poolId: 'public', reason: 'wrong region' },
      },
      { id: 's27-x2', type: 'release.requested', at: '2026-03-04T04:10:00Z', leadId: 'L-2702', repId: 'ae-2', data: { poolId: 'public' } },
      { id: 's27-x3', type: 'release.requested', at: '2026-03-04T04:20:00Z', leadId: 'L-2703', repId: 'ae-2', data: { poolId: 'nowhere' } },
      { id: 's27-x4', type: 'claim.requested', at: '2026-03-04T04:30:00Z', leadId: 'L-2702', repId: 'ae-2', data: { poolId: 'public' } },
    ]),
  ],
];
