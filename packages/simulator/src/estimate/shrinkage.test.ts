import { describe, expect, it } from 'vitest';
import { syntheticHistory, type WorldRep } from './fixtures.js';
import { fitModel } from './model.js';
import { KAPPA_MAX, kappaFromMoments, momentTerms, posterior } from './shrinkage.js';

describe('beta-binomial shrinkage (method of moments)', () => {
  // Three reps in one segment: 1/10, 6/10, 5/20 → pooled m = 12/40 = 0.3, m(1−m) = 0.21.
  // S = 10·0.04 + 10·0.09 + 20·0.0025 = 1.35; S/0.21 − (R−1) = 6.428571 − 2 = 31/7.
  // N − Σn²/N − (R−1) = 40 − 600/40 − 2 = 23 → ρ = 31/161 → κ = 161/31 − 1 = 130/31.
  // Rep 1 shrunk: (κ·0.3 + 1)/(κ + 10) = (39/31 + 1)/(440/31) = 70/440 = 7/44.
  const cells = [
    { leads: 10, wins: 1 },
    { leads: 10, wins: 6 },
    { leads: 20, wins: 5 },
  ];

  it('estimates κ = 130/31 for the hand example', () => {
    expect(kappaFromMoments(momentTerms(cells, 0.3))).toBeCloseTo(130 / 31, 10);
  });

  it('shrinks 1/10 to 7/44', () => {
    const kappa = 130 / 31;
    const post = posterior(cells[0]!, 0.3, kappa);
    expect(post.rate).toBeCloseTo(7 / 44, 12);
    expect(post.alpha).toBeCloseTo(39 / 31 + 1, 12);
    expect(post.beta).toBeCloseTo(kappa * 0.7 + 9, 12);
    // Beta variance αβ/((α+β)²(α+β+1))
    const a = post.alpha;
    const b = post.beta;
    expect(post.variance).toBeCloseTo((a * b) / ((a + b) ** 2 * (a + b + 1)), 12);
    expect(post.priorWeight).toBeCloseTo(130 / 440, 12);
  });

  it('says "no spread" (κ at its bound) when reps differ less than binomial noise, and nothing with one rep', () => {
    expect(
      kappaFromMoments(
        momentTerms(
          [
            { leads: 10, wins: 3 },
            { leads: 10, wins: 3 },
          ],
          0.3,
        ),
      ),
    ).toBe(KAPPA_MAX);
    expect(kappaFromMoments(momentTerms([{ leads: 10, wins: 3 }], 0.3))).toBeNull();
    expect(
      kappaFromMoments(
        momentTerms(
          [
            { leads: 1, wins: 1 },
            { leads: 1, wins: 0 },
          ],
          0.5,
        ),
      ),
    ).toBeNull();
  });

  it('fitModel: a rep with 2 leads shrinks hard, one with 2,000 barely', () => {
    const rates = [0.1, 0.3, 0.15, 0.25, 0.2, 0.35, 0.05];
    const reps = rates.map((rate, i) => ({ id: `r${i}`, team: 't', rates: { a: rate }, leads: { a: 60 } }));
    reps.push({ id: 'tiny', team: 't', rates: { a: 1 }, leads: { a: 2 } });
    reps.push({ id: 'huge', team: 't', rates: { a: 0.3 }, leads: { a: 2000 } });
    const history = syntheticHistory(7, reps);
    const model = fitModel(history);
    expect(model.segmentBy).toEqual(['segment']);
    const seg = model.segments.a!;
    expect(seg.kappaFrom).toBe('segment');
    const tiny = model.cells.tiny!.a!;
    const huge = model.cells.huge!.a!;
    expect(tiny).toMatchObject({ leads: 2, wins: 2 });
    // Posterior mean recomputed by hand from the fitted m and κ.
    expect(tiny.rate).toBeCloseTo((seg.kappa * seg.rate + 2) / (seg.kappa + 2), 12);
    const hugeRaw = huge.wins / huge.leads;
    expect(huge.rate).toBeCloseTo((seg.kappa * seg.rate + huge.wins) / (seg.kappa + 2000), 12);
    // Shrinkage toward m: the tiny rep keeps under a quarter of its distance from m; the huge one over 97 %.
    expect((tiny.rate - seg.rate) / (1 - seg.rate)).toBeLessThan(0.25);
    expect((huge.rate - seg.rate) / (hugeRaw - seg.rate)).toBeGreaterThan(0.97);
    expect(model.thinCells).toEqual([{ repId: 'tiny', segment: 'a', leads: 2 }]);
  });

  it('records the cells it never saw and falls back to the pooled κ for a segment that cannot say', () => {
    const reps: WorldRep[] = [
      { id: 'x', team: 't', rates: { a: 0.2, b: 0.5 }, leads: { a: 80, b: 30 } },
      { id: 'y', team: 't', rates: { a: 0.6 }, leads: { a: 80 } },
    ];
    const model = fitModel(syntheticHistory(3, reps));
    expect(model.unseenCells).toEqual([{ repId: 'y', segment: 'b' }]);
    expect(model.segments.b!.kappaFrom).toBe('pooled');
    expect(model.segments.b!.kappa).toBe(model.segments.a!.kappa);
  });
});
