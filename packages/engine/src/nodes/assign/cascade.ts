import { z } from 'zod';
import { calendarFor, calendarIdSchema, calendarMissingNote, clockStart, durationWords, givenTwice } from '../../calendar/ruleClock.js';
import { futureIso, localStampOf } from '../../types/localTime.js';
import { EVENT_TYPES } from '../../types/domain.js';
import { durationParts, durationSchema, type Duration } from '../../types/duration.js';
import { addDuration } from '../../calendar/duration.js';
import type { WorkingCalendar } from '../../calendar/workingTime.js';
import type { Labels } from '../../types/decision.js';
import type { Lead } from '../../types/domain.js';
import type { StateView } from '../../types/state.js';
import { defineNode, type ConfigProblem, type ExecContext, type NodeResult } from '../../types/nodeSpec.js';
import { EVENT_LABELS, labelledEnum, type OptionLabels } from '../optionLabels.js';
import { reassignOwnedOption } from '../../assignment/keepOwner.js';

const tierSchema = z.strictObject({
  poolId: z.string().min(1).max(200),
  /** How long the tier's team has to make progress before the lead moves on, in hours (the original field). */
  waitHours: z
    .number()
    .positive()
    .max(24 * 366)
    .optional()
    .meta({
      labels: { en: 'Wait (hours)', zh: '等待时限（小时）' },
      help: { en: 'Hours this tier has; or use “Wait” for minutes, days or working days', zh: '本级的等待小时数；按分钟、天或工作日计时请改用“等待时限”' },
    }),
  /** The same as a duration; give this or waitHours. */
  wait: durationSchema(
    1,
    366,
    { en: 'Wait', zh: '等待时限' },
    {
      en: 'How long this tier has before the lead moves on: an amount and a unit, e.g. 24 hours or 2 working days (working days skip weekends and holidays); at most 366 days. Use this or “Wait (hours)”, not both',
      zh: '本级在线索转入下一级前的等待时长：填数值并选单位，例如 24 小时或 2 个工作日（工作日跳过周末和节假日），最长 366 天。与“等待时限（小时）”二选一',
    },
  ).optional(),
});
type Tier = z.infer<typeof tierSchema>;
type CascadeConfig = { tiers: Tier[]; progress: 'claimed' | 'activity'; calendar?: string | undefined };

/** A tier's wait as a duration: `wait`, or `waitHours` hours. */
const tierWait = (t: Tier): Duration => t.wait ?? { value: t.waitHours ?? 0, unit: 'hours' };
/** Detail of a tier's wait: the field it was given in, and the calendar when it counts working days. */
const waitDetail = (t: Tier, calendar: WorkingCalendar | undefined) =>
  t.wait === undefined ? { waitHours: t.waitHours } : { wait: durationParts(t.wait), ...(calendar ? { calendar: calendar.id } : {}) };

/** Where a lead stands in a cascade, as InMemoryState keeps it on the lead (`lead.cascade`). */
interface CascadeRecord {
  nodeId: string;
  /** Tier index; ENDED once the lead progressed or ran out of tiers. */
  step: number;
  /** The next check while in a tier; when it ended, once ended. */
  due: string;
}
/** A `lead.schedule` change with this step closes the cascade, so later ticks do nothing. */
export const ENDED = -1;

const START_EVENTS = EVENT_TYPES.filter((t) => t !== 'tick');
type StartEvent = Exclude<(typeof EVENT_TYPES)[number], 'tick'>;
const START_EVENT_LABELS = Object.fromEntries(START_EVENTS.map((e) => [e, EVENT_LABELS[e]])) as OptionLabels<StartEvent>;

/**
 * Tiered cascade with delay (延迟分配, S13). The lead first sits in the premium tier's pool; if
 * nobody makes progress within that tier's wait, it moves to the next tier's pool, and so on.
 * The wait of a tier runs from the moment the lead entered it, so a late tick never shortens
 * the next tier's turn.
 */
