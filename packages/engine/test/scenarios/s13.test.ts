import { describe, expect, it } from 'vitest';
import { exampleCalendar } from '@sluice/examples';
import { holderProblems, type Decision } from '../../src/index.js';
import { compiledExample, event, stateFrom, step, timelineEvents, visit, visitedIds } from './harness.js';

// S13: premium pool for 24 h, then the standard pool for 48 h, then the manager; a claim stops it.
const policy = compiledExample('s13-tiered-cascade');

const brief = (d: Decision): string[] =>
  d.actions.map((a) =>
    a.type === 'toPool'
      ? `pool:${a.poolId}`
      : a.type === 'schedule'
        ? `check:${a.due}`
        : a.type === 'queue'
          ? `queue:${a.queueId}:${a.managerId}`
          : a.type === 'notify'
            ? `notify:${a.to.map((r) => r.id).join('+')}`
            : a.type,
  );

async function runTimeline() {
  const state = stateFrom('s13-tiered-teams');
  const decisions: Decision[] = [];
  for (const e of timelineEvents('s13-cascade')) decisions.push(await step(policy, state, e));
  return { state, decisions };
}

describe('S13 tiered cascade', () => {
  it('walks L-1301 through both tiers to the manager, and stops L-1302 once claimed', async () => {
    const { state, decisions } = await runTimeline();
    expect(decisions.map(brief)).toEqual([
      ['pool:premium-pool', 'check:2026-03-03T01:00:00.000Z'], // L-1301 created
      ['pool:premium-pool', 'check:2026-03-03T02:00:00.000Z'], // L-1302 created
      [], // L-1302 claimed in the CRM (not an event this policy listens to)
      [], // L-1301 12 h in: waiting
      ['pool:standard-pool', 'check:2026-03-05T01:00:00.000Z', 'notify:standard'], // L-1301 exactly 24 h: cascades
      [], // L-1302 check: claimed, stops
      ['queue:sales-manual:mgr-sales'], // L-1301 exactly 48 h later: exhausted
      [], // L-1301 after the end: nothing
    ]);
    expect(decisions.map((d) => (d.triggered ? visit(d, 'cascade').result : 'not triggered'))).toEqual([
      'started',
      'started',
      'not triggered',
      'waiting',
      'cascaded',
      'progressed',
      'exhausted',
      'notInCascade',
    ]);
    // One holder each (issue 9): the exhausted lead waits in the manager's queue only, out of the
    // standard pool; the lead claimed in the CRM belongs to its owner, out of the premium pool.
    expect(state.lead('L-1301')).toMatchObject({
      ownerId: null,
      poolId: null,
      queueId: 'sales-manual',
      cascade: { nodeId: 'cascade', step: -1, due: '2026-03-05T01:00:00.000Z' },
    });
    expect(state.lead('L-1302')).toMatchObject({ ownerId: 'premium-2', poolId: null, cascade: { step: -1, due: '2026-03-03T02:00:00.000Z' } });
    expect(holderProblems(state.allLeads())).toEqual([]);
    expect(state.schedule.size).toBe(0);
    // The owner the CRM reported took the lead as an assignment from the CRM (its history, load and day's count).
    expect(state.ownershipHistory('L-1302')).toEqual([{ leadId: 'L-1302', repId: 'premium-2', from: '2026-03-02T09:00:00Z', via: 'assigned' }]);
    expect(state.openLoad('premium-2')).toBe(1);
  });

  it('explains the wait, the move and the end in words a rep can read', async () => {
    const { decisions } = await runTimeline();
    const waiting = visit(decisions[3]!, 'cascade');
    expect(waiting.detail).toEqual({
      step: 0,
      poolId: 'premium-pool',
      waitHours: 24,
      since: '2026-03-02T01:00:00.000Z',
      due: '2026-03-03T01:00:00.000Z',
      progressRule: 'claimed',
      owner: null,
    });
    expect(waiting.note).toEqual({
      en: 'no progress yet in pool premium-pool; waiting until 2026-03-03 09:00',
      zh: '线索池 premium-pool 中暂无进展，等待至 2026-03-03 09:00',
    });

    const moved = decisions[4]!;
    expect(visitedIds(moved)).toEqual(['start', 'cascade', 'tellStandard']);
    expect(visit(moved, 'cascade').note?.en).toBe(
      'no progress in pool premium-pool between 2026-03-02 09:00 and 2026-03-03 09:00: moved to tier 2, pool standard-pool',
    );
    expect(moved.actions.find((a) => a.type === 'notify')).toMatchObject({
      mode: 'notify',
      to: [{ kind: 'team', id: 'standard' }],
      message: { en: 'Lead L-1301 is now in your pool: the premium team did not claim it in 24 hours' },
    });

    const stopped = decisions[5]!;
    expect(visitedIds(stopped)).toEqual(['start', 'cascade']);
    expect(visit(stopped, 'cascade')).toMatchObject({
      result: 'progressed',
      detail: { step: 0, owner: 'premium-2' },
      note: { en: 'premium-2 claimed the lead: the cascade stops' },
    });

    const exhausted = decisions[6]!;
    expect(visitedIds(exhausted)).toEqual(['start', 'cascade', 'managerQueue']);
    expect(visit(exhausted, 'cascade').note?.zh).toBe(
      '最后一级（线索池 standard-pool）至 2026-03-05 09:00 仍无进展：各级均已轮过；线索留在线索池 standard-pool，除非“各级均无进展”出口另行处理（转主管分配时移出线索池）',
    );
    expect(visit(exhausted, 'managerQueue').note).toEqual({
      en: 'lead L-1301 leaves pool standard-pool: while it waits for the manager nobody can claim it',
      zh: '线索 L-1301 移出线索池 standard-pool：等待主管分配期间不可领取',
    });
    expect(exhausted.explanation.summary.en).toBe('queued lead L-1301 for manual assignment in sales-manual (node managerQueue)');
  });

  it('one millisecond before the due instant is still a wait', async () => {
    const state = stateFrom('s13-tiered-teams');
    const [created] = timelineEvents('s13-cascade');
    await step(policy, state, created!);
    const early = await step(policy, state, event({ id: 'early', type: 'tick', at: '2026-03-03T00:59:59.999Z', leadId: 'L-1301' }));
    expect(visit(early, 'cascade').result).toBe('waiting');
    expect(early.actions).toEqual([]);
    const onTime = await step(policy, state, event({ id: 'on-time', type: 'tick', at: '2026-03-03T01:00:00.000Z', leadId: 'L-1301' }));
    expect(visit(onTime, 'cascade').result).toBe('cascaded');
  });

  it('a lead returned to the pool starts again at the premium tier', async () => {
    const { state } = await runTimeline();
    const back = await step(
      policy,
      state,
      event({ id: 'back', type: 'lead.returned_to_pool', at: '2026-03-20T02:00:00Z', leadId: 'L-1302', lead: { id: 'L-1302', ownerId: null } }),
    );
    expect(brief(back)).toEqual(['pool:premium-pool', 'check:2026-03-21T02:00:00.000Z']);
    expect(visit(back, 'cascade').result).toBe('started');
    expect(state.lead('L-1302')).toMatchObject({ poolId: 'premium-pool', cascade: { step: 0, due: '2026-03-21T02:00:00.000Z' } });
  });
});

