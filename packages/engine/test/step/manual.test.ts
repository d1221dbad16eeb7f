import { describe, expect, test } from 'vitest';
import { InMemoryState, step, stepKind, type StateSnapshotInput, type StepEvent, type StepResult } from '../../src/index.js';

// 10:00 on 2 March in Shanghai.
const AT = '2026-03-02T02:00:00.000Z';
const DAY = 86_400_000;
const at = (offsetMs: number) => new Date(Date.parse(AT) + offsetMs).toISOString();

const snapshot = (): StateSnapshotInput => ({
  timeZone: 'Asia/Shanghai',
  reps: [
    { id: 'r1', openLoad: 0 },
    { id: 'r2', openLoad: 1 },
    { id: 'r3', openLoad: 0 },
  ],
  pools: [{ id: 'public' }, { id: 'other' }, { id: 'cooled', coolingDays: 3 }, { id: 'limited', dailyClaimLimit: 1 }, { id: 'capped', ownedCap: 1 }],
  leads: [
    { id: 'P1', poolId: 'public' },
    { id: 'O1', poolId: 'other' },
    { id: 'C1', poolId: 'cooled' },
    { id: 'LIM1', poolId: 'limited' },
    { id: 'LIM2', poolId: 'limited' },
    { id: 'CAP1', poolId: 'capped' },
    { id: 'OWNED', ownerId: 'r2', ownedSince: at(-10 * DAY) },
  ],
  ownership: [
    { leadId: 'OWNED', repId: 'r2', from: at(-10 * DAY), via: 'assigned' },
    // r3 lost C1 a day ago: the cooled pool holds it back for 3 days.
    { leadId: 'C1', repId: 'r3', from: at(-5 * DAY), to: at(-DAY), via: 'claimed', endReason: 'released' },
  ],
  penalties: [{ repId: 'r3', from: at(-DAY), until: at(DAY), suspendClaims: true, reason: 'hoarding', kind: 'hoarding' }],
});

const fresh = () => InMemoryState.from(snapshot());
const ev = (type: StepEvent['type'], leadId: string, repId: string, data?: Record<string, unknown>): StepEvent => ({
  id: `${type}:1`,
  type,
  at: AT,
  leadId,
  repId,
  ...(data ? { data } : {}),
});
const claim = (leadId: string, repId: string, poolId: string) => ev('claim.requested', leadId, repId, { poolId });

function refusalOf(r: StepResult) {
  if (r.ok) throw new Error('expected a refusal');
  return r.refusal;
}

/** A refused request changes nothing: the state is as it was. */
function refused(event: StepEvent) {
  const state = fresh();
  const r = step({ policies: [], state, event, now: AT });
  expect(state).toEqual(fresh());
  return refusalOf(r);
}

describe('step kinds are decided by the event alone', () => {
  test('a claim names its pool; without one it is a report for conflict rules; a tick about nobody is a whole tick', () => {
    expect(stepKind(claim('P1', 'r1', 'public'))).toBe('claim');
    expect(stepKind(ev('claim.requested', 'P1', 'r1'))).toBe('event');
    expect(stepKind(ev('release.requested', 'OWNED', 'r2', { poolId: 'public' }))).toBe('release');
    expect(stepKind(ev('assign.requested', 'OWNED', 'r1'))).toBe('assign');
    expect(stepKind({ type: 'tick' })).toBe('tick');
    expect(stepKind({ type: 'tick', leadId: 'P1' })).toBe('event');
    expect(stepKind({ type: 'tick', repId: 'r1' })).toBe('event');
  });
});

