/**
 * Each lead's part in a run's expected wins and revenue: its win probability, the amount it would bring,
 * and — for a counterfactual lead — which model parameters that probability leans on, so the intervals
 * can carry the model's uncertainty and a paired comparison can cancel what two policies share.
 */
import type { History, HistoryLead, ReplayRun } from '../types.js';
import { EstimateInputError } from './errors.js';

export { EstimateInputError };
import type { Model } from './model.js';
import { amountFor, readRate } from './rates.js';
import { segmentOf } from './segments.js';

export interface Contribution {
  lead: HistoryLead;
  /** The lead's place in the run (its results: `run.leads`). */
  index: number;
  segment: string;
  /** Win probability: 0 or 1 for a lead that kept its history, else the behaviour's (or the model's). */
  p: number;
  /** Amount if won. */
  amount: number;
  counterfactual: boolean;
  /** Holder whose rate p comes from (counterfactual leads only). */
  repId: string | undefined;
  /** Parameters p depends on (keys into the model's parameter variances), with ∂p/∂parameter; none for leads that kept their history. */
  cell: string | undefined;
  segmentKey: string;
  amountKey: string;
  dCell: number;
  dSegmentRate: number;
  dSlope: number;
  /** How far the holder's load lay past the history's range (0 inside it): the extrapolated part. */
  loadBeyond: number;
  amountFromSegment: boolean;
  unseen: boolean;
  thin: boolean;
  /**
   * For a lead that kept its history: the model's win probability for its historical rep and the amount a
   * win would bring. Its historical outcome is one draw around that: the "mean" intervals add this noise.
   */
  keptP: number;
  keptAmount: number;
}

export function historyIndex(history: History): Map<string, HistoryLead> {
  return new Map(history.leads.map((lead) => [lead.id, lead]));
}

/**
 * `inOrder`: the history's leads in order, given only when their ids are unique (so `leads` maps
 * each id to the one lead that has it): a run in history order then finds each lead at its own
 * index, without a lookup in a million-entry map.
 */
export function contributions(run: ReplayRun, leads: ReadonlyMap<string, HistoryLead>, model: Model, inOrder?: readonly HistoryLead[]): Contribution[] {
  // Parameter keys are interned: one string per parameter, so the gradient maps hash each only once.
  const keys = new Map<string, { segmentKey: string; amountKey: string; cells: Map<string, string> }>();
  const keysOf = (segment: string) => {
    let entry = keys.get(segment);
    if (!entry) keys.set(segment, (entry = { segmentKey: `segment\u0000${segment}`, amountKey: `amount\u0000${segment}`, cells: new Map() }));
    return entry;
  };
  const results = run.leads;
  const out: Contribution[] = new Array(results.length);
  for (let i = 0; i < results.length; i++) {
    const own = inOrder?.[i];
    const leadId = results.leadId(i);
    const lead = own !== undefined && own.id === leadId ? own : leads.get(leadId);
    if (!lead) {
      throw new EstimateInputError({
        en: `Run "${run.policyLabel}", lead #${i + 1}: lead id "${leadId}" is not in the history.`,
        zh: `运行「${run.policyLabel}」第 ${i + 1} 条线索：线索编号「${leadId}」不在历史数据中。`,
      });
    }
    const counterfactual = results.counterfactual(i);
    const segment = segmentOf(lead, model.segmentBy);
    const segmentKeys = keysOf(segment);
    const c: Contribution = {
      lead,
      index: i,
      segment,
      p: 0,
      amount: 0,
      counterfactual,
      repId: undefined,
      cell: undefined,
      segmentKey: segmentKeys.segmentKey,
      amountKey: segmentKeys.amountKey,
      dCell: 0,
      dSegmentRate: 0,
      dSlope: 0,
      loadBeyond: 0,
      amountFromSegment: false,
      unseen: false,
      thin: false,
      keptP: 0,
      keptAmount: 0,
    };
    out[i] = c;
    if (!counterfactual) {
      // History is fact here: the outcome happened, p is 0 or 1 and nothing about it is uncertain.
      const won = lead.outcome === 'won';
      c.p = won ? 1 : 0;
      c.amount = won ? (lead.amount ?? results.amount(i) ?? 0) : 0;
      if (lead.ownerRepId !== undefined) {
        c.keptP = readRate(model, lead.ownerRepId, segment, results.loadAtAssign(i)).p;
        c.keptAmount = won ? c.amount : amountFor(model, segment, lead.amount).amount;
      }
      continue;
    }
    const { amount, fromSegment } = amountFor(model, segment, lead.amount);
    c.amount = amount;
    c.amountFromSegment = fromSegment;
    const repId = results.finalRepId(i);
    if (repId === undefined) {
      // Nobody holds it at the end: nobody works it, so no win (unless the behaviour said otherwise).
      c.p = results.pWon(i) ?? 0;
      continue;
    }
    const reading = readRate(model, repId, segment, results.loadAtAssign(i));
    const p = results.pWon(i) ?? reading.p;
    let cell = segmentKeys.cells.get(repId);
    if (cell === undefined) segmentKeys.cells.set(repId, (cell = `cell\u0000${repId}\u0000${segment}`));
    c.p = p;
    c.repId = repId;
    c.cell = cell;
    c.dCell = reading.dpDbase;
    c.dSegmentRate = reading.dpDbase * reading.priorWeight;
    c.dSlope = p * (1 - p) * reading.x;
    c.loadBeyond = reading.beyond;
    c.unseen = !reading.seen;
    c.thin = reading.seen && (model.cells[repId]?.[segment]?.leads ?? 0) < model.minCell;
  }
  return out;
}
