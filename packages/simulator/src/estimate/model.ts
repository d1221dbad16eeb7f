/**
 * fitModel: what the history says about each rep, so a lead given to someone other than its historical
 * owner can be estimated. Everything the model saw is recorded (cells with their counts), and so is what
 * it never saw (a rep × segment cell with no leads) — the report must say where the history cannot say.
 */
import { parseInstant } from '@sluice/engine';
import { mean, median, standardDeviation } from 'simple-statistics';
import type { History } from '../types.js';
import { EstimateInputError } from './errors.js';
import { fitConversionSlope, fitDelaySlope, historicalLoads, type LoadPoint } from './load.js';
import { activitiesByLead } from '../history/byLead.js';
import { fitResponses, type ResponseProfile } from './responses.js';
import { resolveSegmentBy, segmentOf } from './segments.js';
import { type CellCounts, DEFAULT_KAPPA, kappaFromMoments, momentTerms, posterior, segmentRateVariance } from './shrinkage.js';
import { logit, quantileGrid } from './stats.js';

export interface FitOptions {
  /** Lead attributes whose values form the segment. Default: the first of segment, industry, grade present on at least half the leads; else one segment. */
  segmentBy?: string[];
  /** Cells with fewer leads are "thin"; also the pseudo-count that shrinks response times (default 10). */
  minCell?: number;
}

export interface SegmentFit {
  leads: number;
  wins: number;
  /** Pooled win rate m = wins / leads (an open lead counts as not won: "won within the history window"). */
  rate: number;
  rateVariance: number;
  kappa: number;
  kappaFrom: 'segment' | 'pooled' | 'default';
  /** Won amounts: the mean is what expected revenue uses (the median is shown because deal sizes are skewed). */
  amount: { mean: number | null; median: number | null; sd: number | null; won: number };
  /** Of the leads not won, the share that were lost (the rest stayed open). */
  lostShare: number;
  /** 0 %…100 % quantiles of hours from creation to close, closed leads. */
  cycleHours: number[];
}

export interface CellFit extends CellCounts {
  alpha: number;
  beta: number;
  rate: number;
  variance: number;
  priorWeight: number;
}

export interface Model {
  version: 1;
  segmentBy: string[];
  minCell: number;
  historyStart: string | null;
  historyEnd: string | null;
  overall: { leads: number; wins: number; rate: number; amountMean: number | null };
  segments: Record<string, SegmentFit>;
  /** rep id → segment → what that rep did in that segment (only cells with leads). */
  cells: Record<string, Record<string, CellFit>>;
  responses: { pooled: ResponseProfile; reps: Record<string, ResponseProfile> };
  load: {
    /**
     * logit P(won) moves by this per open lead above the rep's own mean load: the fit itself, not shrunk
     * toward zero. Shrinking bets that load does not matter; past the history's range that bet made every
     * policy that overloads reps look better than it is. Its uncertainty goes into the intervals instead.
     */
    conversionSlope: number;
    conversionSlopeSe: number;
    /** First-contact delay is multiplied by e^(delaySlope) per extra open lead. */
    delaySlope: number;
    /** Observed range of (load − rep's mean load); past it the slopes are extrapolated and the intervals widen. */
    range: [number, number];
    repMeanLoad: Record<string, number>;
    meanLoad: number;
    leads: number;
  };
  /** Roster reps × segments with no lead at all: every estimate there is the segment rate alone. */
  unseenCells: Array<{ repId: string; segment: string }>;
  /** Cells with 0 < leads < minCell: mostly the segment rate. */
  thinCells: Array<{ repId: string; segment: string; leads: number }>;
  repTeams: Record<string, string>;
}

