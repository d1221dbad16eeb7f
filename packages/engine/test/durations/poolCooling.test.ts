import { describe, expect, it } from 'vitest';
import { checkClaim, poolSchema } from '../../src/index.js';
import { stateWith } from './helpers.js';

/** ae-1 lost lead L1 (reclaimed) at `lostAt`; it is back in pool `public`, configured as given. */
function pool(config: Record<string, unknown>, lostAt: string) {
  return stateWith({
    reps: [{ id: 'ae-1' }, { id: 'ae-2' }],
    pools: [{ id: 'public', ...config }],
    leads: [{ id: 'L1', poolId: 'public', ownerId: null }],
    ownership: [{ leadId: 'L1', repId: 'ae-1', from: '2025-09-01T00:00:00.000Z', to: lostAt, via: 'claimed', endReason: 'reclaimed' }],
  });
}
const req = (repId = 'ae-1') => ({ leadId: 'L1', repId, poolId: 'public' });

describe('pool cooling as a duration', () => {
  it('3 working days from Friday 26 Sep 16:00 by cn-2025: the make-up Sunday counts, so a claim is allowed from Tuesday 16:00', () => {
    const s = pool({ cooling: { value: 3, unit: 'workingDays' }, calendar: 'cn-2025' }, '2025-09-26T08:00:00.000Z');
    expect(checkClaim(s, req(), '2025-09-30T07:59:59.999Z')).toEqual({
      ok: false,
      code: 'formerOwnerCooling',
      message: {
        en: 'ae-1 lost lead L1 on 2025-09-26 16:00; pool public lets a former owner claim it again after 3 working days (calendar Mainland China 2025), from 2025-09-30 16:00',
        zh: 'ae-1 于 2025-09-26 16:00 失去线索 L1；线索池 public 的原负责人冷却期为 3 个工作日（日历：中国大陆 2025），2025-09-30 16:00 起才可重新领取',
      },
      detail: {
        repId: 'ae-1',
        leadId: 'L1',
        lostAt: '2025-09-26T08:00:00.000Z',
        endReason: 'reclaimed',
        coolingValue: 3,
        coolingUnit: 'workingDays',
        calendar: 'cn-2025',
        coolingUntil: '2025-09-30T08:00:00.000Z',
      },
    });
    expect(checkClaim(s, req(), '2025-09-30T08:00:00.000Z')).toEqual({ ok: true });
    expect(checkClaim(s, req('ae-2'), '2025-09-26T09:00:00.000Z')).toEqual({ ok: true });
  });

  it('3 working days from Tuesday 30 Sep 16:00 run over 国庆 to the make-up Saturday 11 Oct 16:00', () => {
    const s = pool({ cooling: { value: 3, unit: 'workingDays' }, calendar: 'cn-2025' }, '2025-09-30T08:00:00.000Z');
    expect(checkClaim(s, req(), '2025-10-11T07:59:59.999Z')).toMatchObject({ ok: false, detail: { coolingUntil: '2025-10-11T08:00:00.000Z' } });
    expect(checkClaim(s, req(), '2025-10-11T08:00:00.000Z')).toEqual({ ok: true });
  });

  it('without a calendar, working days are Monday to Friday: Friday 16:00 + 3 is Wednesday 16:00', () => {
    const s = pool({ cooling: { value: 3, unit: 'workingDays' } }, '2025-09-26T08:00:00.000Z');
    expect(checkClaim(s, req(), '2025-10-01T07:59:59.999Z')).toMatchObject({ ok: false, code: 'formerOwnerCooling' });
    expect(checkClaim(s, req(), '2025-10-01T08:00:00.000Z')).toEqual({ ok: true });
  });

  it('12 hours is elapsed time, weekends included', () => {
    const s = pool({ cooling: { value: 12, unit: 'hours' } }, '2025-09-27T02:00:00.000Z');
    expect(checkClaim(s, req(), '2025-09-27T13:59:59.999Z')).toMatchObject({
      ok: false,
      message: { en: expect.stringContaining('after 12 hours, from 2025-09-27 22:00') },
    });
    expect(checkClaim(s, req(), '2025-09-27T14:00:00.000Z')).toEqual({ ok: true });
  });

  it('coolingDays keeps its meaning (calendar days, explained as before)', () => {
    const s = pool({ coolingDays: 3 }, '2025-09-26T08:00:00.000Z');
    expect(checkClaim(s, req(), '2025-09-29T07:59:59.999Z')).toMatchObject({
      ok: false,
      detail: { coolingDays: 3, coolingUntil: '2025-09-29T08:00:00.000Z' },
      message: { en: expect.stringContaining('after 3 days') },
    });
    expect(checkClaim(s, req(), '2025-09-29T08:00:00.000Z')).toEqual({ ok: true });
  });

  it('a calendar the tenant lacks: the former owner is refused and told which calendar is missing; nobody else is affected', () => {
    const s = pool({ cooling: { value: 3, unit: 'workingDays' }, calendar: 'hk-2025' }, '2025-09-26T08:00:00.000Z');
    const r = checkClaim(s, req(), '2026-01-01T00:00:00.000Z');
    expect(r).toMatchObject({ ok: false, code: 'formerOwnerCooling', detail: { calendarMissing: 'hk-2025' } });
    if (!r.ok) {
      expect(r.message.en).toContain('working-day calendar "hk-2025" is not defined for this tenant');
      expect(r.message.zh).toContain('本租户没有名为“hk-2025”的工作日历');
    }
    expect(checkClaim(s, req('ae-2'), '2026-01-01T00:00:00.000Z')).toEqual({ ok: true });
  });

  it('refuses cooling and coolingDays together, and units or lengths out of bounds, naming the field', () => {
    const both = poolSchema.safeParse({ id: 'p', coolingDays: 3, cooling: { value: 3, unit: 'workingDays' } });
    expect(both.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['cooling', 'give the cooling once: "cooling" (a duration) or "coolingDays", not both / 冷却期只能设置一次：“cooling”（时长）与“coolingDays”二选一'],
    ]);
    expect(poolSchema.safeParse({ id: 'p', cooling: { value: 3, unit: 'weeks' } }).success).toBe(false);
    expect(poolSchema.safeParse({ id: 'p', cooling: { value: 3651, unit: 'days' } }).error?.issues.map((i) => i.path.join('.'))).toEqual(['cooling.value']);
    expect(poolSchema.safeParse({ id: 'p', cooling: 0 }).success).toBe(true);
  });
});
