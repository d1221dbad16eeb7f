/**
 * The numbers one policy's replay is judged by (S30/S31): who got how many leads and how fairly, how
 * fast they were contacted, how much circulation (reclaims, re-routes, reminders, penalties) it caused,
 * and the expected wins and revenue with 95 % intervals — overall and by team, segment, source, grade
 * and month.
 */
import type { History, ReplayResults, ReplayRun } from '../types.js';
import { type Contribution, contributions, EstimateInputError, historyIndex } from './contributions.js';
import { estimates } from './expectation.js';
import type { Model } from './model.js';
import { attributeOf, monthLabeller, NONE } from './segments.js';
import { censoredQuantile } from './coverageMetrics.js';
import { gini, type Interval, maxMinRatio, rosterCv } from './stats.js';

/** S31's review: by team, segment, source, grade, calendar month and quarter, and by rep (the final holder). */
export const DIMENSIONS = ['team', 'segment', 'source', 'grade', 'month', 'quarter', 'rep'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface MetricsOptions {
  /** Zone whose calendar months the month breakdown uses (default UTC). */
  timeZone?: string;
}

export interface GroupMetrics {
  value: string;
  leads: number;
  counterfactual: number;
  expectedWins: Interval;
  expectedRevenue: Interval;
  meanWins: Interval;
  meanRevenue: Interval;
  /** Over the group's held leads, never-contacted ones counting as past the run's end (see PolicyReport). */
  firstContactHours: { p50: number | null; p90: number | null };
  reclaimed: number;
}

export interface PolicyReport {
  policy: string;
  leads: number;
  /** Leads someone holds at the end of the run. */
  held: number;
  /** Leads nobody holds at the end of the run (never routed, or returned to the pool and left there). */
  unassigned: number;
  /** unassigned / leads (0 when there is no lead). */
  unassignedShare: number;
  /** Leads with a first contact within the run (by whoever held them then), and that over all leads. */
  contacted: number;
  contactedShare: number;
  counterfactual: number;
  /** Counterfactual leads whose holder never had a lead in their segment: the model's guess is the segment rate. */
  counterfactualUnseen: number;
  counterfactualThin: number;
  /** Every rep fairness is measured over (see fairnessReps), by id; leads = held at the end. */
  perRep: Array<{ repId: string; team: string | null; leads: number; share: number; assignments: number; capViolations: number; penalties: number }>;
  /**
   * Over `perRep`'s reps (`reps` of them); `leftOut` counts the active roster reps that no run of the
   * comparison nor the history gave a lead to, left out so their zeros do not read as unfairness.
   */
  fairness: { gini: number; cv: number; maxMin: number | null; reps: number; leftOut: number };
  capViolations: number;
  refused: number;
  /**
   * Hours from a lead's first assignment to its first contact, over the leads held at the end of the
   * run: a held lead never contacted within the run counts as later than every contacted one (its
   * time is right-censored at the run's end), not dropped. p50/p90 are type-7 quantiles of that list;
   * null when the quantile falls among the never-contacted leads (not reached within the run) or no
   * lead is held. `contacted` + `neverContacted` = held. Unheld leads are the unassigned metric's.
   */
  firstContactHours: { p50: number | null; p90: number | null; contacted: number; neverContacted: number };
  reclaimed: number;
  rerouted: number;
  reminders: number;
  penalties: number;
  /** Wins and revenue on this history: kept leads count their real outcome (exact), the others their estimate. */
  expectedWins: Interval;
  expectedRevenue: Interval;
  /** Same estimates, with intervals for the policy's mean over fresh outcomes (adds the kept leads' outcome noise). */
  meanWins: Interval;
  meanRevenue: Interval;
  breakdown: Record<Dimension, GroupMetrics[]>;
}

/**
 * The reps fairness is measured over, the same for every run of a comparison: each rep who takes
 * part in lead work somewhere — owns a lead in the history, holds one at the end of a run, was given
 * one during a run, or is among those a run's routing can give leads to (`routable`: a candidate
 * that piles everything on one of them is not fair for it). A roster rep no policy (the history's
 * included) gives a lead to or could — a manager, a support colleague, a team the policies do not
 * route to — would only add zeros and call every policy unfair; they are listed as left out instead.
 */
export interface FairnessReps {
  /** Sorted ids. */
  reps: string[];
  /** Active roster reps not among them, sorted. */
  leftOut: string[];
}

export function fairnessReps(runs: readonly ReplayRun[], history: History): FairnessReps {
  const ids = new Set<string>();
  for (const lead of history.leads) if (lead.ownerRepId) ids.add(lead.ownerRepId);
  for (const run of runs) {
    const results = run.leads;
    for (let i = 0; i < results.length; i++) {
      const holder = results.finalRepId(i);
      if (holder) ids.add(holder);
    }
    for (const [repId, counts] of Object.entries(run.perRep)) if (counts.assigned > 0) ids.add(repId);
    for (const repId of run.routable ?? []) ids.add(repId);
  }
  const leftOut = history.reps.filter((rep) => rep.active !== false && !ids.has(rep.id)).map((rep) => rep.id);
  return { reps: [...ids].sort(), leftOut: [...new Set(leftOut)].sort() };
}

/** `month`: the lead's calendar month, worked out once a lead for both the month and the quarter. */
function groupValue(c: Contribution, dimension: Dimension, model: Model, month: string, results: ReplayResults): string {
  switch (dimension) {
    case 'team': {
      const holder = results.finalRepId(c.index);
      return (holder && model.repTeams[holder]) ?? c.lead.team ?? NONE;
    }
    case 'segment':
      return c.segment;
    case 'month':
      return month;
    case 'quarter':
      return quarterOf(month);
    case 'rep':
      return results.finalRepId(c.index) ?? NONE;
    default:
      return attributeOf(c.lead, dimension);
  }
}

/** 2026-03 → 2026-Q1 (a month label of monthLabeller; none stays none). */
export function quarterOf(month: string): string {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  return m ? `${m[1]}-Q${Math.ceil(Number(m[2]) / 3)}` : month;
}

/** A run's hours to first contact, read once: every breakdown and the bootstrap reuse them. */
export interface ContactTimes {
  /** Per lead (NaN: never contacted). */
  hours: Float64Array;
  /** The contacted leads someone holds at the end, fastest first: any subset read in this order is already sorted. */
  fastest: Int32Array;
}

export function contactTimes(results: ReplayResults): ContactTimes {
  const hours = new Float64Array(results.length);
  const contacted: number[] = [];
  for (let i = 0; i < results.length; i++) {
    hours[i] = results.contactHours(i);
    if (!Number.isNaN(hours[i]!) && results.finalRepId(i)) contacted.push(i);
  }
  return { hours, fastest: Int32Array.from(contacted.sort((a, b) => hours[a]! - hours[b]!)) };
}

/** A quantile of `held` leads' first-contact hours, `sorted` of them contacted: null when not reached within the run. */
const contactQuantile = (sorted: readonly number[], held: number, p: number): number | null => {
  const q = censoredQuantile(sorted, held, p);
  return q === null || !Number.isFinite(q) ? null : q;
};

function groupMetrics(value: string, contribs: readonly Contribution[], model: Model, sortedHours: readonly number[], results: ReplayResults): GroupMetrics {
  const wins = estimates(contribs, model, 'wins');
  const revenue = estimates(contribs, model, 'revenue');
  const held = contribs.reduce((sum, c) => sum + (results.finalRepId(c.index) ? 1 : 0), 0);
  return {
    value,
    leads: contribs.length,
    counterfactual: contribs.filter((c) => c.counterfactual).length,
    expectedWins: wins.expected,
    expectedRevenue: revenue.expected,
    meanWins: wins.mean,
    meanRevenue: revenue.mean,
    firstContactHours: { p50: contactQuantile(sortedHours, held, 0.5), p90: contactQuantile(sortedHours, held, 0.9) },
    reclaimed: contribs.reduce((sum, c) => sum + results.reclaimed(c.index), 0),
  };
}

export function policyMetrics(run: ReplayRun, history: History, model: Model, options: MetricsOptions = {}): PolicyReport {
  return policyMetricsFrom(run, history, model, contributions(run, historyIndex(history), model), options);
}

export function policyMetricsFrom(
  run: ReplayRun,
  history: History,
  model: Model,
  contribs: readonly Contribution[],
  options: MetricsOptions = {},
  contact: ContactTimes = contactTimes(run.leads),
  among: FairnessReps = fairnessReps([run], history),
): PolicyReport {
  const timeZone = options.timeZone ?? 'UTC';
  const monthOf = monthLabeller(timeZone);
  if (!monthOf) {
    throw new EstimateInputError({
      en: `options.timeZone: "${timeZone}" is not a known IANA time zone (e.g. Asia/Shanghai).`,
      zh: `options.timeZone：「${timeZone}」不是已知的 IANA 时区（例如 Asia/Shanghai）。`,
    });
  }
  const reps = among.reps;
  const held = new Map<string, number>(reps.map((id) => [id, 0]));
  const sums = { reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0 };
  const results = run.leads;
  let neverContacted = 0;
  let contacted = 0;
  for (let i = 0; i < results.length; i++) {
    const holder = results.finalRepId(i);
    const reached = !Number.isNaN(contact.hours[i]!);
    if (reached) contacted++;
    if (holder) {
      held.set(holder, (held.get(holder) ?? 0) + 1);
      if (!reached) neverContacted++;
    }
    sums.reclaimed += results.reclaimed(i);
    sums.rerouted += results.rerouted(i);
    sums.reminders += results.reminders(i);
    sums.penalties += results.penalties(i);
  }
  const counts = reps.map((id) => held.get(id) ?? 0);
  const totalHeld = counts.reduce((a, b) => a + b, 0);
  // One sort of the run's contact hours serves every group's quantiles.
  const order = contact.fastest;
  const hours = Array.from(order, (i) => contact.hours[i]!);

  const months = contribs.map((c) => monthOf(c.lead.createdAt));
  const breakdown = {} as Record<Dimension, GroupMetrics[]>;
  const groupOf = new Int32Array(contribs.length);
  for (const dimension of DIMENSIONS) {
    const groups = new Map<string, { index: number; contribs: Contribution[]; hours: number[] }>();
    const lists: Array<{ contribs: Contribution[]; hours: number[] }> = [];
    for (let i = 0; i < contribs.length; i++) {
      const c = contribs[i]!;
      const value = groupValue(c, dimension, model, months[i]!, results);
      let group = groups.get(value);
      if (!group) {
        groups.set(value, (group = { index: lists.length, contribs: [], hours: [] }));
        lists.push(group);
      }
      groupOf[i] = group.index;
      group.contribs.push(c);
    }
    for (const i of order) lists[groupOf[i]!]!.hours.push(contact.hours[i]!);
    breakdown[dimension] = [...groups.keys()].sort().map((value) => groupMetrics(value, groups.get(value)!.contribs, model, groups.get(value)!.hours, results));
  }
  const wins = estimates(contribs, model, 'wins');
  const revenue = estimates(contribs, model, 'revenue');

  return {
    policy: run.policyLabel,
    leads: contribs.length,
    held: totalHeld,
    unassigned: contribs.length - totalHeld,
    unassignedShare: contribs.length > 0 ? (contribs.length - totalHeld) / contribs.length : 0,
    contacted,
    contactedShare: contribs.length > 0 ? contacted / contribs.length : 0,
    counterfactual: contribs.filter((c) => c.counterfactual).length,
    counterfactualUnseen: contribs.filter((c) => c.unseen).length,
    counterfactualThin: contribs.filter((c) => c.thin).length,
    perRep: reps.map((repId, i) => ({
      repId,
      team: model.repTeams[repId] ?? null,
      leads: counts[i]!,
      share: totalHeld > 0 ? counts[i]! / totalHeld : 0,
      assignments: run.perRep[repId]?.assigned ?? 0,
      capViolations: run.perRep[repId]?.capViolations ?? 0,
      penalties: run.perRep[repId]?.penalties ?? 0,
    })),
    fairness: { gini: gini(counts), cv: rosterCv(counts), maxMin: maxMinRatio(counts), reps: reps.length, leftOut: among.leftOut.length },
    capViolations: run.totals.capViolations,
    refused: run.totals.refused,
    firstContactHours: {
      p50: contactQuantile(hours, totalHeld, 0.5),
      p90: contactQuantile(hours, totalHeld, 0.9),
      contacted: hours.length,
      neverContacted,
    },
    ...sums,
    expectedWins: wins.expected,
    expectedRevenue: revenue.expected,
    meanWins: wins.mean,
    meanRevenue: revenue.mean,
    breakdown,
  };
}
