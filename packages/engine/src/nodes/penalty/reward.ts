import { z } from 'zod';
import { isActive, penaltySource } from '../../assignment/penalties.js';
import { calendarFor, calendarIdSchema, durationWords, lengthText } from '../../calendar/ruleClock.js';
import type { Penalty } from '../../types/domain.js';
import type { Labels } from '../../types/decision.js';
import { durationParts, durationSchema, type Duration } from '../../types/duration.js';
import { addDuration } from '../../calendar/duration.js';
import { defineNode } from '../../types/nodeSpec.js';
import { localStampOf } from '../../types/localTime.js';
import {
  calendarMissing,
  clockProblems,
  currentOwnership,
  daysSchema,
  lastsSchema,
  lastsWords,
  lengthProblems,
  penaltyLength,
  round,
  tell,
  tellSchema,
  untilIso,
  ONE_RULE_WITH_OUTCOMES,
} from './common.js';
import { labelledEnum } from '../optionLabels.js';

const MINUTE_MS = 60_000;

/**
 * Fast first contact → reward (S29). When the owner's first follow-up on a lead comes within M
 * minutes of getting it, their routing weight is raised (× r, r > 1) for D days. Once per lead,
 * whoever earns it: a lead passed around cannot be farmed for rewards, and a redelivered event
 * finds the reward already given. `maxActive` keeps rewards from stacking without end.
 */
