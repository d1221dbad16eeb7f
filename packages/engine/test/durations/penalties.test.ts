import { describe, expect, it } from 'vitest';
import type { CompiledPolicy, Decision, InMemoryState, SluiceEvent } from '../../src/index.js';
import { decideBoth } from '../assign/helpers.js';
import { compileFlow, stateWith, visited } from './helpers.js';

const MON_FRI = 'Monday to Friday (no holiday calendar)';

function penaltyFlow(type: string, data: Record<string, unknown>, events: string[] = ['tick']) {
  return compileFlow(
    `${type.toLowerCase()}-durations`,
    'penalty',
    [
      { id: 'start', type: 'trigger', data: { events, ...(events.includes('tick') ? { tickScope: 'reps' } : {}) } },
      { id: 'rule', type, data },
    ],
    [{ source: 'start', target: 'rule' }],
  );
}
function policyOf(type: string, data: Record<string, unknown>, events?: string[]): CompiledPolicy {
  const r = penaltyFlow(type, data, events);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const repTick = (at: string, repId = 'ae-1'): SluiceEvent => ({ id: `t-${repId}-${at}`, type: 'tick', at, repId });
const run = (policy: CompiledPolicy, state: InMemoryState, at: string): Promise<Decision> => decideBoth(policy, repTick(at), state, at);
const penaltiesAdded = (d: Decision) =>
  d.changes.filter((c) => c.type === 'penalty.add').map((c) => (c as { penalty: { until: string; from: string } }).penalty);

/** ae-1 took lead L1 at `since` and has not touched it. */
function takenAt(since: string, via: 'claimed' | 'assigned' = 'claimed') {
  return stateWith({
    reps: [{ id: 'ae-1', teams: ['east'] }],
    leads: [{ id: 'L1', ownerId: 'ae-1', status: 'open' }],
    ownership: [{ leadId: 'L1', repId: 'ae-1', from: since, via }],
  });
}

describe('penalty.idleClaim with durations', () => {
  it('measures idleness in hours and the demotion in working days: 4 h after Tue 30 Sep 09:00, demoted for 3 working days across 国庆', async () => {
    const policy = policyOf('penalty.idleClaim', {
      idleFor: { value: 4, unit: 'hours' },
      lasts: { value: 3, unit: 'workingDays' },
      calendar: 'cn-2025',
      tell: [],
    });
    const s = takenAt('2025-09-30T01:00:00.000Z');
    expect(visited(await run(policy, s, '2025-09-30T04:59:59.999Z'), 'rule').result).toBe('clear');

    const d = await run(policy, s, '2025-09-30T05:00:00.000Z');
    const v = visited(d, 'rule');
    expect(v.result).toBe('penalised');
    // From Tue 30 Sep 13:00 Shanghai: Thu 9 Oct (1), Fri 10 Oct (2), Sat 11 Oct make-up day (3) → 13:00.
    expect(penaltiesAdded(d)).toEqual([
      expect.objectContaining({ from: '2025-09-30T05:00:00.000Z', until: '2025-10-11T05:00:00.000Z', weightFactor: 0.5, reason: 'idle > 4 hours: L1 (4 h)' }),
    ]);
    expect(v.note).toEqual({
      en: 'ae-1 left 1 lead(s) without follow-up for 4 hours or more: L1 (4 h). Routing weight × 0.5 until 2025-10-11 13:00 (3 working days (calendar Mainland China 2025)); released to pool public',
      zh: 'ae-1 有 1 条线索超过 4 小时未跟进：L1 (4 h)。分配权重 × 0.5，至 2025-10-11 13:00（3 个工作日（日历：中国大陆 2025））；已释放回线索池 public',
    });
    expect(v.detail).toMatchObject({ idleFor: { value: 4, unit: 'hours' }, calendar: 'cn-2025' });
  });

  it('an idle limit of 1 working day skips the National Day week: taken Tue 30 Sep 16:00, idle only from Thu 9 Oct 16:00', async () => {
    const policy = policyOf('penalty.idleClaim', { idleFor: { value: 1, unit: 'workingDays' }, calendar: 'cn-2025', tell: [] });
    const s = takenAt('2025-09-30T08:00:00.000Z');
    expect(visited(await run(policy, s, '2025-10-09T07:59:59.999Z'), 'rule').result).toBe('clear');
    const d = await run(policy, s, '2025-10-09T08:00:00.000Z');
    expect(visited(d, 'rule').result).toBe('penalised');
    // `days` keeps its meaning: 7 calendar days when no `lasts` is given.
    expect(penaltiesAdded(d)).toEqual([expect.objectContaining({ until: '2025-10-16T08:00:00.000Z' })]);
  });

  it('without a calendar a working day is Monday to Friday: taken Friday 16:00, idle from Monday 16:00, not over the weekend', async () => {
    const policy = policyOf('penalty.idleClaim', { idleFor: { value: 1, unit: 'workingDays' }, days: 7, tell: [] });
    const s = takenAt('2026-03-06T08:00:00.000Z');
    expect(visited(await run(policy, s, '2026-03-08T08:00:00.000Z'), 'rule').result).toBe('clear');
    expect(visited(await run(policy, s, '2026-03-09T07:59:59.999Z'), 'rule').result).toBe('clear');
    const d = await run(policy, s, '2026-03-09T08:00:00.000Z');
    expect(visited(d, 'rule').note?.en).toBe(
      `ae-1 left 1 lead(s) without follow-up for 1 working day (calendar ${MON_FRI}) or more: L1 (72 h). Routing weight × 0.5 until 2026-03-16 16:00; released to pool public`,
    );
  });

  it('a calendar the tenant lacks: no penalty, nothing released, and a warning naming the calendar', async () => {
    const policy = policyOf('penalty.idleClaim', { idleFor: { value: 1, unit: 'workingDays' }, calendar: 'hk-2025' });
    const d = await run(policy, takenAt('2025-09-30T08:00:00.000Z'), '2025-12-01T00:00:00.000Z');
    expect(d.changes).toEqual([]);
    expect(d.actions).toEqual([]);
    const v = visited(d, 'rule');
    expect(v.result).toBe('calendarMissing');
    expect(v.note?.en).toMatch(/^the idle-claim check of ae-1 not applied: working-day calendar "hk-2025" is not defined/);
    expect(v.note?.zh).toMatch(/^ae-1 的领取后未跟进检查未执行：本租户没有名为“hk-2025”的工作日历/);
    expect(d.explanation.warnings?.map((w) => [w.code, w.nodeId])).toEqual([['calendarMissing', 'rule']]);
  });

  it('an hours-only rule never needs the calendar it names', async () => {
    const policy = policyOf('penalty.idleClaim', { idleFor: { value: 2, unit: 'hours' }, lasts: { value: 1, unit: 'days' }, calendar: 'hk-2025', tell: [] });
    const d = await run(policy, takenAt('2026-03-02T01:00:00.000Z'), '2026-03-02T03:00:00.000Z');
    expect(penaltiesAdded(d)).toEqual([expect.objectContaining({ until: '2026-03-03T03:00:00.000Z' })]);
  });

  it('refuses the idle limit or the length given twice, and a missing idle limit, naming the fields', () => {
    const twice = penaltyFlow('penalty.idleClaim', { idleHours: 24, idleFor: { value: 1, unit: 'days' }, days: 7, lasts: 7 });
    expect(twice.ok).toBe(false);
    if (!twice.ok) {
      expect(twice.errors.map((e) => [e.field, e.message.en])).toEqual([
        ['idleFor', 'give this once: "idleFor" (a duration) or "idleHours", not both'],
        ['lasts', 'give this once: "lasts" (a duration) or "days", not both'],
      ]);
      expect(twice.errors[1]!.message.zh).toBe('只能设置一次：“lasts”（时长）与“days”二选一');
    }
    const none = penaltyFlow('penalty.idleClaim', {});
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.errors.map((e) => e.field)).toEqual(['idleFor']);
  });
});

