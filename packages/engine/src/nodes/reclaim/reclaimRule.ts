import { futureIso } from '../../types/localTime.js';
import type { WorkingCalendar } from '../../calendar/workingTime.js';
import type { Labels } from '../../types/decision.js';
import { subtractDuration } from '../../calendar/duration.js';
import { defineNode, type ExecContext, type NodeResult } from '../../types/nodeSpec.js';
import { assess, exemptionsOf, reclaimCalendar, reclaimFilter, type ReclaimClock } from './clock.js';
import { reclaimNextDue } from './due.js';
import { checkReclaim, durationParts, reclaimSchema, reminderOf, type ReclaimConfig } from './config.js';
import { elapsedDays, elapsedUnits, exemptionList, finer, joined, stamp, timeLeft, verdict, type Wording } from './words.js';

/**
 * Reclaim to the public pool (公海回收, S16–S20). Clocks: no follow-up / no new opportunity / no
 * deal for N days (or minutes / hours: a B2C first contact within 2 hours, S32; or working days by
 * a tenant calendar, which pause on weekends and holidays), N from the first
 * matching band (level, size, expected amount). Due means elapsed ≥ N, to the ms. An owner is
 * reminded once per reclaim window (the due instant) when `remindBefore` / `remindDaysBefore` is
 * set; a follow-up that moves the due instant opens a new window.
 */
export const reclaimRule = defineNode({
  kind: 'reclaim.rule',
  category: 'action',
  labels: { en: 'Reclaim to pool', zh: '回收到公海' },
  help: {
    en: 'Takes a lead back from its owner into a pool when it has had no follow-up, no new opportunity or no deal for too long (days, hours, minutes, or working days that skip weekends and the holidays of a calendar). Thresholds can differ by customer level, size or expected amount (first matching band wins). Can remind the owner some time before, once per reclaim window. Locked customers, signed deals and open opportunities can be exempt. Clocks never start before the owner got the lead. Runs on ticks and on lead events.',
    zh: '线索在负责人手中超过规定期限（天、小时、分钟，或按日历跳过周末和节假日的工作日）未跟进、无新商机或未成交时，收回到线索池（公海）。期限可按客户级别、规模或预计金额分档（按顺序匹配第一档）。可在回收前提前一段时间提醒负责人，每个回收周期只提醒一次。锁定客户、已签约客户、有进行中商机的客户可豁免。计时不早于负责人接手的时间。定时检查和线索事件都会触发。',
  },
  schema: reclaimSchema,
  defaults: { days: { noFollowUp: 7 }, remindDaysBefore: 2, poolId: 'public' },
  outputs: () => [
    { handle: 'reclaimed', labels: { en: 'reclaimed', zh: '已回收' } },
    { handle: 'reminded', labels: { en: 'owner reminded', zh: '已提醒负责人' } },
    { handle: 'kept', labels: { en: 'kept (not due)', zh: '保留（未到期）' } },
    { handle: 'exempt', labels: { en: 'exempt', zh: '豁免' } },
  ],
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  check: checkReclaim,
  tickFilter: reclaimFilter,
  nextDue: reclaimNextDue,
  dueOutcomes: ['reclaimed', 'reminded'],
  tickScope: 'ownedLeads',
  execute: (ctx, c, _fired, nodeId) => run(ctx, c, nodeId),
});

