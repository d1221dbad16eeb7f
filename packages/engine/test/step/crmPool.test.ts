import { describe, expect, test } from 'vitest';
import { InMemoryState, step, type StepEvent, type StepResult } from '../../src/index.js';
import { router, snapshot } from './fixtures.js';

const AT = '2026-03-10T02:00:00.000Z';
const run = (state: InMemoryState, event: Record<string, unknown>) =>
  step({ policies: [], state, event: { id: 'e1', at: AT, ...event } as StepEvent, now: AT });
const changesOf = (r: StepResult) => (r.ok ? r.changes : r.refusal);

/** The fixture tenant (pools hot and cold, reps r1 and r2, L1 owned by r1) with leads nobody owns besides. */
const tenant = () =>
  InMemoryState.from({
    ...snapshot(),
    leads: [
      ...snapshot().leads!,
      { id: 'U1', company: 'Umbrella' },
      { id: 'C1', poolId: 'cold' },
      { id: 'Q1', queueId: 'managers' } as never,
      { id: 'K1', cascade: { nodeId: 'cascade', step: 0, due: '2026-03-11T00:00:00.000Z' } },
    ],
  });

describe('a pool the CRM reports for a lead nobody holds (S9, S20: a 公海 moved into Sluice)', () => {
  test.each(['lead.created', 'lead.updated'])('on %s, a new lead enters it from node crm, as no reclaim, and a rep can claim it there', (type) => {
    const state = tenant();
    const r = run(state, { type, lead: { id: 'N1', poolId: 'hot' } });
    expect(changesOf(r)).toEqual([
      { type: 'lead.upsert', lead: { id: 'N1' } },
      { type: 'lead.toPool', leadId: 'N1', poolId: 'hot', previousOwnerId: null, at: AT, nodeId: 'crm' },
    ]);
    expect(state.lead('N1')).toMatchObject({ poolId: 'hot', ownerId: null });
    expect(state.openLoad('r2')).toBe(0);
    const claimed = step({
      policies: [],
      state,
      event: { id: 'c1', type: 'claim.requested', at: AT, leadId: 'N1', repId: 'r2', data: { poolId: 'hot' } },
      now: AT,
    });
    expect(claimed.ok).toBe(true);
    expect(state.lead('N1')).toMatchObject({ ownerId: 'r2', poolId: null });
  });

  test('a lead the server knows but nobody holds enters it too, keeping its data', () => {
    const state = tenant();
    const r = run(state, { type: 'lead.updated', lead: { id: 'U1', poolId: 'cold', level: 'B' } });
    expect(changesOf(r)).toEqual([
      { type: 'lead.upsert', lead: { id: 'U1', level: 'B' } },
      { type: 'lead.toPool', leadId: 'U1', poolId: 'cold', previousOwnerId: null, at: AT, nodeId: 'crm' },
    ]);
    expect(state.lead('U1')).toMatchObject({ company: 'Umbrella', level: 'B', poolId: 'cold', ownerId: null });
  });

  test('an owner named as well wins: the lead is assigned and in no pool, and the pool is not checked', () => {
    for (const poolId of ['hot', 'nowhere']) {
      const state = tenant();
      const r = run(state, { type: 'lead.created', lead: { id: 'N2', ownerId: 'r2', poolId } });
      expect(changesOf(r)).toEqual([
        { type: 'lead.upsert', lead: { id: 'N2' } },
        { type: 'lead.assign', leadId: 'N2', repId: 'r2', previousOwnerId: null, at: AT, nodeId: 'crm', via: 'assigned' },
      ]);
      expect(state.lead('N2')).toMatchObject({ ownerId: 'r2', poolId: null });
    }
  });

  test.each([
    ['owned by r1', 'L1', { ownerId: 'r1' }],
    ['in another pool', 'C1', { poolId: 'cold' }],
    ['waiting in a manager’s queue', 'Q1', { queueId: 'managers' }],
    ['waiting on a cascade check', 'K1', { cascade: { nodeId: 'cascade', step: 0, due: '2026-03-11T00:00:00.000Z' } }],
  ])('a lead %s keeps what holds it, and a pool it reports is not checked (not used)', (_, id, held) => {
    for (const poolId of ['hot', 'nowhere']) {
      const state = tenant();
      const r = run(state, { type: 'lead.updated', lead: { id, poolId } });
      expect(r.ok).toBe(true);
      expect(changesOf(r)).toEqual([{ type: 'lead.upsert', lead: { id } }]);
      expect(state.lead(id)).toMatchObject(held);
      expect(state.lead(id)!.poolId ?? null).toBe((held as { poolId?: string }).poolId ?? null);
    }
  });

  test('the reported pool is a fact recorded before policies run: a routing policy then decides on the lead as it stands', () => {
    const state = tenant();
    const r = step({ policies: [router], state, event: { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'N3', poolId: 'hot' } }, now: AT });
    expect(r.ok && r.changes.filter((c) => c.type === 'lead.toPool').map((c) => [c.nodeId, c.poolId])).toEqual([
      ['crm', 'hot'],
      ['cold', 'cold'],
    ]);
    expect(state.lead('N3')!.poolId).toBe('cold');
  });
});

describe('a reported pool the tenant does not have (422 pool-not-in-tenant)', () => {
  test('is refused naming the field and the id, in English and Chinese, before anything is recorded', () => {
    const state = tenant();
    const r = run(state, { type: 'lead.created', lead: { id: 'N4', poolId: 'nowhere' } });
    expect(changesOf(r)).toEqual({
      code: 'pool-not-in-tenant',
      status: 422,
      message: { en: 'No pool nowhere in this tenant; add the pool first', zh: '本租户没有线索池 nowhere；请先添加该线索池' },
      errors: [{ path: '$.lead.poolId', message: { en: 'unknown pool "nowhere"', zh: '未知线索池“nowhere”' } }],
    });
    expect(state).toEqual(tenant());
  });

  test('on lead.updated of a lead nobody holds, and in a tenant with no pools at all (such a lead could never be claimed)', () => {
    const updated = run(tenant(), { type: 'lead.updated', lead: { id: 'U1', poolId: 'nowhere' } });
    expect(updated.ok ? undefined : updated.refusal.code).toBe('pool-not-in-tenant');
    const noPools = InMemoryState.from({ ...snapshot(), pools: [] });
    const r = run(noPools, { type: 'lead.created', lead: { id: 'N5', poolId: 'public' } });
    expect(r.ok ? undefined : [r.refusal.status, r.refusal.errors[0]!.path]).toEqual([422, '$.lead.poolId']);
    expect(noPools.lead('N5')).toBeUndefined();
  });

  test('an unknown rep is named first: the rep check comes before the pool check', () => {
    const r = run(tenant(), { type: 'activity.logged', repId: 'ghost', lead: { id: 'N6', poolId: 'nowhere' }, activity: { kind: 'call' } });
    expect(r.ok ? undefined : [r.refusal.code, r.refusal.errors[0]!.path]).toEqual(['rep-not-in-roster', '$.repId']);
  });
});
