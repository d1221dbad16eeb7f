import { z } from 'zod';
import type { ExecContext } from '../types/nodeSpec.js';
import type { Rep } from '../types/domain.js';
import type { CandidateRow, Labels, SkipReason } from '../types/decision.js';
import type { ConfigProblem } from '../types/nodeSpec.js';
import { durationSchema } from '../types/duration.js';
import { calendarIdSchema, givenTwice } from '../calendar/ruleClock.js';
import { COOLING_LABEL, coolingWords } from './rerouteCooling.js';
import { selectedReps } from './selection.js';
import { CandidateEvaluator } from './evaluator.js';
import { reassignOwnedOption } from './keepOwner.js';

export { CandidateEvaluator, onShift } from './evaluator.js';

const REP_LISTS = ['regions', 'products', 'industries', 'languages', 'skills'] as const;

/** Who may receive leads from an assignment node, and which limits it honours. */
export const candidateSelection = {
  teams: z.array(z.string().min(1)).default([]),
  roles: z.array(z.string().min(1)).default([]),
  reps: z.array(z.string().min(1)).default([]),
  /** The rep's list must contain the lead's value, e.g. regions ∋ lead.region (Odoo's member domain). */
  match: z.array(z.strictObject({ repField: z.enum(REP_LISTS), fact: z.string() })).default([]),
  /** A rep who lost this lead may not get it back for this many days (S14). */
  coolingDays: z.number().min(0).max(3650).default(0),
  /** The same cooling as a duration (12 hours, 3 working days by `calendar`); this or a positive coolingDays, not both. */
  cooling: durationSchema(
    0,
    3650,
    { en: 'Cooling after losing the lead', zh: '失去线索后的冷却期' },
    {
      en: 'A rep who lost this lead (reclaimed, released, reassigned) does not get it back from this node until this has passed: a number of days, or a number with its unit — minutes, hours, days or working days (e.g. 3 working days by the calendar chosen here). Use this or "cooling days", not both.',
      zh: '失去该线索（被回收、释放或改派）的销售，在此时长内不会经本节点再次分到它：填天数，或数值加单位——分钟、小时、天或工作日（如按此处所选日历计 3 个工作日）。与“冷却天数”二选一。',
    },
  ).optional(),
  /** The calendar a cooling in working days counts by (the rule-wide name, as on pools, cascades and penalties). */
  calendar: calendarIdSchema.optional(),
  respectShifts: z.boolean().default(true),
  respectCaps: z.boolean().default(true),
  /** Route a new or updated lead that already has an owner anyway (keepOwner.ts); off, it stays with them. */
  ...reassignOwnedOption,
};
export const candidateSelectionSchema = z.strictObject(candidateSelection);
export type CandidateSelection = z.infer<typeof candidateSelectionSchema>;

/** What the selection's schema cannot say: the former owner's cooling is given once. */
export function selectionProblems(sel: Pick<CandidateSelection, 'coolingDays' | 'cooling'>): ConfigProblem[] {
  // coolingDays defaults to 0, so only a positive one is a second answer.
  return sel.cooling !== undefined && sel.coolingDays > 0 ? [givenTwice('cooling', 'coolingDays')] : [];
}

export interface Candidate {
  rep: Rep;
  row: CandidateRow;
  load: number;
  assignedToday: number;
  /** Routing weight after penalties and rewards. */
  weight: number;
}

export interface Gathered {
  /** The selected reps looked at, each with its verdict: every one in id order, or (round robin) those its turn passed, in turn order. */
  rows: CandidateRow[];
  eligible: Candidate[];
  /** Selected reps in id order (for pointers). */
  selected: readonly Rep[];
  /** Who the node selects: said when it selects nobody at all (a team no rep of the roster is in). */
  selection?: Pick<CandidateSelection, 'teams' | 'roles' | 'reps'>;
}

/** Why a candidate was skipped, in words that follow "rep X is …" (the candidate table shows the code). */
export const SKIP_REASON_LABELS: Readonly<Record<SkipReason, Labels>> = {
  inactive: { en: 'inactive', zh: '已停用' },
  suspended: { en: 'suspended from routing', zh: '已暂停分配' },
  away: { en: 'away', zh: '休假中' },
  offShift: { en: 'off shift', zh: '不在班' },
  notEligible: { en: 'not eligible for this lead', zh: '不符合该线索条件' },
  holiday: { en: 'on holiday', zh: '节假日休息' },
  cooling: COOLING_LABEL,
  full: { en: 'full', zh: '已满额' },
  dailyCapReached: { en: 'daily cap reached', zh: '已达每日上限' },
  zeroWeight: { en: 'zero weight', zh: '权重为零' },
  error: { en: 'impossible to evaluate', zh: '无法评估' },
};

/**
 * A skipped row's reason in words, with what the row's detail adds: "on holiday (National Day)" /
 * "节假日休息（国庆节）", "off for the weekend" / "周末休息". `zone`: the tenant's, whose wall clock
 * shows a cooling period's end.
 */
export function skipReasonWords(row: Pick<CandidateRow, 'reason' | 'detail'>, zone?: string): Labels | undefined {
  if (!row.reason) return undefined;
  if (row.reason === 'cooling') return coolingWords(row.detail, zone);
  if (row.reason !== 'holiday') return SKIP_REASON_LABELS[row.reason];
  const { holiday, holidayZh } = row.detail;
  if (typeof holiday === 'string' && typeof holidayZh === 'string') return { en: `on holiday (${holiday})`, zh: `节假日休息（${holidayZh}）` };
  return row.detail.why === 'weekend' ? { en: 'off for the weekend', zh: '周末休息' } : SKIP_REASON_LABELS.holiday;
}

/**
 * Why a table's skipped reps were skipped, counted: "2 full, 1 away" / "2 人已满额、1 人休假中",
 * the commonest reason first (equal counts in the filters' order). Undefined when nobody was skipped.
 */
export function skipCounts(rows: readonly CandidateRow[]): Labels | undefined {
  const counts = new Map<SkipReason, number>();
  for (const row of rows) if (row.status === 'skipped' && row.reason) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1);
  if (counts.size === 0) return undefined;
  const order = Object.keys(SKIP_REASON_LABELS) as SkipReason[];
  const reasons = order.filter((r) => counts.has(r)).sort((a, b) => counts.get(b)! - counts.get(a)!);
  return {
    en: reasons.map((r) => `${counts.get(r)} ${SKIP_REASON_LABELS[r].en}`).join(', '),
    zh: reasons.map((r) => `${counts.get(r)} 人${SKIP_REASON_LABELS[r].zh}`).join('、'),
  };
}

/** A rep's cap for this node: a fixed cap, or what a dynamic-cap node computes. */
export type CapOf = (rep: Rep) => number | undefined;

/**
 * Applies the shared filters in a fixed order and says why each rep was skipped; the first
 * failing filter is the reason shown.
 */
export function gatherCandidates(ctx: ExecContext, sel: CandidateSelection, capOf: CapOf = (r) => r.cap): Gathered {
  const evaluator = new CandidateEvaluator(ctx, sel, capOf);
  const rows: CandidateRow[] = [];
  const eligible: Candidate[] = [];
  const selected: Rep[] = [];
  for (const rep of selectedReps(ctx.state, sel)) {
    selected.push(rep);
    const { row, candidate } = evaluator.evaluate(rep);
    rows.push(row);
    if (candidate) eligible.push(candidate);
  }
  return { rows, eligible, selected, selection: sel };
}
