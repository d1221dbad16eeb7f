/**
 * The proof of issue #12: a world's history under policy A, the simulator's estimate of policy B from
 * that history alone, and B's ground truth from the world. Shared by the CI test (small worlds) and
 * bench/validate.ts (the full run), so both check exactly the same thing.
 */
import type { PolicyDocument } from '@sluice/engine';
import { modelBehaviour } from '../estimate/behaviour.js';
import { fitModel } from '../estimate/model.js';
import { historicalBehaviour } from '../replay/historical.js';
import { replay } from '../replay/replay.js';
import { generateWorld, type WorldOptions } from '../world/world.js';
import { trueExpected } from '../world/hidden.js';
import { historyUnderPolicy, runInWorld } from '../world/history.js';
import type { Regime } from '../world/regimes.js';
import { VOCABULARY } from '../world/regimes.js';
import { simulate } from './simulate.js';

const node = (id: string, type: string, data: unknown, y: number) => ({ id, type, position: { x: 0, y }, data });

/** Policy A: plain round robin over every rep. */
export function roundRobinAll(): PolicyDocument {
  return {
    key: 'validate-rr',
    kind: 'routing',
    name: 'Round robin over all reps',
    description: '',
    version: 0,
    nodes: [node('start', 'trigger', { events: ['lead.created'] }, 0), node('rr', 'assign.roundRobin', {}, 120)],
    edges: [{ id: 'e1', source: 'start', target: 'rr' }],
  } as PolicyDocument;
}

/**
 * Policy B: the bigger segments go to the first team, the rest to the second — skill-blind, but it
 * changes who works which segment (every rep keeps leads, so loads stay comparable).
 */
export function segmentToTeam(regime: Regime, teams: readonly string[]): PolicyDocument {
  const big = regime === 'b2b' ? ['enterprise', 'mid-market'] : ['premium', 'basic'];
  const values = big.flatMap((s) => [VOCABULARY.en.segments[s]!, VOCABULARY.zh.segments[s]!]);
  return {
    key: 'validate-segment-team',
    kind: 'routing',
    name: 'Segment to team',
    description: '',
    version: 0,
    nodes: [
      node('start', 'trigger', { events: ['lead.created'] }, 0),
      node('seg', 'switch', { fact: 'lead.segment', cases: [{ id: 'big', values }] }, 120),
      node('first', 'assign.roundRobin', { teams: [teams[0]] }, 240),
      node('second', 'assign.roundRobin', { teams: [teams[1] ?? teams[0]] }, 240),
    ],
    edges: [
      { id: 'e1', source: 'start', target: 'seg' },
      { id: 'e2', source: 'seg', sourceHandle: 'big', target: 'first' },
      { id: 'e3', source: 'seg', sourceHandle: 'default', target: 'second' },
    ],
  } as PolicyDocument;
}

/**
 * A stress candidate: round robin over the first team only, so every rep holds about twice the open
 * leads history ever showed them. The model extrapolates its fitted load slope past the history's
 * range with an interval that widens with the distance: this candidate tests exactly that (see
 * bench/validate.ts --candidate half-team).
 */
export function firstTeamOnly(teams: readonly string[]): PolicyDocument {
  const rr = roundRobinAll();
  return {
    ...rr,
    key: 'validate-first-team',
    name: 'Round robin over the first team only',
    nodes: [rr.nodes[0]!, { ...rr.nodes[1]!, data: { teams: [teams[0]] } }],
  };
}

export type CandidateKind = 'segment-team' | 'half-team';

export interface SeedResult {
  regime: Regime;
  seed: number;
  leads: number;
  counterfactual: number;
  /** B's true expected wins and revenue (the world's P(won), no sampling). */
  truth: { wins: number; revenue: number };
  /** The simulator's estimate of B ("mean wins": the interval meant to hold an expected value). */
  estimate: { wins: number; low: number; high: number; revenue: number; revenueLow: number; revenueHigh: number };
  covered: boolean;
  revenueCovered: boolean;
  relativeError: number;
  revenueRelativeError: number;
  /**
   * "Keep the historical owner" (no routing, every lead arrives owned): wins and revenue as the history
   * recorded them and as that replay gave them; counterfactual = leads estimated in it plus in the simulator's
   * replay of A itself (both must be 0).
   */
  kept: { historyWins: number; historyRevenue: number; replayWins: number; replayRevenue: number; counterfactual: number };
}

