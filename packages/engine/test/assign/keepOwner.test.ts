import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { decide, InMemoryState, step, type CompiledPolicy, type Decision, type SluiceEvent, type StateSnapshotInput } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

/**
 * "An owner the CRM reports holds the lead": a lead a rep entered with themselves as its owner, or
 * one somebody already owns, is not taken away by routing on lead.created / lead.updated — unless
 * the node says `reassignOwned: true`. Other events route as before (a returned lead, an SQL handed
 * from its SDR to an AE).
 */

const AT = '2026-03-02T02:00:00Z';

type Doc = { nodes: Array<{ id: string; type: string; data: Record<string, unknown> }>; tests: Array<{ given: StateSnapshotInput }> };

function example(name: string, patch?: (doc: Doc) => void): { policy: CompiledPolicy; given: StateSnapshotInput } {
  const doc = structuredClone(examplePolicy(name)) as Doc;
  patch?.(doc);
  return { policy: compile(doc), given: doc.tests[0]!.given };
}

/** One event through the engine's step (the CRM's owner recorded first, then the policy), on a fresh state. */
function stepOn(policy: CompiledPolicy, state: InMemoryState, event: SluiceEvent): Decision {
  const r = step({ policies: [policy], state, event, now: event.at });
  if (!r.ok) throw new Error(r.refusal.message.en);
  expect(r.decisions).toHaveLength(1);
  return r.decisions[0]!;
}

const created = (id: string, ownerId?: string): SluiceEvent => ({
  id: `c-${id}`,
  type: 'lead.created',
  at: AT,
  lead: { id, createdAt: AT, ...(ownerId ? { ownerId } : {}) },
});

