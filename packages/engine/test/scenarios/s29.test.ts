import { describe, expect, it } from 'vitest';
import { decide, type Decision, type InMemoryState, type SluiceEvent } from '../../src/index.js';
import { compiledExample, event, stateFrom, timelineEvents, visit } from './harness.js';
import { play, playOne } from './penalty-driver.js';

// S29: penalties expire and rewards fade; routing reads the weights as they stand.
const reward = compiledExample('s29-fast-contact-reward');
const routing = compiledExample('s29-recovering-weights');
const events = timelineEvents('s29-fast-contact');

const decisionsOf = (played: Awaited<ReturnType<typeof play>>): Decision[] => played.map((p) => (p.kind === 'activity' ? p.decision! : (undefined as never)));
const lead = (i: number, at: string): SluiceEvent => event({ id: `new-${i}-${at}`, type: 'lead.created', at, lead: { id: `N-${at}-${i}` } });

/** Routes `n` new leads at one instant and counts who got them. */
function route(state: InMemoryState, n: number, at: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) {
    const d = decide(routing, lead(i, at), state, at);
    state.apply(d.changes);
    const to = d.actions.find((a) => a.type === 'assign')?.repId ?? '-';
    counts[to] = (counts[to] ?? 0) + 1;
  }
  return counts;
}

/** The weight each rep shows in the routing candidate table at `at`. */
function weights(state: InMemoryState, at: string): Record<string, number> {
  const d = decide(routing, lead(0, at), state, at);
  return Object.fromEntries(visit(d, 'wrr').candidates!.map((r) => [r.repId, r.detail.weight as number]));
}

describe('S29 rewards for fast first contact', () => {
  it('rewards 周婷 at 20 min and Daniel at exactly 30 min; not a second touch, not a colleague, not 31 min', async () => {
    const state = stateFrom('s29-east-team');
    const decisions = decisionsOf(await play(reward, state, events));
    expect(decisions.map((d) => visit(d, 'reward').result)).toEqual(['rewarded', 'none', 'none', 'none', 'rewarded']);
    expect(decisions[0]!.changes).toEqual([
      {
        type: 'penalty.add',
        penalty: {
          repId: 'ae-1',
          from: '2026-03-02T01:20:00.000Z',
          until: '2026-03-05T01:20:00.000Z',
          weightFactor: 1.5,
          suspendClaims: false,
          suspendRouting: false,
          reason: 'fast first contact on L-2901: 20 min ≤ 30 min',
          reasonZh: '线索 L-2901 快速首次跟进：20 分钟 ≤ 30 分钟',
          kind: 'reward',
          decay: 'linear',
          source: 's29-fast-contact-reward/reward#L-2901',
        },
      },
    ]);
    expect(decisions[0]!.actions).toEqual([
      {
        type: 'notify',
        nodeId: 'reward',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'ae-1' }],
        message: {
          en: 'ae-1 first followed up lead L-2901 20 min after getting it (limit 30 min): routing weight × 1.5 until 2026-03-05 09:20',
          zh: 'ae-1 在获得线索 L-2901 后 20 分钟首次跟进（时限 30 分钟）：分配权重 × 1.5，至 2026-03-05 09:20',
        },
      },
    ]);
    expect(visit(decisions[1]!, 'reward')).toMatchObject({
      detail: { firstContactAt: '2026-03-02T01:20:00.000Z' },
      note: { en: 'not the first follow-up: ae-1 already followed up at 2026-03-02 09:20' },
    });
    expect(visit(decisions[2]!, 'reward').note).toEqual({ en: 'the follow-up is by ae-3, not by the owner ae-2', zh: '此次跟进由 ae-3 记录，而非负责人 ae-2' });
    expect(visit(decisions[3]!, 'reward')).toMatchObject({
      detail: { leadId: 'L-2902', ownedSince: '2026-03-02T01:00:00Z', minutes: 31, withinMinutes: 30 },
      note: { en: 'first follow-up after 31 min, later than 30 min', zh: '首次跟进用时 31 分钟，超过 30 分钟' },
    });
    expect(visit(decisions[4]!, 'reward').detail).toMatchObject({ leadId: 'L-2903', repId: 'ae-2', minutes: 30, until: '2026-03-05T02:30:00.000Z' });
    expect(state.penalties('ae-1').map((p) => p.kind)).toEqual(['reward']);
    expect(state.penalties('ae-2').map((p) => p.source)).toEqual(['s29-fast-contact-reward/reward#L-2903']);
    expect(state.penalties('ae-3').map((p) => p.kind)).toEqual(['idle']);
  });

  it('gives a reward once: a redelivered event finds it given (the activity is stored before the policy decides, as the server does)', async () => {
    const state = stateFrom('s29-east-team');
    const [first] = events;
    const once = await playOne(reward, state, first!);
    expect(once.kind === 'activity' && visit(once.decision!, 'reward').result).toBe('rewarded');
    const again = await playOne(reward, state, { ...first!, id: 's29-1-redelivered' });
    expect(again.kind === 'activity' && again.decision!.changes).toEqual([]);
    expect(again.kind === 'activity' && visit(again.decision!, 'reward').note?.en).toBe('lead L-2901 already earned a reward (for ae-1)');
    expect(state.penalties('ae-1')).toHaveLength(1);
  });

  it('holds at most one reward at a time from this rule', async () => {
    const state = stateFrom('s29-east-team');
    await play(reward, state, events.slice(0, 1));
    state.apply([{ type: 'lead.assign', leadId: 'L-2904', repId: 'ae-1', previousOwnerId: null, at: '2026-03-02T03:00:00Z', nodeId: 'crm' }]);
    const fast = event({ id: 'fast-2', type: 'activity.logged', at: '2026-03-02T03:05:00Z', leadId: 'L-2904', activity: { kind: 'call', repId: 'ae-1' } });
    const d = decide(reward, fast, state, fast.at);
    expect(visit(d, 'reward')).toMatchObject({
      result: 'none',
      detail: { activeRewards: 1, maxActive: 1 },
      note: { en: 'ae-1 already holds 1 reward(s) from this rule, the most allowed at once' },
    });
    // Once the first reward has run out, the next fast first contact earns one again.
    const later = event({ id: 'fast-3', type: 'activity.logged', at: '2026-03-05T01:20:00Z', leadId: 'L-2904', activity: { kind: 'call', repId: 'ae-1' } });
    state.apply([{ type: 'lead.toPool', leadId: 'L-2904', poolId: 'public', previousOwnerId: 'ae-1', at: '2026-03-05T00:00:00Z', nodeId: 'crm' }]);
    state.apply([{ type: 'lead.assign', leadId: 'L-2904', repId: 'ae-1', previousOwnerId: null, at: '2026-03-05T01:00:00Z', nodeId: 'crm' }]);
    expect(visit(decide(reward, later, state, later.at), 'reward').result).toBe('rewarded');
  });
});

