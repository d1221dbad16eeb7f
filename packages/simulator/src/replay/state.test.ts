/**
 * The replay's state keeps touches as rows instead of objects: what it answers must be what the
 * engine's InMemoryState answers after the same steps (touches field for field and in order, each
 * lead's lastActivityAt, which moves forward only), including a lead the history does not list.
 */
import { InMemoryState, step, type StateChange, type StepEvent } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { Interned } from './interned.js';
import { ReplayState } from './state.js';

const snapshot = { timeZone: 'Asia/Shanghai', reps: [{ id: 'ann' }, { id: 'bob' }], pools: [{ id: 'public' }] };
const listed = ['L1', 'L2'];

const events: StepEvent[] = [
  { id: 'c1', type: 'lead.created', at: '2026-03-02T01:00:00.000Z', lead: { id: 'L1', createdAt: '2026-03-02T01:00:00.000Z', ownerId: 'ann' } },
  { id: 'c2', type: 'lead.created', at: '2026-03-02T02:00:00.000Z', lead: { id: 'L2', createdAt: '2026-03-02T02:00:00.000Z', ownerId: 'bob' } },
  { id: 'x', type: 'lead.created', at: '2026-03-02T03:00:00.000Z', lead: { id: 'X9', createdAt: '2026-03-02T03:00:00.000Z', ownerId: 'bob' } },
  { id: 'a1', type: 'activity.logged', at: '2026-03-03T08:00:00.000Z', leadId: 'L1', activity: { kind: 'call', at: '2026-03-03T08:00:00.000Z' } },
  { id: 's', type: 'stage.changed', at: '2026-03-03T09:00:00.000Z', leadId: 'L1', stage: { to: 'quote' } },
  // An offset instant: the engine stores it as UTC text.
  {
    id: 'a2',
    type: 'activity.logged',
    at: '2026-03-04T10:00:00+08:00',
    leadId: 'L1',
    repId: 'bob',
    activity: { kind: 'visit', at: '2026-03-04T10:00:00+08:00' },
  },
  // Older than the last touch: recorded, but lastActivityAt stays.
  { id: 'a3', type: 'activity.logged', at: '2026-03-05T00:00:00.000Z', leadId: 'L1', activity: { kind: 'call', at: '2026-03-02T12:00:00.000Z' } },
  { id: 'a4', type: 'activity.logged', at: '2026-03-05T01:00:00.000Z', leadId: 'X9', activity: { kind: 'email', at: '2026-03-05T01:00:00.000Z' } },
  { id: 'a5', type: 'activity.logged', at: '2026-03-05T02:00:00.000Z', leadId: 'L2', activity: { kind: 'call', at: '2026-03-05T02:00:00.000Z' } },
];

function run<S extends InMemoryState | ReplayState>(state: S): S {
  for (const event of events) {
    const r = step({ policies: [], state, event, now: Date.parse(event.at), explain: false });
    expect(r.ok).toBe(true);
  }
  return state;
}

