import { z } from 'zod';
import { penaltySource } from '../../assignment/penalties.js';
import { calendarFor, calendarIdSchema, durationWords, lengthText } from '../../calendar/ruleClock.js';
import type { Lead, Penalty } from '../../types/domain.js';
import type { StateView } from '../../types/state.js';
import { durationParts, durationSchema, type Duration } from '../../types/duration.js';
import { addDuration } from '../../calendar/duration.js';
import { defineNode } from '../../types/nodeSpec.js';
import { localStampOf } from '../../types/localTime.js';
import {
  calendarMissing,
  clockProblems,
  currentOwnership,
  daysSchema,
  hours,
  lastsSchema,
  lastsWords,
  lengthProblems,
  penaltyLength,
  poolIdSchema,
  release,
  subjectRep,
  tell,
  tellSchema,
  touched,
  untilIso,
  ONE_RULE_WITH_OUTCOMES,
} from './common.js';
import { labelledEnum } from '../optionLabels.js';

interface IdleLead {
  leadId: string;
  via: string;
  since: string;
  hoursIdle: number;
}

/**
 * Idle claim (S27): a rep who took leads (claimed or was given them) and logged nothing on them
 * within N hours is demoted — routing weight × f for D days — and those leads go back to a pool.
 *
 * The deadline is inclusive for the rep: a follow-up at exactly N hours is in time, and a tick at
 * exactly N hours with no follow-up finds the lead idle. An idle spell is penalised once: a later
 * tick skips leads whose spell a penalty from this node already covered (imposed after the lead
 * went idle), which matters when the leads are not released.
 */
