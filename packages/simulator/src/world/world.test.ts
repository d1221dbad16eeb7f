import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { generateWorld, hiddenWinProbability, trueExpected, type World, worldBehaviour } from './index.js';
import { ListedResults } from '../listedResults.js';

const DAY = 86_400_000;

function snapshot(world: World): string {
  return JSON.stringify({ ...world, truth: [...world.truth.entries()] });
}

/** A world whose hidden numbers are set by hand, so expected values can be worked out on paper. */
function handWorld(): World {
  const base = generateWorld({ seed: 3, regime: 'b2b', reps: 2, days: 20 });
  const [a, b] = base.leads;
  if (!a || !b) throw new Error('fixture needs two leads');
  return {
    ...base,
    leads: [a, b],
    reps: [
      {
        id: 'ann',
        name: 'Ann',
        team: 'East',
        skill: { smb: 1, 'mid-market': 1, enterprise: 1 },
        capacity: 10,
        firstContactMinutes: 60,
        firstContactSigma: 0.5,
      },
      {
        id: 'bob',
        name: 'Bob',
        team: 'East',
        skill: { smb: 2, 'mid-market': 2, enterprise: 2 },
        capacity: 10,
        firstContactMinutes: 60,
        firstContactSigma: 0.5,
      },
    ],
    truth: new Map([
      [a.id, { segment: 'smb', odds: 0.25, amount: 1000, cycleDays: 40, key: 101 }],
      [b.id, { segment: 'smb', odds: 1, amount: 500, cycleDays: 40, key: 202 }],
    ]),
  };
}

describe('generateWorld', () => {
  it('gives the same world for the same seed and a different one for another seed', () => {
    const options = { seed: 11, regime: 'b2c', days: 5 } as const;
    expect(snapshot(generateWorld(options))).toBe(snapshot(generateWorld(options)));
    expect(snapshot(generateWorld({ ...options, seed: 12 }))).not.toBe(snapshot(generateWorld(options)));
  });

  it('gives B2C reps hundreds of leads a month and B2B reps a handful', () => {
    const b2b = generateWorld({ seed: 5, regime: 'b2b', reps: 10, days: 90 });
    const b2c = generateWorld({ seed: 5, regime: 'b2c', reps: 10, days: 30 });
    const b2bPerRepMonth = b2b.leads.length / 10 / 3;
    const b2cPerRepMonth = b2c.leads.length / 10;
    // Configured as 4 and 900 a month on average; Poisson noise on 120 and 9000 leads stays well inside these.
    expect(b2bPerRepMonth).toBeGreaterThan(2.5);
    expect(b2bPerRepMonth).toBeLessThan(6);
    expect(b2cPerRepMonth).toBeGreaterThan(700);
    expect(b2cPerRepMonth).toBeLessThan(1100);
  });

  it('has leads arrive mostly on weekdays and, for B2B, in office hours', () => {
    const world = generateWorld({ seed: 8, regime: 'b2b', reps: 30, days: 140 });
    let weekday = 0;
    let office = 0;
    for (const lead of world.leads) {
      const local = DateTime.fromISO(lead.createdAt, { zone: world.timeZone });
      if (local.weekday <= 5) weekday++;
      if (local.hour >= 7 && local.hour < 21) office++;
    }
    // Weekend weights 0.2 + 0.1 of 5.5: about 5 % of leads arrive on weekends; hours outside 7–21 have weight 0.
    expect(weekday / world.leads.length).toBeGreaterThan(0.9);
    expect(office).toBe(world.leads.length);
  });

  it('gives B2B leads a company and head count matching their segment, and B2C leads neither', () => {
    const b2b = generateWorld({ seed: 9, regime: 'b2b', days: 60 });
    for (const lead of b2b.leads) {
      const employees = lead.attributes.employees as number;
      const band = { SMB: [5, 99], 'Mid-Market': [100, 999], Enterprise: [1000, 20000] }[lead.attributes.segment as string];
      expect(band, lead.id).toBeDefined();
      expect(employees).toBeGreaterThanOrEqual(band?.[0] ?? Number.NaN);
      expect(employees).toBeLessThanOrEqual(band?.[1] ?? Number.NaN);
      expect(typeof lead.attributes.company).toBe('string');
    }
    const b2c = generateWorld({ seed: 9, regime: 'b2c', days: 2 });
    expect([...b2c.leads].every((l) => l.attributes.employees === undefined && l.attributes.company === undefined)).toBe(true);
  });
});

