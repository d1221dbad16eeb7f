import { describe, expect, it } from 'vitest';
import { exampleCalendar } from '@sluice/examples';
import { compilePolicy, decide, InMemoryState, type CandidateRow, type Decision } from '../../src/index.js';
import { skipReasonWords } from '../../src/assignment/candidates.js';

// Reps off on the days off of their own calendar (their local date), and on a make-up day working
// the shifts of the weekday it stands for. cn-2026: 国庆 Thu 1 – Wed 7 Oct off, Sat 10 Oct worked
// (as a Monday); Shanghai is UTC+8, New York UTC−4 in October.
const compiled = compilePolicy({
  key: 'rr',
  kind: 'routing',
  name: 'round robin',
  nodes: [
    { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', data: { teams: ['sh'] } },
  ],
  edges: [{ id: 'e', source: 'start', target: 'rr' }],
});
if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
const policy = compiled.policy;

const state = () =>
  InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    calendars: [exampleCalendar('cn-2026') as never],
    reps: [
      // No shifts: available on every working day of the calendar.
      { id: 'cn-1', teams: ['sh'], calendar: 'cn-2026' },
      // Mondays 09:00–18:00 only: on the make-up Saturday (worked as a Monday) too.
      { id: 'cn-2', teams: ['sh'], calendar: 'cn-2026', shifts: [{ days: [1], start: '09:00', end: '18:00' }] },
      // Wednesday nights 22:00–06:00: the night that would start on a holiday Wednesday never starts.
      { id: 'cn-3', teams: ['sh'], calendar: 'cn-2026', shifts: [{ days: [3], start: '22:00', end: '06:00' }] },
      { id: 'hk-1', teams: ['sh'], calendar: 'hk-2026' },
      { id: 'ny-1', teams: ['sh'], calendar: 'cn-2026', timeZone: 'America/New_York' },
      { id: 'plain', teams: ['sh'] },
    ],
  });

const at = (iso: string): Decision => decide(policy, { id: `e-${iso}`, type: 'lead.created', at: iso, leadId: 'L-1', lead: { id: 'L-1' } }, state(), iso);
const rows = (d: Decision): CandidateRow[] => d.explanation.visited.find((v) => v.nodeId === 'rr')!.candidates!;
const verdicts = (d: Decision) => rows(d).map((r) => [r.repId, r.status === 'skipped' ? r.reason : 'available']);
const row = (d: Decision, id: string) => rows(d).find((r) => r.repId === id)!;

describe('reps and their working-day calendars', () => {
  it('国庆 (Thu 1 Oct 10:00 Shanghai): reps of cn-2026 are on holiday, in words naming it; a rep without a calendar works', () => {
    const d = at('2026-10-01T02:00:00Z');
    expect(verdicts(d)).toEqual([
      ['cn-1', 'holiday'],
      ['cn-2', 'holiday'],
      ['cn-3', 'holiday'],
      ['hk-1', 'error'],
      ['ny-1', 'available'], // still Wed 30 Sep 22:00 in New York
      ['plain', 'available'],
    ]);
    expect(row(d, 'cn-1').detail).toMatchObject({ calendar: 'cn-2026', day: '2026-10-01', why: 'holiday', holiday: 'National Day', holidayZh: '国庆节' });
    expect(skipReasonWords(row(d, 'cn-1'))).toEqual({ en: 'on holiday (National Day)', zh: '节假日休息（国庆节）' });
  });

  it('a calendar the tenant lacks skips the rep with an error naming it, and a warning', () => {
    const d = at('2026-10-12T02:00:00Z');
    expect(row(d, 'hk-1')).toMatchObject({
      status: 'skipped',
      reason: 'error',
      detail: { calendar: 'hk-2026', error: expect.stringContaining('"hk-2026" is not defined') },
    });
    expect(d.explanation.warnings).toContainEqual(
      expect.objectContaining({
        code: 'calendarMissing',
        nodeId: 'rr',
        repId: 'hk-1',
        message: {
          en: expect.stringMatching(/^rep hk-1 was skipped: working-day calendar "hk-2026"/),
          zh: expect.stringMatching(/^已跳过销售 hk-1：本租户没有名为“hk-2026”的工作日历/),
        },
      }),
    );
  });

  it('the make-up Saturday (10 Oct 10:00) works Monday’s shifts; an ordinary Saturday is a weekend off', () => {
    expect(verdicts(at('2026-10-10T02:00:00Z'))).toEqual([
      ['cn-1', 'available'],
      ['cn-2', 'available'],
      ['cn-3', 'offShift'],
      ['hk-1', 'error'],
      ['ny-1', 'available'], // Fri 9 Oct 22:00 in New York: a working day there
      ['plain', 'available'],
    ]);
    const sat = at('2026-10-17T02:00:00Z');
    expect(verdicts(sat).filter(([id]) => id !== 'hk-1')).toEqual([
      ['cn-1', 'holiday'],
      ['cn-2', 'holiday'],
      ['cn-3', 'holiday'],
      ['ny-1', 'available'],
      ['plain', 'available'],
    ]);
    expect(skipReasonWords(row(sat, 'cn-1'))).toEqual({ en: 'off for the weekend', zh: '周末休息' });
  });

  it('the rep’s own local date decides, and a night shift does not start on a holiday', () => {
    // Thu 8 Oct 02:00 in Shanghai is Wed 7 Oct 14:00 in New York (still 国庆 there); cn-3's Wednesday night never started.
    const d = at('2026-10-07T18:00:00Z');
    expect(verdicts(d).filter(([id]) => id !== 'hk-1')).toEqual([
      ['cn-1', 'available'],
      ['cn-2', 'offShift'],
      ['cn-3', 'offShift'],
      ['ny-1', 'holiday'],
      ['plain', 'available'],
    ]);
    // A week later the Wednesday night shift runs into Thursday 02:00 as usual.
    expect(row(at('2026-10-14T18:00:00Z'), 'cn-3').status).not.toBe('skipped');
  });
});
