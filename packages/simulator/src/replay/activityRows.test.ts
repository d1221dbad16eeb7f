import { describe, expect, it } from 'vitest';
import type { History, HistoryActivity } from '../types.js';
import { HistoryActivityRows } from './activityRows.js';
import { historicalBehaviour } from './historical.js';

const never = {
  onAssigned: () => {
    throw new Error('the fallback is not for the historical rep');
  },
};

describe('HistoryActivityRows', () => {
  it('gives back each row as it was given, odd instant texts included', () => {
    const rows = new HistoryActivityRows(1);
    rows.add('L1', 'a1', '2026-03-03T09:00:00.000Z', 'call');
    rows.add('L1', undefined, '2026-03-04 09:00', 'email');
    rows.add('L2', 'a2', 'not a date', 'visit');
    rows.add('L2', 'a2', '2026-02-30T09:00:00.000Z', 'call');
    rows.trim();
    expect(rows.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => [rows.leadId(i), rows.at(i), rows.type(i)])).toEqual([
      ['L1', '2026-03-03T09:00:00.000Z', 'call'],
      ['L1', '2026-03-04 09:00', 'email'],
      ['L2', 'not a date', 'visit'],
      ['L2', '2026-02-30T09:00:00.000Z', 'call'],
    ]);
    expect(rows.ms(0)).toBe(Date.UTC(2026, 2, 3, 9));
    expect(rows.ms(2)).toBeNaN();
    expect([rows.byRepOrNobody(0, 'a1'), rows.byRepOrNobody(0, 'a2'), rows.byRepOrNobody(1, 'a2'), rows.byRepOrNobody(2, 'zz')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });
});

describe('historicalBehaviour over activity rows', () => {
  const lead = {
    id: 'H1',
    createdAt: '2026-03-02T01:00:00.000Z',
    ownerRepId: 'a1',
    attributes: {},
    outcome: 'won' as const,
    closedAt: '2026-03-09T01:00:00.000Z',
  };
  // Out of order, one before the assignment, one by somebody else, one with no rep, one in another text form.
  const activities: HistoryActivity[] = [
    { leadId: 'H1', repId: 'a1', at: '2026-03-06T09:00:00.000Z', type: 'visit' },
    { leadId: 'H1', repId: 'a2', at: '2026-03-05T09:00:00.000Z', type: 'call' },
    { leadId: 'H1', at: '2026-03-04T09:00:00+08:00', type: 'email' },
    { leadId: 'H1', repId: 'a1', at: '2026-03-03T09:00:00.000Z', type: 'call' },
    { leadId: 'H1', repId: 'a1', at: '2026-03-01T09:00:00.000Z', type: 'call' },
  ];
  const history = (acts: HistoryActivity[]): History => ({ leads: [lead], activities: acts, stageChanges: [], reps: [{ id: 'a1' }, { id: 'a2' }], teams: [] });
  const input = { lead, repId: 'a1', at: '2026-03-02T01:00:00.000Z', load: 0, historical: true };
  // Each in toISOString's form with its instant as a number too (Date.parse of its text), for the
  // replay to book by; a text in another form without it (the replay keeps that text as it is).
  const expected = [
    { at: '2026-03-03T09:00:00.000Z', type: 'call', ms: Date.UTC(2026, 2, 3, 9) },
    { at: '2026-03-04T09:00:00+08:00', type: 'email' },
    { at: '2026-03-06T09:00:00.000Z', type: 'visit', ms: Date.UTC(2026, 2, 6, 9) },
  ];

  it('reads the same follow-ups from rows given beside a history that lists none', () => {
    const course = historicalBehaviour(history([]), never, HistoryActivityRows.of(activities)).onAssigned(input);
    expect(course.activities).toEqual(expected);
  });

  it("gives the same follow-ups by the lead's place in the history, and by its id for a place that holds another lead", () => {
    const other = { ...lead, id: 'H0' };
    const both: History = { ...history(activities), leads: [other, lead] };
    const behaviour = historicalBehaviour(both, never);
    for (const index of [1, 0, 7]) expect(behaviour.onAssigned({ ...input, index }).activities).toEqual(expected);
    expect(behaviour.onAssigned({ ...input, lead: other, index: 0 }).activities).toEqual([]);
    // The close by its number too, read by place (none by id alone: the replay parses its text).
    expect(behaviour.onAssigned({ ...input, index: 1 })).toMatchObject({ closedAt: lead.closedAt, closedMs: Date.parse(lead.closedAt) });
    expect(behaviour.onAssigned({ ...input, index: 7 }).closedMs).toBeUndefined();
    expect(behaviour.onAssigned({ ...input, lead: { ...lead, closedAt: '2026-03-09T01:00:00Z' }, index: 1 }).closedMs).toBeUndefined();
  });

  it('keeps no activity object of the history: emptying the list afterwards changes nothing', () => {
    const acts = activities.map((a) => ({ ...a }));
    const behaviour = historicalBehaviour(history(acts), never);
    acts.length = 0;
    expect(behaviour.onAssigned(input).activities).toEqual(expected);
  });
});