describe('ReplayState', () => {
  it('answers touches and leads as the engine state does after the same steps', () => {
    const engine = run(InMemoryState.from(snapshot));
    const lean = run(new ReplayState(InMemoryState.from(snapshot), (id) => (listed.includes(id) ? listed.indexOf(id) : undefined), listed.length));
    for (const id of ['L1', 'L2', 'X9', 'nobody']) {
      expect(lean.activities(id)).toStrictEqual(engine.activities(id));
      expect(lean.lead(id)).toStrictEqual(engine.lead(id));
    }
    // Worked out by hand from the events above, so a change to both states cannot hide here.
    expect(lean.activities('L1')).toStrictEqual([
      { leadId: 'L1', repId: 'ann', at: '2026-03-03T08:00:00.000Z', kind: 'call' },
      { leadId: 'L1', repId: 'bob', at: '2026-03-04T02:00:00.000Z', kind: 'visit', stage: 'quote' },
      { leadId: 'L1', repId: 'ann', at: '2026-03-02T12:00:00.000Z', kind: 'call', stage: 'quote' },
    ]);
    expect(lean.lead('L1')?.lastActivityAt).toBe('2026-03-04T02:00:00.000Z');
    expect(lean.activities('X9')).toStrictEqual([{ leadId: 'X9', repId: 'bob', at: '2026-03-05T01:00:00.000Z', kind: 'email' }]);
    expect(lean.activities('nobody')).toStrictEqual([]);
  });

  it("knows a lead's lastActivityAt only until something other than a touch writes it", () => {
    const at = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00.000Z`;
    const touch = (leadId: string, h: number): StepEvent => ({
      id: `t${leadId}${h}`,
      type: 'activity.logged',
      at: at(h),
      leadId,
      activity: { kind: 'call', at: at(h) },
    });
    const changes: Array<StepEvent | StateChange> = [
      { id: 'c1', type: 'lead.created', at: at(1), lead: { id: 'L1', createdAt: at(1), ownerId: 'ann' } },
      { id: 'c2', type: 'lead.created', at: at(1), lead: { id: 'L2', createdAt: at(1), ownerId: 'bob' } },
      touch('L1', 10),
      // Later than the last touch, then a touch before it: lastActivityAt stays.
      { type: 'lead.reported', leadId: 'L1', set: { lastActivityAt: at(12) } },
      touch('L1', 11),
      // Earlier than the last touch, then a touch after it: lastActivityAt moves to the touch.
      { type: 'lead.facts', leadId: 'L1', set: { lastActivityAt: at(8) } },
      touch('L1', 9),
      // The CRM's data carries one.
      { type: 'lead.upsert', lead: { id: 'L1', lastActivityAt: at(20) } },
      touch('L1', 13),
      touch('L1', 21),
      touch('L2', 23),
      // Fields naming another id: stored as that lead, with this one's lastActivityAt.
      { type: 'lead.reported', leadId: 'L2', set: { id: 'L1' } },
      touch('L1', 22),
    ];
    const engine = InMemoryState.from(snapshot);
    const lean = new ReplayState(InMemoryState.from(snapshot), (id) => (listed.includes(id) ? listed.indexOf(id) : undefined), listed.length);
    const seen: Array<string | undefined> = [];
    for (const c of changes) {
      for (const s of [engine, lean]) {
        if ('id' in c) expect(step({ policies: [], state: s, event: c, now: Date.parse(c.at) }).ok).toBe(true);
        else s.apply([c]);
      }
      for (const id of listed) expect(lean.lead(id)).toStrictEqual(engine.lead(id));
      seen.push(lean.lead('L1')?.lastActivityAt);
    }
    // By hand, so a change to both states cannot hide here.
    expect(seen).toStrictEqual([undefined, undefined, at(10), at(12), at(12), at(8), at(9), at(20), at(20), at(21), at(21), at(23), at(23)]);
  });

  it('uses the rep and kind numbers it is told only for the texts they stand for', () => {
    const texts = new Interned();
    const [bob, email, ann, call] = ['bob', 'email', 'ann', 'call'].map((t) => texts.of(t));
    const lean = new ReplayState(InMemoryState.from(snapshot), (id) => (listed.includes(id) ? listed.indexOf(id) : undefined), listed.length, 0, texts);
    const engine = InMemoryState.from(snapshot);
    const at = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00.000Z`;
    const created: StepEvent = { id: 'c1', type: 'lead.created', at: at(1), lead: { id: 'L1', createdAt: at(1), ownerId: 'ann' } };
    const touch = (h: number, repId: string, kind: string): StepEvent => ({
      id: `t${h}`,
      type: 'activity.logged',
      at: at(h),
      leadId: 'L1',
      repId,
      activity: { kind, at: at(h) },
    });
    for (const s of [engine, lean]) step({ policies: [], state: s, event: created, now: Date.parse(at(1)) });
    // Told bob's email, then ann's call: the touches are ann's call, then bob's email.
    lean.touchesBy(bob!, email!);
    for (const s of [engine, lean]) step({ policies: [], state: s, event: touch(2, 'ann', 'call'), now: Date.parse(at(2)) });
    lean.touchesBy(ann!, call!);
    for (const s of [engine, lean]) step({ policies: [], state: s, event: touch(3, 'bob', 'email'), now: Date.parse(at(3)) });
    expect(lean.activities('L1')).toStrictEqual(engine.activities('L1'));
    expect(lean.activities('L1').map((a) => `${a.repId}:${a.kind}`)).toStrictEqual(['ann:call', 'bob:email']);
  });

  it('answers lastReminder as the engine state does, before and after a reminder, and for one it held already', () => {
    const remind = (leadId: string, window: string): StateChange => ({
      type: 'lead.remind',
      leadId,
      repId: 'ann',
      window,
      at: '2026-03-02T01:00:00.000Z',
      nodeId: 'r',
    });
    const seeded = { ...snapshot, reminders: { L2: 'w0' } };
    const engine = InMemoryState.from(seeded);
    const lean = new ReplayState(InMemoryState.from(seeded), (id) => (listed.includes(id) ? listed.indexOf(id) : undefined), listed.length);
    const ask = () => ['L1', 'L2', 'X9'].map((id) => lean.lastReminder(id));
    // Asked twice: a lead without one stays without one only until it is reminded.
    expect(ask()).toStrictEqual(['L1', 'L2', 'X9'].map((id) => engine.lastReminder(id)));
    expect(ask()).toStrictEqual([undefined, 'w0', undefined]);
    for (const c of [remind('L1', 'w1'), remind('X9', 'w9'), remind('L2', 'w2')]) for (const s of [engine, lean]) s.apply([c]);
    expect(ask()).toStrictEqual(['L1', 'L2', 'X9'].map((id) => engine.lastReminder(id)));
    expect(ask()).toStrictEqual(['w1', 'w2', 'w9']);
  });

  it('keeps the touches of more leads the history does not list than it made room for', () => {
    const engine = InMemoryState.from(snapshot);
    const lean = new ReplayState(InMemoryState.from(snapshot), (id) => (id === 'L1' ? 0 : undefined), 1);
    const ids = ['L1', 'U1', 'U2', 'U3', 'U4', 'U5'];
    const base = Date.parse('2026-03-02T01:00:00.000Z');
    const events: StepEvent[] = ids.map((id, i) => ({
      id: `c${i}`,
      type: 'lead.created',
      at: new Date(base + i).toISOString(),
      lead: { id, createdAt: new Date(base + i).toISOString(), ownerId: 'ann' },
    }));
    for (let k = 0; k < 3; k++)
      ids.forEach((id, i) => {
        const at = new Date(base + 3_600_000 * (k + 1) + i).toISOString();
        events.push({ id: `a${k}${i}`, type: 'activity.logged', at, leadId: id, activity: { kind: k ? 'call' : 'email', at } });
      });
    for (const event of events) for (const s of [engine, lean]) step({ policies: [], state: s, event, now: Date.parse(event.at) });
    for (const id of ids) {
      expect(lean.activities(id)).toHaveLength(3);
      expect(lean.activities(id)).toStrictEqual(engine.activities(id));
      expect(lean.lead(id)).toStrictEqual(engine.lead(id));
    }
  });

  it('grows its rows past their first size', () => {
    const engine = InMemoryState.from(snapshot);
    const lean = new ReplayState(InMemoryState.from(snapshot), (id) => (id === 'L1' ? 0 : undefined), 1);
    const created: StepEvent = {
      id: 'c',
      type: 'lead.created',
      at: '2026-03-02T01:00:00.000Z',
      lead: { id: 'L1', createdAt: '2026-03-02T01:00:00.000Z', ownerId: 'ann' },
    };
    for (const s of [engine, lean]) step({ policies: [], state: s, event: created, now: Date.parse(created.at) });
    const base = Date.parse('2026-03-03T00:00:00.000Z');
    for (let i = 0; i < 2_500; i++) {
      const at = new Date(base + i * 60_000).toISOString();
      const event: StepEvent = { id: `a${i}`, type: 'activity.logged', at, leadId: 'L1', activity: { kind: i % 2 ? 'call' : 'email', at } };
      for (const s of [engine, lean]) step({ policies: [], state: s, event, now: Date.parse(at) });
    }
    expect(lean.activities('L1')).toHaveLength(2_500);
    expect(lean.activities('L1')).toStrictEqual(engine.activities('L1'));
    expect(lean.lead('L1')?.lastActivityAt).toBe(new Date(base + 2_499 * 60_000).toISOString());
  });

  it('keeps who held each lead as the engine state does: reassigned, reclaimed, released, claimed back', () => {
    const at = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00.000Z`;
    const changes: StateChange[] = [
      { type: 'lead.assign', leadId: 'L1', repId: 'ann', previousOwnerId: null, at: at(1), nodeId: 'rr' },
      { type: 'lead.assign', leadId: 'L2', repId: 'ann', previousOwnerId: null, at: at(2), nodeId: 'rr' },
      { type: 'lead.assign', leadId: 'L1', repId: 'bob', previousOwnerId: 'ann', at: at(3), nodeId: 'move' },
      { type: 'lead.toPool', leadId: 'L1', poolId: 'public', previousOwnerId: 'bob', at: at(4), nodeId: 'reclaim', reason: 'reclaimed' },
      { type: 'lead.assign', leadId: 'L1', repId: 'ann', previousOwnerId: null, at: at(5), nodeId: 'claim', via: 'claimed' },
      { type: 'lead.toPool', leadId: 'L2', poolId: 'public', previousOwnerId: 'ann', at: at(6), nodeId: 'penalty', reason: 'released' },
      // A lead the history does not list, and a pool move naming nobody.
      { type: 'lead.assign', leadId: 'X9', repId: 'bob', previousOwnerId: null, at: at(7), nodeId: 'rr' },
      { type: 'lead.toPool', leadId: 'X9', poolId: 'public', previousOwnerId: null, at: at(8), nodeId: 'reclaim' },
    ];
    const engine = InMemoryState.from(snapshot);
    const lean = new ReplayState(InMemoryState.from(snapshot), (id) => (listed.includes(id) ? listed.indexOf(id) : undefined), listed.length);
    for (const c of changes) {
      engine.apply([c]);
      lean.apply([c]);
      // Asked between changes too: a rep's records made once must not go stale.
      for (const rep of ['ann', 'bob', 'cyd']) expect(lean.ownershipsOf(rep)).toStrictEqual(engine.ownershipsOf(rep));
    }
    for (const id of ['L1', 'L2', 'X9', 'nobody']) expect(lean.ownershipHistory(id)).toStrictEqual(engine.ownershipHistory(id));
    for (const rep of ['ann', 'bob']) expect(lean.openLoad(rep)).toBe(engine.openLoad(rep));
    // By hand, so a change to both states cannot hide here.
    expect(lean.ownershipHistory('L1')).toStrictEqual([
      { leadId: 'L1', repId: 'ann', from: at(1), via: 'assigned', to: at(3), endReason: 'reassigned' },
      { leadId: 'L1', repId: 'bob', from: at(3), via: 'assigned', to: at(4), endReason: 'reclaimed' },
      { leadId: 'L1', repId: 'ann', from: at(5), via: 'claimed' },
    ]);
    expect(lean.ownershipsOf('ann').map((o) => `${o.leadId}@${o.from}:${o.endReason ?? 'open'}`)).toStrictEqual([
      `L1@${at(1)}:reassigned`,
      `L2@${at(2)}:released`,
      `L1@${at(5)}:open`,
    ]);
    // Field order too: the engine's records are { leadId, repId, from, via } with `to` and `endReason` added.
    expect(Object.keys(lean.ownershipHistory('L1')[0]!)).toStrictEqual(['leadId', 'repId', 'from', 'via', 'to', 'endReason']);
  });

  it('leaves ownership records to the engine state when it held some already', () => {
    const seeded = InMemoryState.from({ ...snapshot, ownership: [{ leadId: 'L1', repId: 'ann', from: '2026-03-01T00:00:00.000Z' }] });
    const lean = new ReplayState(seeded, () => 0, 1);
    lean.apply([{ type: 'lead.assign', leadId: 'L1', repId: 'bob', previousOwnerId: 'ann', at: '2026-03-02T00:00:00.000Z', nodeId: 'rr' }]);
    expect(lean.ownershipHistory('L1')).toStrictEqual([
      { leadId: 'L1', repId: 'ann', from: '2026-03-01T00:00:00.000Z', to: '2026-03-02T00:00:00.000Z', endReason: 'reassigned' },
      { leadId: 'L1', repId: 'bob', from: '2026-03-02T00:00:00.000Z', via: 'assigned' },
    ]);
  });
});