export const cascade = defineNode({
  kind: 'assign.cascade',
  category: 'assignment',
  labels: { en: 'Tiered cascade', zh: '分级延迟分配' },
  help: {
    en: "Puts a new lead in the first tier's pool. If nobody makes progress (claims it, or logs a follow-up) within that tier's wait, the lead moves to the next tier's pool. After the last tier the flow continues at \"exhausted\" (e.g. a manager queue). The trigger must also listen to ticks.",
    zh: '新线索先进入第一级线索池；若在该级等待时限内无人推进（领取，或有跟进记录），线索转入下一级线索池。最后一级仍无进展时走“已用尽”出口（如转主管分配）。触发节点需同时监听定时检查（tick）。',
  },
  schema: z.strictObject({
    tiers: z.array(tierSchema).min(1).max(10),
    /** What counts as progress: an owner (someone claimed it), or a follow-up since the tier began. */
    progress: labelledEnum(['claimed', 'activity'], {
      claimed: { en: 'Someone claims it', zh: '有人领取' },
      activity: { en: 'A follow-up is logged', zh: '有跟进记录' },
    }).default('claimed'),
    /** Events that (re)start the cascade at the first tier; every other event checks it. */
    startOn: z
      .array(labelledEnum(START_EVENTS as unknown as readonly [StartEvent, ...StartEvent[]], START_EVENT_LABELS))
      .min(1)
      .default(['lead.created', 'lead.returned_to_pool']),
    /** The calendar waits in working days count by. */
    calendar: calendarIdSchema.optional(),
    ...reassignOwnedOption,
  }),
  defaults: {
    tiers: [
      { poolId: 'premium', waitHours: 24 },
      { poolId: 'standard', waitHours: 48 },
    ],
    progress: 'claimed',
    startOn: ['lead.created', 'lead.returned_to_pool'],
  },
  outputs: () => [
    { handle: 'progressed', labels: { en: 'progress made', zh: '已推进' } },
    { handle: 'cascaded', labels: { en: 'moved to the next tier', zh: '已转入下一级' } },
    { handle: 'exhausted', labels: { en: 'no progress in any tier', zh: '各级均无进展' } },
  ],
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  // Only a start takes the lead from an owner it has; any other event checks progress (keepOwner.ts).
  keepsOwner: (c, eventType) => (c.startOn as readonly string[]).includes(eventType),
  check: (c) => {
    const problems: ConfigProblem[] = [];
    const seen = new Map<string, number>();
    c.tiers.forEach((t, i) => {
      const first = seen.get(t.poolId);
      if (first !== undefined) {
        problems.push({
          field: `tiers[${i}].poolId`,
          message: { en: `tier ${i + 1} uses the same pool as tier ${first + 1}`, zh: `第 ${i + 1} 级与第 ${first + 1} 级使用了同一个线索池` },
        });
      } else seen.set(t.poolId, i);
      if (t.wait !== undefined && t.waitHours !== undefined) problems.push(givenTwice(`tiers[${i}].wait`, `tiers[${i}].waitHours`));
      if (t.wait === undefined && t.waitHours === undefined) {
        problems.push({
          field: `tiers[${i}].wait`,
          message: {
            en: `tier ${i + 1} needs a wait: "wait" (e.g. { "value": 2, "unit": "workingDays" }) or "waitHours"`,
            zh: `第 ${i + 1} 级缺少等待时限：请填写“wait”（如 { "value": 2, "unit": "workingDays" }）或“waitHours”`,
          },
        });
      }
    });
    return problems;
  },
  nextDue:
    (config, { nodeId }) =>
    (lead, state) =>
      cascadeNextDue(config, nodeId, lead, state),
  // Progress ends the cascade (a change), so "progressed" acts too.
  dueOutcomes: ['progressed', 'cascaded', 'exhausted'],
  // Its checks are for leads waiting in pools: a whole tick must walk the leads with a check due.
  tickScope: 'scheduledLeads',
  execute: (ctx, config, _fired, nodeId) => {
    if (!ctx.leadId) return { outcome: 'notInCascade', note: { en: 'the event names no lead', zh: '事件未指明线索' } };
    const clock = calendarFor(ctx.state, config.calendar, config.tiers.map(tierWait));
    if ((config.startOn as readonly string[]).includes(ctx.event.type)) {
      if (clock.problem) return calendarMissing(ctx, nodeId, config.tiers[0]!, true, clock.problem, config.calendar);
      const result = enterTier(ctx, nodeId, config.tiers, 0, clock.calendar);
      return { ...result, outcome: 'started' };
    }
    const record = readRecord(ctx, nodeId);
    if (!record) {
      return { outcome: 'notInCascade', note: { en: `lead ${ctx.leadId} is not in this cascade`, zh: `线索 ${ctx.leadId} 不在本分级流程中` } };
    }
    if (record.step === ENDED || record.step >= config.tiers.length) {
      return {
        outcome: 'notInCascade',
        detail: { endedAt: record.due },
        note: {
          en: `the cascade for lead ${ctx.leadId} ended at ${wall(ctx, record.due)}`,
          zh: `线索 ${ctx.leadId} 的分级流程已于 ${wall(ctx, record.due)} 结束`,
        },
      };
    }
    // Only a lead still in a tier needs the calendar: nothing to warn about for one that is not.
    if (clock.problem) return calendarMissing(ctx, nodeId, config.tiers[0]!, false, clock.problem, config.calendar);
    const calendar = clock.calendar;
    const step = record.step;
    const tier = config.tiers[step]!;
    const dueMs = Date.parse(record.due);
    const since = new Date(clockStart(dueMs, tierWait(tier), calendar)).toISOString();
    const seen = progressSeen(ctx, config.progress, since);
    const base = { step, poolId: tier.poolId, ...waitDetail(tier, calendar), since, due: record.due, progressRule: config.progress, ...seen.detail };

    if (seen.made) {
      end(ctx, nodeId);
      return { outcome: 'progressed', detail: base, note: seen.note };
    }
    if (ctx.nowMs < dueMs) {
      return {
        outcome: 'waiting',
        detail: base,
        note: {
          en: `no progress yet in pool ${tier.poolId}; waiting until ${wall(ctx, record.due)}`,
          zh: `线索池 ${tier.poolId} 中暂无进展，等待至 ${wall(ctx, record.due)}`,
        },
      };
    }
    if (step + 1 < config.tiers.length) {
      const moved = enterTier(ctx, nodeId, config.tiers, step + 1, calendar);
      return {
        outcome: 'cascaded',
        detail: { ...base, ...moved.detail },
        note: {
          en: `no progress in pool ${tier.poolId} between ${wall(ctx, since)} and ${wall(ctx, record.due)}: moved to tier ${step + 2}, pool ${config.tiers[step + 1]!.poolId}`,
          zh: `线索池 ${tier.poolId} 在 ${wall(ctx, since)} 至 ${wall(ctx, record.due)} 期间无进展：转入第 ${step + 2} 级线索池 ${config.tiers[step + 1]!.poolId}`,
        },
      };
    }
    // Out of tiers. The cascade itself leaves the lead where it is (the last pool), so with
    // nothing on "exhausted" it stays claimable there. S13 sends it on to a manager: a manager
    // queue then takes it out of that pool (state `lead.queue`), so it never waits in both at
    // once — one holder per lead (state/holder.ts). Notifying a manager instead keeps the pool.
    end(ctx, nodeId);
    return {
      outcome: 'exhausted',
      detail: base,
      note: {
        en: `no progress in the last tier (pool ${tier.poolId}) by ${wall(ctx, record.due)}: every tier had its turn; the lead stays in pool ${tier.poolId} unless the "no progress in any tier" exit hands it on (a manager queue takes it out of the pool)`,
        zh: `最后一级（线索池 ${tier.poolId}）至 ${wall(ctx, record.due)} 仍无进展：各级均已轮过；线索留在线索池 ${tier.poolId}，除非“各级均无进展”出口另行处理（转主管分配时移出线索池）`,
      },
    };
  },
});