export function fitModel(history: History, options: FitOptions = {}): Model {
  if (options.minCell !== undefined && !(Number.isInteger(options.minCell) && options.minCell >= 1)) {
    throw new EstimateInputError({
      en: `fitModel options.minCell: expected a whole number of leads ≥ 1, got ${JSON.stringify(options.minCell)}.`,
      zh: `fitModel 参数 minCell：应为不小于 1 的整数（线索数），实际为 ${JSON.stringify(options.minCell)}。`,
    });
  }
  const badField = options.segmentBy?.findIndex((field) => typeof field !== 'string' || field === '');
  if (badField !== undefined && badField >= 0) {
    throw new EstimateInputError({
      en: `fitModel options.segmentBy[${badField}]: expected a lead attribute name, got ${JSON.stringify(options.segmentBy![badField])}.`,
      zh: `fitModel 参数 segmentBy[${badField}]：应为线索属性名，实际为 ${JSON.stringify(options.segmentBy![badField])}。`,
    });
  }
  const segmentBy = resolveSegmentBy(history, options.segmentBy);
  const minCell = options.minCell ?? 10;
  const byLead = activitiesByLead(history.activities);
  const segmentOfLead = new Map(history.leads.map((lead) => [lead.id, segmentOf(lead, segmentBy)]));

  const cellCounts = new Map<string, Map<string, CellCounts>>();
  const segmentCounts = new Map<string, { leads: number; wins: number; lost: number; amounts: number[]; cycles: number[] }>();
  let wins = 0;
  const allAmounts: number[] = [];
  for (const lead of history.leads) {
    const segment = segmentOfLead.get(lead.id)!;
    const won = lead.outcome === 'won';
    if (won) wins++;
    let seg = segmentCounts.get(segment);
    if (!seg) segmentCounts.set(segment, (seg = { leads: 0, wins: 0, lost: 0, amounts: [], cycles: [] }));
    seg.leads++;
    if (won) seg.wins++;
    if (lead.outcome === 'lost') seg.lost++;
    if (won && lead.amount !== undefined) {
      seg.amounts.push(lead.amount);
      allAmounts.push(lead.amount);
    }
    if (lead.outcome !== 'open' && lead.closedAt) seg.cycles.push(Math.max(0, (parseInstant(lead.closedAt) - parseInstant(lead.createdAt)) / 3_600_000));
    if (!lead.ownerRepId) continue;
    let repCells = cellCounts.get(lead.ownerRepId);
    if (!repCells) cellCounts.set(lead.ownerRepId, (repCells = new Map()));
    let cell = repCells.get(segment);
    if (!cell) repCells.set(segment, (cell = { leads: 0, wins: 0 }));
    cell.leads++;
    if (won) cell.wins++;
  }

  const segmentKeys = [...segmentCounts.keys()].sort();
  const repIds = [...new Set([...history.reps.map((rep) => rep.id), ...cellCounts.keys()])].sort();
  const cellsOf = (segment: string): CellCounts[] => repIds.map((repId) => cellCounts.get(repId)?.get(segment)).filter((cell): cell is CellCounts => !!cell);

  // κ per segment; a segment that cannot say borrows the κ estimated from all segments' moments together.
  const pooledTerms = { excess: 0, room: 0, reps: 0 };
  for (const segment of segmentKeys) {
    const seg = segmentCounts.get(segment)!;
    const terms = momentTerms(cellsOf(segment), seg.wins / seg.leads);
    // A lone rep is the segment rate by construction: it would pass for "reps do not differ".
    if (terms.reps < 2) continue;
    pooledTerms.excess += terms.excess;
    pooledTerms.room += terms.room;
    pooledTerms.reps += terms.reps;
  }
  const pooledKappa = kappaFromMoments(pooledTerms);

  const segments: Record<string, SegmentFit> = {};
  for (const segment of segmentKeys) {
    const seg = segmentCounts.get(segment)!;
    const rate = seg.wins / seg.leads;
    const own = kappaFromMoments(momentTerms(cellsOf(segment), rate));
    const kappa = own ?? pooledKappa ?? DEFAULT_KAPPA;
    const notWon = seg.leads - seg.wins;
    segments[segment] = {
      leads: seg.leads,
      wins: seg.wins,
      rate,
      rateVariance: segmentRateVariance(cellsOf(segment), rate, kappa),
      kappa,
      kappaFrom: own !== null ? 'segment' : pooledKappa !== null ? 'pooled' : 'default',
      amount: {
        mean: seg.amounts.length ? mean(seg.amounts) : null,
        median: seg.amounts.length ? median(seg.amounts) : null,
        sd: seg.amounts.length ? standardDeviation(seg.amounts) : null,
        won: seg.amounts.length,
      },
      lostShare: notWon > 0 ? seg.lost / notWon : 1,
      cycleHours: quantileGrid(seg.cycles),
    };
  }

  const cells: Model['cells'] = {};
  const unseenCells: Model['unseenCells'] = [];
  const thinCells: Model['thinCells'] = [];
  for (const repId of repIds) {
    for (const segment of segmentKeys) {
      const counts = cellCounts.get(repId)?.get(segment);
      if (!counts) {
        unseenCells.push({ repId, segment });
        continue;
      }
      const seg = segments[segment]!;
      (cells[repId] ??= {})[segment] = { ...counts, ...posterior(counts, seg.rate, seg.kappa) };
      if (counts.leads < minCell) thinCells.push({ repId, segment, leads: counts.leads });
    }
  }

  const responses = fitResponses(history.leads, byLead, minCell);
  const lastActivityAt = new Map<string, number>();
  for (const [leadId, list] of byLead) lastActivityAt.set(leadId, parseInstant(list[list.length - 1]!.at));
  const loads = historicalLoads(history.leads, lastActivityAt);
  const loadSums = new Map<string, { sum: number; n: number }>();
  for (const lead of history.leads) {
    if (!lead.ownerRepId) continue;
    const entry = loadSums.get(lead.ownerRepId) ?? { sum: 0, n: 0 };
    entry.sum += loads.get(lead.id) ?? 0;
    entry.n++;
    loadSums.set(lead.ownerRepId, entry);
  }
  const repMeanLoad: Record<string, number> = {};
  let loadTotal = 0;
  let loadN = 0;
  for (const repId of [...loadSums.keys()].sort()) {
    const entry = loadSums.get(repId)!;
    repMeanLoad[repId] = entry.sum / entry.n;
    loadTotal += entry.sum;
    loadN += entry.n;
  }
  const conversionPoints: LoadPoint[] = [];
  const delayPoints: Array<{ x: number; logDelay: number; repId: string }> = [];
  let lo = 0;
  let hi = 0;
  for (const lead of history.leads) {
    if (!lead.ownerRepId) continue;
    const x = (loads.get(lead.id) ?? 0) - repMeanLoad[lead.ownerRepId]!;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
    const cell = cells[lead.ownerRepId]![segmentOfLead.get(lead.id)!]!;
    conversionPoints.push({ x, won: lead.outcome === 'won', offset: logit(cell.rate) });
    const delay = responses.delays.get(lead.id);
    if (delay !== undefined) delayPoints.push({ x, logDelay: Math.log(delay + 1 / 60), repId: lead.ownerRepId });
  }
  // Centre log delays within each rep so a fast rep with many leads does not pass for a load effect.
  const logMeans = new Map<string, { sum: number; n: number }>();
  for (const point of delayPoints) {
    const entry = logMeans.get(point.repId) ?? { sum: 0, n: 0 };
    entry.sum += point.logDelay;
    entry.n++;
    logMeans.set(point.repId, entry);
  }
  const centredDelays = delayPoints.map((point) => {
    const entry = logMeans.get(point.repId)!;
    return { x: point.x, logDelay: point.logDelay - entry.sum / entry.n };
  });
  const conversion = fitConversionSlope(conversionPoints);

  const span = { start: Number.POSITIVE_INFINITY, end: Number.NEGATIVE_INFINITY };
  const see = (iso: string | undefined) => {
    const t = iso ? parseInstant(iso) : Number.NaN;
    if (Number.isNaN(t)) return;
    span.start = Math.min(span.start, t);
    span.end = Math.max(span.end, t);
  };
  for (const lead of history.leads) {
    see(lead.createdAt);
    see(lead.closedAt);
  }
  for (const activity of history.activities) see(activity.at);

  const repTeams: Record<string, string> = {};
  for (const rep of history.reps) if (rep.teams?.[0]) repTeams[rep.id] = rep.teams[0];
  const teamVotes = new Map<string, Map<string, number>>();
  for (const lead of history.leads) {
    if (!lead.ownerRepId || !lead.team || repTeams[lead.ownerRepId]) continue;
    const votes = teamVotes.get(lead.ownerRepId) ?? new Map<string, number>();
    votes.set(lead.team, (votes.get(lead.team) ?? 0) + 1);
    teamVotes.set(lead.ownerRepId, votes);
  }
  for (const [repId, votes] of teamVotes) {
    repTeams[repId] = [...votes.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  }

  return {
    version: 1,
    segmentBy,
    minCell,
    historyStart: Number.isFinite(span.start) ? new Date(span.start).toISOString() : null,
    historyEnd: Number.isFinite(span.end) ? new Date(span.end).toISOString() : null,
    overall: {
      leads: history.leads.length,
      wins,
      rate: history.leads.length ? wins / history.leads.length : 0,
      amountMean: allAmounts.length ? mean(allAmounts) : null,
    },
    segments,
    cells,
    responses: { pooled: responses.pooled, reps: responses.reps },
    load: {
      conversionSlope: conversion.slope,
      conversionSlopeSe: conversion.se,
      delaySlope: fitDelaySlope(centredDelays),
      range: [lo, hi],
      repMeanLoad,
      meanLoad: loadN ? loadTotal / loadN : 0,
      leads: conversionPoints.length,
    },
    unseenCells,
    thinCells,
    repTeams: Object.fromEntries(Object.entries(repTeams).sort((a, b) => (a[0] < b[0] ? -1 : 1))),
  };
}
