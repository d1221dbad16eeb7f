/**
 * The tenant's current points score for historical leads, as their points table would have given
 * it: the policy is compiled and run by the engine's own `step` on the lead's creation and on each
 * of its activities up to the scoring instant, and the score the run leaves on the lead is read.
 * No second implementation of points: what the table means is what the engine does with it.
 */
import { compileErrorPath, compilePolicy, InMemoryState, type PolicyDocument, step, type StepEvent } from '@sluice/engine';
import { activitiesByLead } from '../../history/byLead.js';
import type { HistoryActivity, HistoryLead } from '../../types.js';
import { EvaluateInputError } from './errors.js';

const SCORING_EVENTS = ['lead.created', 'activity.logged'];

export interface PointsOptions {
  /** IANA zone the policy counts local time in (working hours, weekdays); default UTC. */
  timeZone?: string;
}

/**
 * One score per lead, in the order of `leads`. Each lead starts from an empty state (no reps, no
 * other leads), so one lead's score never depends on another's. Events: `lead.created` at its
 * creation with its attributes, then `activity.logged` for each of its activities at or before
 * `at(lead)` (epoch ms), in time order — each decided at its own instant, as the CRM would have.
 * A lead the table never scores (its score node not reached) reads 0, as an unscored lead sorts.
 */
export function pointsScores(
  policy: PolicyDocument,
  leads: readonly HistoryLead[],
  activities: readonly HistoryActivity[],
  at: (lead: HistoryLead) => number,
  options: PointsOptions = {},
): number[] {
  const compiled = compilePolicy(policy);
  if (!compiled.ok) {
    const first = compiled.errors[0]!;
    throw new EvaluateInputError({
      en: `the points table does not compile (${compiled.errors.length} problem(s)); first at ${compileErrorPath(first, policy)}: ${first.message.en}`,
      zh: `积分表无法编译（共 ${compiled.errors.length} 处问题）；第一处在 ${compileErrorPath(first, policy)}：${first.message.zh}`,
    });
  }
  if (!policy.nodes.some((n) => n.type === 'score'))
    throw new EvaluateInputError({ en: 'the points table has no score node: it gives no points to compare with', zh: '积分表没有评分节点：没有可比较的分数' });
  if (!compiled.policy.trigger.events.some((e) => SCORING_EVENTS.includes(e)))
    throw new EvaluateInputError({
      en: `the points table never runs on a new lead or an activity: its trigger lists ${compiled.policy.trigger.events.join(', ')}`,
      zh: `积分表不会在新线索或活动时运行：其触发事件为 ${compiled.policy.trigger.events.join('、')}`,
    });
  const policies = [compiled.policy];
  const empty = InMemoryState.from({ timeZone: options.timeZone ?? 'UTC' });
  const byLead = activitiesByLead(activities);
  return leads.map((lead, i) => {
    const where = lead.row === undefined ? `leads[${i}] (${lead.id})` : `row ${lead.row} (${lead.id})`;
    const until = at(lead);
    const createdMs = Date.parse(lead.createdAt);
    if (!Number.isFinite(createdMs))
      throw new EvaluateInputError({ en: `${where}: createdAt is not an instant: ${lead.createdAt}`, zh: `${where}：创建时间无效：${lead.createdAt}` });
    if (!Number.isFinite(until))
      throw new EvaluateInputError({ en: `${where}: the scoring instant is not a time: ${until}`, zh: `${where}：评分时间无效：${until}` });
    const state = empty.clone();
    const data = { ...lead.attributes, id: lead.id, createdAt: lead.createdAt } as NonNullable<StepEvent['lead']>;
    step({ policies, state, event: { id: `created:${lead.id}`, type: 'lead.created', at: lead.createdAt, lead: data }, now: createdMs, explain: false });
    for (const [k, a] of (byLead.get(lead.id) ?? []).entries()) {
      const ms = Date.parse(a.at);
      // Only what had happened by the scoring instant: a later activity would be hindsight.
      if (!(ms <= until)) break;
      const repId = a.repId ?? lead.ownerRepId;
      const event: StepEvent = {
        id: `activity:${lead.id}:${k}`,
        type: 'activity.logged',
        at: a.at,
        leadId: lead.id,
        activity: { kind: a.type, at: a.at, ...(repId ? { repId } : {}) },
      };
      if (repId) event.repId = repId;
      // Refused (an activity with no rep to log it) means the table did not run on it: nothing to score.
      step({ policies, state, event, now: ms, explain: false });
    }
    const score = state.lead(lead.id)?.score;
    return typeof score === 'number' && Number.isFinite(score) ? score : 0;
  });
}
