import { describe, expect, it } from 'vitest';
import { InMemoryState, type Customer, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

// S25 "parent/subsidiary companies count as one customer or not (configurable)" for a new lead,
// where the CRM links its accounts by parentId and the lead names only its own company.
const T0 = '2026-03-02T02:00:00.000Z';

// Omega Group (ae-1) ← Omega Logistics (no owner) ← Omega Cold Chain (no owner); Omega Retail (ae-2)
// is Logistics' sister. Kappa (ae-3) is Kappa Foods' parent, and Kappa Foods is owned by ae-4.
// Two accounts whose parentIds point at each other stand for a CRM's bad data.
const customers: Customer[] = [
  { id: 'C-OR', company: 'Omega Retail', aliases: [], emailDomains: [], phones: [], parentId: 'C-O', ownerId: 'ae-2' },
  { id: 'C-OC', company: 'Omega Cold Chain', aliases: [], emailDomains: [], phones: [], parentId: 'C-OL' },
  { id: 'C-OL', company: 'Omega Logistics', aliases: [], emailDomains: [], phones: [], parentId: 'C-O' },
  { id: 'C-O', company: 'Omega Group', aliases: [], emailDomains: [], phones: [], ownerId: 'ae-1' },
  { id: 'C-K', company: 'Kappa', aliases: [], emailDomains: [], phones: [], ownerId: 'ae-3' },
  { id: 'C-KF', company: 'Kappa Foods', aliases: [], emailDomains: [], phones: [], parentId: 'C-K', ownerId: 'ae-4' },
  { id: 'C-L1', company: 'Loop One', aliases: [], emailDomains: [], phones: [], parentId: 'C-L2' },
  { id: 'C-L2', company: 'Loop Two', aliases: [], emailDomains: [], phones: [], parentId: 'C-L1', ownerId: 'ae-2' },
  { id: 'C-S', company: 'Solo Ltd', aliases: [], emailDomains: [], phones: [] },
];

const state = () =>
  InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    reps: ['ae-1', 'ae-2', 'ae-3', 'ae-4', 'ae-5'].map((id) => ({ id, teams: ['ae'] })),
    customers,
  });

const policy = (includeParent: boolean) =>
  compile(
    flow(
      'existing-owner-group',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'match', type: 'match.existingOwner', data: { keys: ['company'], includeParent } },
        { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
      ],
      [
        { source: 'start', target: 'match' },
        { source: 'match', sourceHandle: 'unmatched', target: 'rr' },
      ],
    ),
  );

const created = (company: string): SluiceEvent => ({ id: 'ev', type: 'lead.created', at: T0, lead: { id: 'L1', createdAt: T0, company } });

describe('match.existingOwner over customer accounts linked by parentId', () => {
  it('with includeParent, a subsidiary’s lead goes to the nearest parent account’s owner, two levels up too', async () => {
    const d = await decideBoth(policy(true), created('Omega Cold Chain'), state(), T0);
    expect(d.actions).toEqual([{ type: 'assign', leadId: 'L1', repId: 'ae-1', previousOwnerId: null, nodeId: 'match', strategy: 'existingOwner' }]);
    const v = visited(d, 'match');
    expect(v.result).toBe('matched');
    // The matched account first, then its parents nearest first, then the sister; each says whom it came through.
    expect(v.detail).toMatchObject({
      customerId: 'C-O',
      ownerId: 'ae-1',
      conflict: true,
      customers: [
        { id: 'C-OC', ownerId: null, matchedBy: ['company'] },
        { id: 'C-OL', ownerId: null, matchedBy: ['group'], matches: [{ key: 'group', value: 'C-OC', parent: true }] },
        { id: 'C-O', ownerId: 'ae-1', matchedBy: ['group'], matches: [{ key: 'group', value: 'C-OC', parent: true }] },
        { id: 'C-OR', ownerId: 'ae-2', matchedBy: ['group'], matches: [{ key: 'group', value: 'C-OC' }] },
      ],
    });
    expect(v.note?.en).toContain('customer C-O matched by parent account of customer C-OC is owned by ae-1');
    expect(v.note?.en).toContain('the nearest parent account wins');
    expect(v.note?.zh).toContain('客户 C-O（按客户 C-OC 的上级公司匹配）的负责人是 ae-1');
  });

  it('a sister’s owner gets the lead when no parent account is owned', async () => {
    const s = state();
    const d = await decideBoth(policy(true), created('Omega Retail'), s, T0);
    // Omega Retail is owned itself: its own owner wins over the group's parent.
    expect(d.actions[0]).toMatchObject({ repId: 'ae-2' });
    expect(visited(d, 'match').note?.en).toContain('a customer the lead matches itself outranks the rest of its group');
    // A loop in the parentIds ends: Loop One's only owned relative is Loop Two.
    const loop = await decideBoth(policy(true), created('Loop One'), state(), T0);
    expect(loop.actions[0]).toMatchObject({ repId: 'ae-2' });
    expect(visited(loop, 'match').detail?.customers).toHaveLength(2);
  });

  it('the lead’s own owned account beats its parent’s owner; an account in no group is unmatched', async () => {
    const d = await decideBoth(policy(true), created('Kappa Foods'), state(), T0);
    expect(d.actions[0]).toMatchObject({ repId: 'ae-4' });
    const solo = await decideBoth(policy(true), created('Solo Ltd'), state(), T0);
    expect(visited(solo, 'match')).toMatchObject({ result: 'unmatched', detail: { customers: [{ id: 'C-S' }] } });
  });

  it('with includeParent off, only the account the lead matches counts', async () => {
    const d = await decideBoth(policy(false), created('Omega Cold Chain'), state(), T0);
    const v = visited(d, 'match');
    expect(v.result).toBe('unmatched');
    expect(v.detail?.customers).toHaveLength(1);
    expect(v.detail?.customers).toMatchObject([{ id: 'C-OC', ownerId: null, matchedBy: ['company'] }]);
    expect(d.actions[0]).toMatchObject({ nodeId: 'rr' });
  });
});
