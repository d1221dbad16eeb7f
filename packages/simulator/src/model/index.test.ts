import { describe, expect, it } from 'vitest';
import { evaluateScoreModel, scoreHistory, trainScoreModel } from './index.js';
import { syntheticHistory } from './testkit.js';

describe('trainScoreModel / evaluateScoreModel / scoreHistory', () => {
  const { history } = syntheticHistory(12, 3000, 0.1);
  const { model, report } = trainScoreModel(history, { horizonHours: 24, seed: 2 });
  const open = history.leads.filter((l) => l.outcome === 'open').length;

  it('reports the split, the features used and dropped, and offers the model when it beats the base rate', () => {
    expect(report.data.openExcluded).toBe(open);
    expect(report.data.train.rows + report.data.test.rows).toBe(3000 - open);
    expect(report.data.train.to < report.data.test.from).toBe(true);
    expect(report.features.used.map((u) => u.id).sort()).toEqual(model.features.map((f) => f.id).sort());
    expect(report.features.dropped.map((d) => d.id)).toEqual(['constantly', 'email', 'lastCall', 'signal', 'stage']);
    expect(report.comparedWith.kind).toBe('baseRate');
    expect(report.offered).toBe(true);
    expect(report.assumptions.some((a) => a.en.includes('L2-regularised logistic regression'))).toBe(true);
  });

  it('evaluating the trained model on the same history reproduces the training report’s test metrics', () => {
    const again = evaluateScoreModel(model, history, { seed: 2 });
    expect(again.data.test).toEqual(report.data.test);
    expect(again.metrics.test.model).toEqual(report.metrics.test.model);
  });

  it('scores every lead, open ones too, with its three largest pushes first', () => {
    const scored = scoreHistory(model, history);
    expect(scored).toHaveLength(3000);
    expect(scored.map((s) => s.leadId)).toEqual(history.leads.map((l) => l.id));
    for (const s of scored.slice(0, 50)) {
      expect(s.top).toHaveLength(3);
      expect(s.score).toBe(Math.round(s.probability * 1000) / 10);
      const pts = s.top.map((c) => Math.abs(c.points));
      expect([...pts].sort((a, b) => b - a)).toEqual(pts);
    }
  });
});

describe('a history with nothing to learn from but the outcome', () => {
  it('gives an intercept-only model at the base rate that is not offered, with the reason in both languages', () => {
    const { history } = syntheticHistory(13, 800, 0);
    const bare = { ...history, leads: history.leads.map((l) => ({ ...l, attributes: { email: l.attributes.email! } })) };
    const { model, report } = trainScoreModel(bare, {});
    expect(model.features).toEqual([]);
    const trainWon = report.data.train.positives / report.data.train.rows;
    expect(1 / (1 + Math.exp(-model.intercept))).toBeCloseTo(trainWon, 6);
    expect(report.offered).toBe(false);
    expect(report.reason.en.length).toBeGreaterThan(20);
    expect(report.reason.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