describe('S29 routing recovers as penalties expire and rewards fade', () => {
  it('李强’s demotion (× 0.5) halves his share until it expires at 2026-03-08 00:00 UTC, then shares are equal', () => {
    const state = stateFrom('s29-east-team');
    // Weights 1 : 1 : 0.5 — each five leads go 2 : 2 : 1.
    expect(route(state, 500, '2026-03-07T12:00:00Z')).toEqual({ 'ae-1': 200, 'ae-2': 200, 'ae-3': 100 });
    expect(weights(state, '2026-03-07T23:59:59.999Z')).toEqual({ 'ae-1': 1, 'ae-2': 1, 'ae-3': 0.5 });
    expect(weights(state, '2026-03-08T00:00:00Z')).toEqual({ 'ae-1': 1, 'ae-2': 1, 'ae-3': 1 });
    expect(route(state, 300, '2026-03-08T00:00:00Z')).toEqual({ 'ae-1': 100, 'ae-2': 100, 'ae-3': 100 });
  });

  it('周婷’s reward (× 1.5, linear over 3 days) shows in her routing weight and fades to 1', async () => {
    const state = stateFrom('s29-east-team');
    await play(reward, state, events.slice(0, 1));
    expect(weights(state, '2026-03-02T01:20:00Z')['ae-1']).toBe(1.5);
    expect(weights(state, '2026-03-03T13:20:00Z')['ae-1']).toBeCloseTo(1.25, 12);
    expect(weights(state, '2026-03-05T01:20:00Z')['ae-1']).toBe(1);
    // At 1.5 : 1 : 0.5 (李强 still demoted) the shares are 3 : 2 : 1 — worked out by hand over a 6-lead cycle.
    expect(route(state, 600, '2026-03-02T01:20:00Z')).toEqual({ 'ae-1': 300, 'ae-2': 200, 'ae-3': 100 });
  });
});
