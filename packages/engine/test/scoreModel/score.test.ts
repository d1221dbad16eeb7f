import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compiledScoreModel, compileScoreModel, instantMs, scoreModelSchema, type ScoreInput } from '../../src/index.js';
import { CREATED, HAND_MODEL, handModel, hours, sigmoid } from './fixture.js';

const at = (h: number) => Date.parse(hours(h));
const facts =
  (values: Record<string, unknown>): ScoreInput['fact'] =>
  (path) =>
    values[path.slice('lead.'.length)];

/** Lead A of the hand model: 9 visits, no time on site, referral, budget, 2 e-mails in its first day by +10 h. */
const leadA: ScoreInput = {
  fact: facts({ totalVisits: 9, secondsOnSite: 0, source: '转介绍', hasBudget: true }),
  createdAt: CREATED,
  activities: [
    { type: 'email', at: hours(-1) },
    { type: 'email', at: hours(1) },
    { type: 'call', at: hours(2) },
    { type: 'email', at: hours(5) },
    { type: 'email', at: hours(30) },
  ],
  now: at(10),
};
// Lead A's log-odds, term by term:
//   intercept                    −1
//   visits   0.4 · (9 − 5) / 2   +0.8
//   time     0.5 · (ln(1+0) − 3) −1.5
//   source   转介绍               +0.9
//   budget   yes                 +0.7
//   e-mails  0.25 · (2 − 1) / 1  +0.25
const Z_A = -1 + 0.8 - 1.5 + 0.9 + 0.7 + 0.25; // 0.15

// Every feature missing: visits −0.3, time 0 (default), source −0.5, budget 0, e-mails 0 (no activities given).
const Z_MISSING = -1 - 0.3 + 0 - 0.5 + 0 + 0; // −1.8
const logitOf = (values: Record<string, unknown>) => compileScoreModel(handModel()).score({ fact: facts(values) }).logit;

