/**
 * A behaviour's written course (writeCourse, the replay's fast path) must be its returned course
 * (onAssigned, the plain path) part for part: both are collected into an AssignedCourse here and
 * compared, over generated worlds and hand-made histories, and a whole replay through a behaviour
 * that only returns courses must give the run the writing one gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignedCourse, History, HistoryActivity, LeadBehaviour, Outcome } from '../types.js';
import { worldBehaviour } from '../world/hidden.js';
import { Reseedable, streamFrom } from '../world/random.js';
import { generateWorld, worldArrivals } from '../world/world.js';
import { type CourseInput, type CourseWriter, writeCourse, writeCourseOf, writesCourses } from './course.js';
import { historicalBehaviour } from './historical.js';
import { replay } from './replay.js';

/** Collects what a writer is given, in order, with the text a follow-up by number has. */
class Collected implements CourseWriter {
  readonly parts: unknown[] = [];
  followUpAt(ms: number, type: string): void {
    this.parts.push(['followUp', new Date(ms).toISOString(), type, ms]);
  }
  followUpText(at: string, type: string): void {
    this.parts.push(['followUp', at, type]);
  }
  stageAt(at: string, stage: string): void {
    this.parts.push(['stage', at, stage]);
  }
  end(outcome: Outcome, closedAt: string | undefined, closedMs: number | undefined, amount: number | undefined, pWon: number | undefined): void {
    const text = closedAt ?? (closedMs === undefined ? undefined : new Date(closedMs).toISOString());
    this.parts.push(['end', outcome, text, closedMs, amount, pWon]);
  }
}

const written = (behaviour: LeadBehaviour, input: CourseInput) => {
  const out = new Collected();
  writeCourse(behaviour, input, out);
  return out.parts;
};
const returned = (course: AssignedCourse) => {
  const out = new Collected();
  writeCourseOf(course, out);
  return out.parts;
};
/** The behaviour with its writeCourse hidden: the replay then takes its returned courses. */
const plainOnly = (behaviour: LeadBehaviour): LeadBehaviour => ({ onAssigned: (input) => behaviour.onAssigned(input) });

describe('Reseedable', () => {
  it("draws what pure-rand's stream for the same seed draws, seeded again any number of times", () => {
    const draws = new Reseedable();
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 40 }), (seed, count) => {
        const plain = streamFrom(seed);
        draws.reseed(seed);
        for (let i = 0; i < count; i++) expect(draws.next()).toBe(plain.next());
      }),
      { numRuns: 300 },
    );
  });
});

