import { describe, expect, test } from 'vitest';
import { InMemoryState, step, type StepEvent } from '../../src/index.js';
import { fresh, snapshot } from './fixtures.js';

const AT = '2026-03-10T02:00:00.000Z';
const run = (state: InMemoryState, event: Record<string, unknown>) =>
  step({ policies: [], state, event: { id: 'e1', at: AT, ...event } as StepEvent, now: AT });

describe('the lead’s own behaviour (S3) is no rep’s follow-up', () => {
  test('a page visit with no rep on a lead nobody owns is accepted, and records no activity', () => {
    const state = fresh();
    const r = run(state, { type: 'activity.logged', lead: { id: 'L3', visits: 2 }, activity: { kind: 'visit' } });
    expect(r).toEqual({ ok: true, decisions: [], changes: [{ type: 'lead.upsert', lead: { id: 'L3', visits: 2 } }] });
    expect(state.activities('L3')).toEqual([]);
  });

  test('a download with no rep on an owned lead moves neither the owner’s follow-up clock nor their touches: it counts on the lead', () => {
    const state = fresh();
    const r = run(state, { type: 'activity.logged', leadId: 'L1', activity: { kind: 'download' } });
    expect(r.ok && r.changes).toEqual([{ type: 'lead.reported', leadId: 'L1', set: { downloads: 1 } }]);
    expect(state.lead('L1')?.lastActivityAt).toBeUndefined();
    expect(state.activities('L1')).toEqual([]);
    // Each one more; an event that sends the CRM's own total sets it, and is not counted on top.
    run(state, { type: 'activity.logged', leadId: 'L1', activity: { kind: 'DOWNLOAD' } });
    expect(state.lead('L1')).toMatchObject({ downloads: 2 });
    const total = run(state, { type: 'activity.logged', lead: { id: 'L1', downloads: 7 }, activity: { kind: 'download' } });
    expect(state.lead('L1')).toMatchObject({ downloads: 7 });
    expect(total.ok && total.changes.filter((c) => c.type === 'lead.reported')).toEqual([]);
    // A page view counts as a visit.
    const other = run(state, { type: 'activity.logged', leadId: 'L1', activity: { kind: 'pageview' } });
    expect(state.lead('L1')).toMatchObject({ visits: 1 });
    expect(other.ok && other.changes).toHaveLength(1);
  });

  test('the same kind with a rep named is that rep’s activity (an on-site visit), and a call with no rep is still the owner’s', () => {
    const state = fresh();
    expect(run(state, { type: 'activity.logged', leadId: 'L1', repId: 'r2', activity: { kind: 'visit' } }).ok).toBe(true);
    expect(run(state, { type: 'activity.logged', leadId: 'L1', activity: { kind: 'call', at: '2026-03-10T03:00:00Z' } }).ok).toBe(true);
    expect(state.activities('L1').map((a) => [a.repId, a.kind])).toEqual([
      ['r2', 'visit'],
      ['r1', 'call'],
    ]);
    expect(state.lead('L1')?.lastActivityAt).toBe('2026-03-10T03:00:00.000Z');
  });

  test('a call with no rep on a lead nobody owns is still refused: someone made it', () => {
    const r = run(fresh(), { type: 'activity.logged', lead: { id: 'L3' }, activity: { kind: 'call' } });
    expect(r.ok ? undefined : r.refusal.code).toBe('activity-without-rep');
  });
});

describe('an owner the CRM reports (S13)', () => {
  const pooled = () =>
    InMemoryState.from({
      ...snapshot(),
      leads: [...snapshot().leads!, { id: 'P1', poolId: 'hot', cascade: { nodeId: 'cascade', step: 0, due: '2026-03-11T00:00:00Z' } }],
    });

  test('for a lead waiting in a pool, it is an assignment from the CRM: the lead is held and its scheduled check is dropped', () => {
    const state = pooled();
    state.apply([{ type: 'lead.schedule', leadId: 'P1', due: '2026-03-11T00:00:00Z', nodeId: 'cascade', step: 0 }]);
    expect([...state.scheduledLeads()]).toEqual(['P1']);
    const r = run(state, { type: 'lead.updated', lead: { id: 'P1', ownerId: 'r2' } });
    expect(r.ok && r.changes).toEqual([
      { type: 'lead.upsert', lead: { id: 'P1' } },
      { type: 'lead.assign', leadId: 'P1', repId: 'r2', previousOwnerId: null, at: AT, nodeId: 'crm', via: 'assigned' },
    ]);
    expect(state.lead('P1')).toMatchObject({ ownerId: 'r2', poolId: null });
    expect([...state.scheduledLeads()]).toEqual([]);
    expect(state.openLoad('r2')).toBe(1);
  });

  test('for a lead someone owns, it changes nothing: ownership moves only by decisions and claims', () => {
    const state = fresh();
    const r = run(state, { type: 'lead.updated', lead: { id: 'L1', ownerId: 'r2' } });
    expect(r.ok && r.changes).toEqual([{ type: 'lead.upsert', lead: { id: 'L1' } }]);
    expect(state.lead('L1')?.ownerId).toBe('r1');
  });
});

describe('a copy of the state', () => {
  test('changes to the copy are not seen by the original, ownership records included', () => {
    const state = fresh();
    const copy = state.clone();
    expect(copy).toEqual(state);
    copy.apply([{ type: 'lead.toPool', leadId: 'L1', poolId: 'hot', previousOwnerId: 'r1', at: AT, nodeId: 'n', reason: 'reclaimed' }]);
    copy.apply([{ type: 'activity.add', activity: { leadId: 'L1', repId: 'r2', at: AT, kind: 'call' } }]);
    expect(state).toEqual(fresh());
    expect(state.ownershipHistory('L1')[0]?.to).toBeUndefined();
    expect(copy.ownershipHistory('L1')[0]).toMatchObject({ to: AT, endReason: 'reclaimed' });
    expect([...copy.ownedLeads()]).toEqual([]);
    expect([...state.ownedLeads()].map((l) => l.id)).toEqual(['L1']);
  });
});

describe('a new lead’s data as the CRM sent it', () => {
  test.each([
    ['replaced on write', false],
    ['edited in place', true],
  ])('the state keeps a copy of its own (%s): the event’s lead and the change stay as sent', (_how, inPlace) => {
    const state = fresh();
    if (inPlace) state.editLeadsInPlace();
    const sent = { id: 'N1', company: 'Acme', visits: 1 };
    const r = run(state, { type: 'lead.created', lead: sent });
    expect(r.ok && r.changes).toEqual([{ type: 'lead.upsert', lead: { id: 'N1', company: 'Acme', visits: 1 } }]);
    expect(state.lead('N1')).not.toBe(sent);
    // A write to the stored lead reaches neither what the caller sent nor the change it got back …
    state.apply([{ type: 'lead.facts', leadId: 'N1', set: { score: 40 } }]);
    expect(sent).toEqual({ id: 'N1', company: 'Acme', visits: 1 });
    expect(r.ok && r.changes[0]).toEqual({ type: 'lead.upsert', lead: { id: 'N1', company: 'Acme', visits: 1 } });
    // … and the caller editing its event afterwards does not reach the state.
    sent.visits = 9;
    expect(state.lead('N1')).toMatchObject({ visits: 1, score: 40 });
  });
});