describe('claims from a pool', () => {
  test('an allowed claim gives the lead to the rep as claimed, with its own decision record', () => {
    const state = fresh();
    const r = step({ policies: [], state, event: claim('P1', 'r1', 'public'), now: AT });
    if (!r.ok) throw new Error(r.refusal.message.en);
    const change = { type: 'lead.assign', leadId: 'P1', repId: 'r1', previousOwnerId: null, at: AT, nodeId: 'claim', via: 'claimed' };
    expect(r.changes).toEqual([change]);
    expect(r.decisions).toEqual([
      {
        eventId: 'claim.requested:1',
        eventType: 'lead.claimed',
        leadId: 'P1',
        at: AT,
        policy: { key: 'claim', version: 0, kind: 'manual' },
        triggered: true,
        actions: [{ type: 'assign', leadId: 'P1', repId: 'r1', previousOwnerId: null, nodeId: 'claim', strategy: 'claimed' }],
        changes: [change],
        explanation: { visited: [], rulesFired: [], summary: { en: 'r1 claimed lead P1 from pool public', zh: 'r1 从线索池 public 领取了线索 P1' } },
      },
    ]);
    expect(state.lead('P1')).toMatchObject({ ownerId: 'r1', poolId: null });
    expect(state.ownershipsOf('r1')).toEqual([{ leadId: 'P1', repId: 'r1', from: AT, via: 'claimed' }]);
    expect(state.openLoad('r1')).toBe(1);
  });

  test('unknownRep: the rep, at $.repId', () => {
    expect(refused(claim('P1', 'ghost', 'public'))).toEqual({
      code: 'unknownRep',
      status: 409,
      message: { en: 'rep ghost is not known', zh: '未知的销售 ghost' },
      reason: { repId: 'ghost' },
      errors: [{ path: '$.repId', message: { en: 'rep ghost is not known', zh: '未知的销售 ghost' } }],
    });
  });

  test('an unknown pool or lead is a 404 as for a release, before any other check; an owned lead or one of another pool is notInPool ($.leadId)', () => {
    const pool = refused(claim('P1', 'r1', 'nowhere'));
    expect([pool.code, pool.status, pool.errors[0]!.path, pool.message]).toEqual([
      'unknown-pool',
      404,
      '$.data.poolId',
      { en: 'No pool nowhere', zh: '线索池 nowhere 不存在' },
    ]);
    // Before the rep is checked: the pool in the URL does not exist, whoever asks.
    expect([refused(claim('P1', 'ghost', 'nowhere'))].map((r) => [r.code, r.status])).toEqual([['unknown-pool', 404]]);
    const lead = refused(claim('NOPE', 'r1', 'public'));
    expect([lead.code, lead.status, lead.errors[0]!.path, lead.message]).toEqual([
      'unknown-lead',
      404,
      '$.leadId',
      { en: 'No lead NOPE', zh: '线索 NOPE 不存在' },
    ]);
    const owned = refused(claim('OWNED', 'r1', 'public'));
    expect(owned.reason).toEqual({ leadId: 'OWNED', poolId: 'public', reason: 'owned', ownerId: 'r2' });
    expect(owned.message.en).toBe('lead OWNED is already owned by r2');
    expect(refused(claim('O1', 'r1', 'public')).reason).toEqual({ leadId: 'O1', poolId: 'public', reason: 'otherPool', leadPoolId: 'other' });
  });

  test('claimSuspended: until when and why, in the tenant’s clock', () => {
    const r = refused(claim('P1', 'r3', 'public'));
    expect([r.code, r.status, r.errors[0]!.path]).toEqual(['claimSuspended', 409, '$.repId']);
    // The stored reason is English only (no reasonZh): the Chinese names the penalty's kind instead.
    expect(r.message).toEqual({ en: 'r3 may not claim leads until 2026-03-03 10:00 (hoarding)', zh: 'r3 的领取权限已暂停至 2026-03-03 10:00（囤积线索）' });
    expect(r.reason).toEqual({ repId: 'r3', until: at(DAY), penaltyKind: 'hoarding', reason: 'hoarding' });
  });

  test('formerOwnerCooling: a former owner waits out the pool’s cooling', () => {
    const state = InMemoryState.from({ ...snapshot(), penalties: [] });
    const r = refusalOf(step({ policies: [], state, event: claim('C1', 'r3', 'cooled'), now: AT }));
    expect([r.code, r.reason?.coolingDays, r.reason?.coolingUntil]).toEqual(['formerOwnerCooling', 3, '2026-03-04T02:00:00.000Z']);
    expect(r.message.en).toBe('r3 lost lead C1 on 2026-03-01 10:00; pool cooled lets a former owner claim it again after 3 days, from 2026-03-04 10:00');
    // Another rep is not cooling.
    expect(step({ policies: [], state, event: claim('C1', 'r1', 'cooled'), now: AT }).ok).toBe(true);
  });

  test('dailyClaimLimit: the second claim of the tenant-local day is refused', () => {
    const state = fresh();
    expect(step({ policies: [], state, event: claim('LIM1', 'r1', 'limited'), now: AT }).ok).toBe(true);
    const r = refusalOf(step({ policies: [], state, event: claim('LIM2', 'r1', 'limited'), now: AT }));
    expect(r.reason).toEqual({ repId: 'r1', day: '2026-03-02', timeZone: 'Asia/Shanghai', claimedToday: 1, dailyClaimLimit: 1, limit: 1, source: 'pool' });
    expect(r.message.zh).toBe('r1 今天（2026-03-02）已领取 1 条线索；线索池 limited 每人每天最多领取 1 条');
  });

  test('ownedCap: a rep at the pool’s cap may not claim more', () => {
    const r = refused(claim('CAP1', 'r2', 'capped'));
    expect([r.code, r.status]).toEqual(['ownedCap', 409]);
    expect(r.reason).toEqual({ repId: 'r2', owned: 1, ownedCap: 1, countSigned: true, limit: 1, source: 'pool' });
  });
});

