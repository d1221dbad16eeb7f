import { describe, expect, it } from 'vitest';
import { tick } from '../../src/index.js';
import { checkClaim, claimChanges } from '../../src/runtime/claims.js';
import { compiledExample, stateFrom, timelineEvents } from './harness.js';
import { reclaimNote, runTimelineWithTicks } from './tickHarness.js';

// S20: reclaim to the public pool; claiming from it: ≤ 2 claims per rep per Beijing day, a former
// owner waits 3 days, ≤ 3 owned customers with signed ones not counted. Tenant zone Asia/Shanghai.
const policy = compiledExample('s20-pool-claims');

async function run() {
  const state = stateFrom('s20-claim-pool');
  return { state, outcomes: await runTimelineWithTicks(policy, state, timelineEvents('s20-claims')) };
}

describe('S20 destination pool and claim limits', () => {
  it('reclaims the silent lead into the public pool', async () => {
    const { outcomes } = await run();
    const t = outcomes[0]!.tick!;
    expect(t.decisions.map((d) => reclaimNote(d))).toEqual([
      {
        leadId: 'L-2001',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-1 to pool public: no follow-up since 2026-03-02, 9 days > 7',
        zh: '已从 ae-1 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > 7 天',
      },
    ]);
    expect(t.decisions[0]!.explanation.visited[1]!.detail).toMatchObject({ poolId: 'public', previousOwnerId: 'ae-1', dueRules: ['noFollowUp'] });
  });

  it('answers every claim with ok or a refusal code the CRM can show', async () => {
    const { outcomes } = await run();
    expect(outcomes.slice(1).map((o) => [o.event.id, o.claim!.ok ? 'ok' : o.claim!.code])).toEqual([
      ['s20-c1', 'formerOwnerCooling'],
      ['s20-c2', 'ok'],
      ['s20-c3', 'dailyClaimLimit'],
      ['s20-c4', 'dailyClaimLimit'],
      ['s20-c5', 'ok'],
      ['s20-c6', 'ok'],
      ['s20-c7', 'ownedCap'],
      ['s20-c8', 'claimSuspended'],
      ['s20-c9', 'unknownRep'],
      ['s20-c10', 'notInPool'],
      ['s20-c11', 'notInPool'],
    ]);
  });

  it('each refusal explains itself in both languages, with the figures behind it', async () => {
    const { outcomes } = await run();
    const refusal = (id: string) => {
      const c = outcomes.find((o) => o.event.id === id)!.claim!;
      if (c.ok) throw new Error(`${id} was allowed`);
      return { message: c.message, detail: c.detail };
    };
    expect(refusal('s20-c1')).toEqual({
      message: {
        en: 'ae-1 lost lead L-2001 on 2026-03-11 10:00; pool public lets a former owner claim it again after 3 days, from 2026-03-14 10:00',
        zh: 'ae-1 于 2026-03-11 10:00 失去线索 L-2001；线索池 public 的原负责人冷却期为 3 天，2026-03-14 10:00 起才可重新领取',
      },
      detail: {
        repId: 'ae-1',
        leadId: 'L-2001',
        lostAt: '2026-03-11T02:00:00.000Z',
        endReason: 'reclaimed',
        coolingDays: 3,
        coolingUntil: '2026-03-14T02:00:00.000Z',
      },
    });
    expect(refusal('s20-c3')).toEqual({
      message: {
        en: 'ae-2 has claimed 2 leads today (2026-03-11); pool public allows 2 a day',
        zh: 'ae-2 今天（2026-03-11）已领取 2 条线索；线索池 public 每人每天最多领取 2 条',
      },
      detail: { repId: 'ae-2', day: '2026-03-11', timeZone: 'Asia/Shanghai', claimedToday: 2, dailyClaimLimit: 2, limit: 2, source: 'pool' },
    });
    expect(refusal('s20-c7')).toEqual({
      message: {
        en: 'ae-3 owns 3 customers (signed ones not counted); pool public allows at most 3',
        zh: 'ae-3 已拥有 3 个客户（不含已签约客户）；线索池 public 规定每人最多 3 个',
      },
      detail: { repId: 'ae-3', owned: 3, ownedCap: 3, countSigned: false, limit: 3, source: 'pool' },
    });
    expect(refusal('s20-c8').message).toEqual({
      en: 'ae-4 may not claim leads until 2026-03-17 08:00 (claimed 5× the team median with no follow-up)',
      zh: 'ae-4 的领取权限已暂停至 2026-03-17 08:00（领取量为同组中位数的 5 倍且未跟进）',
    });
    expect(refusal('s20-c9').message).toEqual({ en: 'rep ae-9 is not known', zh: '未知的销售 ae-9' });
    expect(refusal('s20-c10')).toEqual({
      message: { en: 'lead L-2001 is already owned by ae-2', zh: '线索 L-2001 已由 ae-2 负责' },
      detail: { leadId: 'L-2001', poolId: 'public', reason: 'owned', ownerId: 'ae-2' },
    });
    expect(refusal('s20-c11').detail).toEqual({ leadId: 'L-2014', poolId: 'public', reason: 'otherPool', leadPoolId: 'north' });
  });

  it('a successful claim is recorded as claimed from the pool', async () => {
    const { state } = await run();
    expect(state.lead('L-2001')).toMatchObject({ ownerId: 'ae-2', poolId: null, ownedSince: '2026-03-11T04:00:00.000Z' });
    expect(state.ownershipHistory('L-2001').map((o) => [o.repId, o.via, o.endReason ?? 'open'])).toEqual([
      ['ae-1', 'assigned', 'reclaimed'],
      ['ae-2', 'claimed', 'open'],
    ]);
    expect(state.lead('L-2010')).toMatchObject({ ownerId: 'ae-2' });
    expect(state.lead('L-2012')).toMatchObject({ ownerId: null, poolId: 'public' });
  });

  it('claimChanges gives exactly one lead.assign with via claimed', () => {
    const state = stateFrom('s20-claim-pool');
    expect(claimChanges(state, { leadId: 'L-2013', repId: 'ae-1', poolId: 'public' }, '2026-03-11T08:30:00+08:00')).toEqual([
      { type: 'lead.assign', leadId: 'L-2013', repId: 'ae-1', previousOwnerId: null, at: '2026-03-11T00:30:00.000Z', nodeId: 'claim', via: 'claimed' },
    ]);
  });

  it('the daily claim limit resets at Beijing midnight, not UTC midnight', () => {
    // In UTC, 李雷's 01:00-Beijing claim falls on 10 March: a UTC tenant lets him claim twice more on the 11th.
    const shanghai = stateFrom('s20-claim-pool');
    const utc = stateFrom('s20-claim-pool', (s) => ({ ...s, timeZone: 'UTC' }));
    for (const state of [shanghai, utc]) state.apply(claimChanges(state, { leadId: 'L-2010', repId: 'ae-2', poolId: 'public' }, '2026-03-11T04:00:00Z'));
    const req = { leadId: 'L-2011', repId: 'ae-2', poolId: 'public' };
    expect(checkClaim(shanghai, req, '2026-03-11T05:00:00Z')).toMatchObject({ ok: false, code: 'dailyClaimLimit', detail: { claimedToday: 2 } });
    expect(checkClaim(utc, req, '2026-03-11T05:00:00Z')).toEqual({ ok: true });
    expect(checkClaim(shanghai, req, '2026-03-11T15:59:59.999Z')).toMatchObject({ ok: false, code: 'dailyClaimLimit' });
    expect(checkClaim(shanghai, req, '2026-03-11T16:00:00.000Z')).toEqual({ ok: true });
  });

  it('the former owner may claim again exactly 3 days after losing the lead', () => {
    const state = stateFrom('s20-claim-pool');
    state.apply(tick(policy, state, '2026-03-11T02:00:00Z').changes);
    const req = { leadId: 'L-2001', repId: 'ae-1', poolId: 'public' };
    expect(checkClaim(state, req, '2026-03-14T01:59:59.999Z')).toMatchObject({ ok: false, code: 'formerOwnerCooling' });
    expect(checkClaim(state, req, '2026-03-14T02:00:00.000Z')).toEqual({ ok: true });
    // Someone else was never cooling.
    expect(checkClaim(state, { ...req, repId: 'ae-3' }, '2026-03-11T03:00:00Z')).toEqual({ ok: true });
  });

  it('with signed customers counted, the signed one fills the cap', () => {
    const state = stateFrom('s20-claim-pool', (s) => ({ ...s, pools: s.pools!.map((p) => (p.id === 'public' ? { ...p, countSigned: true } : p)) }));
    expect(checkClaim(state, { leadId: 'L-2011', repId: 'ae-3', poolId: 'public' }, '2026-03-11T17:00:00Z')).toEqual({
      ok: false,
      code: 'ownedCap',
      message: {
        en: 'ae-3 owns 3 customers (signed ones included); pool public allows at most 3',
        zh: 'ae-3 已拥有 3 个客户（含已签约客户）；线索池 public 规定每人最多 3 个',
      },
      detail: { repId: 'ae-3', owned: 3, ownedCap: 3, countSigned: true, limit: 3, source: 'pool' },
    });
  });

  it('a claim suspension ends at its until instant', () => {
    const state = stateFrom('s20-claim-pool');
    const req = { leadId: 'L-2012', repId: 'ae-4', poolId: 'public' };
    expect(checkClaim(state, req, '2026-03-16T23:59:59.999Z')).toMatchObject({
      ok: false,
      code: 'claimSuspended',
      detail: { until: '2026-03-17T00:00:00Z', penaltyKind: 'hoarding' },
    });
    expect(checkClaim(state, req, '2026-03-17T00:00:00Z')).toEqual({ ok: true });
    expect(checkClaim(state, { ...req, poolId: 'nowhere' }, '2026-03-17T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'notInPool',
      detail: { reason: 'unknownPool' },
    });
    expect(checkClaim(state, { ...req, leadId: 'L-9999' }, '2026-03-17T00:00:00Z')).toMatchObject({
      ok: false,
      code: 'notInPool',
      detail: { reason: 'unknownLead' },
    });
  });
});
