import { describe, expect, it } from 'vitest';
import { examplePolicy } from '@sluice/examples';
import { compileErrorPath, compilePolicy, defaultRegistry, dueClocks, step, tick, type CompiledPolicy, type InMemoryState } from '../src/index.js';
import { stateFrom } from './scenarios/harness.js';

/**
 * What a whole tick walks (the trigger's `tickScope`): a trigger that leaves it unset gets the scope
 * its nodes need — a cascade's checks are for leads waiting in pools, so a cascade policy's tick
 * walks the leads with a check due — and a scope that leaves a node out is a warning at the trigger.
 * The server's scheduler runs exactly this whole tick: before, the S13 example (no tickScope) got
 * an owned-leads tick, which never visits a lead in a pool, so its leads never cascaded.
 */

type Doc = { nodes: Array<{ id: string; type: string; data: Record<string, unknown> }>; [k: string]: unknown };

/** The shipped S13 example as a user might have drawn it: no tickScope on its trigger. */
function s13(tickScope?: string): Doc {
  const doc = structuredClone(examplePolicy('s13-tiered-cascade')) as Doc;
  const start = doc.nodes.find((n) => n.type === 'trigger')!;
  delete start.data.tickScope;
  if (tickScope) start.data.tickScope = tickScope;
  return doc;
}