describe('penalty.hoarding with a window in working days', () => {
  // Wed 11 Mar 2026 10:00 Shanghai; 3 working days back is Fri 6 Mar 10:00.
  const NOW = '2026-03-11T02:00:00.000Z';
  function team() {
    const claims = [1, 2, 3, 4, 5].map((i) => ({ leadId: `L${i}`, repId: 'ae-1', from: `2026-03-07T02:0${i}:00.000Z`, via: 'claimed' as const }));
    return stateWith({
      reps: [
        { id: 'ae-1', teams: ['east'] },
        { id: 'ae-2', teams: ['east'] },
      ],
      leads: [...claims.map((c) => ({ id: c.leadId, ownerId: 'ae-1', status: 'open' as const })), { id: 'L9', ownerId: 'ae-2', status: 'open' as const }],
      ownership: [...claims, { leadId: 'L9', repId: 'ae-2', from: '2026-03-10T02:00:00.000Z', via: 'claimed' }],
    });
  }

  it("counts Saturday's claims in a 3-working-day window (72 hours would miss them) and suspends for 2 working days", async () => {
    const policy = policyOf('penalty.hoarding', { window: { value: 3, unit: 'workingDays' }, lasts: { value: 2, unit: 'workingDays' }, tell: [] });
    const d = await run(policy, team(), NOW);
    const v = visited(d, 'rule');
    expect(v.result).toBe('flagged');
    expect(v.detail).toMatchObject({ claims: 5, median: 1, window: { value: 3, unit: 'workingDays' }, until: '2026-03-13T02:00:00.000Z' });
    expect(v.note?.en).toBe(
      `ae-1 flagged for hoarding: 5 claims in 3 working days (calendar ${MON_FRI}), 5× the team median 1, 0% followed up. Claiming suspended until 2026-03-13 10:00 (2 working days (calendar ${MON_FRI})); released L1, L2, L3, L4, L5 to pool public`,
    );
    expect(v.note?.zh).toMatch(/^ae-1 被标记为囤积线索：3 个工作日（日历：周一至周五（未设节假日日历））内领取 5 条/);

    const hourly = policyOf('penalty.hoarding', { windowHours: 72, tell: [] });
    const clear = visited(await run(hourly, team(), NOW), 'rule');
    expect(clear.result).toBe('clear');
    expect(clear.detail).toMatchObject({ claims: 0, windowHours: 72 });
  });

  it('refuses window and windowHours together', () => {
    const r = penaltyFlow('penalty.hoarding', { windowHours: 72, window: { value: 3, unit: 'days' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.field)).toEqual(['window']);
  });
});

describe('penalty.reward with durations', () => {
  const owned = (since: string) =>
    stateWith({
      reps: [{ id: 'ae-1', teams: ['east'] }],
      leads: [{ id: 'L1', ownerId: 'ae-1', status: 'open' }],
      ownership: [{ leadId: 'L1', repId: 'ae-1', from: since, via: 'assigned' }],
    });
  const contact = (at: string): SluiceEvent => ({ id: `a-${at}`, type: 'activity.logged', at, leadId: 'L1', activity: { kind: 'call', at, repId: 'ae-1' } });

  it('rewards a first contact within 2 hours, for 12 hours; one millisecond later earns nothing', async () => {
    const policy = policyOf('penalty.reward', { within: { value: 2, unit: 'hours' }, lasts: { value: 12, unit: 'hours' }, weightFactor: 1.5, tell: [] }, [
      'activity.logged',
    ]);
    const inTime = await decideBoth(policy, contact('2026-03-02T03:00:00.000Z'), owned('2026-03-02T01:00:00.000Z'), '2026-03-02T03:00:00.000Z');
    expect(penaltiesAdded(inTime)).toEqual([
      expect.objectContaining({ from: '2026-03-02T03:00:00.000Z', until: '2026-03-02T15:00:00.000Z', weightFactor: 1.5 }),
    ]);
    expect(visited(inTime, 'rule').note).toEqual({
      en: 'ae-1 first followed up lead L1 120 min after getting it (limit 2 hours): routing weight × 1.5 until 2026-03-02 23:00 (12 hours)',
      zh: 'ae-1 在获得线索 L1 后 120 分钟首次跟进（时限 2 小时）：分配权重 × 1.5，至 2026-03-02 23:00（12 小时）',
    });
    const late = await decideBoth(policy, contact('2026-03-02T03:00:00.001Z'), owned('2026-03-02T01:00:00.000Z'), '2026-03-02T03:00:00.001Z');
    expect(late.changes).toEqual([]);
    expect(visited(late, 'rule').note).toEqual({ en: 'first follow-up after 120 min, later than 2 hours', zh: '首次跟进用时 120 分钟，超过 2 小时' });
  });

  it('a limit of 1 working day: a lead got on 30 Sep at 16:00 and first called on 9 Oct at 15:00 is in time', async () => {
    const policy = policyOf('penalty.reward', { within: { value: 1, unit: 'workingDays' }, calendar: 'cn-2025', tell: [] }, ['activity.logged']);
    const d = await decideBoth(policy, contact('2025-10-09T07:00:00.000Z'), owned('2025-09-30T08:00:00.000Z'), '2025-10-09T07:00:00.000Z');
    expect(visited(d, 'rule').result).toBe('rewarded');
    // The reward's length stays the 7 days of `days`' default.
    expect(penaltiesAdded(d)).toEqual([expect.objectContaining({ until: '2025-10-16T07:00:00.000Z' })]);
    const late = await decideBoth(policy, contact('2025-10-09T08:00:00.001Z'), owned('2025-09-30T08:00:00.000Z'), '2025-10-09T08:00:00.001Z');
    expect(visited(late, 'rule').result).toBe('none');
  });

  it('refuses within and withinMinutes together', () => {
    const r = penaltyFlow('penalty.reward', { withinMinutes: 30, within: { value: 30, unit: 'minutes' } }, ['activity.logged']);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => [e.field, e.message.zh])).toEqual([['within', '只能设置一次：“within”（时长）与“withinMinutes”二选一']]);
  });
});
