import { describe, expect, test } from 'vitest';
import { eventSchema, FACT_ONLY_EVENT_TYPES, type InMemoryState, step, type StepEvent, type StepResult } from '../../src/index.js';
import { fresh, grader, router } from './fixtures.js';

const AT = '2026-03-10T02:00:00.000Z';

/** An event as the server takes it: the engine's schema, the fact-only types kept as they are. */
function ev(input: Record<string, unknown>): StepEvent {
  const type = input.type as string;
  const factOnly = (FACT_ONLY_EVENT_TYPES as readonly string[]).includes(type);
  const parsed = eventSchema.parse({ id: 'e1', at: AT, ...input, type: factOnly ? 'lead.updated' : type });
  return { ...parsed, type } as StepEvent;
}

function ok(r: StepResult): Extract<StepResult, { ok: true }> {
  if (!r.ok) throw new Error(`refused: ${r.refusal.message.en}`);
  return r;
}

const run = (state: InMemoryState, input: Record<string, unknown>, policies = [grader, router]) => step({ policies, state, event: ev(input), now: AT });

describe('step records what the event reports, as changes', () => {
  test('a lead the CRM sends already owned arrives as an assignment from its ownedSince; ownerId is not in the upsert', () => {
    const state = fresh();
    const r = ok(run(state, { type: 'lead.updated', lead: { id: 'L2', company: 'Beta', ownerId: 'r2', ownedSince: '2026-03-09T00:00:00Z' } }, []));
    expect(r.changes.map((c) => c.type)).toEqual(['lead.upsert', 'lead.assign']);
    expect(r.changes[0]).toEqual({ type: 'lead.upsert', lead: { id: 'L2', company: 'Beta' } });
    expect(r.changes[1]).toMatchObject({ repId: 'r2', at: '2026-03-09T00:00:00Z', nodeId: 'crm', previousOwnerId: null });
    expect(state.lead('L2')?.ownerId).toBe('r2');
    expect(state.openLoad('r2')).toBe(1);
    expect(state.assignedOn('r2', '2026-03-09')).toBe(1);
  });

  test('for a lead it knows, the CRM cannot move ownership, pool or queue by sending them', () => {
    const state = fresh();
    const r = ok(run(state, { type: 'lead.updated', lead: { id: 'L1', ownerId: 'r2', poolId: 'hot', employees: 300 } }, []));
    expect(r.changes).toEqual([{ type: 'lead.upsert', lead: { id: 'L1', employees: 300 } }]);
    expect(state.lead('L1')).toMatchObject({ ownerId: 'r1', employees: 300 });
    expect(state.lead('L1')?.poolId).toBeUndefined();
  });

  test('an activity is logged by its rep, else the owner, with the stage the lead is in', () => {
    const state = fresh();
    // Recorded instants are canonical (toISOString), as the server reads them back from its timestamp column.
    const r = ok(run(state, { type: 'activity.logged', leadId: 'L1', activity: { kind: 'call', at: '2026-03-09T09:00:00Z' } }, []));
    expect(r.changes).toEqual([
      { type: 'activity.add', activity: { leadId: 'L1', repId: 'r1', at: '2026-03-09T09:00:00.000Z', kind: 'call', stage: 'contacted' } },
    ]);
    expect(state.lead('L1')?.lastActivityAt).toBe('2026-03-09T09:00:00.000Z');
    const other = ok(run(fresh(), { type: 'activity.logged', leadId: 'L1', repId: 'r2', activity: { kind: 'visit' } }, []));
    expect(other.changes[0]).toMatchObject({ activity: { repId: 'r2', at: AT } });
  });

  test('a stage change into an opportunity opens one, dated at the event', () => {
    const state = fresh();
    const r = ok(run(state, { type: 'stage.changed', leadId: 'L1', stage: { to: 'proposal' } }, []));
    expect(r.changes).toEqual([{ type: 'lead.reported', leadId: 'L1', set: { stage: 'proposal', openOpportunity: true, lastOpportunityAt: AT } }]);
  });

  test('won and lost stop counting towards the owner’s open load; data that reopens counts again', () => {
    const state = fresh();
    const won = ok(run(state, { type: 'deal.won', leadId: 'L1', amount: 1000 }, []));
    expect(won.changes).toEqual([
      { type: 'lead.reported', leadId: 'L1', set: { status: 'won', signed: true, lastDealAt: AT, openOpportunity: false } },
      { type: 'load.settle', leadId: 'L1', repId: 'r1', delta: -1 },
    ]);
    expect(state.openLoad('r1')).toBe(0);
    const reopened = ok(run(state, { type: 'lead.updated', lead: { id: 'L1', status: 'open' } }, []));
    expect(reopened.changes.at(-1)).toEqual({ type: 'load.settle', leadId: 'L1', repId: 'r1', delta: 1 });
    expect(state.openLoad('r1')).toBe(1);
    const lost = ok(run(fresh(), { type: 'deal.lost', leadId: 'L1' }, []));
    expect(lost.changes.map((c) => c.type)).toEqual(['lead.reported', 'load.settle']);
  });

  test('lock and unlock set the lock fact, nothing else', () => {
    const state = fresh();
    expect(ok(run(state, { type: 'lead.locked', leadId: 'L1' }, [])).changes).toEqual([{ type: 'lead.reported', leadId: 'L1', set: { locked: true } }]);
    expect(state.lead('L1')?.locked).toBe(true);
    expect(ok(run(state, { type: 'lead.unlocked', leadId: 'L1' }, [])).changes).toEqual([{ type: 'lead.reported', leadId: 'L1', set: { locked: false } }]);
    expect(state.lead('L1')?.locked).toBe(false);
  });
});