export function validateSeed(
  regime: Regime,
  seed: number,
  world: Omit<WorldOptions, 'seed' | 'regime'>,
  candidate: CandidateKind = 'segment-team',
): SeedResult {
  const w = generateWorld({ ...world, seed, regime });
  const a = [roundRobinAll()];
  const teams = w.teams.map((t) => t.id);
  const b = [candidate === 'half-team' ? firstTeamOnly(teams) : segmentToTeam(regime, teams)];
  const { history } = historyUnderPolicy({ world: w, policies: a, seed });
  const report = simulate({
    history,
    policies: [
      { label: 'A', policies: a },
      { label: 'B', policies: b },
    ],
    seed,
    timeZone: w.timeZone,
    bootstrap: 0,
  });
  const truth = trueExpected(w, runInWorld({ world: w, policies: b, seed, label: 'truth-B' }));
  const [ra, rb] = report.policies;
  const wins = rb!.meanWins;
  const revenue = rb!.meanRevenue;

  // "Keep the historical owner": every lead arrives owned by its historical rep, no routing at all.
  const model = fitModel(history);
  const keptRun = replay({
    history,
    policies: [],
    behaviour: historicalBehaviour(history, modelBehaviour(model, history, seed)),
    label: 'kept',
    timeZone: w.timeZone,
    keepHistoricalOwner: true,
  });
  const historyWins = history.leads.filter((l) => l.outcome === 'won').length;
  const historyRevenue = history.leads.reduce((s, l) => s + (l.outcome === 'won' ? (l.amount ?? 0) : 0), 0);
  const kept = keptRun.leads;
  let keptWins = 0;
  let keptRevenue = 0;
  let keptCounterfactual = 0;
  for (let i = 0; i < kept.length; i++) {
    if (kept.counterfactual(i)) keptCounterfactual++;
    if (kept.outcome(i) !== 'won') continue;
    keptWins++;
    keptRevenue += kept.amount(i) ?? 0;
  }
  return {
    regime,
    seed,
    leads: history.leads.length,
    counterfactual: rb!.counterfactual,
    truth: { wins: truth.wins, revenue: truth.revenue },
    estimate: {
      wins: wins.estimate,
      low: wins.low,
      high: wins.high,
      revenue: revenue.estimate,
      revenueLow: revenue.low,
      revenueHigh: revenue.high,
    },
    covered: wins.low <= truth.wins && truth.wins <= wins.high,
    revenueCovered: revenue.low <= truth.revenue && truth.revenue <= revenue.high,
    relativeError: Math.abs(wins.estimate - truth.wins) / truth.wins,
    revenueRelativeError: Math.abs(revenue.estimate - truth.revenue) / truth.revenue,
    kept: {
      historyWins,
      historyRevenue,
      replayWins: keptWins,
      replayRevenue: keptRevenue,
      counterfactual: keptCounterfactual + ra!.counterfactual,
    },
  };
}

export interface RegimeSummary {
  regime: Regime;
  seeds: number;
  covered: number;
  coverage: number;
  meanAbsoluteError: number;
  revenueCoverage: number;
  revenueMeanAbsoluteError: number;
  /** Mean signed error (estimate − truth) / truth: a bias shows here, noise does not. */
  meanSignedError: number;
  keptExact: boolean;
}

export function summarise(regime: Regime, results: readonly SeedResult[]): RegimeSummary {
  const n = results.length;
  const mean = (f: (r: SeedResult) => number) => results.reduce((s, r) => s + f(r), 0) / n;
  const covered = results.filter((r) => r.covered).length;
  return {
    regime,
    seeds: n,
    covered,
    coverage: covered / n,
    meanAbsoluteError: mean((r) => r.relativeError),
    revenueCoverage: results.filter((r) => r.revenueCovered).length / n,
    revenueMeanAbsoluteError: mean((r) => r.revenueRelativeError),
    meanSignedError: mean((r) => (r.estimate.wins - r.truth.wins) / r.truth.wins),
    keptExact: results.every((r) => r.kept.historyWins === r.kept.replayWins && r.kept.historyRevenue === r.kept.replayRevenue && r.kept.counterfactual === 0),
  };
}