describe('worldBehaviour.writeCourse', () => {
  const world = generateWorld({ seed: 5, regime: 'b2c', reps: 6, teams: 2, days: 2 });
  const behaviour = worldBehaviour(world, 11);

  it('writes the course onAssigned returns, for any lead, rep, load, instant and place', () => {
    expect(writesCourses(behaviour)).toBe(true);
    fc.assert(
      fc.property(
        fc.nat({ max: world.leads.length - 1 }),
        fc.nat({ max: world.reps.length - 1 }),
        fc.nat({ max: 60 }),
        fc.integer({ min: 0, max: 5 * 86_400_000 }),
        fc.constantFrom<number | undefined>(undefined, 0, 1, 1_000_000),
        (l, r, load, after, place) => {
          const lead = world.leads[l]!;
          const atMs = Date.parse(lead.createdAt) + after;
          const index = place === undefined ? undefined : place === 0 ? l : place;
          const input: CourseInput = { lead, repId: world.reps[r]!.id, at: new Date(atMs).toISOString(), atMs, load, historical: false, index };
          expect(written(behaviour, input)).toEqual(returned(behaviour.onAssigned(input)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('historicalBehaviour.writeCourse', () => {
  // The world's own leads and reps, so a writing fallback (its hidden truth) knows them too.
  const world = generateWorld({ seed: 5, regime: 'b2c', reps: 2, teams: 1, days: 1 });
  const [w1, w2, w3] = world.leads;
  const [a1, a2] = world.reps.map((r) => r.id) as [string, string];
  const lead = {
    id: w1!.id,
    createdAt: '2026-03-02T01:00:00.000Z',
    ownerRepId: a1,
    attributes: {},
    outcome: 'won' as const,
    closedAt: '2026-03-09T01:00:00.000Z',
    amount: 900,
  };
  // Closed in another text form (no number for it), lost, no amount.
  const other = { ...lead, id: w2!.id, outcome: 'lost' as const, closedAt: '2026-03-09 01:00', amount: undefined };
  // In no history: its course is always the fallback's.
  const stranger = { ...lead, id: w3!.id, closedAt: undefined };
  // Out of order, one before the assignment, one by somebody else, one with no rep, one in another text form.
  const activities: HistoryActivity[] = [
    { leadId: lead.id, repId: a1, at: '2026-03-06T09:00:00.000Z', type: 'visit' },
    { leadId: lead.id, repId: a2, at: '2026-03-05T09:00:00.000Z', type: 'call' },
    { leadId: lead.id, at: '2026-03-04T09:00:00+08:00', type: 'email' },
    { leadId: lead.id, repId: a1, at: '2026-03-03T09:00:00.000Z', type: 'call' },
    { leadId: lead.id, repId: a1, at: '2026-03-01T09:00:00.000Z', type: 'call' },
    { leadId: other.id, repId: a1, at: '2026-03-03T10:00:00.000Z', type: 'call' },
  ];
  const history: History = {
    leads: [lead, other],
    activities,
    stageChanges: [
      { leadId: lead.id, at: '2026-03-01T00:00:00.000Z', stage: 'new' },
      { leadId: lead.id, at: '2026-03-05T00:00:00.000Z', stage: 'proposal' },
    ],
    reps: [{ id: a1 }, { id: a2 }],
    teams: [],
  };
  const fallbacks: Array<[string, LeadBehaviour]> = [
    ['a writing fallback', worldBehaviour(world, 3)],
    ['a fallback that only returns courses', { onAssigned: () => ({ activities: [{ at: '2026-03-04T00:00:00.000Z', type: 'call' }], outcome: 'open' }) }],
  ];

  for (const [name, fallback] of fallbacks) {
    it(`writes the course onAssigned returns: the historical rep's by place or id, anyone else's by ${name}`, () => {
      const behaviour = historicalBehaviour(history, fallback);
      let historical = 0;
      for (const [l, subject] of [lead, other, stranger].entries())
        for (const repId of [a1, a2])
          for (const index of [undefined, l, 1 - Math.min(l, 1), 9])
            for (const at of ['2026-03-02T01:00:00.000Z', '2026-03-04T12:00:00.000Z']) {
              const input: CourseInput = { lead: subject, repId, at, atMs: Date.parse(at), load: 1, historical: repId === subject.ownerRepId, index };
              if (input.historical) historical++;
              expect(written(behaviour, input)).toEqual(returned(behaviour.onAssigned(input)));
            }
      expect(historical).toBeGreaterThan(0);
    });
  }
});

describe('a replay through a behaviour that only returns courses', () => {
  it('gives the run the same behaviour gives by writing them', () => {
    const world = generateWorld({ seed: 9, regime: 'b2c', reps: 5, teams: 1, days: 3 });
    const node = (id: string, type: string, data: unknown) => ({ id, type, position: { x: 0, y: 0 }, data });
    const policies = [
      {
        key: 'rr',
        kind: 'routing',
        name: 'rr',
        nodes: [node('start', 'trigger', { events: ['lead.created'] }), node('rr', 'assign.roundRobin', {})],
        edges: [{ id: 'e0', source: 'start', target: 'rr' }],
      },
    ] as unknown as Parameters<typeof replay>[0]['policies'];
    const until = new Date(Date.parse(world.end) + 10 * 86_400_000).toISOString();
    const run = (behaviour: LeadBehaviour) =>
      replay({ history: worldArrivals(world), policies, behaviour, label: 'x', timeZone: world.timeZone, until, keepActivities: true });
    const writing = run(worldBehaviour(world, 2));
    expect([...writing.leads].some((l) => (l.activities?.length ?? 0) > 0)).toBe(true);
    const plain = run(plainOnly(worldBehaviour(world, 2)));
    expect({ ...writing, leads: [...writing.leads] }).toEqual({ ...plain, leads: [...plain.leads] });
  });
});