/** An instant as the note shows it: the tenant's wall clock (the detail keeps it ISO). */
const wall = (ctx: ExecContext, iso: string): string => localStampOf(iso, ctx.state.timeZone());

/** Moves the lead into tier `step`'s pool and books the check at the end of its wait. */
function enterTier(ctx: ExecContext, nodeId: string, tiers: readonly Tier[], step: number, calendar: WorkingCalendar | undefined): NodeResult {
  const leadId = ctx.leadId!;
  const tier = tiers[step]!;
  const previousOwnerId = ctx.currentOwner();
  const due = futureIso(addDuration(ctx.nowMs, tierWait(tier), calendar));
  ctx.act({ type: 'toPool', leadId, poolId: tier.poolId, previousOwnerId, nodeId });
  ctx.change({ type: 'lead.toPool', leadId, poolId: tier.poolId, previousOwnerId, at: ctx.nowIso, nodeId });
  ctx.setOwner(null);
  ctx.act({ type: 'schedule', leadId, due, nodeId, step });
  ctx.change({ type: 'lead.schedule', leadId, due, nodeId, step });
  // A wait given as a duration says how it was counted; `waitHours` explanations read as they always did.
  const wait = tier.wait === undefined ? undefined : durationWords(tier.wait, calendar);
  return {
    detail: {
      nextStep: step,
      nextPoolId: tier.poolId,
      nextDue: due,
      previousOwnerId,
      ...(tier.wait !== undefined ? { nextWait: durationParts(tier.wait) } : {}),
    },
    note: wait
      ? {
          en: `in tier ${step + 1} (pool ${tier.poolId}, wait ${wait.en}) until ${wall(ctx, due)}`,
          zh: `进入第 ${step + 1} 级（线索池 ${tier.poolId}，等待 ${wait.zh}），时限至 ${wall(ctx, due)}`,
        }
      : {
          en: `in tier ${step + 1} (pool ${tier.poolId}) until ${wall(ctx, due)}`,
          zh: `进入第 ${step + 1} 级（线索池 ${tier.poolId}），时限至 ${wall(ctx, due)}`,
        },
  };
}

/**
 * The calendar the waits count by is missing: no check is booked and no lead moves on (a lead
 * moved a week early cannot be put back). A starting lead still enters the first tier's pool, so
 * it is held and claimable while someone adds the calendar.
 */
