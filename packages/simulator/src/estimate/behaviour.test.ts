import { describe, expect, it } from 'vitest';
import type { History, HistoryActivity, HistoryLead } from '../types.js';
import { modelBehaviour } from './behaviour.js';
import { historyLead } from './fixtures.js';
import { fitModel } from './model.js';
import { readRate } from './rates.js';
import { quantileOf } from './stats.js';

const HOUR = 3_600_000;

/** Rep "fast" answers in about an hour, "slow" in about two days; both win 3 of 10 in segment a. */
function responseHistory(): History {
  const leads: HistoryLead[] = [];
  const activities: HistoryActivity[] = [];
  for (const [repId, delay] of [
    ['fast', 1],
    ['slow', 48],
  ] as const) {
    for (let i = 0; i < 40; i++) {
      const created = Date.UTC(2026, 0, 1) + i * 24 * HOUR;
      const id = `${repId}-${i}`;
      const won = i % 10 === 2 || i % 10 === 5 || i % 10 === 8;
      leads.push(
        historyLead(id, new Date(created).toISOString(), repId, won ? 'won' : 'lost', {
          attributes: { segment: 'a' },
          closedAt: new Date(created + 10 * 24 * HOUR).toISOString(),
          ...(won ? { amount: 500 } : {}),
        }),
      );
      activities.push({ leadId: id, repId, at: new Date(created + (delay + (i % 3)) * HOUR).toISOString(), type: 'visit' });
      activities.push({ leadId: id, repId, at: new Date(created + (delay + 30) * HOUR).toISOString(), type: 'visit' });
    }
  }
  return { leads, activities, stageChanges: [], reps: [{ id: 'fast' }, { id: 'slow' }, { id: 'new' }], teams: [] };
}

const newLead = (i: number): HistoryLead => historyLead(`n${i}`, '2026-03-01T00:00:00.000Z', undefined, 'open', { attributes: { segment: 'a' } });

describe('modelBehaviour', () => {
  const history = responseHistory();
  const model = fitModel(history);
  const behaviour = modelBehaviour(model, history, 42);
  // At the rep's own mean load the load adjustment is zero.
  const usual = (repId: string) => model.load.repMeanLoad[repId] ?? model.load.meanLoad;
  const assign = (lead: HistoryLead, repId: string, load = usual(repId)) =>
    behaviour.onAssigned({ lead, repId, at: '2026-03-01T00:00:00.000Z', load, historical: false });

  it('is deterministic per (seed, lead, rep) and changes with the seed', () => {
    const lead = newLead(1);
    expect(assign(lead, 'fast')).toEqual(assign(lead, 'fast'));
    const other = modelBehaviour(model, history, 43);
    const courses = Array.from({ length: 20 }, (_, i) => newLead(i));
    const a = courses.map((l) => JSON.stringify(assign(l, 'fast')));
    const b = courses.map((l) => JSON.stringify(other.onAssigned({ lead: l, repId: 'fast', at: '2026-03-01T00:00:00.000Z', load: 0, historical: false })));
    expect(a).not.toEqual(b);
  });

  it("draws follow-ups from the rep's own response times (shrunk toward everyone's)", () => {
    const firstDelay = (repId: string) =>
      Array.from({ length: 300 }, (_, i) => {
        const course = assign(newLead(i), repId);
        return course.activities.length ? (Date.parse(course.activities[0]!.at) - Date.parse('2026-03-01T00:00:00.000Z')) / HOUR : Number.NaN;
      }).filter((h) => !Number.isNaN(h));
    const fast = firstDelay('fast');
    const slow = firstDelay('slow');
    // The fast rep's own delays are 1–3 h; with weight 40/(40+10) = 0.8 on them the median stays there.
    expect(quantileOf(fast, 0.5)!).toBeLessThan(4);
    expect(quantileOf(slow, 0.5)!).toBeGreaterThan(47);
    // A rep never seen gets everyone's distribution: about half its leads answered within the fast range.
    const unseen = firstDelay('new');
    const quick = unseen.filter((h) => h < 4).length / unseen.length;
    expect(quick).toBeGreaterThan(0.35);
    expect(quick).toBeLessThan(0.65);
    for (const course of [assign(newLead(7), 'slow'), assign(newLead(8), 'fast')]) {
      const times = course.activities.map((a) => Date.parse(a.at));
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(course.activities.every((a) => a.type === 'visit')).toBe(true);
    }
  });

  it('wins with the shrunk probability, the amount from the segment, and closes after assignment', () => {
    const expectedP = readRate(model, 'fast', 'a', usual('fast')).p;
    let won = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const course = assign(newLead(i), 'fast');
      expect(course.pWon).toBe(expectedP);
      if (course.outcome === 'won') {
        won++;
        expect(course.amount).toBe(500);
        expect(Date.parse(course.closedAt!)).toBeGreaterThanOrEqual(Date.parse('2026-03-01T00:00:00.000Z'));
      }
    }
    // 12/40 won → p = 0.3 (both reps equal, so no shrinkage); binomial sd over 2000 ≈ 0.0102.
    expect(expectedP).toBeCloseTo(0.3, 6);
    expect(Math.abs(won / n - 0.3)).toBeLessThan(4 * Math.sqrt((0.3 * 0.7) / n));
  });

  it('a heavier load moves the probability the way the fitted slope says, with the same dice', () => {
    const slope = model.load.conversionSlope;
    expect(slope).not.toBe(0);
    const busy = usual('fast') + model.load.range[1];
    for (let i = 0; i < 300; i++) {
      const calm = assign(newLead(i), 'fast');
      const loaded = assign(newLead(i), 'fast', busy);
      expect(Math.sign(loaded.pWon! - calm.pWon!)).toBe(Math.sign(slope));
      // Common random numbers: a lead won under the worse condition is also won under the better one.
      const [worse, better] = slope < 0 ? [loaded, calm] : [calm, loaded];
      if (worse.outcome === 'won') expect(better.outcome).toBe('won');
    }
  });
});
