import type { Labels } from '../types/decision.js';

/**
 * Every kind of expectation a test case can state, with the words the editor shows for it. The
 * keys are the field names in a case's `expect` (and `never.*`, `not.*`), so a result's path names
 * the label to show.
 */
export const EXPECTATION_LABELS = {
  assignedTo: { en: 'assigned to', zh: '分配给' },
  oneOf: { en: 'assigned to one of', zh: '分配给其中之一' },
  decidedBy: { en: 'decided by node', zh: '决定节点' },
  holder: { en: 'lead ends with', zh: '线索最终归属' },
  skipped: { en: 'candidates skipped and why', zh: '被跳过的候选人及原因' },
  split: { en: 'credit split', zh: '业绩拆分' },
  penalties: { en: 'penalties imposed', zh: '施加的惩罚' },
  reminders: { en: 'reminders sent', zh: '发出的提醒' },
  reclaimed: { en: 'leads reclaimed', zh: '被回收的线索' },
  notified: { en: 'notifications', zh: '通知' },
  refused: { en: 'refused with', zh: '被拒绝，原因' },
  lead: { en: 'lead fields', zh: '线索字段' },
  'never.assignedTo': { en: 'never assigned to', zh: '绝不分配给' },
  'never.repWhere': { en: 'never assigned to a rep who is', zh: '绝不分配给处于以下状态的销售' },
  'not.reclaimed': { en: 'not reclaimed', zh: '不被回收' },
  'not.assigned': { en: 'not assigned', zh: '不被分配' },
  'not.pooled': { en: 'not sent to a pool', zh: '不进入线索池' },
  'not.refused': { en: 'not refused', zh: '不被拒绝' },
  'not.notified': { en: 'nobody notified', zh: '不发送通知' },
  'not.penalized': { en: 'no penalty imposed', zh: '不施加惩罚' },
  'not.reminded': { en: 'no reminder sent', zh: '不发送提醒' },
} as const satisfies Record<string, Labels>;
export type ExpectationKind = keyof typeof EXPECTATION_LABELS;

/** What `never.repWhere` can say about a rep at the instant of the step (the state the decision saw). */
export const REP_CONDITIONS = {
  away: { en: 'out of office', zh: '休假/外出' },
  inactive: { en: 'inactive', zh: '已停用' },
  suspended: { en: 'suspended from routing (penalty)', zh: '因惩罚暂停分配' },
} as const satisfies Record<string, Labels>;
export type RepCondition = keyof typeof REP_CONDITIONS;
export const REP_CONDITION_NAMES = Object.keys(REP_CONDITIONS) as [RepCondition, ...RepCondition[]];

/** The candidate-table skip reasons (types/decision.ts's SkipReason), as a list a schema can check. */
export const SKIP_REASON_NAMES = [
  'inactive',
  'away',
  'offShift',
  'full',
  'dailyCapReached',
  'cooling',
  'suspended',
  'zeroWeight',
  'notEligible',
  'holiday',
  'error',
] as const;
// Fails to type-check when decision.ts's SkipReason gains or loses a reason this list does not.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _skipReasonsMatch: SameSet<import('../types/decision.js').SkipReason, (typeof SKIP_REASON_NAMES)[number]> = true;
void _skipReasonsMatch;
