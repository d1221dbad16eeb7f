import { describe, expect, it } from 'vitest';
import type { Decision, SluiceEvent } from '../../src/index.js';
import { skipReasonWords } from '../../src/assignment/candidates.js';
import { decideBoth } from '../assign/helpers.js';
import { compileFlow, stateWith, visited } from './helpers.js';

// S14 re-routing: ae-1 lost lead L1 (reclaimed) on Friday 26 September 2025, 16:00 in Shanghai.
const LOST = '2025-09-26T08:00:00.000Z';

function rerouteFlow(selection: Record<string, unknown>) {
  return compileFlow(
    'reroute-cooling',
    'routing',
    [
      { id: 'start', type: 'trigger', data: { events: ['lead.returned_to_pool'] } },
      { id: 'reroute', type: 'assign.roundRobin', data: { reps: ['ae-1', 'ae-2'], ...selection } },
    ],
    [{ source: 'start', target: 'reroute' }],
  );
}
function policyOf(selection: Record<string, unknown>) {
  const r = rerouteFlow(selection);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
function returned(lostAt: string) {
  return stateWith({
    reps: [{ id: 'ae-1' }, { id: 'ae-2' }],
    pools: [{ id: 'public' }],
    leads: [{ id: 'L1', poolId: 'public', ownerId: null }],
    ownership: [{ leadId: 'L1', repId: 'ae-1', from: '2025-09-01T00:00:00.000Z', to: lostAt, via: 'assigned', endReason: 'reclaimed' }],
  });
}
const back = (at: string): SluiceEvent => ({ id: `back-${at}`, type: 'lead.returned_to_pool', at, leadId: 'L1' });
const row = (d: Decision, repId: string) => visited(d, 'reroute').candidates!.find((c) => c.repId === repId)!;
const assignedTo = (d: Decision) => d.actions.flatMap((a) => (a.type === 'assign' ? [a.repId] : []));

describe('S14 re-routing cooling as a duration', () => {
  it('3 working days by cn-2025 from Friday 16:00: Sunday 28th is a make-up day, so ae-1 may have it back from Tuesday 30th 16:00', async () => {
    // Sat 27 off; Sun 28 make-up (1); Mon 29 (2); Tue 30 (3) → 2025-09-30 16:00 Shanghai = 08:00Z.
    const policy = policyOf({ cooling: { value: 3, unit: 'workingDays' }, calendar: 'cn-2025' });
    const before = await decideBoth(policy, back('2025-09-30T07:59:59.999Z'), returned(LOST), '2025-09-30T07:59:59.999Z');
    expect(row(before, 'ae-1')).toMatchObject({
      status: 'skipped',
      reason: 'cooling',
      detail: { lostAt: LOST, coolingUntil: '2025-09-30T08:00:00.000Z', coolingValue: 3, coolingUnit: 'workingDays', calendar: 'cn-2025' },
    });
    expect(skipReasonWords(row(before, 'ae-1'))).toEqual({
      en: 'cooling off after losing this lead until 2025-09-30T08:00:00.000Z, 3 working days (calendar Mainland China 2025) from losing it',
      zh: '处于失去该线索后的冷却期，至 2025-09-30T08:00:00.000Z 止，自失去起计 3 个工作日（日历：中国大陆 2025）',
    });
    expect(assignedTo(before)).toEqual(['ae-2']);

    const atEnd = await decideBoth(policy, back('2025-09-30T08:00:00.000Z'), returned(LOST), '2025-09-30T08:00:00.000Z');
    expect(row(atEnd, 'ae-1').reason).toBeUndefined();
    expect(assignedTo(atEnd)).toEqual(['ae-1']);
  });

  it('3 working days from Tuesday 30th 16:00 run over 国庆 (1–8 Oct off) to the make-up Saturday 11 October 16:00', async () => {
    const policy = policyOf({ cooling: { value: 3, unit: 'workingDays' }, calendar: 'cn-2025' });
    const lost = '2025-09-30T08:00:00.000Z';
    // Thu 9 Oct (1), Fri 10 (2), Sat 11 make-up (3).
    const d = await decideBoth(policy, back('2025-10-11T07:59:59.999Z'), returned(lost), '2025-10-11T07:59:59.999Z');
    expect(row(d, 'ae-1')).toMatchObject({ reason: 'cooling', detail: { coolingUntil: '2025-10-11T08:00:00.000Z' } });
    const after = await decideBoth(policy, back('2025-10-11T08:00:00.000Z'), returned(lost), '2025-10-11T08:00:00.000Z');
    expect(assignedTo(after)).toEqual(['ae-1']);
  });

  it('12 hours is elapsed time, a Saturday included: lost Sat 10:00, back from Sat 22:00', async () => {
    const policy = policyOf({ cooling: { value: 12, unit: 'hours' } });
    const lost = '2025-09-27T02:00:00.000Z';
    const d = await decideBoth(policy, back('2025-09-27T13:59:59.999Z'), returned(lost), '2025-09-27T13:59:59.999Z');
    expect(row(d, 'ae-1')).toMatchObject({ reason: 'cooling', detail: { coolingUntil: '2025-09-27T14:00:00.000Z', coolingValue: 12, coolingUnit: 'hours' } });
    expect(row(d, 'ae-1').detail).not.toHaveProperty('calendar');
    expect(skipReasonWords(row(d, 'ae-1'))?.en).toBe('cooling off after losing this lead until 2025-09-27T14:00:00.000Z, 12 hours from losing it');
    // Given the tenant's zone, the words show its wall clock (the detail stays ISO).
    expect(skipReasonWords(row(d, 'ae-1'), 'Asia/Shanghai')).toEqual({
      en: 'cooling off after losing this lead until 2025-09-27 22:00, 12 hours from losing it',
      zh: '处于失去该线索后的冷却期，至 2025-09-27 22:00 止，自失去起计 12 小时',
    });
    const after = await decideBoth(policy, back('2025-09-27T14:00:00.000Z'), returned(lost), '2025-09-27T14:00:00.000Z');
    expect(assignedTo(after)).toEqual(['ae-1']);
  });

  it('coolingDays keeps its meaning: 3 calendar days, weekend and make-up days alike, with the detail it always had', async () => {
    const policy = policyOf({ coolingDays: 3 });
    const d = await decideBoth(policy, back('2025-09-29T07:59:59.999Z'), returned(LOST), '2025-09-29T07:59:59.999Z');
    const skipped = row(d, 'ae-1');
    expect(skipped).toMatchObject({ reason: 'cooling', detail: { lostAt: LOST, coolingUntil: '2025-09-29T08:00:00.000Z' } });
    expect(Object.keys(skipped.detail).filter((k) => k.startsWith('cooling') || k === 'counted')).toEqual(['coolingUntil']);
    const after = await decideBoth(policy, back('2025-09-29T08:00:00.000Z'), returned(LOST), '2025-09-29T08:00:00.000Z');
    expect(assignedTo(after)).toEqual(['ae-1']);
  });

  it('refuses cooling together with a positive coolingDays, naming the node and the field', () => {
    const r = rerouteFlow({ coolingDays: 3, cooling: { value: 3, unit: 'workingDays' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        code: 'invalidConfig',
        nodeId: 'reroute',
        field: 'cooling',
        message: { en: 'give this once: "cooling" (a duration) or "coolingDays", not both', zh: '只能设置一次：“cooling”（时长）与“coolingDays”二选一' },
      },
    ]);
    expect(rerouteFlow({ cooling: { value: 3, unit: 'weeks' } }).ok).toBe(false);
    expect(rerouteFlow({ coolingDays: 0, cooling: { value: 12, unit: 'hours' } }).ok).toBe(true);
  });

  it('a calendar the tenant lacks keeps the former owner out, with a calendarMissing warning; others are routed as usual', async () => {
    const policy = policyOf({ cooling: { value: 3, unit: 'workingDays' }, calendar: 'hk-2025' });
    const d = await decideBoth(policy, back('2026-01-01T00:00:00.000Z'), returned(LOST), '2026-01-01T00:00:00.000Z');
    expect(row(d, 'ae-1')).toMatchObject({ status: 'skipped', reason: 'cooling', detail: { lostAt: LOST, calendarMissing: 'hk-2025' } });
    expect(skipReasonWords(row(d, 'ae-1'))).toEqual({
      en: 'cooling off after losing this lead; its working-day calendar "hk-2025" is missing',
      zh: '处于失去该线索后的冷却期；所用工作日历“hk-2025”不存在',
    });
    expect(assignedTo(d)).toEqual(['ae-2']);
    const warnings = d.explanation.warnings ?? [];
    expect(warnings.map((w) => [w.code, w.nodeId, w.repId])).toEqual([['calendarMissing', 'reroute', 'ae-1']]);
    expect(warnings[0]!.message.zh).toContain('本租户没有名为“hk-2025”的工作日历');
  });
});