describe('routing keeps the owner a new or updated lead already has', () => {
  it('an owner another routing policy gave the lead earlier in the same step does not hold it: the policy that runs last routes on', () => {
    const { policy: rr, given } = example('s06-round-robin');
    // A second routing policy on lead.created giving every new lead to ae-3; the round robin runs after it.
    const first = compile(
      flow(
        'a-first',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'named', type: 'assign.fallback', data: { repId: 'ae-3' } },
        ],
        [{ source: 'start', target: 'named' }],
      ),
    );
    const state = InMemoryState.from(given);
    const r = step({ policies: [first, rr].sort((a, b) => (a.key < b.key ? -1 : 1)), state, event: created('L11'), now: AT });
    if (!r.ok) throw new Error(r.refusal.message.en);
    const byKey = Object.fromEntries(r.decisions.map((d) => [d.policy.key, d]));
    expect(byKey['a-first']!.actions).toMatchObject([{ type: 'assign', repId: 'ae-3' }]);
    // The round robin did not keep ae-3 as a CRM-reported owner: it gave the lead out, from ae-3.
    expect(visited(byKey[rr.key]!, 'rr')!.result).not.toBe('ownerKept');
    expect(byKey[rr.key]!.actions).toMatchObject([{ type: 'assign', previousOwnerId: 'ae-3' }]);
    // The same lead created with ae-3 as the CRM's owner is kept by both.
    const kept = InMemoryState.from(given);
    const r2 = step({ policies: [first, rr], state: kept, event: created('L12', 'ae-3'), now: AT });
    if (!r2.ok) throw new Error(r2.refusal.message.en);
    expect(r2.decisions.flatMap((d) => d.actions)).toEqual([]);
    expect(kept.lead('L12')).toMatchObject({ ownerId: 'ae-3' });
  });

  it('S6 round robin: L10 created with owner ae-1 stays with ae-1; the rotation does not move, nobody is escalated to', () => {
    const { policy, given } = example('s06-round-robin');
    const state = InMemoryState.from(given);
    const d = stepOn(policy, state, created('L10', 'ae-1'));
    expect(d.actions).toEqual([]);
    expect(d.changes).toEqual([]);
    expect(state.lead('L10')).toMatchObject({ ownerId: 'ae-1' });
    expect(state.ownershipHistory('L10')).toEqual([{ leadId: 'L10', repId: 'ae-1', from: AT, via: 'assigned' }]);
    expect(visited(d, 'rr')).toMatchObject({
      result: 'ownerKept',
      detail: { ownerKept: 'ae-1', reportedByCrm: true, event: 'lead.created', reassignOwned: false },
      note: {
        en: 'lead L10 stays with ae-1: the CRM reports ae-1 as its owner, and a new lead that already has an owner is not re-routed (turn on "Re-route leads that already have an owner" on node rr to route it anyway)',
        zh: '线索 L10 仍归 ae-1：CRM 报告其负责人为 ae-1；已有负责人的新建线索不会重新分配（如需照常分配，请在节点 rr 开启“重新分配已有负责人的线索”）',
      },
    });
    expect(d.explanation.visited.map((v) => v.nodeId)).not.toContain('mgr');
    expect(d.explanation.summary).toEqual({
      en: 'kept lead L10 with ae-1: the CRM reports ae-1 as its owner (node rr)',
      zh: '线索 L10 仍归 ae-1：CRM 报告其负责人为 ae-1（节点 rr）',
    });
    // The rotation did not move: the next lead with no owner goes to the rep it would have gone to
    // (ae-1 is at its cap of 20 and now holds 21; ae-2 is next).
    const next = stepOn(policy, state, created('L11'));
    expect(next.actions).toEqual([{ type: 'assign', leadId: 'L11', repId: 'ae-2', previousOwnerId: null, nodeId: 'rr', strategy: 'roundRobin' }]);
  });

  it('a lead created again is kept with the owner routing gave it, not said to be the CRM’s', () => {
    const { policy, given } = example('s06-round-robin');
    const state = InMemoryState.from(given);
    const first = stepOn(policy, state, created('L30'));
    expect(first.actions).toMatchObject([{ type: 'assign', leadId: 'L30', repId: 'ae-2' }]);
    // The CRM sends lead.created for L30 again, naming no owner: ae-2 keeps it, as its owner already.
    const again = stepOn(policy, state, created('L30'));
    expect(again.actions).toEqual([]);
    expect(visited(again, 'rr')).toMatchObject({ result: 'ownerKept', detail: { ownerKept: 'ae-2', reportedByCrm: false, event: 'lead.created' } });
    expect(again.explanation.summary).toEqual({
      en: 'kept lead L30 with ae-2: ae-2 already owns it (node rr)',
      zh: '线索 L30 仍归 ae-2：ae-2 已是其负责人（节点 rr）',
    });
    // Sent again naming ae-2 as its owner, the CRM does report them.
    const named = stepOn(policy, state, created('L30', 'ae-2'));
    expect(visited(named, 'rr')).toMatchObject({ result: 'ownerKept', detail: { ownerKept: 'ae-2', reportedByCrm: true } });
  });

  it('with reassignOwned the round robin re-routes the owned lead, from its owner', () => {
    const { policy, given } = example('s06-round-robin', (doc) => {
      doc.nodes.find((n) => n.id === 'rr')!.data.reassignOwned = true;
    });
    const state = InMemoryState.from(given);
    const d = stepOn(policy, state, created('L10', 'ae-1'));
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L10', repId: 'ae-2', previousOwnerId: 'ae-1', nodeId: 'rr', strategy: 'roundRobin' }]);
    expect(state.lead('L10')).toMatchObject({ ownerId: 'ae-2' });
  });

  it('S13 cascade: a lead created with an owner is not pooled and no check is booked; one without is', () => {
    const { policy, given } = example('s13-tiered-cascade');
    const state = InMemoryState.from(given);
    const kept = stepOn(policy, state, created('L-1', 'premium-1'));
    expect([kept.actions, kept.changes]).toEqual([[], []]);
    expect(state.lead('L-1')).toMatchObject({ ownerId: 'premium-1', poolId: null });
    expect(state.scheduledLeads()).toEqual([]);
    expect(kept.explanation.summary.en).toBe('kept lead L-1 with premium-1: the CRM reports premium-1 as its owner (node cascade)');
    const pooled = stepOn(policy, state, created('L-2'));
    expect(pooled.actions.map((a) => a.type)).toEqual(['toPool', 'schedule']);
    expect(state.lead('L-2')).toMatchObject({ ownerId: null, poolId: 'premium-pool' });
  });

  it('an update to an owned lead does not re-route it; a lead returned to the pool is routed, never back to the rep who lost it in cooling', () => {
    const { policy, given } = example('s06-round-robin', (doc) => {
      doc.nodes[0]!.data.events = ['lead.created', 'lead.updated', 'lead.returned_to_pool'];
      (doc as unknown as { trigger?: unknown }).trigger = undefined;
    });
    const state = InMemoryState.from({ ...given, pools: [{ id: 'public' }] });
    const first = stepOn(policy, state, created('L20'));
    expect(first.actions).toMatchObject([{ type: 'assign', repId: 'ae-2' }]);
    const updated = stepOn(policy, state, { id: 'u1', type: 'lead.updated', at: '2026-03-02T03:00:00Z', lead: { id: 'L20', phone: '021-61234567' } });
    expect(updated.actions).toEqual([]);
    expect(visited(updated, 'rr')).toMatchObject({ result: 'ownerKept', detail: { ownerKept: 'ae-2', reportedByCrm: false, event: 'lead.updated' } });
    expect(updated.explanation.summary.zh).toBe('线索 L20 仍归 ae-2：ae-2 已是其负责人（节点 rr）');
    // Reclaimed in the CRM and returned: routed again, ae-2 cooling for 7 days.
    const released = step({
      policies: [],
      state,
      event: { id: 'rel', type: 'release.requested', at: '2026-03-03T02:00:00Z', leadId: 'L20', repId: 'ae-2', data: { poolId: 'public' } },
      now: '2026-03-03T02:00:00Z',
    });
    expect(released.ok && state.lead('L20')).toMatchObject({ ownerId: null, poolId: 'public' });
    const back = stepOn(policy, state, { id: 'r1', type: 'lead.returned_to_pool', at: '2026-03-03T03:00:00Z', leadId: 'L20' });
    expect(back.actions).toMatchObject([{ type: 'assign', leadId: 'L20', repId: 'ae-3', previousOwnerId: null }]);
    expect(visited(back, 'rr').candidates!.find((c) => c.repId === 'ae-2')).toMatchObject({ status: 'skipped', reason: 'cooling' });
  });

  it('S2: an SQL its SDR owns is still handed to an AE on lead.qualified', () => {
    const reps = [
      { id: 'sdr-1', teams: ['sdr'], roles: ['SDR'] },
      { id: 'ae-1', teams: ['ae'], roles: ['AE'] },
    ];
    const state = InMemoryState.from({ timeZone: 'Asia/Shanghai', reps, teams: [{ id: 'sdr' }, { id: 'ae' }] });
    const policy = compile(examplePolicy('s02-sdr-gate'));
    const first = stepOn(policy, state, created('L30'));
    expect(first.actions).toMatchObject([{ type: 'assign', repId: 'sdr-1' }]);
    const sql = stepOn(policy, state, {
      id: 'q1',
      type: 'lead.qualified',
      at: '2026-03-03T02:00:00Z',
      lead: { id: 'L30', stage: 'SQL', research: { intent: 'high', budget: '500k', timeline: 'Q2' } },
    });
    expect(sql.actions.filter((a) => a.type === 'assign')).toEqual([
      { type: 'assign', leadId: 'L30', repId: 'ae-1', previousOwnerId: 'sdr-1', nodeId: 'aeRR', strategy: 'roundRobin' },
    ]);
  });

  it('every node that would move the lead keeps the owner on lead.created, the fast path, json-rules-engine and a replay’s lean decision alike', async () => {
    const nodes: Array<[string, Record<string, unknown>]> = [
      ['assign.roundRobin', { teams: ['ae'] }],
      ['assign.weightedRoundRobin', { teams: ['ae'] }],
      ['assign.leastLoaded', { teams: ['ae'] }],
      ['assign.capacity', { teams: ['ae'], defaultCap: 10 }],
      ['assign.profileMatch', { teams: ['ae'] }],
      ['assign.dynamicCap', { teams: ['ae'] }],
      ['assign.fallback', { repId: 'ae-2' }],
      ['assign.toPool', { poolId: 'public' }],
      ['assign.managerQueue', { queueId: 'manual', managerId: 'mgr' }],
      ['assign.cascade', { tiers: [{ poolId: 'public', waitHours: 1 }] }],
    ];
    for (const [kind, data] of nodes) {
      for (const reassignOwned of [undefined, true]) {
        const policy = compile(
          flow(
            `keep-${kind.replace('.', '-').toLowerCase()}`,
            [
              { id: 'start', type: 'trigger', data: { events: ['lead.created', 'tick'] } },
              { id: 'route', type: kind, data: { ...data, ...(reassignOwned ? { reassignOwned } : {}) } },
            ],
            [{ source: 'start', target: 'route' }],
          ),
        );
        const state = InMemoryState.from({
          reps: [
            { id: 'ae-1', teams: ['ae'] },
            { id: 'ae-2', teams: ['ae'] },
          ],
          pools: [{ id: 'public' }],
          leads: [{ id: 'L1', ownerId: 'ae-1', ownedSince: '2026-03-01T00:00:00Z' }],
          ownership: [{ leadId: 'L1', repId: 'ae-1', from: '2026-03-01T00:00:00Z' }],
        });
        const event: SluiceEvent = { id: 'e', type: 'lead.created', at: AT, lead: { id: 'L1', ownerId: 'ae-1' } };
        const d = await decideBoth(policy, event, state, AT);
        const lean = decide(policy, event, state, AT, { explain: false });
        expect([lean.actions, lean.changes], kind).toEqual([d.actions, d.changes]);
        if (reassignOwned) {
          // Routed as before: the lead leaves ae-1 (to a rep, a pool or a queue).
          expect(d.actions.length, kind).toBeGreaterThan(0);
          expect(visited(d, 'route').result, kind).not.toBe('ownerKept');
        } else {
          expect(d.actions, kind).toEqual([]);
          expect(visited(d, 'route').detail, kind).toMatchObject({ ownerKept: 'ae-1', reportedByCrm: true });
        }
      }
    }
  });
});