describe('worldBehaviour (the hidden truth)', () => {
  for (const [regime, minDays, maxDays, minAmount, maxAmount] of [
    ['b2b', 30, 120, 100_000, 5_000_000],
    ['b2c', 0, 7, 500, 20_000],
  ] as const) {
    it(`keeps ${regime} cycles within ${minDays}–${maxDays} days and deals within ¥${minAmount}–¥${maxAmount}`, () => {
      const world = generateWorld({ seed: 21, regime, days: regime === 'b2b' ? 120 : 3 });
      const behaviour = worldBehaviour(world, 4);
      let won = 0;
      world.leads.forEach((lead, i) => {
        const rep = world.reps[i % world.reps.length];
        if (!rep) throw new Error('no rep');
        // Heavy load too: the slowest first contacts must still close inside the range.
        const course = behaviour.onAssigned({ lead, repId: rep.id, at: lead.createdAt, load: i % 3 === 0 ? rep.capacity * 3 : 0, historical: false });
        const days = (Date.parse(course.closedAt ?? '') - Date.parse(lead.createdAt)) / DAY;
        expect(days).toBeGreaterThanOrEqual(minDays);
        expect(days).toBeLessThanOrEqual(maxDays);
        expect(course.activities.length).toBeGreaterThan(0);
        for (const a of course.activities) {
          expect(a.at >= lead.createdAt && a.at <= (course.closedAt ?? '')).toBe(true);
          // The number beside the text is its instant, what the replay books by without parsing.
          expect(a.ms).toBe(Date.parse(a.at));
        }
        expect(course.closedMs).toBe(Date.parse(course.closedAt ?? ''));
        if (course.outcome === 'won') {
          won++;
          expect(course.amount).toBeGreaterThanOrEqual(minAmount);
          expect(course.amount).toBeLessThanOrEqual(maxAmount);
        } else {
          expect(course.outcome).toBe('lost');
          expect(course.amount).toBeUndefined();
        }
      });
      expect(won).toBeGreaterThan(0);
    });
  }

  it('is deterministic per (seed, lead, rep, assignment time)', () => {
    const world = generateWorld({ seed: 2, regime: 'b2c', days: 1 });
    const lead = world.leads[0];
    const [r1, r2] = world.reps;
    if (!lead || !r1 || !r2) throw new Error('fixture');
    const input = { lead, repId: r1.id, at: lead.createdAt, load: 4, historical: false };
    expect(worldBehaviour(world, 9).onAssigned(input)).toEqual(worldBehaviour(world, 9).onAssigned(input));
    // Given the assignment's number, the course is the one the text alone gives.
    expect(worldBehaviour(world, 9).onAssigned({ ...input, atMs: Date.parse(input.at) })).toEqual(worldBehaviour(world, 9).onAssigned(input));
    // Given its place, the lead's own (0) or another's (1, or none there): the course is the one its id gives.
    for (const index of [0, 1, world.leads.length + 5])
      expect(worldBehaviour(world, 9).onAssigned({ ...input, index })).toEqual(worldBehaviour(world, 9).onAssigned(input));
    const other = worldBehaviour(world, 9).onAssigned({ ...input, repId: r2.id });
    expect(other.activities[0]?.at).not.toBe(worldBehaviour(world, 9).onAssigned(input).activities[0]?.at);
  });

  it('matches P(won) worked out by hand: odds × skill × e^(−0.5·load/capacity)', () => {
    const world = handWorld();
    const [a] = world.leads;
    if (!a) throw new Error('fixture');
    // Ann: 0.25 / 1.25 = 0.2. Bob (skill 2): 0.5 / 1.5. Bob at load 10 of 10: 0.5·e^−0.5 = 0.3032653 → 0.3032653 / 1.3032653 = 0.2326965.
    expect(hiddenWinProbability(world, a.id, 'ann', 0)).toBeCloseTo(0.2, 12);
    expect(hiddenWinProbability(world, a.id, 'bob', 0)).toBeCloseTo(1 / 3, 12);
    expect(hiddenWinProbability(world, a.id, 'bob', 10)).toBeCloseTo(0.2326965, 6);
  });

  it('lets load slow the first contact and lower the chance of a win', () => {
    const world = generateWorld({ seed: 6, regime: 'b2b', days: 30 });
    const behaviour = worldBehaviour(world, 1);
    const rep = world.reps[0];
    if (!rep) throw new Error('fixture');
    for (const lead of [...world.leads].slice(0, 20)) {
      const idle = behaviour.onAssigned({ lead, repId: rep.id, at: lead.createdAt, load: 0, historical: false });
      const busy = behaviour.onAssigned({ lead, repId: rep.id, at: lead.createdAt, load: rep.capacity, historical: false });
      expect(busy.pWon).toBeLessThan(idle.pWon ?? 0);
      expect(Date.parse(busy.activities[0]?.at ?? '')).toBeGreaterThan(Date.parse(idle.activities[0]?.at ?? ''));
    }
  });

  it('gives a better rep every win a worse rep would have had (one outcome draw per lead)', () => {
    const world = handWorld();
    let annWins = 0;
    let bobWins = 0;
    for (let seed = 0; seed < 200; seed++) {
      const b = worldBehaviour(world, seed);
      for (const lead of world.leads) {
        const ann = b.onAssigned({ lead, repId: 'ann', at: lead.createdAt, load: 0, historical: false }).outcome === 'won';
        const bob = b.onAssigned({ lead, repId: 'bob', at: lead.createdAt, load: 0, historical: false }).outcome === 'won';
        if (ann) expect(bob).toBe(true);
        annWins += ann ? 1 : 0;
        bobWins += bob ? 1 : 0;
      }
    }
    // Expected over 200 seeds: Ann 200·(0.2 + 0.5) = 140, Bob 200·(1/3 + 2/3) = 200; binomial sd < 7.
    expect(Math.abs(annWins - 140)).toBeLessThan(28);
    expect(Math.abs(bobWins - 200)).toBeLessThan(28);
  });

  it('draws outcomes at the hidden rate over a large B2C world', () => {
    const world = generateWorld({ seed: 17, regime: 'b2c', days: 7 });
    const behaviour = worldBehaviour(world, 5);
    let won = 0;
    let expected = 0;
    let variance = 0;
    world.leads.forEach((lead, i) => {
      const rep = world.reps[i % world.reps.length];
      if (!rep) throw new Error('no rep');
      const course = behaviour.onAssigned({ lead, repId: rep.id, at: lead.createdAt, load: 20, historical: false });
      const p = course.pWon ?? Number.NaN;
      won += course.outcome === 'won' ? 1 : 0;
      expected += p;
      variance += p * (1 - p);
    });
    expect(world.leads.length).toBeGreaterThan(1000);
    expect(Math.abs(won - expected)).toBeLessThan(4 * Math.sqrt(variance));
  });
});