// S13 counted in working days by the mainland China calendar: 国庆 (1–7 Oct 2026) does not count, the make-up Saturday 10 Oct does.
describe('S13 tiered cascade in working days (s13-cascade-working-days)', () => {
  const workingDays = compiledExample('s13-cascade-working-days');
  const withCalendar = () => stateFrom('s13-tiered-teams', (s) => ({ ...s, calendars: [exampleCalendar('cn-2026') as never] }));
  const at = (id: string, iso: string) => event({ id, type: 'tick', at: iso, leadId: 'L-1301' });

  it('a lead arriving Wed 30 Sep 10:00 moves on Thu 8 Oct 10:00 and reaches the manager on the make-up Saturday 10 Oct 10:00', async () => {
    const state = withCalendar();
    const created = await step(
      workingDays,
      state,
      event({ id: 'c', type: 'lead.created', at: '2026-09-30T02:00:00Z', lead: { id: 'L-1301', createdAt: '2026-09-30T02:00:00Z' } }),
    );
    expect(brief(created)).toEqual(['pool:premium-pool', 'check:2026-10-08T02:00:00.000Z']);
    expect(visit(created, 'cascade').note?.zh).toBe('进入第 1 级（线索池 premium-pool，等待 1 个工作日（日历：中国大陆 2026）），时限至 2026-10-08 10:00');
    // 24 hours later, during the holiday, the premium team still has the lead.
    expect(visit(await step(workingDays, state, at('t1', '2026-10-01T02:00:00Z')), 'cascade').result).toBe('waiting');
    const moved = await step(workingDays, state, at('t2', '2026-10-08T02:00:00Z'));
    expect(brief(moved)).toEqual(['pool:standard-pool', 'check:2026-10-10T02:00:00.000Z', 'notify:standard']);
    expect(visit(await step(workingDays, state, at('t3', '2026-10-10T01:59:59.999Z')), 'cascade').result).toBe('waiting');
    const exhausted = await step(workingDays, state, at('t4', '2026-10-10T02:00:00Z'));
    expect(brief(exhausted)).toEqual(['queue:sales-manual:mgr-sales']);
    expect(holderProblems(state.allLeads())).toEqual([]);
  });

  it('a tenant without the cn-2026 calendar: the lead stays in the premium pool, no check is booked, and the decision warns', async () => {
    const state = stateFrom('s13-tiered-teams');
    const d = await step(
      workingDays,
      state,
      event({ id: 'c', type: 'lead.created', at: '2026-09-30T02:00:00Z', lead: { id: 'L-1301', createdAt: '2026-09-30T02:00:00Z' } }),
    );
    expect(brief(d)).toEqual(['pool:premium-pool']);
    expect(d.explanation.warnings?.map((w) => w.code)).toEqual(['calendarMissing']);
    expect(visit(d, 'cascade').note?.en).toContain('"cn-2026"');
  });
});
