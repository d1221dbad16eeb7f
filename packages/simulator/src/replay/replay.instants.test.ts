/**
 * The replay keeps instants as numbers where it can (a follow-up or close the behaviour gave by its
 * number is booked without its text, which is made again when it comes up); a text in any other
 * form than toISOString's must still reach the results exactly as it was given.
 */
import type { PolicyDocument } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import type { History, HistoryLead, LeadBehaviour } from '../types.js';
import { historicalBehaviour, replay } from './index.js';

const roundRobin = {
  key: 'rr',
  kind: 'routing',
  name: 'rr',
  nodes: [
    { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
    { id: 'rr', type: 'assign.roundRobin', data: {} },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'rr' }],
} as unknown as PolicyDocument;

const lead = (id: string, createdAt: string): HistoryLead => ({ id, createdAt, attributes: {}, outcome: 'open' });
const history = (leads: HistoryLead[], activities: History['activities'] = []): History => ({
  leads,
  activities,
  stageChanges: [],
  reps: [{ id: 'a1' }],
  teams: [],
});

describe('replay: instant texts', () => {
  it('gives follow-ups and closes booked by number the text they were given, and keeps other forms as they were', () => {
    const behaviour: LeadBehaviour = {
      onAssigned: ({ lead: l }) =>
        l.id === 'L1'
          ? {
              activities: [
                { at: '2026-03-03T09:00:00.000Z', type: 'call', ms: Date.parse('2026-03-03T09:00:00.000Z') },
                { at: '2026-03-04T09:00:00+08:00', type: 'visit' },
              ],
              outcome: 'won',
              closedAt: '2026-03-05T00:00:00.000Z',
              closedMs: Date.parse('2026-03-05T00:00:00.000Z'),
              amount: 10,
            }
          : { activities: [{ at: '2026-03-03T10:00:00+08:00', type: 'email' }], outcome: 'lost', closedAt: '2026-03-06T00:00:00+00:00' },
    };
    const leads = [lead('L1', '2026-03-02T01:00:00.000Z'), lead('L2', '2026-03-02T09:30:00+08:00')];
    const run = replay({ history: history(leads), policies: [roundRobin], behaviour, label: 'x', until: '2026-03-10T00:00:00.000Z', keepActivities: true });
    const [l1, l2] = run.leads;
    expect(l1).toMatchObject({
      assignedAt: '2026-03-02T01:00:00.000Z',
      firstContactAt: '2026-03-03T09:00:00.000Z',
      outcome: 'won',
      closedAt: '2026-03-05T00:00:00.000Z',
    });
    expect(l1!.activities).toEqual([
      { at: '2026-03-03T09:00:00.000Z', repId: 'a1', type: 'call' },
      { at: '2026-03-04T09:00:00+08:00', repId: 'a1', type: 'visit' },
    ]);
    // An arrival's text in another form: the engine assigns at its own text for the instant.
    expect(l2).toMatchObject({
      assignedAt: '2026-03-02T01:30:00.000Z',
      firstContactAt: '2026-03-03T10:00:00+08:00',
      outcome: 'lost',
      closedAt: '2026-03-06T00:00:00+00:00',
    });
    expect(l2!.activities).toEqual([{ at: '2026-03-03T10:00:00+08:00', repId: 'a1', type: 'email' }]);
    // Read from the columns, a text in another form counts as its instant: 01:00Z → 09:00Z a day later; 01:30Z → 10:00+08:00 (02:00Z) a day later.
    expect([run.leads.contactHours(0), run.leads.contactHours(1)]).toEqual([32, 24.5]);
  });

  it('keeps the text of a historical follow-up and close in another form', () => {
    const l: HistoryLead = { ...lead('H1', '2026-03-02T01:00:00.000Z'), ownerRepId: 'a1', outcome: 'won', closedAt: '2026-03-09T09:00:00+08:00', amount: 5 };
    const activities = [
      { leadId: 'H1', repId: 'a1', at: '2026-03-03T09:00:00.000Z', type: 'call' },
      { leadId: 'H1', repId: 'a1', at: '2026-03-04T09:00:00+08:00', type: 'visit' },
    ];
    const never: LeadBehaviour = {
      onAssigned: () => {
        throw new Error('only the historical rep works the lead');
      },
    };
    const h = history([l], activities);
    const run = replay({ history: h, policies: [roundRobin], behaviour: historicalBehaviour(h, never), label: 'h', keepActivities: true });
    expect(run.leads.lead(0).activities).toEqual([
      { at: '2026-03-03T09:00:00.000Z', repId: 'a1', type: 'call' },
      { at: '2026-03-04T09:00:00+08:00', repId: 'a1', type: 'visit' },
    ]);
    expect(run.leads.lead(0)).toMatchObject({ firstContactAt: '2026-03-03T09:00:00.000Z', outcome: 'won', closedAt: '2026-03-09T09:00:00+08:00', amount: 5 });
  });
});