describe('smart-score model: scoring arithmetic', () => {
  it('sums intercept and every term into the log-odds and gives σ(z) as the probability', () => {
    const r = compileScoreModel(handModel()).score(leadA);
    expect(r.logit).toBeCloseTo(Z_A, 12);
    expect(r.probability).toBeCloseTo(1 / (1 + Math.exp(-0.15)), 12);
    // 0.537429… → 53.7 on the 0–100 scale, one decimal.
    expect(r.score).toBe(53.7);
  });

  it('missing values (absent, null, empty, not a number) take each feature’s missing weight', () => {
    expect(logitOf({})).toBeCloseTo(Z_MISSING, 12);
    expect(logitOf({ totalVisits: null, source: '', hasBudget: undefined, secondsOnSite: 'n/a' })).toBeCloseTo(Z_MISSING, 12);
    // A number sent as text is read as the number: visits "9" → +0.8 instead of −0.3.
    expect(logitOf({ totalVisits: '9' })).toBeCloseTo(Z_MISSING + 0.3 + 0.8, 12);
  });

  it('clamps numeric values into [min, max] before scaling', () => {
    // 50 visits → 20: 0.4 · (20 − 5) / 2 = 3.0; −4 visits → 0: 0.4 · (0 − 5) / 2 = −1.0.
    expect(logitOf({ totalVisits: 50 })).toBeCloseTo(Z_MISSING + 0.3 + 3.0, 12);
    expect(logitOf({ totalVisits: 20 })).toBeCloseTo(logitOf({ totalVisits: 50 }), 12);
    expect(logitOf({ totalVisits: -4 })).toBeCloseTo(Z_MISSING + 0.3 - 1.0, 12);
  });

  it('log1p transforms before centring, and reads a negative value as 0', () => {
    // e⁴ − 1 seconds → ln(e⁴) = 4: 0.5 · (4 − 3) = +0.5.
    expect(logitOf({ secondsOnSite: Math.exp(4) - 1 })).toBeCloseTo(Z_MISSING + 0.5, 9);
    // −10 seconds → ln(1 + 0) = 0: 0.5 · (0 − 3) = −1.5.
    expect(logitOf({ secondsOnSite: -10 })).toBeCloseTo(Z_MISSING - 1.5, 12);
  });

  it('a category level seen in training has its weight; any other value the "other" weight', () => {
    expect(logitOf({ source: '转介绍' })).toBeCloseTo(Z_MISSING + 0.5 + 0.9, 12);
    expect(logitOf({ source: '广告' })).toBeCloseTo(Z_MISSING + 0.5 - 0.3, 12);
    expect(logitOf({ source: '展会' })).toBeCloseTo(Z_MISSING + 0.5 - 0.2, 12);
  });

  it('a flag counts true, 1, "yes" and "是" as on and anything else as off', () => {
    for (const on of [true, 1, 'yes', '是', 'TRUE']) expect(logitOf({ hasBudget: on })).toBeCloseTo(Z_MISSING + 0.7, 12);
    for (const off of [false, 0, 'no', '否']) expect(logitOf({ hasBudget: off })).toBeCloseTo(Z_MISSING, 12);
  });

  it('counts only activities of the type, from creation, within the window and already happened by now', () => {
    const m = compileScoreModel(handModel());
    const emailTerm = (input: Partial<ScoreInput>) => m.score({ ...leadA, ...input }).logit - (Z_A - 0.25);
    // By +10 h: the e-mails at +1 h and +5 h (not the one before creation, the call, or the one at +30 h) → 0.25 · (2 − 1).
    expect(emailTerm({})).toBeCloseTo(0.25, 12);
    // By +3 h only the first had happened: 0.25 · (1 − 1) = 0.
    expect(emailTerm({ now: at(3) })).toBeCloseTo(0, 12);
    // By +48 h the one at +30 h is known but outside the 24 h window: still 2.
    expect(emailTerm({ now: at(48) })).toBeCloseTo(0.25, 12);
    // Before any: 0.25 · (0 − 1).
    expect(emailTerm({ now: at(0.5) })).toBeCloseTo(-0.25, 12);
    // The engine's activity records name the type `kind`: read the same.
    const asRecords = leadA.activities!.map((a) => ({ kind: a.type, at: a.at }));
    expect(emailTerm({ activities: asRecords })).toBeCloseTo(0.25, 12);
    // No creation instant: the window has no start, the feature is missing (weight 0).
    expect(m.score({ ...leadA, createdAt: undefined }).logit).toBeCloseTo(Z_A - 0.25, 12);
  });

  it('Platt calibration maps the log-odds through σ(a·z + b)', () => {
    const model = scoreModelSchema.parse({ ...structuredClone(HAND_MODEL), calibration: { kind: 'platt', a: 0.5, b: -0.2 } });
    const r = compileScoreModel(model).score(leadA);
    expect(r.logit).toBeCloseTo(0.15, 12);
    // σ(0.5 · 0.15 − 0.2) = σ(−0.125) = 0.468790…
    expect(r.probability).toBeCloseTo(sigmoid(-0.125), 12);
    expect(r.score).toBe(46.9);
  });

  it('explains each feature as its push against an average lead, largest first, signs as the push', () => {
    const r = compileScoreModel(handModel()).explain(leadA);
    // Log-odds moved against the reference (each feature's mean contribution): term − reference.
    const byId = Object.fromEntries(r.contributions.map((c) => [c.id, c]));
    expect(byId.visits!.logit).toBeCloseTo(0.8 - 0, 12);
    expect(byId.timeOnSite!.logit).toBeCloseTo(-1.5 - 0, 12);
    expect(byId.source!.logit).toBeCloseTo(0.9 - 0.1, 12);
    expect(byId.budget!.logit).toBeCloseTo(0.7 - 0.35, 12);
    expect(byId['email@24h']!.logit).toBeCloseTo(0.25 - 0, 12);
    // They add up to the log-odds above an all-average lead: z − (intercept + Σ reference) = 0.15 − (−1 + 0.45).
    expect(r.contributions.reduce((s, c) => s + c.logit, 0)).toBeCloseTo(0.7, 12);
    // Points: 100 · (σ(z) − σ(z − delta)), one decimal. σ(0.15) = 0.53743.
    //   time    σ(1.65)  = 0.83889 → −30.1     source, visits σ(−0.65) = 0.34299 → +19.4
    //   budget  σ(−0.2)  = 0.45017 → +8.7      e-mails σ(−0.1) = 0.47502 → +6.2
    expect(r.contributions.map((c) => [c.id, c.points])).toEqual([
      ['timeOnSite', -30.1],
      ['source', 19.4],
      ['visits', 19.4],
      ['budget', 8.7],
      ['email@24h', 6.2],
    ]);
    expect(byId.source!.value).toBe('转介绍');
    expect(byId.budget!.value).toBe(true);
    expect(byId['email@24h']!.value).toBe(2);
    expect(byId.visits!.label).toEqual({ en: 'Visits', zh: '访问次数' });
    // explain and score agree on the score itself.
    expect(r.score).toBe(compileScoreModel(handModel()).score(leadA).score);
  });

  it('compiles a model object once and keeps it (a memo of the document, not a global table)', () => {
    const model = handModel();
    expect(compiledScoreModel(model)).toBe(compiledScoreModel(model));
    expect(compiledScoreModel(handModel())).not.toBe(compiledScoreModel(model));
  });
});

