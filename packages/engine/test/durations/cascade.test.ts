import { describe, expect, it } from 'vitest';
import type { Decision, SluiceEvent } from '../../src/index.js';
import { decideBoth } from '../assign/helpers.js';
import { compileFlow, stateWith, visited } from './helpers.js';

// Friday 26 September 2025, 16:00 in Shanghai: the last Friday before National Day (国庆).
const T0 = '2025-09-26T08:00:00.000Z';
// 2 working days by cn-2025: Sunday 28th is a make-up working day (1), Monday 29th (2) → Mon 16:00.
const DUE_1 = '2025-09-29T08:00:00.000Z';
// From Mon 29th 16:00: Tue 30th (1); 1–8 October off; Thu 9 October (2) → 16:00.
const DUE_2 = '2025-10-09T08:00:00.000Z';

type Tier = { poolId: string; wait?: unknown; waitHours?: number };

function cascadeFlow(tiers: Tier[], extra: Record<string, unknown> = {}) {
  return compileFlow(
    'cascade-durations',
    'routing',
    [
      { id: 'start', type: 'trigger', data: { events: ['lead.created', 'lead.returned_to_pool', 'activity.logged', 'tick'] } },
      { id: 'cascade', type: 'assign.cascade', data: { tiers, ...extra } },
      { id: 'queue', type: 'assign.managerQueue', data: { queueId: 'ops-manual', team: 'ops' } },
    ],
    [
      { source: 'start', target: 'cascade' },
      { source: 'cascade', sourceHandle: 'exhausted', target: 'queue' },
    ],
  );
}
function policyOf(tiers: Tier[], extra: Record<string, unknown> = {}) {
  const r = cascadeFlow(tiers, extra);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const twoWorkingDays = { value: 2, unit: 'workingDays' };
const base = { reps: [{ id: 'gold-1', teams: ['gold'] }], teams: [{ id: 'ops', managerId: 'mgr-ops' }], pools: [{ id: 'gold-pool' }, { id: 'std-pool' }] };
const created = (at: string): SluiceEvent => ({ id: `created-${at}`, type: 'lead.created', at, lead: { id: 'L1', createdAt: at } });
const tick = (at: string): SluiceEvent => ({ id: `tick-${at}`, type: 'tick', at, leadId: 'L1' });
const schedules = (d: Decision) => d.actions.flatMap((a) => (a.type === 'schedule' ? [a.due] : []));

describe('cascade waits in working days, hours and minutes', () => {
  it('waits 2 working days from Friday 16:00 before 国庆: the make-up Sunday counts, the holiday week does not', async () => {
    const policy = policyOf(
      [
        { poolId: 'gold-pool', wait: twoWorkingDays },
        { poolId: 'std-pool', wait: twoWorkingDays },
      ],
      { calendar: 'cn-2025' },
    );
    const s = stateWith(base);

    const d0 = await decideBoth(policy, created(T0), s, T0);
    expect(schedules(d0)).toEqual([DUE_1]);
    expect(visited(d0, 'cascade')).toMatchObject({
      result: 'started',
      note: {
        en: `in tier 1 (pool gold-pool, wait 2 working days (calendar Mainland China 2025)) until 2025-09-29 16:00`,
        zh: `进入第 1 级（线索池 gold-pool，等待 2 个工作日（日历：中国大陆 2025）），时限至 2025-09-29 16:00`,
      },
    });
    s.apply(d0.changes);

    // One millisecond before the due instant it still waits; the tier began at T0.
    const early = await decideBoth(policy, tick('2025-09-29T07:59:59.999Z'), s, '2025-09-29T07:59:59.999Z');
    expect(visited(early, 'cascade').result).toBe('waiting');
    expect(visited(early, 'cascade').detail).toEqual({
      step: 0,
      poolId: 'gold-pool',
      wait: twoWorkingDays,
      calendar: 'cn-2025',
      since: T0,
      due: DUE_1,
      progressRule: 'claimed',
      owner: null,
    });

    const moved = await decideBoth(policy, tick(DUE_1), s, DUE_1);
    expect(visited(moved, 'cascade').result).toBe('cascaded');
    expect(schedules(moved)).toEqual([DUE_2]);
    s.apply(moved.changes);

    const stillWaiting = await decideBoth(policy, tick('2025-10-08T15:59:59.000Z'), s, '2025-10-08T15:59:59.000Z');
    expect(visited(stillWaiting, 'cascade').detail).toMatchObject({ step: 1, since: DUE_1, due: DUE_2 });
    const exhausted = await decideBoth(policy, tick(DUE_2), s, DUE_2);
    expect(exhausted.explanation.visited.map((v) => `${v.nodeId}:${v.result}`)).toEqual(['start:tick', 'cascade:exhausted', 'queue:done']);
  });

  it('without a calendar, working days are Monday to Friday: the same wait ends on Tuesday 16:00', async () => {
    const policy = policyOf([{ poolId: 'gold-pool', wait: twoWorkingDays }]);
    const d0 = await decideBoth(policy, created(T0), stateWith(base), T0);
    expect(schedules(d0)).toEqual(['2025-09-30T08:00:00.000Z']);
    expect(visited(d0, 'cascade').note?.en).toBe(
      'in tier 1 (pool gold-pool, wait 2 working days (calendar Monday to Friday (no holiday calendar))) until 2025-09-30 16:00',
    );
  });

  it('counts minutes and hours as elapsed time: 90 minutes, then 2 hours', async () => {
    const policy = policyOf([
      { poolId: 'gold-pool', wait: { value: 90, unit: 'minutes' } },
      { poolId: 'std-pool', wait: { value: 2, unit: 'hours' } },
    ]);
    const s = stateWith(base);
    const start = '2026-03-02T02:00:00.000Z';
    const d0 = await decideBoth(policy, created(start), s, start);
    expect(schedules(d0)).toEqual(['2026-03-02T03:30:00.000Z']);
    expect(visited(d0, 'cascade').note).toEqual({
      en: 'in tier 1 (pool gold-pool, wait 90 minutes) until 2026-03-02 11:30',
      zh: '进入第 1 级（线索池 gold-pool，等待 90 分钟），时限至 2026-03-02 11:30',
    });
    s.apply(d0.changes);
    const moved = await decideBoth(policy, tick('2026-03-02T03:30:00.000Z'), s, '2026-03-02T03:30:00.000Z');
    expect(schedules(moved)).toEqual(['2026-03-02T05:30:00.000Z']);
    expect(visited(moved, 'cascade').detail).toMatchObject({
      step: 0,
      wait: { value: 90, unit: 'minutes' },
      since: start,
      nextWait: { value: 2, unit: 'hours' },
    });
  });

  it('a tier that starts on Saturday: a Sunday follow-up is progress, though the clock only starts on Monday', async () => {
    const policy = policyOf(
      [
        { poolId: 'gold-pool', wait: { value: 1, unit: 'workingDays' } },
        { poolId: 'std-pool', waitHours: 4 },
      ],
      { progress: 'activity' },
    );
    const s = stateWith(base);
    const saturday = '2026-03-07T02:00:00.000Z'; // Sat 10:00 Shanghai
    const d0 = await decideBoth(policy, created(saturday), s, saturday);
    // One working day from Saturday runs all of Monday: due Tuesday 00:00 Shanghai.
    expect(schedules(d0)).toEqual(['2026-03-09T16:00:00.000Z']);
    s.apply(d0.changes);
    const logged: SluiceEvent = {
      id: 'act',
      type: 'activity.logged',
      at: '2026-03-08T03:00:00.000Z',
      leadId: 'L1',
      activity: { kind: 'call', at: '2026-03-08T03:00:00.000Z', repId: 'gold-1' },
    };
    const d1 = await decideBoth(policy, logged, s, logged.at);
    // The clock "started" when Friday's working day ended (Sat 00:00 Shanghai).
    expect(visited(d1, 'cascade')).toMatchObject({
      result: 'progressed',
      detail: { step: 0, since: '2026-03-06T16:00:00.000Z', lastActivityAt: '2026-03-08T03:00:00.000Z' },
    });
  });

  it('keeps waitHours as it was: 4 hours, explained as before, with no new detail fields', async () => {
    const policy = policyOf([{ poolId: 'gold-pool', waitHours: 4 }]);
    const s = stateWith(base);
    const start = '2026-03-02T02:00:00.000Z';
    const d0 = await decideBoth(policy, created(start), s, start);
    expect(visited(d0, 'cascade').note?.en).toBe('in tier 1 (pool gold-pool) until 2026-03-02 14:00');
    s.apply(d0.changes);
    const d1 = await decideBoth(policy, tick('2026-03-02T05:00:00.000Z'), s, '2026-03-02T05:00:00.000Z');
    expect(visited(d1, 'cascade').detail).toEqual({
      step: 0,
      poolId: 'gold-pool',
      waitHours: 4,
      since: start,
      due: '2026-03-02T06:00:00.000Z',
      progressRule: 'claimed',
      owner: null,
    });
  });

  it('a calendar the tenant lacks: the lead enters the first pool, no check is booked, and the decision warns naming the calendar', async () => {
    const policy = policyOf([{ poolId: 'gold-pool', wait: twoWorkingDays }], { calendar: 'hk-2025' });
    const s = stateWith(base);
    const d0 = await decideBoth(policy, created(T0), s, T0);
    expect(d0.actions).toEqual([{ type: 'toPool', leadId: 'L1', poolId: 'gold-pool', previousOwnerId: null, nodeId: 'cascade' }]);
    const v = visited(d0, 'cascade');
    expect(v.result).toBe('calendarMissing');
    expect(v.detail).toEqual({ calendarMissing: 'hk-2025' });
    expect(v.note?.en).toContain('working-day calendar "hk-2025" is not defined for this tenant');
    expect(v.note?.zh).toContain('本租户没有名为“hk-2025”的工作日历');
    expect(d0.explanation.warnings).toEqual([
      expect.objectContaining({ code: 'calendarMissing', nodeId: 'cascade', message: expect.objectContaining({ en: expect.stringContaining('"hk-2025"') }) }),
    ]);
    // A lead that is in no tier is just not in the cascade: no warning for it.
    const stray = await decideBoth(policy, tick(DUE_1), s, DUE_1);
    expect(visited(stray, 'cascade').result).toBe('notInCascade');
    expect(stray.explanation.warnings).toBeUndefined();
    // A lead already in a tier does not move on either.
    s.apply([{ type: 'lead.schedule', leadId: 'L1', due: DUE_1, nodeId: 'cascade', step: 0 }]);
    const later = await decideBoth(policy, tick(DUE_2), s, DUE_2);
    expect(later.actions).toEqual([]);
    expect(later.changes).toEqual([]);
    expect(visited(later, 'cascade').result).toBe('calendarMissing');
  });

  it('refuses a tier with both wait and waitHours, or with neither, naming the field in both languages', () => {
    const r = cascadeFlow([{ poolId: 'gold-pool', wait: twoWorkingDays, waitHours: 4 }, { poolId: 'std-pool' }]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        code: 'invalidConfig',
        nodeId: 'cascade',
        field: 'tiers[0].wait',
        message: {
          en: 'give this once: "tiers[0].wait" (a duration) or "tiers[0].waitHours", not both',
          zh: '只能设置一次：“tiers[0].wait”（时长）与“tiers[0].waitHours”二选一',
        },
      },
      {
        code: 'invalidConfig',
        nodeId: 'cascade',
        field: 'tiers[1].wait',
        message: {
          en: 'tier 2 needs a wait: "wait" (e.g. { "value": 2, "unit": "workingDays" }) or "waitHours"',
          zh: '第 2 级缺少等待时限：请填写“wait”（如 { "value": 2, "unit": "workingDays" }）或“waitHours”',
        },
      },
    ]);
  });

  it('refuses a unit it does not know and a wait longer than 366 days', () => {
    for (const wait of [
      { value: 4, unit: 'workingHours' },
      { value: 367, unit: 'days' },
      { value: 0, unit: 'hours' },
    ]) {
      const r = cascadeFlow([{ poolId: 'gold-pool', wait }]);
      expect(r.ok, JSON.stringify(wait)).toBe(false);
      if (!r.ok) expect(r.errors[0]).toMatchObject({ code: 'invalidConfig', nodeId: 'cascade' });
    }
  });
});
