import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compilePolicy, decide, type CompiledPolicy, type SluiceEvent } from '../../src/index.js';
import { compiledExample, event, stateFrom, timelineEvents, visit, visitedIds } from './harness.js';
import { brief, play, playOne, refusals, ticks, tickBoth } from './penalty-driver.js';

// S28: > 3 × the median of the other AEs in the team over 72 h, < 20% followed up → flag, no claiming for 7 days, release.
const policy = compiledExample('s28-hoarding');
const events = timelineEvents('s28-hoarding');
const claimsAndActivities = events.filter((e) => e.type !== 'tick');
const FLAG_AT = '2026-03-05T01:00:00Z';
const NEGLECTED = ['L-2802', 'L-2803', 'L-2804', 'L-2805', 'L-2806', 'L-2807', 'L-2808', 'L-2809'];

function variant(data: Record<string, unknown>): CompiledPolicy {
  const doc = structuredClone(examplePolicy('s28-hoarding')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
  const node = doc.nodes.find((n) => n.id === 'hoard')!;
  node.data = { ...node.data, ...data };
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const repTick = (repId: string, at: string): SluiceEvent => event({ id: `t-${repId}-${at}`, type: 'tick', at, repId });

describe('S28 hoarding anomaly', () => {
  it('flags 刘洋 (9 claims, 3.6 × the median 2.5, 11.1% followed up), suspends his claiming and releases the 8 untouched leads', async () => {
    const state = stateFrom('s28-east-team');
    const played = await play(policy, state, events);
    expect(refusals(played)).toEqual([]);
    const [flagTick, nextTick] = ticks(played);

    expect(flagTick!.checked).toBe(7);
    expect(flagTick!.decisions.map((d) => d.eventId)).toEqual(['tick:s28-hoarding:2026-03-05T01:00:00.000Z:ae-1']);
    expect(brief(flagTick!.actions)).toEqual([...NEGLECTED.map((l) => `toPool:${l}:public:ae-1`), 'notify:ae-1+mgr-east']);
    const [flag, penalty, ...released] = flagTick!.changes;
    expect(flag).toEqual({
      type: 'rep.flag',
      repId: 'ae-1',
      reason: 'hoarding',
      at: '2026-03-05T01:00:00.000Z',
      nodeId: 'hoard',
      detail: { claims: 9, median: 2.5, ratio: 3.6, followUpRate: 0.1111, windowHours: 72, peers: 4 },
    });
    expect(penalty).toEqual({
      type: 'penalty.add',
      penalty: {
        repId: 'ae-1',
        from: '2026-03-05T01:00:00.000Z',
        until: '2026-03-12T01:00:00.000Z',
        weightFactor: 1,
        suspendClaims: true,
        suspendRouting: false,
        reason: 'hoarding: 9 claims in 72 h, 3.6× the team median 2.5, 11.1% followed up',
        reasonZh: '囤积线索：72 小时内领取 9 条，为同组中位数 2.5 的 3.6×，跟进率 11.1%',
        kind: 'hoarding',
        decay: 'none',
        source: 's28-hoarding/hoard',
      },
    });
    expect(released.map((c) => (c.type === 'lead.toPool' ? `${c.leadId}:${c.reason}` : c.type))).toEqual(NEGLECTED.map((l) => `${l}:released`));

    expect(nextTick!.decisions).toEqual([]);
    expect(state.flags.map((f) => f.repId)).toEqual(['ae-1']);
    expect(state.leadsOwnedBy('ae-1').map((l) => l.id)).toEqual(['L-2801']);
    for (const l of NEGLECTED) expect(state.lead(l)).toMatchObject({ ownerId: null, poolId: 'public' });
  });

  it('explains the figures: claims, median, ratio and follow-up rate, in both languages', async () => {
    const state = stateFrom('s28-east-team');
    const [flagTick] = ticks(await play(policy, state, events));
    const d = flagTick!.decisions[0]!;
    expect(visitedIds(d)).toEqual(['start', 'isAE', 'hoard']);
    const hoard = visit(d, 'hoard');
    expect(hoard.result).toBe('flagged');
    expect(hoard.detail).toEqual({
      repId: 'ae-1',
      windowHours: 72,
      claims: 9,
      peers: 4,
      median: 2.5,
      ratio: 3.6,
      followedUp: 1,
      followUpRate: 0.1111,
      threshold: 3,
      minClaims: 5,
      maxFollowUpRate: 0.2,
      until: '2026-03-12T01:00:00.000Z',
      released: NEGLECTED,
      told: ['ae-1', 'mgr-east'],
    });
    expect(hoard.note).toEqual({
      en: `ae-1 flagged for hoarding: 9 claims in 72 h, 3.6× the team median 2.5, 11.1% followed up. Claiming suspended until 2026-03-12 09:00; released ${NEGLECTED.join(', ')} to pool public`,
      zh: `ae-1 被标记为囤积线索：72 小时内领取 9 条，为同组中位数 2.5 的 3.6×，跟进率 11.1%。暂停领取至 2026-03-12 09:00；已释放 ${NEGLECTED.join('、')} 回线索池 public`,
    });
  });

  it('counts a claim exactly at the window start and not one a second before it; leaves normal claimers and a rep without peers alone', async () => {
    const state = stateFrom('s28-east-team');
    await play(policy, state, claimsAndActivities);
    const detail = (repId: string) => visit(decide(policy, repTick(repId, FLAG_AT), state, FLAG_AT), 'hoard');
    // 马丽 claimed at exactly 72 h before the tick; 孙悦's first claim was one second earlier.
    expect(detail('ae-5').detail).toMatchObject({ claims: 1 });
    expect(detail('ae-3').detail).toMatchObject({ claims: 2, followedUp: 1, followUpRate: 0.5 });
    // Kevin Zhou followed up none of his 3 claims, but 3 is under the minimum of 5.
    expect(detail('ae-4')).toMatchObject({
      result: 'clear',
      detail: { claims: 3, median: 2.5, followUpRate: 0 },
      note: { en: 'ae-4: 3 claims, fewer than the minimum 5' },
    });
    // ae-2's peers include the hoarder: median of 9, 2, 3, 1 is 2.5.
    expect(detail('ae-2').detail).toMatchObject({ claims: 3, median: 2.5, ratio: 1.2, followUpRate: 1 });
    // 黄涛 grabbed 5 and touched none, but the west team has nobody else to compare with.
    expect(detail('ae-6')).toMatchObject({
      result: 'clear',
      detail: { claims: 5, peers: 0 },
      note: { en: 'ae-6 has no team-mates to compare with', zh: 'ae-6 没有可比较的同组销售' },
    });
  });

  it('refuses the suspended rep’s claims until the suspension ends, then judges only new claims', async () => {
    const state = stateFrom('s28-east-team');
    await play(policy, state, events);
    const claim = (id: string, at: string, leadId: string) => event({ id, type: 'claim.requested', at, repId: 'ae-1', leadId, data: { poolId: 'public' } });
    const refused = await playOne(policy, state, claim('c1', '2026-03-12T00:59:59Z', 'L-2802'));
    expect(refused.kind === 'claim' && refused.check).toMatchObject({
      ok: false,
      code: 'claimSuspended',
      detail: { repId: 'ae-1', until: '2026-03-12T01:00:00.000Z', penaltyKind: 'hoarding' },
    });
    // Until when on the tenant's clock, and why in each language: no English inside the Chinese (F5).
    expect(refused.kind === 'claim' && !refused.check.ok && refused.check.message).toEqual({
      en: 'ae-1 may not claim leads until 2026-03-12 09:00 (hoarding: 9 claims in 72 h, 3.6× the team median 2.5, 11.1% followed up)',
      zh: 'ae-1 的领取权限已暂停至 2026-03-12 09:00（囤积线索：72 小时内领取 9 条，为同组中位数 2.5 的 3.6×，跟进率 11.1%）',
    });
    expect(state.lead('L-2802')!.ownerId).toBeNull();
    const allowed = await playOne(policy, state, claim('c2', '2026-03-12T01:00:00Z', 'L-2802'));
    expect(allowed.kind === 'claim' && allowed.check).toEqual({ ok: true });
    // The 9 old claims are still inside a window reaching back from 2026-03-07, but they were judged: only the new one counts.
    const after = decide(policy, repTick('ae-1', '2026-03-12T02:00:00Z'), state, '2026-03-12T02:00:00Z');
    expect(visit(after, 'hoard').detail).toMatchObject({ claims: 1, countedSince: '2026-03-05T01:00:00.000Z' });
    expect(after.changes).toEqual([]);
  });

  it('with a zero median, the floor decides: 5 claims are flagged (ratio infinite), 4 are not', async () => {
    const ae1Claims = (n: number) => claimsAndActivities.filter((e) => e.type === 'claim.requested' && e.repId === 'ae-1').slice(0, n);
    const five = stateFrom('s28-east-team');
    // Nobody else claimed anything: every peer's count is 0.
    await play(policy, five, ae1Claims(5));
    const flagged = await tickBoth(policy, five, FLAG_AT);
    const hoard = visit(flagged.decisions[0]!, 'hoard');
    expect(hoard).toMatchObject({
      result: 'flagged',
      detail: { claims: 5, peers: 4, median: 0, ratio: 'infinite', followUpRate: 0, released: ['L-2801', 'L-2802', 'L-2803', 'L-2804', 'L-2805'] },
    });
    expect(hoard.note?.en).toContain('5 claims in 72 h, ∞ the team median 0, 0% followed up');
    expect(flagged.changes[0]).toMatchObject({ type: 'rep.flag', detail: { claims: 5, median: 0, ratio: 'infinite' } });

    const four = stateFrom('s28-east-team');
    await play(policy, four, ae1Claims(4));
    expect((await tickBoth(policy, four, FLAG_AT)).decisions).toEqual([]);
    expect(visit(decide(policy, repTick('ae-1', FLAG_AT), four, FLAG_AT), 'hoard')).toMatchObject({
      result: 'clear',
      detail: { claims: 4, median: 0, ratio: 'infinite' },
      note: { en: 'ae-1: 4 claims, fewer than the minimum 5' },
    });
  });

  it('a follow-up rate of exactly the limit (1 of 5 = 20%) is not below it', async () => {
    const state = stateFrom('s28-east-team');
    const fiveAndCall = claimsAndActivities
      .filter((e) => e.repId === 'ae-1' || e.activity?.repId === 'ae-1')
      .filter((e, i) => i < 5 || e.type === 'activity.logged');
    await play(policy, state, fiveAndCall);
    const d = decide(policy, repTick('ae-1', FLAG_AT), state, FLAG_AT);
    expect(visit(d, 'hoard')).toMatchObject({
      result: 'clear',
      detail: { claims: 5, followedUp: 1, followUpRate: 0.2 },
      note: { en: 'ae-1: 5 claims (∞ the median 0) but 20% followed up, not below 20%' },
    });
    // A stricter limit just above it flags the same rep.
    expect(visit(decide(variant({ maxFollowUpRate: 0.21 }), repTick('ae-1', FLAG_AT), state, FLAG_AT), 'hoard').result).toBe('flagged');
  });

  it('following up 2 of 9 (22.2%) is not neglect', async () => {
    const state = stateFrom('s28-east-team');
    await play(policy, state, claimsAndActivities);
    state.addActivity({ leadId: 'L-2803', repId: 'ae-1', at: '2026-03-04T00:00:00Z', kind: 'call' });
    // 2 of 9 followed up is 22.2%, not below 20%.
    const d = decide(policy, repTick('ae-1', FLAG_AT), state, FLAG_AT);
    expect(visit(d, 'hoard')).toMatchObject({
      result: 'clear',
      detail: { claims: 9, followedUp: 2, followUpRate: 0.2222 },
      note: { en: 'ae-1: 9 claims (3.6× the median 2.5) but 22.2% followed up, not below 20%' },
    });
  });

  it('without peer roles the manager counts as a peer who never claims, lowering the median', async () => {
    const state = stateFrom('s28-east-team');
    await play(policy, state, claimsAndActivities);
    const d = decide(variant({ peerRoles: [] }), repTick('ae-1', FLAG_AT), state, FLAG_AT);
    // Peers 3, 2, 3, 1 and the manager's 0: the median is 2.
    expect(visit(d, 'hoard').detail).toMatchObject({ peers: 5, median: 2, ratio: 4.5 });
  });
});
