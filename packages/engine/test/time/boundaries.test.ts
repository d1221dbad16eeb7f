import { describe, expect, it } from 'vitest';
import { eventSchema, instant, nearestTimeZone, repSchema, stateSnapshotSchema, timeZoneName } from '../../src/index.js';

const messages = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));
const YEAR = 'year must be between 1970 and 9999 (as UTC) / 年份须在 1970 到 9999 之间（按 UTC 计）';
const OFFSET = 'UTC offset must be within ±15:59 / 时区偏移须在 ±15:59 以内';
const FORMAT =
  'an ISO-8601 instant with an offset (Z or ±hh:mm), e.g. 2026-03-02T10:00:00+08:00 / 须为带时区偏移（Z 或 ±hh:mm）的 ISO-8601 时间，如 2026-03-02T10:00:00+08:00';

describe('instants are bounded to what PostgreSQL stores and a CRM finds sane', () => {
  it.each([
    ['1970-01-01T00:00:00Z'],
    ['2026-03-02T10:00:00+08:00'],
    ['2026-03-02T10:00:00.123456Z'],
    ['9999-12-31T23:59:59Z'],
    ['2026-03-02T10:00:00+15:59'],
    ['2026-03-02T10:00:00-15:59'],
  ])('takes %s', (v) => {
    expect(messages(instant.safeParse(v))).toEqual([]);
  });

  it.each([
    ['0000-01-01T00:00:00Z', YEAR],
    ['1969-12-31T23:59:59Z', YEAR],
    // Written in 1970, but 1969 in UTC.
    ['1970-01-01T00:30:00+01:00', YEAR],
    ['9999-12-31T23:59:59-01:00', YEAR],
    ['2026-03-02T10:00:00+16:00', OFFSET],
    ['2026-03-02T10:00:00+20:00', OFFSET],
    ['2026-03-02T10:00:00-16:00', OFFSET],
    ['2026-03-02T10:00:00+24:00', FORMAT],
    ['+275760-09-13T00:00:00Z', FORMAT],
    ['2026-03-02T10:00:00', FORMAT],
    ['2026-02-30T10:00:00Z', FORMAT],
  ])('refuses %s with one message saying why', (v, message) => {
    expect(messages(instant.safeParse(v))).toEqual([message]);
  });

  it('holds wherever an instant enters: events, leads, reps, penalties in a state file', () => {
    const event = eventSchema.safeParse({
      id: 'e',
      type: 'activity.logged',
      at: '2026-03-02T10:00:00Z',
      lead: { id: 'L', lastActivityAt: '0000-01-01T00:00:00Z' },
      activity: { kind: 'call', at: '2026-03-02T10:00:00+20:00' },
    });
    expect(event.success ? [] : event.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['lead.lastActivityAt', YEAR],
      ['activity.at', OFFSET],
    ]);
    const state = stateSnapshotSchema.safeParse({
      reps: [{ id: 'r1', outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '0000-01-01T00:00:00Z' }] }],
      penalties: [{ repId: 'r1', from: '2026-03-01T00:00:00+16:00', until: '2026-03-02T00:00:00Z' }],
      ownership: [{ leadId: 'L', repId: 'r1', from: '1900-01-01T00:00:00Z' }],
    });
    expect(state.success ? [] : state.error.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['reps.0.outOfOffice.0.to', YEAR],
      ['ownership.0.from', YEAR],
      ['penalties.0.from', OFFSET],
    ]);
  });
});

describe('time zone names are checked against the runtime, with a suggestion for near misses', () => {
  it.each([['Asia/Shanghai'], ['UTC'], ['Etc/GMT+8'], ['America/New_York'], ['US/Pacific'], ['Asia/Kolkata']])('takes %s', (zone) => {
    expect(messages(timeZoneName.safeParse(zone))).toEqual([]);
  });

  it.each([
    ['Asia/Shangai', 'Asia/Shanghai'],
    ['asia/shanghai', 'Asia/Shanghai'],
    ['America/New_Yrok', 'America/New_York'],
    ['Europe/Berln', 'Europe/Berlin'],
    ['Shangai', 'Asia/Shanghai'],
    ['Beijing', 'Asia/Shanghai'],
    ['utc', 'UTC'],
  ])('refuses %s and suggests %s', (zone, near) => {
    expect(messages(timeZoneName.safeParse(zone))).toEqual([`unknown time zone "${zone}" — did you mean "${near}"? / 未知时区 "${zone}"，是否为 "${near}"？`]);
  });

  it('refuses a name nothing is close to without guessing, and never echoes text that would split the two languages', () => {
    expect(nearestTimeZone('Mars/Olympus')).toBeUndefined();
    expect(messages(timeZoneName.safeParse('Mars/Olympus'))).toEqual([
      'unknown time zone "Mars/Olympus": use an IANA name such as Asia/Shanghai / 未知时区 "Mars/Olympus"：请使用 IANA 时区名，如 Asia/Shanghai',
    ]);
    expect(messages(timeZoneName.safeParse('a / b'))).toEqual([
      'unknown time zone: use an IANA name such as Asia/Shanghai / 未知时区：请使用 IANA 时区名，如 Asia/Shanghai',
    ]);
  });

  it('is the schema of every zone field: a rep, a state file', () => {
    const rep = repSchema.safeParse({ id: 'r1', timeZone: 'Asia/Shangai' });
    expect(rep.success ? [] : rep.error.issues.map((i) => i.path.join('.'))).toEqual(['timeZone']);
    const state = stateSnapshotSchema.safeParse({ timeZone: 'Europe/Berln', reps: [{ id: 'r1' }, { id: 'r2', timeZone: 'Asia/Shangai' }] });
    expect(state.success ? [] : state.error.issues.map((i) => i.path.join('.'))).toEqual(['timeZone', 'reps.1.timeZone']);
  });
});