describe('trueExpected', () => {
  it('sums the hidden P(won) and P(won)·amount exactly, counting unheld leads as lost', () => {
    const world = handWorld();
    const [a, b] = world.leads;
    if (!a || !b) throw new Error('fixture');
    // a → Ann at no load: 0.2 (¥1000); b → Ann: 1/(1+1) = 0.5 (¥500). Unheld: nothing.
    expect(
      trueExpected(world, [
        { leadId: a.id, repId: 'ann', load: 0 },
        { leadId: b.id, repId: 'ann', load: 0 },
      ]),
    ).toEqual({
      wins: 0.7,
      revenue: 450,
      leads: 2,
      held: 2,
    });
    const run = {
      policyLabel: 'x',
      totals: { events: 0, ticks: 0, decisions: 0, capViolations: 0, refused: 0 },
      perRep: {},
      leads: new ListedResults([
        {
          leadId: a.id,
          finalRepId: 'bob',
          loadAtAssign: 0,
          counterfactual: true,
          reclaimed: 0,
          rerouted: 0,
          reminders: 0,
          penalties: 0,
          outcome: 'lost' as const,
        },
        { leadId: b.id, counterfactual: false, reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0, outcome: 'open' as const },
      ]),
    };
    const truth = trueExpected(world, run);
    expect(truth.wins).toBeCloseTo(1 / 3, 12);
    expect(truth.revenue).toBeCloseTo(1000 / 3, 9);
    expect(truth.held).toBe(1);
  });

  it('says which rep or lead it does not know, in both languages', () => {
    const world = handWorld();
    const [a] = world.leads;
    if (!a) throw new Error('fixture');
    expect(() => trueExpected(world, [{ leadId: a.id, repId: 'zoe' }])).toThrow('Rep "zoe" is not in this world / 销售 "zoe" 不在这个模拟世界中');
    expect(() => trueExpected(world, [{ leadId: 'nope', repId: 'ann' }])).toThrow('Lead "nope" is not in this world / 线索 "nope" 不在这个模拟世界中');
  });
});
