/**
 * A candidate that loads reps past anything the history showed: the load effect is extrapolated (not
 * capped at the history's range), the interval widens with the distance, and the report counts those leads.
 */
import { describe, expect, it } from 'vitest';
import type { History, HistoryLead, ReplayRun } from '../types.js';
import { compare } from './compare.js';
import { contributions, historyIndex } from './contributions.js';
import { expectedMean } from './expectation.js';
import { historyLead, reassignedRun } from './fixtures.js';
import { fitModel } from './model.js';
import { delayFactor, readRate } from './rates.js';
import { ListedResults } from '../listedResults.js';

const at = (hours: number) => new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString();
/** Wins out of 20 at load 0, 1, 2, 3: conversion falls gently with load (so p stays away from 0 at load 8). */
const WINS_AT_LOAD = [12, 11, 10, 9];

/**
 * Each rep gets 20 bursts of 4 leads, an hour apart, all closing 10 h after the burst starts, bursts a
 * day apart: within a burst the leads arrive at loads 0, 1, 2, 3 — the history never shows more.
 */
function burstHistory(): History {
  const leads: HistoryLead[] = [];
  for (const rep of ['a', 'b']) {
    for (let g = 0; g < 20; g++) {
      for (let k = 0; k < 4; k++) {
        const start = g * 24;
        const won = g < WINS_AT_LOAD[k]!;
        leads.push(historyLead(`${rep}-${g}-${k}`, at(start + k), rep, won ? 'won' : 'lost', { closedAt: at(start + 10), ...(won ? { amount: 100 } : {}) }));
      }
    }
  }
  return { leads, activities: [], stageChanges: [], reps: [{ id: 'a' }, { id: 'b' }], teams: [] };
}

/** b's leads handed to a, each arriving when a holds `load` open leads. */
function toA(history: History, label: string, load: number): ReplayRun {
  const run = reassignedRun(history, label, (lead) => (lead.ownerRepId === 'b' ? 'a' : lead.ownerRepId));
  run.leads = new ListedResults([...run.leads].map((l) => (l.counterfactual ? { ...l, loadAtAssign: load } : l)));
  return run;
}

describe('loads past the history’s range', () => {
  const history = burstHistory();
  const model = fitModel(history);

  it('the history shows loads 0..3 around a mean of 1.5, and a falling conversion', () => {
    expect(model.load.repMeanLoad).toEqual({ a: 1.5, b: 1.5 });
    expect(model.load.range).toEqual([-1.5, 1.5]);
    expect(model.load.conversionSlope).toBeLessThan(0);
  });

  it('extrapolates: at load 8 the win probability moves past the load-3 value in the slope’s direction', () => {
    const atEdge = readRate(model, 'a', '*', 3);
    const far = readRate(model, 'a', '*', 8);
    expect(atEdge.beyond).toBe(0);
    expect(far.beyond).toBeCloseTo(8 - 1.5 - 1.5, 12);
    expect(far.p).toBeLessThan(atEdge.p - 0.05);
    // The straight line on the log-odds scale, 6.5 open leads above a's usual load.
    const logOdds = Math.log(far.base / (1 - far.base)) + model.load.conversionSlope * 6.5;
    expect(far.p).toBeCloseTo(1 / (1 + Math.exp(-logOdds)), 12);
  });

  it('first-contact delay: e^(γ·x) inside the range, growing in proportion (the tangent at the edge) past it', () => {
    const slower = { ...model, load: { ...model.load, delaySlope: 0.2 } };
    expect(delayFactor(slower, 'a', 3)).toBeCloseTo(Math.exp(0.2 * 1.5), 12);
    // x = 6.5, 5 past the edge at 1.5: e^0.3 · (1 + 0.2 · 5).
    expect(delayFactor(slower, 'a', 8)).toBeCloseTo(Math.exp(0.3) * 2, 12);
    expect(delayFactor(slower, 'a', 0)).toBeCloseTo(Math.exp(-0.3), 12);
  });

  it('the interval is wider at load 8 than at load 3', () => {
    const leads = historyIndex(history);
    const width = (load: number) => {
      const interval = expectedMean(contributions(toA(history, `at-${load}`, load), leads, model), model, 'wins');
      return interval.high! - interval.low!;
    };
    expect(width(8)).toBeGreaterThan(width(3) * 1.2);
  });

  it('the model report counts, per policy, the counterfactual leads assigned outside the history’s load range', () => {
    const result = compare([toA(history, 'at-3', 3), toA(history, 'at-8', 8)], history, model, { seed: 1, bootstrap: 0 });
    expect(result.model.counterfactual.map((c) => [c.policy, c.leads])).toEqual([
      ['at-3', 80],
      ['at-8', 80],
    ]);
    expect(result.model.load.outsideRange).toEqual([
      { policy: 'at-3', leads: 0 },
      { policy: 'at-8', leads: 80 },
    ]);
    expect(result.model.cannotSay.en).toContain('outside the history');
    expect(result.model.cannotSay.en).toContain('0 in at-3, 80 in at-8');
    expect(result.model.cannotSay.zh).toContain('「at-8」80 条');
  });
});
