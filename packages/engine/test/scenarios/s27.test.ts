import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { effectiveWeight } from '../../src/assignment/penalties.js';
import { compilePolicy, decide, type CompiledPolicy, type SluiceEvent } from '../../src/index.js';
import { compiledExample, event, stateFrom, timelineEvents, visit, visitedIds } from './harness.js';
import { brief, play, playOne, refusals, ticks, tickBoth } from './penalty-driver.js';

// S27: an account executive with no follow-up within 24 h of getting a lead: weight × 0.5 for 7 days, lead released.
const policy = compiledExample('s27-idle-claim');
const events = timelineEvents('s27-idle-claims');
const upTo = (id: string): SluiceEvent[] => events.slice(0, events.findIndex((e) => e.id === id) + 1);

/** The same policy with the idle node's config changed. */
function variant(data: Record<string, unknown>): CompiledPolicy {
  const doc = structuredClone(examplePolicy('s27-idle-claim')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
  const node = doc.nodes.find((n) => n.id === 'idle')!;
  node.data = { ...node.data, ...data };
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const repTick = (repId: string, at: string): SluiceEvent => event({ id: `t-${repId}-${at}`, type: 'tick', at, repId });

describe('S27 idle claim', () => {
  it('demotes ae-1 at exactly 24 h, not twice an hour later, and then Emma Li for the lead she took over', async () => {
    const state = stateFrom('s27-claim-team');
    const played = await play(policy, state, events);
    expect(refusals(played)).toEqual([]);
    const [t13h, t24h, t25h, tLater] = ticks(played);

    expect(t13h!.checked).toBe(4);
    expect(t13h!.decisions).toEqual([]);

    expect(t24h!.decisions.map((d) => d.eventId)).toEqual(['tick:s27-idle-claim:2026-03-03T01:00:00.000Z:ae-1']);
    expect(brief(t24h!.actions)).toEqual(['toPool:L-2701:public:ae-1', 'notify:ae-1+mgr-east']);
    expect(t24h!.changes).toEqual([
      {
        type: 'penalty.add',
        penalty: {
          repId: 'ae-1',
          from: '2026-03-03T01:00:00.000Z',
          until: '2026-03-10T01:00:00.000Z',
          weightFactor: 0.5,
          suspendClaims: false,
          suspendRouting: false,
          reason: 'idle > 24 h: L-2701 (24 h)',
          reasonZh: '超过 24 小时未跟进：L-2701 (24 h)',
          kind: 'idle',
          decay: 'none',
          source: 's27-idle-claim/idle',
        },
      },
      { type: 'lead.toPool', leadId: 'L-2701', poolId: 'public', previousOwnerId: 'ae-1', at: '2026-03-03T01:00:00.000Z', nodeId: 'idle', reason: 'released' },
    ]);

    expect(t25h!.decisions).toEqual([]);

    expect(brief(tLater!.actions)).toEqual(['toPool:L-2701:public:ae-2', 'notify:ae-2+mgr-east']);
    expect(tLater!.changes[0]).toMatchObject({
      type: 'penalty.add',
      penalty: { repId: 'ae-2', from: '2026-03-04T03:00:00.000Z', until: '2026-03-11T03:00:00.000Z', reason: 'idle > 24 h: L-2701 (24 h)' },
    });

    expect(state.lead('L-2701')).toMatchObject({ ownerId: null, poolId: 'public' });
    expect(state.lead('L-2702')!.ownerId).toBe('ae-1');
    expect(state.lead('L-2704')!.ownerId).toBe('ae-3');
    expect(state.lead('L-2709')!.ownerId).toBe('mgr-east');
    expect(state.ownershipHistory('L-2701')).toEqual([
      { leadId: 'L-2701', repId: 'ae-1', from: '2026-03-02T01:00:00.000Z', via: 'claimed', to: '2026-03-03T01:00:00.000Z', endReason: 'released' },
      { leadId: 'L-2701', repId: 'ae-2', from: '2026-03-03T03:00:00.000Z', via: 'claimed', to: '2026-03-04T03:00:00.000Z', endReason: 'released' },
    ]);
    expect(state.penalties('ae-3')).toEqual([]);
    expect(state.penalties('mgr-east')).toEqual([]);
  });

  it('explains the demotion with the idle leads and hours, in both languages, to the rep and the manager', async () => {
    const state = stateFrom('s27-claim-team');
    const [, t24h] = ticks(await play(policy, state, events));
    const d = t24h!.decisions[0]!;
    expect(visitedIds(d)).toEqual(['start', 'isAE', 'idle']);
    const idle = visit(d, 'idle');
    expect(idle.result).toBe('penalised');
    expect(idle.detail).toEqual({
      repId: 'ae-1',
      idleHours: 24,
      checked: 2,
      idle: [{ leadId: 'L-2701', via: 'claimed', since: '2026-03-02T01:00:00.000Z', hoursIdle: 24 }],
      penalty: { weightFactor: 0.5, until: '2026-03-10T01:00:00.000Z', decay: 'none', suspendClaims: false },
      released: 'public',
      told: ['ae-1', 'mgr-east'],
    });
    expect(idle.note).toEqual({
      en: 'ae-1 left 1 lead(s) without follow-up for 24 h or more: L-2701 (24 h). Routing weight × 0.5 until 2026-03-10 09:00; released to pool public',
      zh: 'ae-1 有 1 条线索超过 24 小时未跟进：L-2701 (24 h)。分配权重 × 0.5，至 2026-03-10 09:00；已释放回线索池 public',
    });
    const told = d.actions.find((a) => a.type === 'notify');
    expect(told).toEqual({
      type: 'notify',
      nodeId: 'idle',
      mode: 'notify',
      to: [
        { kind: 'rep', id: 'ae-1' },
        { kind: 'rep', id: 'mgr-east' },
      ],
      message: {
        en: 'Your routing weight is × 0.5 until 2026-03-10 09:00: no follow-up within 24 h on L-2701; released to pool public.',
        zh: '你的分配权重在 2026-03-10 09:00 前 × 0.5：L-2701 在 24 小时内未跟进；已释放回线索池 public。',
      },
    });
    expect(d.explanation.summary.en).toBe('sent lead L-2701 to pool public (node idle); notify rep:ae-1, rep:mgr-east: ' + told!.message.en);
  });

  it('one millisecond before 24 h the lead is not idle yet; a follow-up at exactly 24 h is in time', async () => {
    const state = stateFrom('s27-claim-team');
    await play(policy, state, upTo('s27-7'));
    const early = await tickBoth(policy, state, '2026-03-03T00:59:59.999Z');
    expect(early.decisions).toEqual([]);
    const ae1 = decide(policy, repTick('ae-1', '2026-03-03T00:59:59.999Z'), state, '2026-03-03T00:59:59.999Z');
    expect(visit(ae1, 'idle')).toMatchObject({
      result: 'clear',
      detail: { repId: 'ae-1', checked: 2, idle: [] },
      note: { en: 'ae-1: every lead was followed up within 24 h' },
    });
    // ae-3 visited L-2704 exactly 24 h after getting it.
    const ae3 = decide(policy, repTick('ae-3', '2026-03-03T01:00:00Z'), state, '2026-03-03T01:00:00Z');
    expect(visit(ae3, 'idle')).toMatchObject({ result: 'clear', detail: { checked: 1, idle: [] } });
    expect(ae3.changes).toEqual([]);
  });

  it('does not check managers: the condition stops the flow before the idle node', async () => {
    const state = stateFrom('s27-claim-team');
    const d = decide(policy, repTick('mgr-east', '2026-03-03T01:00:00Z'), state, '2026-03-03T01:00:00Z');
    expect(visitedIds(d)).toEqual(['start', 'isAE']);
    expect(visit(d, 'isAE').result).toBe('false');
    expect(d.changes).toEqual([]);
  });

  it('without release, the same idle spell is penalised once, even on later ticks and after the penalty expires', async () => {
    const keep = variant({ release: false });
    const state = stateFrom('s27-claim-team');
    await play(keep, state, upTo('s27-7'));
    const first = await tickBoth(keep, state, '2026-03-03T01:00:00Z');
    expect(brief(first.actions)).toEqual(['notify:ae-1+mgr-east']);
    expect(first.changes.map((c) => c.type)).toEqual(['penalty.add']);
    state.apply(first.changes);
    expect(visit(first.decisions[0]!, 'idle').detail).toMatchObject({ released: null });

    for (const at of ['2026-03-03T02:00:00Z', '2026-03-10T01:00:00Z', '2026-03-12T00:00:00Z']) {
      const again = await tickBoth(keep, state, at);
      expect(again.decisions, at).toEqual([]);
    }
    const later = decide(keep, repTick('ae-1', '2026-03-03T02:00:00Z'), state, '2026-03-03T02:00:00Z');
    expect(visit(later, 'idle')).toMatchObject({
      result: 'clear',
      detail: { alreadyPenalised: [{ leadId: 'L-2701', via: 'claimed', since: '2026-03-02T01:00:00.000Z', hoursIdle: 25 }] },
      note: { en: 'ae-1: no new idle leads (1 already penalised)', zh: 'ae-1：无新的闲置线索（1 条已处罚过）' },
    });
    expect(state.penalties('ae-1')).toHaveLength(1);
    expect(state.lead('L-2701')!.ownerId).toBe('ae-1');
  });

  it('without release, a lead that goes idle after the penalty is a new spell and is penalised', async () => {
    const keep = variant({ release: false });
    const state = stateFrom('s27-claim-team');
    await play(keep, state, upTo('s27-7'));
    state.apply((await tickBoth(keep, state, '2026-03-03T01:00:00Z')).changes);
    // ae-1 claims L-2703 too (Emma Li gave it back) and never touches it.
    state.apply([
      { type: 'lead.toPool', leadId: 'L-2703', poolId: 'public', previousOwnerId: 'ae-2', at: '2026-03-03T04:00:00Z', nodeId: 'crm', reason: 'released' },
    ]);
    state.apply([{ type: 'lead.assign', leadId: 'L-2703', repId: 'ae-1', previousOwnerId: null, at: '2026-03-03T05:00:00Z', nodeId: 'crm', via: 'claimed' }]);
    const next = await tickBoth(keep, state, '2026-03-04T05:00:00Z');
    const idle = visit(next.decisions[0]!, 'idle');
    expect(idle.detail).toMatchObject({
      idle: [{ leadId: 'L-2703', via: 'claimed', since: '2026-03-03T05:00:00Z', hoursIdle: 24 }],
      alreadyPenalised: [{ leadId: 'L-2701', hoursIdle: 52 }],
    });
    state.apply(next.changes);
    // Two spells, two penalties: 1 × 0.5 × 0.5 while both hold.
    expect(state.penalties('ae-1').map((p) => p.until)).toEqual(['2026-03-10T01:00:00.000Z', '2026-03-11T05:00:00.000Z']);
    expect(effectiveWeight(state.rep('ae-1')!, state.penalties('ae-1'), Date.parse('2026-03-05T00:00:00Z'))).toBe(0.25);
    expect(effectiveWeight(state.rep('ae-1')!, state.penalties('ae-1'), Date.parse('2026-03-10T01:00:00Z'))).toBe(0.5);
    expect(effectiveWeight(state.rep('ae-1')!, state.penalties('ae-1'), Date.parse('2026-03-11T05:00:00Z'))).toBe(1);
  });

  it('counting claims only leaves assigned leads alone', async () => {
    const state = stateFrom('s27-claim-team');
    // ae-3 never visits L-2704 here.
    await play(policy, state, upTo('s27-6'));
    const all = decide(policy, repTick('ae-3', '2026-03-03T01:00:00Z'), state, '2026-03-03T01:00:00Z');
    expect(visit(all, 'idle').detail).toMatchObject({ idle: [{ leadId: 'L-2704', via: 'assigned', since: '2026-03-02T00:00:00Z', hoursIdle: 25 }] });
    const claimsOnly = variant({ count: ['claimed'] });
    const none = decide(claimsOnly, repTick('ae-3', '2026-03-03T01:00:00Z'), state, '2026-03-03T01:00:00Z');
    expect(visit(none, 'idle')).toMatchObject({ result: 'clear', detail: { checked: 0 } });
  });

  it('a follow-up by someone else does not count for the owner', async () => {
    const state = stateFrom('s27-claim-team');
    await play(policy, state, upTo('s27-1'));
    state.addActivity({ leadId: 'L-2701', repId: 'ae-2', at: '2026-03-02T06:00:00Z', kind: 'call' });
    const d = decide(policy, repTick('ae-1', '2026-03-03T01:00:00Z'), state, '2026-03-03T01:00:00Z');
    expect(visit(d, 'idle')).toMatchObject({ result: 'penalised', detail: { idle: [{ leadId: 'L-2701', hoursIdle: 24 }] } });
  });

  it('with claims suspended too, the demoted rep cannot claim until the penalty ends', async () => {
    const strict = variant({ suspendClaims: true, days: 2 });
    const state = stateFrom('s27-claim-team');
    await play(strict, state, upTo('s27-8'));
    expect(state.penalties('ae-1')).toMatchObject([{ suspendClaims: true, until: '2026-03-05T01:00:00.000Z', kind: 'idle' }]);
    const claim = (id: string, at: string) => event({ id, type: 'claim.requested', at, repId: 'ae-1', leadId: 'L-2701', data: { poolId: 'public' } });
    const refused = await playOne(strict, state, claim('c1', '2026-03-05T00:59:59Z'));
    expect(refused.kind === 'claim' && refused.check).toMatchObject({
      ok: false,
      code: 'claimSuspended',
      detail: { repId: 'ae-1', until: '2026-03-05T01:00:00.000Z', penaltyKind: 'idle' },
    });
    expect(state.lead('L-2701')!.ownerId).toBeNull();
    const allowed = await playOne(strict, state, claim('c2', '2026-03-05T01:00:00Z'));
    expect(allowed.kind === 'claim' && allowed.check).toEqual({ ok: true });
    expect(state.lead('L-2701')!.ownerId).toBe('ae-1');
  });
});
