import { describe, expect, it } from 'vitest';
import { compiledExample, stateFrom, timelineEvents } from './harness.js';
import { decideLead, reclaimNote, runTimelineWithTicks } from './tickHarness.js';

// S16: three reclaim rule types (7 days no follow-up, 30 no new opportunity, 90 no deal), any due one reclaims.
// Due means elapsed ≥ N × 24 h from the later of the measured event and the moment the owner got the lead.
// The same rule in working days ('s16-working-days', calendar cn-2026) is in s16-working-days.test.ts.
const policy = compiledExample('s16-reclaim-rules');

async function run() {
  const state = stateFrom('s16-owned-leads');
  const outcomes = await runTimelineWithTicks(policy, state, timelineEvents('s16-daily-ticks'));
  return { state, outcomes };
}

const byLead = <T extends { leadId: string | null }>(xs: T[]) => [...xs].sort((a, b) => (a.leadId! < b.leadId! ? -1 : 1));

describe('S16 reclaim rule types', () => {
  it('the first daily check reclaims one lead per rule type, the exactly-7-days lead and a lead due on two rules', async () => {
    const { outcomes } = await run();
    const first = outcomes[0]!.tick!;
    // Eight open owned leads (the won one is not walked); only the five due ones ran the flow.
    expect(first.checked).toBe(8);
    expect(first.evaluated).toBe(5);
    expect(byLead(first.decisions.map((d) => reclaimNote(d)))).toEqual([
      {
        leadId: 'L-1601',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-1 to pool public: no follow-up since 2026-03-02, 9 days > 7',
        zh: '已从 ae-1 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > 7 天',
      },
      {
        leadId: 'L-1602',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-2 to pool public: no new opportunity since 2026-02-05, 34 days > 30',
        zh: '已从 ae-2 回收到线索池 public：自 2026-02-05 起无新商机，34 天 > 30 天',
      },
      {
        leadId: 'L-1603',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-3 to pool public: no deal since 2025-12-01, 100 days > 90',
        zh: '已从 ae-3 回收到线索池 public：自 2025-12-01 起未成交，100 天 > 90 天',
      },
      {
        leadId: 'L-1605',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-1 to pool public: no follow-up since 2026-03-04, 7 days ≥ 7',
        zh: '已从 ae-1 回收到线索池 public：自 2026-03-04 起未跟进，7 天 ≥ 7 天',
      },
      {
        leadId: 'L-1608',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-1 to pool public: no follow-up since 2026-03-01, 10 days > 7; no new opportunity since 2026-01-20, 50 days > 30',
        zh: '已从 ae-1 回收到线索池 public：自 2026-03-01 起未跟进，10 天 > 7 天；自 2026-01-20 起无新商机，50 天 > 30 天',
      },
    ]);
  });

  it('a reclaim moves the lead to the pool, records the former owner and tells them why', async () => {
    const { state, outcomes } = await run();
    const d = outcomes[0]!.tick!.decisions.find((x) => x.leadId === 'L-1601')!;
    expect(d.actions).toEqual([
      { type: 'toPool', leadId: 'L-1601', poolId: 'public', previousOwnerId: 'ae-1', nodeId: 'reclaim' },
      {
        type: 'notify',
        leadId: 'L-1601',
        nodeId: 'reclaim',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'ae-1' }],
        message: {
          en: 'Lead L-1601 was reclaimed to pool public: no follow-up since 2026-03-02, 9 days > 7',
          zh: '线索 L-1601 已被回收到线索池 public：自 2026-03-02 起未跟进，9 天 > 7 天',
        },
      },
    ]);
    expect(d.changes).toEqual([
      {
        type: 'lead.toPool',
        leadId: 'L-1601',
        poolId: 'public',
        previousOwnerId: 'ae-1',
        at: '2026-03-11T02:00:00.000Z',
        nodeId: 'reclaim',
        reason: 'reclaimed',
      },
    ]);
    expect(state.lead('L-1601')).toMatchObject({ ownerId: null, poolId: 'public' });
    expect(state.ownershipHistory('L-1601')).toEqual([
      { leadId: 'L-1601', repId: 'ae-1', from: '2026-02-01T02:00:00Z', via: 'assigned', to: '2026-03-11T02:00:00.000Z', endReason: 'reclaimed' },
    ]);
  });

  it("a lead assigned two days ago is not reclaimed for its previous owner's silence", () => {
    const state = stateFrom('s16-owned-leads');
    const kept = reclaimNote(decideLead(policy, state, 'L-1604', '2026-03-11T02:00:00Z'));
    expect(kept).toEqual({
      leadId: 'L-1604',
      outcome: 'kept',
      en: 'not due: no follow-up since the owner got it on 2026-03-09, 2 days < 7; no new opportunity since the owner got it on 2026-03-09, 2 days < 30; no deal since the owner got it on 2026-03-09, 2 days < 90; reclaim due 2026-03-16 10:00',
      zh: '未到期：自 2026-03-09 接手以来未跟进，2 天 < 7 天；自 2026-03-09 接手以来无新商机，2 天 < 30 天；自 2026-03-09 接手以来未成交，2 天 < 90 天；预计 2026-03-16 10:00 回收',
    });
  });

  it('1 ms short of 7 days is kept; an hour later its stage change into an opportunity stage exempts it (S19)', async () => {
    const before = reclaimNote(decideLead(policy, stateFrom('s16-owned-leads'), 'L-1606', '2026-03-11T02:00:00Z'));
    expect(before.outcome).toBe('kept');
    expect(before.en).toBe(
      'not due: no follow-up since 2026-03-04, 6 days < 7; no new opportunity since 2026-03-01, 10 days < 30; no deal since the owner got it on 2026-02-15, 24 days < 90; reclaim due 2026-03-11 10:00',
    );

    const { state, outcomes } = await run();
    const onEvent = outcomes[1]!.decision!;
    expect(onEvent.eventType).toBe('stage.changed');
    // The step records the stage first: solution_design is an opportunity stage, so the lead has an
    // open opportunity when the policy looks, and an open opportunity is exempt (S19).
    expect(onEvent.actions).toEqual([]);
    expect(reclaimNote(onEvent)).toMatchObject({
      outcome: 'exempt',
      en: 'exempt (open opportunity): not reclaimed, although no follow-up since 2026-03-04, 7 days ≥ 7',
    });
    expect(state.lead('L-1606')).toMatchObject({ ownerId: 'ae-3', stage: 'solution_design', openOpportunity: true, lastOpportunityAt: '2026-03-11T03:00:00Z' });
  });

  it('the next day reclaims the lead that crossed 7 days overnight and keeps the newly assigned one', async () => {
    const { state, outcomes } = await run();
    const second = outcomes[2]!.tick!;
    // L-1604, the exempt L-1606 and L-1609.
    expect(second.checked).toBe(3);
    expect(second.decisions.map((d) => reclaimNote(d))).toEqual([
      {
        leadId: 'L-1609',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-2 to pool public: no follow-up since 2026-03-04, 7 days ≥ 7',
        zh: '已从 ae-2 回收到线索池 public：自 2026-03-04 起未跟进，7 天 ≥ 7 天',
      },
    ]);
    expect([...state.ownedLeads()].map((l) => l.id).sort()).toEqual(['L-1604', 'L-1606']);
    expect(state.lead('L-1610')).toMatchObject({ ownerId: 'ae-3', status: 'won' });
  });
});