export const idleClaim = defineNode({
  kind: 'penalty.idleClaim',
  category: 'action',
  labels: { en: 'Idle claim → demote', zh: '领取后未跟进 → 降权' },
  help: {
    en:
      'Run on a per-rep tick. Finds leads the rep claimed or was assigned more than N hours ago with no follow-up by them since; if any, lowers the rep’s routing weight ' +
      '(× factor for D days) and releases those leads to a pool for re-assignment. A follow-up at exactly N hours is in time. The same idle leads are never penalised twice.',
    zh:
      '在按销售运行的定时检查中使用。找出该销售领取或被分配超过 N 小时、之后本人没有任何跟进的线索；若有，则降低其分配权重（D 天内乘以系数），' +
      '并把这些线索释放回线索池重新分配。恰好在第 N 小时跟进仍算及时。同一批闲置线索不会被重复处罚。',
  },
  schema: z.strictObject({
    /** Hours without follow-up (the original field); or `idleFor`. */
    idleHours: z
      .number()
      .positive()
      .max(24 * 366)
      .optional()
      .meta({
        labels: { en: 'Idle hours', zh: '未跟进小时数' },
        help: {
          en: 'Hours without follow-up before the rep is demoted; or use “Idle for” for minutes, days or working days',
          zh: '超过该小时数未跟进即降权；按分钟、天或工作日计时请改用“未跟进时长”',
        },
      }),
    /** The same as a duration, e.g. 2 working days. */
    idleFor: durationSchema(
      1,
      366,
      { en: 'Idle for', zh: '未跟进时长' },
      {
        en: 'How long a taken lead may go without follow-up: an amount and a unit, e.g. 4 hours or 1 working day; at most 366 days. Use this or “Idle hours”, not both',
        zh: '领取或分配后多久未跟进即处罚：填数值并选单位，例如 4 小时或 1 个工作日，最长 366 天。与“未跟进小时数”二选一',
      },
    ).optional(),
    /** Which ways of getting a lead start the clock. */
    count: z
      .array(
        labelledEnum(['claimed', 'assigned'], {
          claimed: { en: 'Leads the rep claimed', zh: '销售领取的线索' },
          assigned: { en: 'Leads given to the rep', zh: '分配给销售的线索' },
        }),
      )
      .min(1)
      .default(['claimed', 'assigned']),
    weightFactor: z.number().min(0).max(1).default(0.5),
    days: daysSchema.optional(),
    lasts: lastsSchema.optional(),
    /** The calendar working days count by (idle time and penalty length). */
    calendar: calendarIdSchema.optional(),
    decay: labelledEnum(['none', 'linear'], {
      none: { en: 'Full strength until it ends', zh: '结束前保持不变' },
      linear: { en: 'Fades evenly until it ends', zh: '逐日均匀减弱直至结束' },
    }).default('none'),
    /** Also stop the rep claiming from pools while demoted. */
    suspendClaims: z.boolean().default(false),
    release: z.boolean().default(true),
    poolId: poolIdSchema.default('public'),
    tell: tellSchema.default(['rep']),
  }),
  defaults: {
    idleHours: 24,
    count: ['claimed', 'assigned'],
    weightFactor: 0.5,
    days: 7,
    decay: 'none',
    suspendClaims: false,
    release: true,
    poolId: 'public',
    tell: ['rep'],
  },
  outputs: () => [
    { handle: 'penalised', labels: { en: 'demoted', zh: '已降权' } },
    { handle: 'clear', labels: { en: 'nothing idle', zh: '无闲置线索' } },
  ],
  ...ONE_RULE_WITH_OUTCOMES,
  check: (c) => [
    ...clockProblems(
      'idleFor',
      'idleHours',
      { field: c.idleFor !== undefined, legacy: c.idleHours !== undefined },
      { en: 'how long may a lead go without follow-up?', zh: '请设置未跟进多久即处罚' },
    ),
    ...lengthProblems(c),
  ],
  nextDue: (c, { policyKey, nodeId }) => {
    const source = penaltySource(policyKey, nodeId);
    return (lead, state) => idleNextDue(c, source, lead, state);
  },
  dueOutcomes: ['penalised'],
  tickScope: 'reps',
  execute: (ctx, c, _fired, nodeId) => {
    const subject = subjectRep(ctx);
    if ('note' in subject) return { outcome: 'clear', note: subject.note };
    const { repId } = subject;
    const { state, nowMs } = ctx;
    const idleFor = idleLimit(c);
    const length = penaltyLength(c);
    const clock = calendarFor(state, c.calendar, [idleFor, length]);
    if (clock.problem) return calendarMissing(ctx, c.calendar, clock.problem, { en: `the idle-claim check of ${repId}`, zh: `${repId} 的领取后未跟进检查` });
    const calendar = clock.calendar;
    const limit = c.idleFor === undefined ? lengthText(idleFor, true) : durationWords(idleFor, calendar);
    const source = penaltySource(ctx.policyKey, nodeId);
    const imposed = state
      .penalties(repId)
      .filter((p) => p.source === source)
      .map((p) => Date.parse(p.from));
    const idle: IdleLead[] = [];
    const alreadyPenalised: IdleLead[] = [];
    let checked = 0;
    for (const lead of state.leadsOwnedBy(repId)) {
      if (lead.status !== undefined && lead.status !== 'open') continue;
      const owned = currentOwnership(state, lead, repId);
      // A lead a committee gave the rep (override) was not their grab: it never counts.
      if (!owned || owned.via === 'override' || !(c.count as readonly string[]).includes(owned.via ?? 'assigned')) continue;
      checked++;
      const sinceMs = Date.parse(owned.since);
      const idleAt = addDuration(sinceMs, idleFor, calendar);
      if (nowMs < idleAt || touched(state, lead, repId, sinceMs, nowMs)) continue;
      const entry = { leadId: lead.id, via: owned.via ?? 'assigned', since: owned.since, hoursIdle: hours(nowMs - sinceMs) };
      (imposed.some((from) => from >= idleAt) ? alreadyPenalised : idle).push(entry);
    }
    const given = c.idleFor === undefined ? { idleHours: c.idleHours } : { idleFor: durationParts(c.idleFor), ...(calendar ? { calendar: calendar.id } : {}) };
    const base = { repId, ...given, checked, ...(alreadyPenalised.length > 0 ? { alreadyPenalised } : {}) };
    if (idle.length === 0) {
      return {
        outcome: 'clear',
        detail: { ...base, idle: [] },
        note:
          alreadyPenalised.length > 0
            ? {
                en: `${repId}: no new idle leads (${alreadyPenalised.length} already penalised)`,
                zh: `${repId}：无新的闲置线索（${alreadyPenalised.length} 条已处罚过）`,
              }
            : { en: `${repId}: every lead was followed up within ${limit.en}`, zh: `${repId}：所有线索均在 ${limit.zh}内跟进` },
      };
    }

    const until = untilIso(nowMs, length, calendar);
    // Messages show the tenant's wall clock; the penalty and the detail keep the ISO instant.
    const shown = localStampOf(until, state.timeZone());
    const lasts = lastsWords(c, calendar);
    const list = idle.map((l) => `${l.leadId} (${l.hoursIdle} h)`).join(', ');
    const penalty: Penalty = {
      repId,
      from: ctx.nowIso,
      until,
      weightFactor: c.weightFactor,
      suspendClaims: c.suspendClaims,
      suspendRouting: false,
      reason: `idle > ${limit.en}: ${list}`.slice(0, 500),
      reasonZh: `超过 ${limit.zh}未跟进：${list}`.slice(0, 500),
      kind: 'idle',
      decay: c.decay,
      source,
    };
    ctx.change({ type: 'penalty.add', penalty });
    if (c.release)
      release(
        ctx,
        nodeId,
        repId,
        idle.map((l) => l.leadId),
        c.poolId,
      );
    const released = c.release ? { en: `; released to pool ${c.poolId}`, zh: `；已释放回线索池 ${c.poolId}` } : { en: '', zh: '' };
    const claims = c.suspendClaims ? { en: ', claiming suspended', zh: '，暂停领取' } : { en: '', zh: '' };
    const decay = c.decay === 'linear' ? { en: ' (easing back to 1)', zh: '（逐步恢复至 1）' } : { en: '', zh: '' };
    const note = {
      en: `${repId} left ${idle.length} lead(s) without follow-up for ${limit.en} or more: ${list}. Routing weight × ${c.weightFactor}${decay.en} until ${shown}${lasts.en}${claims.en}${released.en}`,
      zh: `${repId} 有 ${idle.length} 条线索超过 ${limit.zh}未跟进：${list}。分配权重 × ${c.weightFactor}${decay.zh}，至 ${shown}${lasts.zh}${claims.zh}${released.zh}`,
    };
    const told = tell(ctx, nodeId, repId, c.tell, {
      en: `Your routing weight is × ${c.weightFactor} until ${shown}${lasts.en}: no follow-up within ${limit.en} on ${idle.map((l) => l.leadId).join(', ')}${released.en}.`,
      zh: `你的分配权重在 ${shown}${lasts.zh} 前 × ${c.weightFactor}：${idle.map((l) => l.leadId).join('、')} 在 ${limit.zh}内未跟进${released.zh}。`,
    });
    return {
      outcome: 'penalised',
      detail: {
        ...base,
        idle,
        penalty: { weightFactor: c.weightFactor, until, decay: c.decay, suspendClaims: c.suspendClaims },
        released: c.release ? c.poolId : null,
        told: told.map((r) => r.id),
      },
      note,
    };
  },
});

