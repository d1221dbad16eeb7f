import { describe, expect, it } from 'vitest';
import { EvaluateInputError } from '../evaluate/errors.js';
import { buildModelReport } from './build.js';
import { fixtureParts, fixtureRows } from './fixtures.js';

describe('buildModelReport: the evaluation as data', () => {
  const report = buildModelReport(fixtureParts());

  it('counts the data and names the periods of each part', () => {
    expect(report.data).toEqual({
      rowsRead: 45,
      closed: 40,
      openExcluded: 5,
      positives: 20,
      horizonHours: 24,
      train: { from: '2026-01-01T08:00:00Z', to: '2026-01-20T08:00:00Z', rows: 20, positives: 10 },
      test: { from: '2026-02-01T08:00:00Z', to: '2026-02-20T08:00:00Z', rows: 20, positives: 10 },
    });
    expect(report.model).toEqual({
      key: 'smart-score',
      version: 3,
      trainedAt: '2026-12-05T10:00:00Z',
      trainedBy: 'ops@example.com',
      dataHash: 'ab'.repeat(32),
      calibration: 'platt',
    });
  });

  it('measures model and points on the same test leads, side by side, and against the base rate', () => {
    const t = report.metrics.test;
    expect(t.model.auc).toBe(1);
    // Points = row number, won = odd rows: the won lead on row 2k+1 beats k+1 lost ones; Σ(k+1), k = 0…9, = 55 of 100 pairs.
    expect(t.points!.auc).toBe(0.55);
    expect(t.points!.logLoss).toBeNull();
    // ECE by hand: bins 0,1,2 (lost, mean 0.07, 0.15, 0.22) and 7,8 (won, mean 0.75, 0.85):
    // 3/20·0.07 + 5/20·0.15 + 2/20·0.22 + 5/20·0.25 + 5/20·0.15 = 0.17
    expect(t.model.ece).toBeCloseTo(0.17, 12);
    // The training base rate is 10/20: a constant ½ costs ln 2 and a Brier score of ¼.
    expect(t.baseRate.rate).toBe(0.5);
    expect(t.baseRate.logLoss).toBeCloseTo(Math.LN2, 12);
    expect(t.baseRate.brier).toBe(0.25);
    expect(report.comparedWith).toEqual({ kind: 'points', key: 'marketing-points', name: 'Marketing points' });
  });

  it('offers the model when it beats the points table out of sample, saying by how much in both languages', () => {
    expect(report.aucDifference.difference).toBeCloseTo(0.45, 12);
    expect(report.aucDifference.low).toBeGreaterThan(0);
    expect(report.aucDifference.seed).toBe(1);
    expect(report.aucDifference.resamples).toBe(200);
    expect(report.offered).toBe(true);
    expect(report.reason.en).toMatch(
      /^Offered: .*"marketing-points" \(AUC 1\.000 vs 0\.550, difference \+0\.450, 95% interval \+0\.\d{3} to \+0\.\d{3}, above zero\)\.$/,
    );
    expect(report.reason.zh).toContain('可以采用');
    expect(report.reason.zh).toContain('AUC 1.000 对 0.550');
  });

  it('does not offer a model no better than the points table', () => {
    const same = buildModelReport(fixtureParts({ test: fixtureRows('02', 'same') }));
    expect(same.aucDifference).toMatchObject({ difference: 0, low: 0, high: 0 });
    expect(same.offered).toBe(false);
    expect(same.reason.en).toMatch(/^Not offered: .*Keep the points table\.$/);
    expect(same.reason.zh).toMatch(/^不建议采用/);
  });

  it('without a points table, compares with the base rate (AUC above ½ and a lower log loss)', () => {
    const alone = buildModelReport(fixtureParts({ points: undefined }));
    expect(alone.comparedWith).toEqual({ kind: 'baseRate', rate: 0.5 });
    expect(alone.metrics.test.points).toBeNull();
    // AUC 1 against a constant's ½.
    expect(alone.aucDifference.difference).toBe(0.5);
    expect(alone.offered).toBe(true);
    expect(alone.reason.en).toMatch(/^Offered: there is no points table/);
    expect(alone.assumptions.some((a) => a.en.includes('points table'))).toBe(false);
  });

  it('lists features used, strongest first, with strengths checkable by hand, and those dropped with reasons', () => {
    // source: best level 1.2 vs missing −0.5 → 1.7; visits: ±0.5 per SD → 1.0; do-not-email: 0 vs −0.8; visits in 24 h: ±0.3.
    expect(report.features.used.map((f) => [f.id, f.strength])).toEqual([
      ['source', 1.7],
      ['visits', 1],
      ['doNotEmail', 0.8],
      ['visit@24h', 0.6],
    ]);
    const source = report.features.used[0]!;
    expect(source.levels!.map((l) => [l.value, l.weight])).toEqual([
      ['Reference', 1.2],
      ['Google', -0.3],
    ]);
    expect(report.features.used[3]).toMatchObject({ kind: 'activityCount', reads: 'activities.visit', withinHours: 24, weight: 0.3 });
    expect(report.features.dropped.map((d) => [d.id, d.code])).toEqual([
      ['tags', 'leak-values'],
      ['prospectId', 'id-or-text'],
    ]);
  });

  it('states its assumptions in both languages: time split, closed leads only, horizon, calibration, points, bootstrap', () => {
    const en = report.assumptions.map((a) => a.en);
    expect(en[0]).toBe(
      'Split by time, never by random rows: trained on the 20 leads created 2026-01-01 – 2026-01-20, judged on the 20 newer ones created 2026-02-01 – 2026-02-20, as a model is used on leads that arrive after the ones it learned from.',
    );
    expect(en[1]).toContain('5 lead(s) still open were left out');
    expect(en[2]).toContain('Scored 24 hour(s) after creation');
    expect(en[3]).toContain('Platt scaling');
    expect(en[4]).toContain('"marketing-points" is run by the same engine');
    expect(en[5]).toContain('200 resamples, seed 1');
    for (const a of report.assumptions) expect(a.zh).toMatch(/[\u4e00-\u9fff]/);
  });

  it('is plain JSON in a fixed key order: the same parts give the same bytes', () => {
    const json = JSON.stringify(report);
    expect(JSON.parse(json)).toEqual(report);
    expect(JSON.stringify(buildModelReport(fixtureParts()))).toBe(json);
    expect(Object.keys(report)).toEqual([
      'format',
      'model',
      'data',
      'features',
      'comparedWith',
      'metrics',
      'aucDifference',
      'offered',
      'reason',
      'assumptions',
    ]);
    expect(report.format).toBe('sluice.modelReport/1');
  });

  it('says which lead lacks its points or its date', () => {
    const words = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EvaluateInputError);
        return (e as EvaluateInputError).words;
      }
      throw new Error('expected an error');
    };
    const test = fixtureRows('02', 'weak');
    delete test[7]!.points;
    expect(words(() => buildModelReport(fixtureParts({ test }))).en).toBe(
      'test[7].points is missing: a points table was given, so every lead needs its points',
    );
    const train = fixtureRows('01', 'weak');
    train[2]!.createdAt = 'soon';
    expect(words(() => buildModelReport(fixtureParts({ train }))).zh).toBe('train[2].createdAt 不是有效时间：soon');
    expect(words(() => buildModelReport(fixtureParts({ test: [] }))).en).toBe('the report needs closed leads in both the training and the test part');
  });
});
