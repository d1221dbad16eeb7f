import { gatherCandidates, onShift, type Candidate, type Gathered } from '../../assignment/candidates.js';
import type { Labels, SkipReason } from '../../types/decision.js';
import type { ExecContext } from '../spec.js';

export interface NamedRep {
  gathered: Gathered;
  /** Set when the rep may take the lead; the row then says which limits were waived. */
  candidate?: Candidate;
  /** Why the rep may not take it: a blocking skip reason, or unknown to the state. */
  blockedBy?: SkipReason | 'unknown';
  /** Limits that would have stopped a rotation but are waived for this rep. */
  waived: string[];
}

/**
 * Looks at one specific rep (a fallback owner, an existing customer's owner) with the shared
 * candidate filters, then waives every limit except the `blocking` ones: such nodes exist
 * precisely to give the lead to this person even when a rotation would pass them over.
 */
export function namedRep(ctx: ExecContext, repId: string, blocking: ReadonlySet<SkipReason>): NamedRep {
  const gathered = gatherCandidates(ctx, { teams: [], roles: [], reps: [repId], match: [], coolingDays: 0, respectShifts: false, respectCaps: false });
  const row = gathered.rows[0];
  const rep = gathered.selected[0];
  if (!row || !rep) return { gathered, blockedBy: 'unknown', waived: [] };
  if (row.reason && blocking.has(row.reason)) return { gathered, blockedBy: row.reason, waived: [] };
  const load = Number(row.detail.load);
  const assignedToday = Number(row.detail.assignedToday);
  const waived: string[] = [];
  if (row.reason) waived.push(row.reason);
  if (rep.shifts && rep.shifts.length > 0 && !onShift(rep, ctx.nowMs, ctx.state.timeZone())) waived.push('offShift');
  if (rep.cap !== undefined && load >= rep.cap) waived.push('full');
  if (rep.dailyCap !== undefined && assignedToday >= rep.dailyCap) waived.push('dailyCapReached');
  row.status = 'eligible';
  delete row.reason;
  if (waived.length > 0) row.detail.waived = waived.join(',');
  return { gathered, candidate: { rep, row, load, assignedToday, weight: Number(row.detail.weight) }, waived };
}

const WAIVED_LABELS: Record<string, Labels> = {
  full: { en: 'full', zh: '已满额' },
  dailyCapReached: { en: 'daily cap reached', zh: '已达每日上限' },
  away: { en: 'away', zh: '休假中' },
  offShift: { en: 'off shift', zh: '不在班' },
  suspended: { en: 'suspended from routing', zh: '已暂停分配' },
  zeroWeight: { en: 'zero weight', zh: '权重为零' },
};

/** The waived limits in words, for notes. */
export function waivedText(waived: readonly string[]): Labels {
  return {
    en: waived.map((w) => WAIVED_LABELS[w]?.en ?? w).join(', '),
    zh: waived.map((w) => WAIVED_LABELS[w]?.zh ?? w).join('、'),
  };
}
