/**
 * A lead's result has the same fields, values and field order whichever way it is made: the usual
 * lead's in one literal, any other field by field.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryLead } from '../types.js';
import { result } from './result.js';
import { Tracks } from './tracks.js';

const at = (h: number) => `2026-03-02T${String(h).padStart(2, '0')}:00:00.000Z`;
const lead = (id: string): HistoryLead => ({ id, createdAt: at(1), attributes: {}, outcome: 'open', ownerRepId: 'ann' });

describe('result', () => {
  it('gives every lead its fields in the one order, made in one literal or field by field', () => {
    const leads = ['W', 'L', 'N', 'R'].map(lead);
    const tracks = new Tracks(leads, false);
    leads.forEach((l, t) => {
      tracks.createdMs[t] = Date.parse(l.createdAt);
      tracks.assignments[t] = 1;
      tracks.setFirst(t, 'bob', 'rr');
      tracks.assignedAt.setMs(t, Date.parse(at(1)));
      tracks.loadAtAssign[t] = t;
      // N is never contacted (made field by field).
      if (l.id !== 'N') tracks.firstContactAt.setMs(t, Date.parse(at(2)));
      tracks.setHolder(t, 'bob');
      if (l.id === 'W') tracks.setCourse(t, 'won', at(5), Date.parse(at(5)), 120, 0.5);
      else tracks.setCourse(t, 'lost', at(6), Date.parse(at(6)), undefined, 0.25);
    });
    tracks.reclaimed[3] = 2;
    const [w, l, n, r] = [0, 1, 2, 3].map((t) => result(tracks, t, t === 3 ? 'cyd' : 'bob'));
    const common = { counterfactual: true, reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0, historicalRepId: 'ann', firstRepId: 'bob' };
    const assigned = { assignedAt: at(1), decidedBy: 'rr' };
    expect(w).toStrictEqual({
      leadId: 'W',
      ...common,
      outcome: 'won',
      ...assigned,
      loadAtAssign: 0,
      firstContactAt: at(2),
      finalRepId: 'bob',
      closedAt: at(5),
      amount: 120,
      pWon: 0.5,
    });
    expect(l).toStrictEqual({
      leadId: 'L',
      ...common,
      outcome: 'lost',
      ...assigned,
      loadAtAssign: 1,
      firstContactAt: at(2),
      finalRepId: 'bob',
      closedAt: at(6),
      pWon: 0.25,
    });
    expect(n).toStrictEqual({ leadId: 'N', ...common, outcome: 'lost', ...assigned, loadAtAssign: 2, finalRepId: 'bob', closedAt: at(6), pWon: 0.25 });
    // Held by someone else at the end (field by field): worked by no one.
    expect(r).toStrictEqual({
      leadId: 'R',
      ...common,
      reclaimed: 2,
      outcome: 'open',
      ...assigned,
      loadAtAssign: 3,
      firstContactAt: at(2),
      finalRepId: 'cyd',
      pWon: 0,
    });
    const order = [
      'leadId',
      'counterfactual',
      'reclaimed',
      'rerouted',
      'reminders',
      'penalties',
      'outcome',
      'historicalRepId',
      'firstRepId',
      'assignedAt',
      'decidedBy',
      'loadAtAssign',
      'firstContactAt',
      'finalRepId',
      'closedAt',
      'amount',
      'pWon',
    ];
    expect(Object.keys(w!)).toStrictEqual(order);
    expect(Object.keys(l!)).toStrictEqual(order.filter((k) => k !== 'amount'));
    expect(Object.keys(n!)).toStrictEqual(order.filter((k) => k !== 'amount' && k !== 'firstContactAt'));
    expect(Object.keys(r!)).toStrictEqual(order.filter((k) => k !== 'amount' && k !== 'closedAt'));
  });
});