describe('release back to a pool', () => {
  test('the owner releases: the ownership ends as released, the pool holds the lead, the reason is in the summary', () => {
    const state = fresh();
    const r = step({ policies: [], state, event: ev('release.requested', 'OWNED', 'r2', { poolId: 'public', reason: 'not my territory' }), now: AT });
    if (!r.ok) throw new Error(r.refusal.message.en);
    expect(r.changes).toEqual([
      { type: 'lead.toPool', leadId: 'OWNED', poolId: 'public', previousOwnerId: 'r2', at: AT, nodeId: 'release', reason: 'released' },
    ]);
    expect(r.decisions[0]).toMatchObject({
      eventType: 'lead.released',
      policy: { key: 'release', version: 0, kind: 'manual' },
      actions: [{ type: 'toPool', leadId: 'OWNED', poolId: 'public', previousOwnerId: 'r2', nodeId: 'release' }],
      explanation: {
        summary: { en: 'r2 released lead OWNED to pool public (not my territory)', zh: 'r2 将线索 OWNED 释放回线索池 public（not my territory）' },
      },
    });
    expect(state.lead('OWNED')).toMatchObject({ ownerId: null, poolId: 'public' });
    expect(state.ownershipHistory('OWNED')).toEqual([{ leadId: 'OWNED', repId: 'r2', from: at(-10 * DAY), via: 'assigned', to: AT, endReason: 'released' }]);
  });

  test('unknown-lead and unknown-pool are 404s; someone else’s lead is notOwner, naming the owner', () => {
    const lead = refused(ev('release.requested', 'NOPE', 'r2', { poolId: 'public' }));
    expect(lead).toEqual({
      code: 'unknown-lead',
      status: 404,
      message: { en: 'No lead NOPE', zh: '线索 NOPE 不存在' },
      errors: [{ path: '$.leadId', message: { en: 'No lead NOPE', zh: '线索 NOPE 不存在' } }],
    });
    const pool = refused(ev('release.requested', 'OWNED', 'r2', { poolId: 'nowhere' }));
    expect([pool.code, pool.status, pool.errors[0]!.path, pool.message.zh]).toEqual(['unknown-pool', 404, '$.data.poolId', '线索池 nowhere 不存在']);
    const other = refused(ev('release.requested', 'OWNED', 'r1', { poolId: 'public' }));
    expect(other).toMatchObject({ code: 'notOwner', status: 409, reason: { leadId: 'OWNED', repId: 'r1', ownerId: 'r2' }, errors: [{ path: '$.repId' }] });
    expect(other.message.en).toBe('r1 does not own lead OWNED');
    expect(other.detail).toEqual({ en: 'lead OWNED is owned by r2', zh: '线索 OWNED 的负责人是 r2，不是 r1' });
    const nobody = refused(ev('release.requested', 'P1', 'r1', { poolId: 'public' }));
    expect(nobody.detail?.zh).toBe('线索 P1 没有负责人');
  });
});

describe('manual assignment', () => {
  test('a manager gives the lead to another rep: the old ownership ends as reassigned, the summary names the manager', () => {
    const state = fresh();
    const r = step({ policies: [], state, event: ev('assign.requested', 'OWNED', 'r1', { managerId: 'mgr-1', actor: 'key:abc' }), now: AT });
    if (!r.ok) throw new Error(r.refusal.message.en);
    expect(r.changes).toEqual([{ type: 'lead.assign', leadId: 'OWNED', repId: 'r1', previousOwnerId: 'r2', at: AT, nodeId: 'manual', via: 'assigned' }]);
    expect(r.decisions[0]).toMatchObject({
      eventType: 'lead.assigned',
      policy: { key: 'assign', version: 0, kind: 'manual' },
      actions: [{ type: 'assign', repId: 'r1', previousOwnerId: 'r2', nodeId: 'manual', strategy: 'assigned' }],
      explanation: { summary: { en: 'mgr-1 assigned lead OWNED to r1', zh: 'mgr-1 将线索 OWNED 分配给 r1' } },
    });
    expect([state.openLoad('r1'), state.openLoad('r2')]).toEqual([1, 0]);
    // Without a manager, the actor is who assigned it.
    const byKey = step({ policies: [], state: fresh(), event: ev('assign.requested', 'P1', 'r1', { actor: 'key:abc' }), now: AT });
    expect(byKey.ok && byKey.decisions[0]!.explanation.summary.en).toBe('key:abc assigned lead P1 to r1');
    expect(fresh().lead('P1')?.poolId).toBe('public');
  });

  test('unknown-lead (404), unknownRep and alreadyOwner (409)', () => {
    expect(refused(ev('assign.requested', 'NOPE', 'r1'))).toMatchObject({ code: 'unknown-lead', status: 404 });
    expect(refused(ev('assign.requested', 'OWNED', 'ghost'))).toMatchObject({
      code: 'unknownRep',
      status: 409,
      reason: { repId: 'ghost' },
      message: { zh: '未知的销售 ghost' },
    });
    expect(refused(ev('assign.requested', 'OWNED', 'r2'))).toMatchObject({
      code: 'alreadyOwner',
      status: 409,
      reason: { leadId: 'OWNED', repId: 'r2' },
      message: { en: 'r2 already owns lead OWNED', zh: 'r2 已是线索 OWNED 的负责人' },
      errors: [{ path: '$.repId' }],
    });
  });
});
