/**
 * A result's assignedAt is the history's own createdAt string when the lead was first assigned at
 * its arrival and that text is the formatter's for the instant; any other first assignment gets
 * the text of its own instant.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryLead } from '../types.js';
import { Tracks } from './tracks.js';

const lead = (id: string, createdAt: string): HistoryLead => ({ id, createdAt, attributes: {}, outcome: 'open' });

describe('Tracks.assignedAtText', () => {
  it("is createdAt only for an assignment at the arrival of a lead whose createdAt is the formatter's text", () => {
    const leads = [
      lead('L0', '2026-03-02T01:00:00.000Z'),
      lead('L1', '2026-03-02T01:00:00.000Z'),
      lead('L2', '2026-03-02T09:30:00+08:00'),
      lead('L3', '2026-03-02T01:00:00.000Z'),
    ];
    const tracks = new Tracks(leads, false);
    leads.forEach((l, t) => {
      tracks.createdMs[t] = Date.parse(l.createdAt);
    });
    tracks.oddCreated.add(2);
    // L0 at its arrival; L1 an hour later; L2 at its arrival, its createdAt in another form; L3 never.
    tracks.assignedAt.setMs(0, tracks.createdMs[0]!);
    tracks.assignedAt.setMs(1, tracks.createdMs[1]! + 3_600_000);
    tracks.assignedAt.set(2, '2026-03-02T01:30:00.000Z');
    expect([0, 1, 2, 3].map((t) => tracks.assignedAtText(t))).toStrictEqual([
      '2026-03-02T01:00:00.000Z',
      '2026-03-02T02:00:00.000Z',
      '2026-03-02T01:30:00.000Z',
      undefined,
    ]);
  });
});