function calendarMissing(ctx: ExecContext, nodeId: string, first: Tier, starts: boolean, problem: Labels, calendarId: string | undefined): NodeResult {
  ctx.warn({ code: 'calendarMissing', error: problem.en, message: problem });
  const leadId = ctx.leadId!;
  if (starts) {
    const previousOwnerId = ctx.currentOwner();
    ctx.act({ type: 'toPool', leadId, poolId: first.poolId, previousOwnerId, nodeId });
    ctx.change({ type: 'lead.toPool', leadId, poolId: first.poolId, previousOwnerId, at: ctx.nowIso, nodeId });
    ctx.setOwner(null);
  }
  const skipped = starts
    ? { en: `lead ${leadId} is in pool ${first.poolId}; the cascade's clock`, zh: `线索 ${leadId} 已进入线索池 ${first.poolId}；分级流程计时` }
    : { en: `the cascade check for lead ${leadId}`, zh: `线索 ${leadId} 的分级流程检查` };
  return { outcome: 'calendarMissing', detail: { calendarMissing: calendarId ?? null }, note: calendarMissingNote(skipped, problem) };
}

/** Closes the cascade: no action for the CRM, only the state remembers it is over. */
function end(ctx: ExecContext, nodeId: string): void {
  ctx.change({ type: 'lead.schedule', leadId: ctx.leadId!, due: ctx.nowIso, nodeId, step: ENDED });
}

/**
 * Next due (types/nodeSpec.ts): a lead in a tier moves on at the tier's due time, or ends the
 * cascade at the first tick after progress (already made: due when it was made). Never for a lead
 * not in the cascade, past its end, or whose calendar is missing (nothing moves).
 */
function cascadeNextDue(config: CascadeConfig, nodeId: string, lead: Lead, state: StateView): number | undefined {
  const record = recordOf(lead, nodeId);
  if (!record || record.step === ENDED || record.step >= config.tiers.length) return undefined;
  const clock = calendarFor(state, config.calendar, config.tiers.map(tierWait));
  if (clock.problem) return undefined;
  const dueMs = Date.parse(record.due);
  if (config.progress === 'claimed') {
    if (!lead.ownerId) return dueMs;
    const at = lead.ownedSince === undefined ? Number.NaN : Date.parse(lead.ownedSince);
    return Number.isFinite(at) ? Math.min(at, dueMs) : Number.NEGATIVE_INFINITY;
  }
  const since = clockStart(dueMs, tierWait(config.tiers[record.step]!), clock.calendar);
  const last = lead.lastActivityAt === undefined ? Number.NaN : Date.parse(lead.lastActivityAt);
  return Number.isFinite(last) && last > since ? Math.min(last, dueMs) : dueMs;
}

function readRecord(ctx: ExecContext, nodeId: string): CascadeRecord | undefined {
  return recordOf(ctx.state.lead(ctx.leadId!), nodeId);
}

function recordOf(lead: Lead | undefined, nodeId: string): CascadeRecord | undefined {
  const raw = (lead as { cascade?: unknown } | undefined)?.cascade;
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Partial<CascadeRecord>;
  if (r.nodeId !== nodeId || typeof r.step !== 'number' || typeof r.due !== 'string' || !Number.isFinite(Date.parse(r.due))) return undefined;
  return { nodeId: r.nodeId, step: r.step, due: r.due };
}

/** Whether the tier's team moved the lead forward since the tier began. */
function progressSeen(ctx: ExecContext, rule: 'claimed' | 'activity', since: string): { made: boolean; detail: Record<string, unknown>; note?: Labels } {
  if (rule === 'claimed') {
    const owner = ctx.currentOwner();
    return {
      made: owner !== null,
      detail: { owner },
      ...(owner !== null ? { note: { en: `${owner} claimed the lead: the cascade stops`, zh: `${owner} 已领取该线索，分级流程结束` } } : {}),
    };
  }
  const last = latestActivity(ctx);
  const made = last !== undefined && Date.parse(last) > Date.parse(since);
  return {
    made,
    detail: { lastActivityAt: last ?? null },
    ...(made
      ? {
          note: {
            en: `follow-up at ${wall(ctx, last!)}, after the tier began at ${wall(ctx, since)}: the cascade stops`,
            zh: `${wall(ctx, last!)} 有跟进记录（本级开始于 ${wall(ctx, since)}），分级流程结束`,
          },
        }
      : {}),
  };
}

/** The lead's last follow-up, counting the activity this very event reports. */
function latestActivity(ctx: ExecContext): string | undefined {
  const candidates: string[] = [];
  if (ctx.lead?.lastActivityAt) candidates.push(ctx.lead.lastActivityAt);
  if (ctx.event.type === 'activity.logged') candidates.push(ctx.event.activity?.at ?? ctx.event.at);
  let best: string | undefined;
  for (const c of candidates) if (best === undefined || Date.parse(c) > Date.parse(best)) best = c;
  return best;
}
