/**
 * Issue #15's proofs, CI-sized: against the hidden probabilities of two generators the trainer never
 * sees — the synthetic world (S32) and the marketing lead export (examples/generator/marketing.ts).
 */
import { describe, expect, it } from 'vitest';
import { marketingEn } from '../../../../examples/generator/marketing-files.js';
import { MARKETING_LEAKING_ATTRIBUTES } from '../../../../examples/generator/marketing-mapping.js';
import { importHistory, parseMapping } from '../history/index.js';
import { generateWorld, hiddenLeadProbabilities, historyUnderPolicy } from '../world/index.js';
import { roundRobin } from '../world/roundRobin.testkit.js';
import { scoreMetrics } from './evaluate/index.js';
import { trainScoreModel } from './index.js';
import { probabilities } from './scoring.js';
import { trainModel } from './train.js';

describe('smart score on the synthetic world (b2c, 30 days, ≈7,000 leads, round robin)', () => {
  it('AUC within 0.02 of the hidden P(won | attributes at creation) on the same test leads, ECE under 0.03', { timeout: 60_000 }, () => {
    const world = generateWorld({ seed: 41, regime: 'b2c', days: 30 });
    const { history, run } = historyUnderPolicy({ world, policies: [roundRobin], seed: 41 });
    const hidden = hiddenLeadProbabilities(world, run);
    const { model, facts } = trainModel(history, {});
    expect(facts.test.length).toBeGreaterThan(1500);
    const p = probabilities(
      model,
      facts.test.map((r) => r.lead),
      history,
      0,
    );
    const learned = scoreMetrics(facts.test.map((r, i) => ({ p: p[i]!, y: r.y })));
    const best = scoreMetrics(facts.test.map((r) => ({ p: hidden.get(r.lead.id)!.atCreation, y: r.y })));
    // Measured (seed 41): learned 0.704, hidden 0.707; ECE 0.002.
    expect(best.auc - learned.auc).toBeLessThan(0.02);
    expect(learned.ece!).toBeLessThan(0.03);
  });
});

describe('smart score on the marketing lead export (examples/exports/marketing-leads.csv, 5,000 leads)', () => {
  const g = marketingEn();
  const imported = importHistory({ mapping: g.mapping, leads: g.csv, activities: g.activitiesCsv });
  const parsed = parseMapping(g.mapping);
  if (!parsed.ok) throw new Error('the example mapping is invalid');

  it('drops the columns sales fills in after the outcome, gets within 0.02 AUC of the hidden truth, and beats the points table out of sample', {
    timeout: 60_000,
  }, () => {
    const { model, report } = trainScoreModel(imported.history, { mapping: parsed.mapping, points: g.pointsPolicy, seed: 3 });
    const dropped = new Map(report.features.dropped.map((d) => [d.id, d.code]));
    for (const leak of MARKETING_LEAKING_ATTRIBUTES) expect(dropped.get(leak), leak).toMatch(/^leak-/);
    const used = report.features.used.map((u) => u.id);
    for (const leak of MARKETING_LEAKING_ATTRIBUTES) expect(used).not.toContain(leak);
    expect(used).toEqual(expect.arrayContaining(['leadSource', 'occupation', 'totalVisits']));

    const testLeads = imported.history.leads.filter((l) => l.createdAt >= report.data.test.from && l.outcome !== 'open');
    expect(testLeads.length).toBe(report.data.test.rows);
    const p = probabilities(model, testLeads, imported.history, 0);
    const y = testLeads.map((l) => (l.outcome === 'won' ? 1 : 0) as 0 | 1);
    const learned = scoreMetrics(testLeads.map((_, i) => ({ p: p[i]!, y: y[i]! })));
    const best = scoreMetrics(testLeads.map((l, i) => ({ p: g.truth.get(l.id)!, y: y[i]! })));
    // Measured: learned 0.811, hidden 0.814, points table 0.751.
    expect(best.auc - learned.auc).toBeLessThan(0.02);
    expect(report.metrics.test.model.auc).toBeCloseTo(learned.auc, 10);
    // The export's win rate rises over the year and no column carries time, so the newest leads sit
    // above the level learned from older ones; on 1,250 test leads even the hidden truth's binned
    // ECE is 0.037. The model stays within 0.01 of it.
    expect(learned.ece!).toBeLessThan(best.ece! + 0.01);

    expect(report.offered).toBe(true);
    expect(report.aucDifference.low).toBeGreaterThan(0);
    expect(report.metrics.test.model.auc).toBeGreaterThan(report.metrics.test.points!.auc);
  });
});