export const reward = defineNode({
  kind: 'penalty.reward',
  category: 'action',
  labels: { en: 'Fast first contact → reward', zh: '快速首次跟进 → 加权' },
  help: {
    en:
      'Run on “activity logged”. If this is the owner’s first follow-up on the lead and it came within the given minutes of getting the lead, the owner’s routing weight is multiplied ' +
      'by the factor for D days (optionally easing back to normal). A contact at exactly the limit counts. Each lead earns at most one reward.',
    zh:
      '在“记录跟进”事件上使用。若这是负责人对该线索的首次跟进，且距获得线索不超过设定分钟数，则 D 天内其分配权重乘以该系数（可设为逐步恢复）。' +
      '恰好在时限时跟进也算。每条线索最多奖励一次。',
  },
  schema: z.strictObject({
    /** The time limit in minutes (the original field); or `within`. */
    withinMinutes: z
      .number()
      .positive()
      .max(60 * 24 * 31)
      .optional()
      .meta({
        labels: { en: 'Within (minutes)', zh: '时限（分钟）' },
        help: {
          en: 'Minutes from getting the lead to the first follow-up; or use “Within” for hours, days or working days',
          zh: '从获得线索到首次跟进的分钟数；按小时、天或工作日计请改用“时限”',
        },
      }),
    /** The same as a duration, e.g. 1 working day. */
    within: durationSchema(
      1,
      31,
      { en: 'Within', zh: '时限' },
      {
        en: 'The first follow-up must come this soon after getting the lead: an amount and a unit, e.g. 30 minutes or 2 hours; at most 31 days. Use this or “Within (minutes)”, not both',
        zh: '获得线索后多久内首次跟进才奖励：填数值并选单位，例如 30 分钟或 2 小时，最长 31 天。与“时限（分钟）”二选一',
      },
    ).optional(),
    weightFactor: z.number().gt(1).max(10).default(1.2),
    days: daysSchema.optional(),
    lasts: lastsSchema.optional(),
    /** The calendar working days count by (time limit and reward length). */
    calendar: calendarIdSchema.optional(),
    decay: labelledEnum(['none', 'linear'], {
      none: { en: 'Full strength until it ends', zh: '结束前保持不变' },
      linear: { en: 'Fades evenly until it ends', zh: '逐日均匀减弱直至结束' },
    }).default('none'),
    /** Rewards from this node a rep may hold at once; more fast contacts then earn nothing extra. */
    maxActive: z.number().int().min(1).max(100).default(1),
    tell: tellSchema.default(['rep']),
  }),
  defaults: { withinMinutes: 60, weightFactor: 1.2, days: 7, decay: 'none', maxActive: 1, tell: ['rep'] },
  outputs: () => [
    { handle: 'rewarded', labels: { en: 'rewarded', zh: '已加权' } },
    { handle: 'none', labels: { en: 'no reward', zh: '无奖励' } },
  ],
  ...ONE_RULE_WITH_OUTCOMES,
  check: (c) => [
    ...clockProblems(
      'within',
      'withinMinutes',
      { field: c.within !== undefined, legacy: c.withinMinutes !== undefined },
      { en: 'how soon must the first follow-up come?', zh: '请设置首次跟进的时限' },
    ),
    ...lengthProblems(c),
  ],
  execute: (ctx, c, _fired, nodeId) => {
    const { state, event } = ctx;
    const none = (note: Labels, detail: Record<string, unknown> = {}) => ({ outcome: 'none', detail, note });
    // Messages show instants on the tenant's wall clock; the detail keeps them ISO.
    const shown = (iso: string) => localStampOf(iso, state.timeZone());
    const lead = ctx.lead;
    if (!ctx.leadId || !lead) return none({ en: 'the event names no lead', zh: '事件未指明线索' });
    const owner = ctx.currentOwner();
    if (!owner) return none({ en: `lead ${ctx.leadId} has no owner`, zh: `线索 ${ctx.leadId} 没有负责人` });
    const by = event.activity?.repId ?? event.repId;
    if (by !== owner)
      return none({
        en: `the follow-up is by ${by ?? 'someone unknown'}, not by the owner ${owner}`,
        zh: `此次跟进由 ${by ?? '未知人员'} 记录，而非负责人 ${owner}`,
      });
    const owned = currentOwnership(state, lead, owner);
    if (!owned) return none({ en: `no record of when ${owner} got lead ${ctx.leadId}`, zh: `没有 ${owner} 获得线索 ${ctx.leadId} 的时间记录` });
    const sinceMs = Date.parse(owned.since);
    const at = event.activity?.at ?? event.at;
    const atMs = Date.parse(at);
    const minutes = round((atMs - sinceMs) / MINUTE_MS, 1);
    const within: Duration = c.within ?? { value: c.withinMinutes ?? 0, unit: 'minutes' };
    const length = penaltyLength(c);
    const clock = calendarFor(state, c.calendar, [within, length]);
    if (clock.problem)
      return calendarMissing(ctx, c.calendar, clock.problem, {
        en: `the fast-contact reward for ${owner} on lead ${ctx.leadId}`,
        zh: `${owner} 在线索 ${ctx.leadId} 上的快速跟进奖励`,
      });
    const calendar = clock.calendar;
    const limit = c.within === undefined ? lengthText(within, true) : durationWords(within, calendar);
    const given =
      c.within === undefined ? { withinMinutes: c.withinMinutes } : { within: durationParts(c.within), ...(calendar ? { calendar: calendar.id } : {}) };
    const detail = { leadId: ctx.leadId, repId: owner, ownedSince: owned.since, contactAt: at, minutes, ...given };
    if (atMs < sinceMs)
      return none({ en: `the follow-up at ${shown(at)} predates ${owner}'s ownership`, zh: `此次跟进（${shown(at)}）早于 ${owner} 获得线索的时间` }, detail);
    // Strictly earlier touches only: the log may already hold this very activity.
    const earlier = state.activities(ctx.leadId).find((a) => a.repId === owner && sinceMs <= Date.parse(a.at) && Date.parse(a.at) < atMs);
    if (earlier)
      return none(
        { en: `not the first follow-up: ${owner} already followed up at ${shown(earlier.at)}`, zh: `不是首次跟进：${owner} 已于 ${shown(earlier.at)} 跟进过` },
        { ...detail, firstContactAt: earlier.at },
      );
    if (atMs > addDuration(sinceMs, within, calendar)) {
      return none({ en: `first follow-up after ${minutes} min, later than ${limit.en}`, zh: `首次跟进用时 ${minutes} 分钟，超过 ${limit.zh}` }, detail);
    }
    const source = penaltySource(ctx.policyKey, nodeId, ctx.leadId);
    const earner = state.reps().find((r) => state.penalties(r.id).some((p) => p.source === source));
    if (earner)
      return none({ en: `lead ${ctx.leadId} already earned a reward (for ${earner.id})`, zh: `线索 ${ctx.leadId} 已奖励过（给 ${earner.id}）` }, detail);
    const prefix = penaltySource(ctx.policyKey, nodeId) + '#';
    const held = state.penalties(owner).filter((p) => p.kind === 'reward' && p.source?.startsWith(prefix) && isActive(p, ctx.nowMs));
    if (held.length >= c.maxActive) {
      return none(
        {
          en: `${owner} already holds ${held.length} reward(s) from this rule, the most allowed at once`,
          zh: `${owner} 已持有本规则的 ${held.length} 项奖励，达到同时持有上限`,
        },
        { ...detail, activeRewards: held.length, maxActive: c.maxActive },
      );
    }

    const until = untilIso(ctx.nowMs, length, calendar);
    const lasts = lastsWords(c, calendar);
    const penalty: Penalty = {
      repId: owner,
      from: ctx.nowIso,
      until,
      weightFactor: c.weightFactor,
      suspendClaims: false,
      suspendRouting: false,
      reason: `fast first contact on ${ctx.leadId}: ${minutes} min ≤ ${limit.en}`.slice(0, 500),
      reasonZh: `线索 ${ctx.leadId} 快速首次跟进：${minutes} 分钟 ≤ ${limit.zh}`.slice(0, 500),
      kind: 'reward',
      decay: c.decay,
      source,
    };
    ctx.change({ type: 'penalty.add', penalty });
    const note = {
      en: `${owner} first followed up lead ${ctx.leadId} ${minutes} min after getting it (limit ${limit.en}): routing weight × ${c.weightFactor} until ${shown(until)}${lasts.en}`,
      zh: `${owner} 在获得线索 ${ctx.leadId} 后 ${minutes} 分钟首次跟进（时限 ${limit.zh}）：分配权重 × ${c.weightFactor}，至 ${shown(until)}${lasts.zh}`,
    };
    const told = tell(ctx, nodeId, owner, c.tell, note);
    return { outcome: 'rewarded', detail: { ...detail, weightFactor: c.weightFactor, until, decay: c.decay, told: told.map((r) => r.id) }, note };
  },
});