describe('step runs the triggered policies in run order, each on what the previous left', () => {
  test('given routing first, scoring still runs first and its grade is what routing reads', () => {
    const state = fresh();
    const r = ok(run(state, { type: 'lead.created', lead: { id: 'L2', company: 'Beta' } }, [router, grader]));
    expect(r.decisions.map((d) => d.policy.key)).toEqual(['grader', 'a-router']);
    expect(state.lead('L2')).toMatchObject({ grade: 'A', poolId: 'hot' });
    expect(r.changes.map((c) => c.type)).toEqual(['lead.upsert', 'lead.facts', 'lead.toPool']);
  });

  test('without the scoring policy the router finds no grade and sends the lead cold', () => {
    const state = fresh();
    ok(run(state, { type: 'lead.created', lead: { id: 'L2', company: 'Beta' } }, [router]));
    expect(state.lead('L2')?.poolId).toBe('cold');
  });

  test('a policy whose trigger does not list the event makes no decision', () => {
    expect(ok(run(fresh(), { type: 'lead.updated', lead: { id: 'L1', employees: 5 } })).decisions).toEqual([]);
  });
});

describe('step refuses, as data and changing nothing', () => {
  test('an unknown lead without its data is not found', () => {
    const state = fresh();
    const r = run(state, { type: 'stage.changed', leadId: 'L9', stage: { to: 'proposal' } });
    expect(r).toEqual({
      ok: false,
      refusal: {
        code: 'lead-not-found',
        status: 404,
        message: { en: 'No lead L9 in this tenant; send its data in "lead"', zh: '本租户没有线索 L9；请在 "lead" 中提供线索数据' },
        errors: [{ path: '$.leadId', message: { en: 'unknown lead', zh: '未知线索' } }],
      },
    });
    expect(state).toEqual(fresh());
  });

  test('an activity on a lead nobody owns, with no rep named, says who must be named', () => {
    const state = fresh();
    const r = run(state, { type: 'activity.logged', lead: { id: 'L3', company: 'Gamma' }, activity: { kind: 'call' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.refusal).toMatchObject({ code: 'activity-without-rep', status: 422, errors: [{ path: '$.activity.repId' }] });
    expect(r.refusal.message.zh).toBe('请说明是谁记录的活动');
    expect(state.lead('L3')).toBeUndefined();
  });
});

describe('the changes step returns are exactly what it applied', () => {
  const events = [
    { type: 'lead.created', id: 'a', lead: { id: 'L2', company: 'Beta' } },
    { type: 'lead.updated', id: 'b', lead: { id: 'L3', email: 'x@y.cn', ownerId: 'r2' } },
    { type: 'activity.logged', id: 'c', leadId: 'L3', activity: { kind: 'call' } },
    { type: 'stage.changed', id: 'd', leadId: 'L1', stage: { to: 'proposal' } },
    { type: 'deal.won', id: 'e', leadId: 'L1', amount: 500 },
    { type: 'lead.locked', id: 'f', leadId: 'L3' },
    { type: 'deal.lost', id: 'g', leadId: 'L3' },
  ];

  test('replaying them on a fresh copy of the start gives the working copy, and a second run gives the same', () => {
    const working = fresh();
    const again = fresh();
    const replay = fresh();
    for (const e of events) {
      const first = ok(run(working, e));
      expect(ok(run(again, e))).toEqual(first);
      replay.apply(first.changes);
    }
    expect(replay).toEqual(working);
    expect(working.lead('L3')).toMatchObject({ ownerId: 'r2', status: 'lost', locked: true });
    expect(working.openLoad('r2')).toBe(0);
  });
});