function run(ctx: ExecContext, c: ReclaimConfig, nodeId: string): NodeResult {
  const lead = ctx.lead;
  if (!ctx.leadId || !lead) return kept('noLead', { en: 'the event names no lead', zh: '事件未指明线索' });
  const owner = ctx.currentOwner();
  if (!owner) return kept('noOwner', { en: 'the lead has no owner: nothing to reclaim', zh: '线索没有负责人，无需回收' });
  if (lead.status === 'won' || lead.status === 'lost') {
    return kept(
      'closed',
      lead.status === 'won'
        ? { en: 'the lead is won: not reclaimed', zh: '线索已成交，不回收' }
        : { en: 'the lead is lost: not reclaimed', zh: '线索已输单，不回收' },
    );
  }
  const found = reclaimCalendar(ctx.state, c);
  if (found.problem) {
    // Never a fallback to Monday–Friday: a reclaim a week early (over a holiday) is worse than none.
    ctx.warn({ code: 'calendarMissing', error: found.problem.en, message: found.problem });
    return kept(
      'noCalendar',
      { en: `not reclaimed: ${found.problem.en}`, zh: `不回收：${found.problem.zh}` },
      { poolId: c.poolId, calendar: c.calendar ?? null },
    );
  }
  const calendar = found.calendar;
  const zone = ctx.state.timeZone();
  const now = ctx.nowMs;
  // The follow-up this very event reports counts even before the CRM syncs lastActivityAt.
  const followUpIso = ctx.event.type === 'activity.logged' ? (ctx.event.activity?.at ?? ctx.event.at) : undefined;
  const followUpMs = followUpIso === undefined ? NaN : Date.parse(followUpIso);
  const a = assess(lead, c, calendar, Number.isFinite(followUpMs) ? { iso: followUpIso!, ms: followUpMs } : undefined);
  const band = a.band >= 0 ? c.bands[a.band]!.label : c.bands.length > 0 ? (c.defaultLabel ?? { en: 'other customers', zh: '其他客户' }) : c.defaultLabel;
  const w: Wording = { zone, nowMs: now, band, calendar };
  const due = a.clocks.filter((k) => now >= k.dueMs);
  const pool = c.poolId;
  const clocks = a.clocks.map((k) => clockDetail(k, now, calendar));
  // One detail object, filled in as the outcome becomes known (this runs for every acting lead of a tick).
  const detail: Record<string, unknown> = { poolId: pool, band: a.band >= 0 ? { index: a.band, label: band! } : { index: null, label: band ?? null }, clocks };
  if (a.unmeasured.length > 0) detail.unmeasured = a.unmeasured;

  const exemptions = exemptionsOf(lead, c.exempt);
  if (exemptions.length > 0) {
    const names = exemptionList(exemptions);
    const why = joined(due.map((k) => verdict(k, w)));
    detail.exemptions = exemptions;
    // The decision's summary says the lead was kept and why ("why did I not lose this customer?").
    const keptWith = {
      en: `kept lead ${ctx.leadId} with ${owner}: exempt from reclaim (${names.en})`,
      zh: `线索 ${ctx.leadId} 保留给 ${owner}：豁免回收（${names.zh}）`,
    };
    return {
      outcome: 'exempt',
      detail,
      note:
        due.length > 0
          ? { en: `exempt (${names.en}): not reclaimed, although ${why.en}`, zh: `豁免（${names.zh}）：不回收，尽管${why.zh}` }
          : { en: `exempt (${names.en}): not reclaimed while this applies`, zh: `豁免（${names.zh}）：适用期间不回收` },
      summary: due.length > 0 ? { en: `${keptWith.en}, although ${why.en}`, zh: `${keptWith.zh}，尽管${why.zh}` } : keptWith,
    };
  }
  if (a.clocks.length === 0) {
    return kept(
      'noDates',
      { en: 'no date to count from (no follow-up, assignment or creation time)', zh: '没有可计时的日期（无跟进、接手或创建时间）' },
      detail,
    );
  }

  if (due.length > 0) {
    const why = joined(due.map((k) => verdict(k, w)));
    const leadId = ctx.leadId;
    ctx.act({ type: 'toPool', leadId, poolId: pool, previousOwnerId: owner, nodeId });
    if (c.notifyFormerOwner) {
      ctx.act({
        type: 'notify',
        leadId,
        nodeId,
        mode: 'notify',
        to: [{ kind: 'rep', id: owner }],
        message: { en: `Lead ${leadId} was reclaimed to pool ${pool}: ${why.en}`, zh: `线索 ${leadId} 已被回收到线索池 ${pool}：${why.zh}` },
      });
    }
    ctx.change({ type: 'lead.toPool', leadId, poolId: pool, previousOwnerId: owner, at: ctx.nowIso, nodeId, reason: 'reclaimed' });
    ctx.setOwner(null);
    detail.previousOwnerId = owner;
    detail.dueRules = due.map((k) => k.rule);
    return {
      outcome: 'reclaimed',
      detail,
      note: { en: `reclaimed from ${owner} to pool ${pool}: ${why.en}`, zh: `已从 ${owner} 回收到线索池 ${pool}：${why.zh}` },
    };
  }

  // Not due: the earliest clock decides when the reclaim would happen, and so the window.
  let n = 0;
  for (let i = 1; i < a.clocks.length; i++) if (a.clocks[i]!.dueMs < a.clocks[n]!.dueMs) n = i;
  const next = a.clocks[n]!;
  const when = stamp(next.dueMs, zone);
  const window = clocks[n]!.dueAt;
  const reminder = reminderOf(c);
  // The reminder comes as long before the due time as the lead time says, in its own unit: two working days before Thu Oct 8 is Tue Sep 29.
  const inWindow = reminder !== undefined && now >= subtractDuration(next.dueMs, reminder, calendar);
  detail.dueAt = window;
  if (c.remindBefore !== undefined) {
    if (reminder !== undefined) detail.remindBefore = durationParts(c.remindBefore);
  } else if (c.remindDaysBefore > 0) detail.remindDaysBefore = c.remindDaysBefore;
  if (inWindow) detail.window = window;
  if (inWindow && ctx.state.lastReminder(ctx.leadId) === window) {
    // Only the clock that sets the due time: a tick drops this text, so it stays cheap.
    const what = verdict(next, w);
    return kept(
      'alreadyReminded',
      { en: `reminder for the reclaim due ${when} already sent; not due yet: ${what.en}`, zh: `${when} 回收的提醒已发送过；尚未到期：${what.zh}` },
      detail,
    );
  }
  if (inWindow) {
    // Counted in the finer of the clock's and the reminder's units: "30 minutes left", "2 days left".
    const left = timeLeft(next.dueMs, now, finer(next.unit, c.remindBefore !== undefined ? durationParts(c.remindBefore).unit : 'days'), calendar);
    const what = verdict(next, w);
    const leadId = ctx.leadId;
    ctx.act({
      type: 'notify',
      leadId,
      nodeId,
      mode: 'notify',
      to: [{ kind: 'rep', id: owner }],
      message: {
        en: `Lead ${leadId} goes back to pool ${pool} on ${when} (${left.en} left): ${what.en}`,
        zh: `线索 ${leadId} 将于 ${when}（${left.zh}后）回收到线索池 ${pool}：${what.zh}`,
      },
    });
    ctx.change({ type: 'lead.remind', leadId, repId: owner, window, at: ctx.nowIso, nodeId });
    detail.repId = owner;
    return {
      outcome: 'reminded',
      detail,
      note: {
        en: `reminded ${owner}: reclaim to pool ${pool} due ${when}, ${left.en} left; ${what.en}`,
        zh: `已提醒 ${owner}：将于 ${when} 回收到线索池 ${pool}，还剩 ${left.zh}；${what.zh}`,
      },
    };
  }
  const status = joined(a.clocks.map((k) => verdict(k, w)));
  return kept('notDue', { en: `not due: ${status.en}; reclaim due ${when}`, zh: `未到期：${status.zh}；预计 ${when} 回收` }, detail);
}

function kept(
  reason: 'noLead' | 'noOwner' | 'closed' | 'noCalendar' | 'noDates' | 'notDue' | 'alreadyReminded',
  note: Labels,
  detail: Record<string, unknown> = {},
): NodeResult {
  detail.reason = reason;
  return { outcome: 'kept', detail, note };
}

/** Day clocks keep their established shape (`days`, `elapsedDays`); others give the threshold and elapsed whole units (and the calendar of working days). */
function clockDetail(k: ReclaimClock, nowMs: number, calendar: WorkingCalendar | undefined) {
  const measure =
    k.unit === 'days'
      ? { days: k.value, elapsedDays: elapsedDays(k, nowMs) }
      : {
          threshold: { value: k.value, unit: k.unit },
          elapsed: elapsedUnits(k, nowMs, calendar),
          ...(k.unit === 'workingDays' && calendar ? { calendar: calendar.id } : {}),
        };
  return { rule: k.rule, ...measure, since: k.since, basis: k.basis, dueAt: futureIso(k.dueMs), due: nowMs >= k.dueMs };
}