describe('smart-score model: properties', () => {
  it('the score never falls as a positive-weight numeric rises (others held)', () => {
    const m = compileScoreModel(handModel());
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 50, noNaN: true }),
        fc.option(fc.constantFrom('转介绍', '广告', '展会'), { nil: undefined }),
        fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: undefined }),
        (visits, step, source, seconds) => {
          const score = (v: number) => m.score({ fact: facts({ totalVisits: v, source, secondsOnSite: seconds }) }).probability;
          expect(score(visits + step)).toBeGreaterThanOrEqual(score(visits));
        },
      ),
    );
  });

  it('every probability is in [0, 1] and every score in [0, 100], whatever the values', () => {
    const m = compileScoreModel(handModel());
    fc.assert(
      fc.property(fc.anything(), fc.anything(), fc.anything(), fc.anything(), (a, b, c, d) => {
        const r = m.score({ fact: facts({ totalVisits: a, secondsOnSite: b, source: c, hasBudget: d }) });
        expect(r.probability).toBeGreaterThanOrEqual(0);
        expect(r.probability).toBeLessThanOrEqual(1);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('instantMs: the activity windows’ reading of instants', () => {
  it('agrees with Date.parse on canonical instants, with and without the fraction, 1970–9999', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(instantMs(iso)).toBe(ms);
        const whole = `${iso.slice(0, 19)}Z`;
        expect(instantMs(whole)).toBe(Date.parse(whole));
      }),
      { numRuns: 2000 },
    );
  });

  it('hands other forms and impossible dates to Date.parse', () => {
    for (const s of [
      '2026-03-02T09:00:00+08:00',
      '2026-03-02',
      '2026-02-30T00:00:00Z',
      '2024-02-29T12:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-03-02T24:00:00Z',
      'x026-03-02T00:00:00Z',
      'nonsense',
    ]) {
      expect([s, instantMs(s)]).toEqual([s, Date.parse(s)]);
    }
    expect(instantMs(1234)).toBe(1234);
    expect(instantMs(undefined)).toBeNaN();
  });
});

describe('smart-score model: what callers hand in', () => {
  const values = { totalVisits: 9, secondsOnSite: 0, source: '转介绍', hasBudget: true };

  it('a record of the lead’s fields scores exactly as reading the same fields by path', () => {
    const m = compileScoreModel(handModel());
    const byRecord = m.explain({ ...leadA, fact: undefined, record: values });
    const byPath = m.explain(leadA);
    expect(byRecord.logit).toBeCloseTo(Z_A, 12);
    expect(byRecord.contributions).toEqual(byPath.contributions);
    // With a record, `fact` is not asked for lead fields at all.
    const asked: string[] = [];
    m.score({ record: values, fact: (p) => asked.push(p) });
    expect(asked).toEqual([]);
  });

  it('a field a plain object inherits (constructor, toString) is missing unless the lead has it', () => {
    const doc = structuredClone(HAND_MODEL) as { features: Array<{ id: string; fact?: string }> };
    doc.features.find((f) => f.id === 'source')!.fact = 'lead.constructor';
    const m = compileScoreModel(scoreModelSchema.parse(doc));
    // Missing source weighs −0.5; 转介绍 +0.9.
    const sourceTerm = (record: Record<string, unknown>) => m.score({ ...leadA, fact: undefined, record: { ...values, ...record } }).logit - (Z_A - 0.9);
    expect(sourceTerm({})).toBeCloseTo(-0.5, 12);
    expect(sourceTerm({ constructor: '转介绍' })).toBeCloseTo(0.9, 12);
  });

  it('a category value that is not text (an object from a stray payload) scores as "other" and does not throw', () => {
    // Source 转介绍 +0.9 → the other levels’ −0.2 (no activities given: e-mails weigh 0, not +0.25).
    for (const source of [{ toString: 0 }, [1, 2], { a: 1 }]) expect(logitOf({ ...values, source })).toBeCloseTo(Z_A - 0.25 - 0.9 - 0.2, 12);
  });

  it('explainTop names the same features, in the same order, as the largest non-zero pushes of explain', () => {
    const m = compileScoreModel(handModel());
    fc.assert(
      fc.property(
        fc.option(fc.integer({ min: -5, max: 30 }), { nil: undefined }),
        fc.option(fc.constantFrom(0, 20, 400, 5000), { nil: undefined }),
        fc.option(fc.constantFrom('转介绍', '广告', '展会', '别的'), { nil: undefined }),
        fc.option(fc.boolean(), { nil: undefined }),
        fc.integer({ min: 1, max: 6 }),
        (totalVisits, secondsOnSite, source, hasBudget, top) => {
          const input: ScoreInput = { ...leadA, fact: undefined, record: { totalVisits, secondsOnSite, source, hasBudget } };
          const all = m.explain(input);
          const picked = m.explainTop(input, top);
          expect(picked.contributions).toEqual(all.contributions.filter((c) => c.points !== 0).slice(0, top));
          expect(picked.score).toBe(all.score);
          // score() (no explanation kept) sums the very same terms.
          expect(m.score(input)).toEqual({ probability: all.probability, score: all.score, logit: all.logit });
        },
      ),
    );
  });

  it('counts every activity window in one pass exactly as counting each window on its own', () => {
    const windows = [
      { id: 'any@12h', activityType: undefined, withinHours: 12 },
      { id: 'email@24h', activityType: 'email', withinHours: 24 },
      { id: 'call@72h', activityType: 'call', withinHours: 72 },
    ];
    const model = scoreModelSchema.parse({
      format: 'sluice.scoreModel/1',
      key: 'windows',
      kind: 'logistic',
      intercept: 0,
      features: windows.map((w) => ({
        kind: 'activityCount',
        id: w.id,
        label: { en: w.id, zh: w.id },
        ...(w.activityType ? { activityType: w.activityType } : {}),
        withinHours: w.withinHours,
        transform: 'none',
        mean: 0,
        scale: 1,
        weight: 1,
      })),
    });
    const m = compileScoreModel(model);
    const activity = fc.record({ type: fc.constantFrom('email', 'call', 'visit'), offset: fc.double({ min: -10, max: 100, noNaN: true }) });
    fc.assert(
      fc.property(fc.array(activity, { maxLength: 12 }), fc.double({ min: -5, max: 120, noNaN: true }), (acts, nowHours) => {
        const start = Date.parse(CREATED);
        const now = start + nowHours * 3_600_000;
        const list = acts.map((a) => ({ type: a.type, at: new Date(start + Math.round(a.offset * 3_600_000)).toISOString() }));
        const counted = Object.fromEntries(m.explain({ activities: list, createdAt: CREATED, now }).contributions.map((c) => [c.id, c.value]));
        for (const w of windows) {
          const end = Math.min(start + w.withinHours * 3_600_000, now);
          const expected = list.filter(
            (a) => (w.activityType === undefined || a.type === w.activityType) && Date.parse(a.at) >= start && Date.parse(a.at) <= end,
          ).length;
          expect([w.id, counted[w.id]]).toEqual([w.id, expected]);
        }
      }),
    );
  });
});