/**
 * Next due (types/nodeSpec.ts), for the owner's per-rep tick: the instant the owner's taken lead
 * goes idle, as `execute` counts it — unless the owner touched it by then (it never goes idle in
 * this ownership) or a penalty from this node already covers the spell. Never for a lead with no
 * owner, closed, not a kind of taking that counts, or when the calendar is missing.
 */
function idleNextDue(c: IdleConfig, source: string, lead: Lead, state: StateView): number | undefined {
  const repId = lead.ownerId;
  if (!repId || (lead.status !== undefined && lead.status !== 'open')) return undefined;
  const owned = currentOwnership(state, lead, repId);
  if (!owned || owned.via === 'override' || !(c.count as readonly string[]).includes(owned.via ?? 'assigned')) return undefined;
  const idleFor = idleLimit(c);
  const clock = calendarFor(state, c.calendar, [idleFor, penaltyLength(c)]);
  if (clock.problem) return undefined;
  const sinceMs = Date.parse(owned.since);
  const idleAt = addDuration(sinceMs, idleFor, clock.calendar);
  if (!Number.isFinite(idleAt)) return undefined;
  if (touched(state, lead, repId, sinceMs, idleAt)) return undefined;
  if (state.penalties(repId).some((p) => p.source === source && Date.parse(p.from) >= idleAt)) return undefined;
  return idleAt;
}

type IdleConfig = {
  idleFor?: Duration | undefined;
  idleHours?: number | undefined;
  count: ReadonlyArray<'claimed' | 'assigned'>;
  calendar?: string | undefined;
  days?: number | undefined;
  lasts?: Duration | undefined;
};

/** How long a taken lead may go without follow-up: `idleFor`, or `idleHours` hours. */
const idleLimit = (c: { idleFor?: Duration | undefined; idleHours?: number | undefined }): Duration => c.idleFor ?? { value: c.idleHours ?? 0, unit: 'hours' };
