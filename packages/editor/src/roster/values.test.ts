import { describe, expect, it } from 'vitest';
import { makeFormatter } from '../format/format.js';
import { COLUMNS, columnForHeader } from './columns.js';
import { availability, displayValue, editText, formToItem } from './values.js';

const reps = COLUMNS.reps;
const col = (field: string) => reps.find((c) => c.field === field)!;

describe('roster form', () => {
  const stored = {
    id: 'ae-1',
    name: '王芳',
    teams: ['ae'],
    weight: 2,
    openLoad: 7,
    throughput: [3, 4],
    shifts: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
  };
  const texts = Object.fromEntries(reps.map((c) => [c.field, editText(c, stored[c.field as keyof typeof stored], 'en')]));

  it('writes back what the user changed and keeps fields the form does not show', () => {
    const { item, errors } = formToItem(reps, stored, { ...texts, weight: '1,500', teams: 'ae, east' }, 'UTC', 'en');
    expect(errors).toEqual({});
    // openLoad is the server's count: unchanged, it is not sent (a stale copy would overwrite it).
    expect(item).toEqual({
      id: 'ae-1',
      name: '王芳',
      teams: ['ae', 'east'],
      weight: 1500,
      throughput: [3, 4],
      shifts: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
    });
  });

  it('removes an emptied field so its default applies, and names a bad one in both languages', () => {
    const { item, errors } = formToItem(reps, stored, { ...texts, name: '', cap: 'lots' }, 'UTC', 'en');
    expect('name' in item).toBe(false);
    expect(errors).toEqual({ cap: { en: '"lots" is not a number', zh: '“lots”不是数字' } });
  });

  it('sends the open-lead count when the user set it', () => {
    expect(formToItem(reps, stored, { ...texts, openLoad: '0' }, 'UTC', 'en').item.openLoad).toBe(0);
  });
});

describe('roster table', () => {
  it('shows values in the chosen language', () => {
    const yesNo = { yes: '是', no: '否' };
    const zh = makeFormatter('zh', 'Asia/Shanghai');
    expect(displayValue(col('weight'), 1500, zh, yesNo)).toBe('1,500');
    expect(displayValue(col('active'), false, zh, yesNo)).toBe('否');
    expect(displayValue(col('shifts'), [{ days: [6, 7], start: '10:00', end: '14:00' }], zh, yesNo)).toBe('周末 10:00-14:00');
    expect(displayValue(COLUMNS.customers.find((c) => c.field === 'reportedAt')!, '2026-03-02T01:30:00Z', zh, yesNo)).toBe('2026年3月2日 09:30');
  });

  it('says whether a rep is available, away (until when) or inactive', () => {
    const now = Date.parse('2026-03-03T00:00:00Z');
    const away = { outOfOffice: [{ from: '2026-03-02T00:00:00Z', to: '2026-03-05T00:00:00Z' }] };
    expect(availability(away, now)).toEqual({ state: 'away', until: '2026-03-05T00:00:00Z' });
    expect(availability(away, Date.parse('2026-03-05T00:00:00Z'))).toEqual({ state: 'available' });
    expect(availability({ ...away, active: false }, now)).toEqual({ state: 'inactive' });
  });

  it('finds a column by any of its names', () => {
    expect(columnForHeader('reps', ' 持有上限 ')?.field).toBe('cap');
    expect(columnForHeader('reps', 'Daily_Cap')?.field).toBe('dailyCap');
    expect(columnForHeader('customers', '客户名称')?.field).toBe('company');
    expect(columnForHeader('pools', '冷却期（天）')?.field).toBe('coolingDays');
    expect(columnForHeader('teams', 'weight')).toBeUndefined();
  });
});