function compiled(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

/** A whole tick about no one, as the server's scheduler sends it. */
function wholeTick(policy: CompiledPolicy, state: InMemoryState, at: string) {
  const r = step({ policies: [policy], state, event: { id: `tick:${at}`, type: 'tick', at }, now: at });
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r;
}

/** A node kind's name as the messages give it (its labels may be reworded). */
const label = (kind: string) => defaultRegistry.get(kind)!.labels;
const cascadeName = label('assign.cascade');

const created = (id: string, at: string) => ({ id: `c-${id}`, type: 'lead.created' as const, at, lead: { id, createdAt: at } });

describe('tick scope worked out from the nodes', () => {
  it('a cascade with no tickScope ticks the scheduled leads: whole ticks alone walk the lead through both tiers to the manager', () => {
    const policy = compiled(s13());
    expect(policy.trigger).toEqual({ events: ['lead.created', 'lead.returned_to_pool', 'tick'], tickScope: 'scheduledLeads' });
    const state = stateFrom('s13-tiered-teams');
    const first = step({ policies: [policy], state, event: created('L-9', '2026-03-02T01:00:00Z'), now: '2026-03-02T01:00:00Z' });
    expect(first.ok).toBe(true);
    expect(state.lead('L-9')).toMatchObject({ ownerId: null, poolId: 'premium-pool' });

    // One millisecond early: the check is not due yet.
    const early = wholeTick(policy, state, '2026-03-03T00:59:59.999Z');
    expect(early.ticks![0]).toMatchObject({ scope: 'scheduledLeads', checked: 1, decisions: [] });
    expect(state.lead('L-9')!.poolId).toBe('premium-pool');

    // 24 hours in: on to the standard pool, the standard team told.
    const moved = wholeTick(policy, state, '2026-03-03T01:00:00Z');
    expect(moved.decisions.map((d) => d.actions.map((a) => a.type))).toEqual([['toPool', 'schedule', 'notify']]);
    expect(state.lead('L-9')).toMatchObject({ poolId: 'standard-pool', cascade: { step: 1, due: '2026-03-05T01:00:00.000Z' } });

    // 48 hours later: the manager's queue, out of the pool.
    wholeTick(policy, state, '2026-03-05T01:00:00Z');
    expect(state.lead('L-9')).toMatchObject({ ownerId: null, poolId: null, queueId: 'sales-manual' });
  });

  it('the same policy with an owned-leads tick never moves the pooled lead on a whole tick, and says so at the trigger', () => {
    const doc = s13('ownedLeads');
    const r = compilePolicy(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.trigger.tickScope).toBe('ownedLeads');
    expect(r.warnings).toEqual([
      {
        code: 'tickScopeMismatch',
        nodeId: 'start',
        field: 'tickScope',
        message: {
          en: `node cascade (${cascadeName.en}) needs a tick over each lead with a check due, but this tick walks each owned lead: the scheduler never visits a lead waiting in a pool, so it stays where it is until the CRM sends a tick naming that lead; set "Each lead with a check due (cascade)" or leave the field empty so the nodes decide`,
          zh: `节点 cascade（${cascadeName.zh}）需要按每条到期待检查的线索运行定时检查，但本策略的定时检查针对每条已分配的线索：定时检查不会访问在线索池中等待的线索，线索会一直停留，除非 CRM 针对该线索发送定时检查；请选择“每条到期待检查的线索（延迟分配）”，或留空由节点决定`,
        },
      },
    ]);
    expect(compileErrorPath(r.warnings![0]!, doc)).toBe('$.nodes[0].data.tickScope');
    const state = stateFrom('s13-tiered-teams');
    step({ policies: [r.policy], state, event: created('L-9', '2026-03-02T01:00:00Z'), now: '2026-03-02T01:00:00Z' });
    expect(tick(r.policy, state, '2026-03-10T00:00:00Z')).toMatchObject({ scope: 'ownedLeads', checked: 0, decisions: [] });
    // Its due clock agrees with the scheduler: a tick over owned leads never books the pooled lead.
    const [clock] = dueClocks([r.policy]);
    expect(clock!.due(state.lead('L-9')!, state)).toBeUndefined();
    // The scope the nodes need books it at the end of the tier's wait.
    const [derived] = dueClocks([compiled(s13())]);
    expect(derived!.due(state.lead('L-9')!, state)).toBe(Date.parse('2026-03-03T01:00:00Z'));
  });

  it('penalty nodes get a per-rep tick and reclaim an owned-leads one; an explicit scope that fits is kept without a warning', () => {
    for (const [name, scope] of [
      ['s28-hoarding', 'reps'],
      ['s27-idle-claim', 'reps'],
      ['s16-reclaim-rules', 'ownedLeads'],
    ] as const) {
      const doc = structuredClone(examplePolicy(name)) as Doc;
      const start = doc.nodes.find((n) => n.type === 'trigger')!;
      expect(start.data.tickScope).toBe(scope);
      const kept = compilePolicy(doc);
      expect(kept.ok && [kept.policy.trigger.tickScope, kept.warnings]).toEqual([scope, undefined]);
      delete start.data.tickScope;
      const derived = compilePolicy(doc);
      expect(derived.ok && [derived.policy.trigger.tickScope, derived.warnings]).toEqual([scope, undefined]);
    }
  });

  it('a policy whose nodes need two different scopes keeps the first and warns of the other', () => {
    const r = compilePolicy({
      key: 'mixed',
      kind: 'routing',
      name: 'mixed',
      version: 1,
      nodes: [
        { id: 'start', type: 'trigger', data: { events: ['lead.created', 'tick'] } },
        { id: 'a-cascade', type: 'assign.cascade', data: { tiers: [{ poolId: 'p1', waitHours: 1 }] } },
        { id: 'b-reclaim', type: 'reclaim.rule', data: { days: { noFollowUp: 7 }, poolId: 'public' } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'a-cascade' },
        { id: 'e2', source: 'start', target: 'b-reclaim' },
      ],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.trigger.tickScope).toBe('scheduledLeads');
    expect(r.warnings?.map((w) => [w.code, w.nodeId, w.field, w.message.en])).toEqual([
      [
        'tickScopeMismatch',
        'start',
        'tickScope',
        `node b-reclaim (${label('reclaim.rule').en}) needs a tick over each owned lead, but this tick walks each lead with a check due: the scheduler never visits owned leads one by one, so nothing happens to them until the CRM sends a tick naming a lead; node a-cascade needs each lead with a check due; put the two in separate policies`,
      ],
    ]);
  });

  it('a cascade whose trigger does not listen to ticks is warned of at the events', () => {
    const doc = s13();
    doc.trigger = { events: ['lead.created'] };
    doc.nodes[0]!.data.events = ['lead.created'];
    const r = compilePolicy(doc);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.policy.trigger).toEqual({ events: ['lead.created'] });
    expect(r.warnings?.map((w) => [w.code, w.nodeId, w.field, w.message.zh])).toEqual([
      [
        'tickScopeMismatch',
        'start',
        'events',
        `节点 cascade（${cascadeName.zh}）在定时检查时动作，但触发节点未监听“定时检查”（tick）：请把它加入事件，否则该节点永远不会因时间到期而动作`,
      ],
    ]);
    expect(compileErrorPath(r.warnings![0]!, doc)).toBe('$.nodes[0].data.events');
  });

  it('a tick policy with no node that needs a scope ticks owned leads, as before', () => {
    const r = compilePolicy({
      key: 'notify-on-tick',
      kind: 'routing',
      name: 'n',
      version: 1,
      nodes: [
        { id: 'start', type: 'trigger', data: { events: ['tick'] } },
        { id: 'tell', type: 'notify', data: { mode: 'notify', to: [{ kind: 'rep', id: 'r1' }], message: { en: 'x', zh: 'x' } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'tell' }],
    });
    expect(r.ok && [r.policy.trigger.tickScope, r.warnings]).toEqual(['ownedLeads', undefined]);
  });
});
