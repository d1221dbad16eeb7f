import { gatherCandidates, onShift, SKIP_REASON_LABELS, type Candidate, type Gathered } from '../../assignment/candidates.js';
import type { Labels, SkipReason } from '../../types/decision.js';
import type { Rep } from '../../types/domain.js';
import type { ExecContext } from '../../types/nodeSpec.js';

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
  // A rep the filters could not look at is never given the lead blind.
  if (row.reason && (blocking.has(row.reason) || row.reason === 'error')) return { gathered, blockedBy: row.reason, waived: [] };
  const load = Number(row.detail.load);
  const assignedToday = Number(row.detail.assignedToday);
  const waived: string[] = [];
  if (row.reason) waived.push(row.reason);
  if (rep.shifts && rep.shifts.length > 0 && offShift(ctx, rep)) waived.push('offShift');
  if (rep.cap !== undefined && load >= rep.cap) waived.push('full');
  if (rep.dailyCap !== undefined && assignedToday >= rep.dailyCap) waived.push('dailyCapReached');
  row.status = 'eligible';
  delete row.reason;
  if (waived.length > 0) row.detail.waived = waived.join(',');
  return { gathered, candidate: { rep, row, load, assignedToday, weight: Number(row.detail.weight) }, waived };
}

/**
 * Whether the rep is off shift, only to say it was waived: shifts are waived here anyway, so a
 * zone the runtime does not know is reported and the rep still takes the lead.
 */
function offShift(ctx: ExecContext, rep: Rep): boolean {
  try {
    return !onShift(rep, ctx.nowMs, ctx.state.timeZone());
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    ctx.warn({
      code: 'candidateError',
      repId: rep.id,
      error,
      message: {
        en: `shifts of rep ${rep.id} could not be checked (waived here): ${error}`,
        zh: `无法检查销售 ${rep.id} 的班次（此处不受班次限制）：${error}`,
      },
    });
    return false;
  }
}

const WAIVED_LABELS: Record<string, Labels> = SKIP_REASON_LABELS;

/** The waived limits in words, for notes. */
export function waivedText(waived: readonly string[]): Labels {
  return {
    en: waived.map((w) => WAIVED_LABELS[w]?.en ?? w).join(', '),
    zh: waived.map((w) => WAIVED_LABELS[w]?.zh ?? w).join('、'),
  };
}
