import { z } from 'zod';
import type { ConfigProblem, ExecContext } from '../../types/nodeSpec.js';
import type { StateView } from '../../types/state.js';
import type { Lead, OwnershipRecord } from '../../types/domain.js';
import type { Labels, Recipient } from '../../types/decision.js';
import type { WorkingCalendar } from '../../calendar/workingTime.js';
import { calendarMissingNote, durationWords, givenTwice } from '../../calendar/ruleClock.js';
import { futureIso, HOUR_MS } from '../../types/localTime.js';
import { durationSchema, type Duration } from '../../types/duration.js';
import { addDuration } from '../../calendar/duration.js';
import { labelledEnum } from '../optionLabels.js';

/** Penalty nodes fire one rule and branch on what they found. */
export const ONE_RULE_WITH_OUTCOMES = { outcomeHandles: true, emits: () => [{ params: {} }] } as const;

/** Who hears about a penalty or reward: the rep it affects, and/or their manager. */
export const tellSchema = z
  .array(
    labelledEnum(['rep', 'manager'], {
      rep: { en: 'The rep', zh: '销售本人' },
      manager: { en: "The rep's manager", zh: '销售的主管' },
    }),
  )
  .max(2);
export type Tell = z.infer<typeof tellSchema>;

export const poolIdSchema = z.string().min(1).max(200);
/** A penalty's length in days (the original field); no default here, so `lasts` can replace it. */
export const daysSchema = z
  .number()
  .positive()
  .max(366)
  .meta({
    labels: { en: 'Days', zh: '天数' },
    help: { en: 'How many days it lasts (7 when neither this nor “Lasts” is given)', zh: '持续天数（与“持续时长”都未填写时为 7 天）' },
  });
/** The same length as a duration, e.g. 3 working days; give this or `days`. */
export const lastsSchema = durationSchema(
  1,
  366,
  { en: 'Lasts', zh: '持续时长' },
  {
    en: 'How long it lasts: an amount and a unit, e.g. 7 calendar days or 3 working days; at most 366 days. Use this or “Days”, not both',
    zh: '持续多久：填数值并选单位，例如 7 个自然日或 3 个工作日，最长 366 天。与“天数”二选一',
  },
);
export const PENALTY_DAYS = 7;

/** How long a penalty or reward lasts: `lasts`, else `days`, else a week. */
export const penaltyLength = (c: { days?: number | undefined; lasts?: Duration | undefined }): Duration => c.lasts ?? c.days ?? PENALTY_DAYS;

/** Refuses a length given both as `days` and as `lasts`. */
export function lengthProblems(c: { days?: number | undefined; lasts?: Duration | undefined }): ConfigProblem[] {
  return c.days !== undefined && c.lasts !== undefined ? [givenTwice('lasts', 'days')] : [];
}

/**
 * A node's clock length: the duration field, or the old field in its unit. Exactly one must be
 * given; `needs` names the pair in the problem.
 */
export function clockProblems(field: string, legacy: string, given: { field: boolean; legacy: boolean }, needs: Labels): ConfigProblem[] {
  if (given.field && given.legacy) return [givenTwice(field, legacy)];
  if (!given.field && !given.legacy) {
    return [
      {
        field,
        message: {
          en: `${needs.en}: give "${field}" (e.g. { "value": 2, "unit": "hours" }) or "${legacy}"`,
          zh: `${needs.zh}：请填写“${field}”（如 { "value": 2, "unit": "hours" }）或“${legacy}”`,
        },
      },
    ];
  }
  return [];
}

/** " (3 working days)" after an until, for a length given as a duration; nothing for `days`. */
export function lastsWords(c: { lasts?: Duration | undefined }, calendar: WorkingCalendar | undefined): Labels {
  if (c.lasts === undefined) return { en: '', zh: '' };
  const w = durationWords(c.lasts, calendar);
  return { en: ` (${w.en})`, zh: `（${w.zh}）` };
}

/** Hours with one decimal: "26.5 h" reads better than 26.4833. */
export const hours = (ms: number): number => Math.round((ms / HOUR_MS) * 10) / 10;
export const round = (x: number, places: number): number => Math.round(x * 10 ** places) / 10 ** places;
/** When a penalty or reward that starts now ends. */
export const untilIso = (nowMs: number, length: Duration, calendar: WorkingCalendar | undefined): string => futureIso(addDuration(nowMs, length, calendar));

/**
 * The rep's current ownership of a lead: the last record they started that has not ended. A CRM
 * that syncs only the owner leaves no record; then `ownedSince` stands in and the lead counts
 * as assigned (the CRM gave it).
 */
export function currentOwnership(state: StateView, lead: Lead, repId: string): { since: string; via: OwnershipRecord['via'] } | undefined {
  const record = state.ownershipHistory(lead.id).findLast((o) => o.repId === repId && o.to === undefined);
  if (record) return { since: record.from, via: record.via ?? 'assigned' };
  if (lead.ownedSince) return { since: lead.ownedSince, via: 'assigned' };
  return undefined;
}

/**
 * Whether the rep touched the lead between two instants (both inclusive). A lead whose CRM
 * sends only `lastActivityAt` and no activity log gets the benefit of the doubt: that touch
 * counts as the owner's, so nobody is penalised for a sync gap.
 */
export function touched(state: StateView, lead: Lead, repId: string, fromMs: number, toMs: number): string | undefined {
  const log = state.activities(lead.id);
  for (const a of log) {
    const at = Date.parse(a.at);
    if (a.repId === repId && fromMs <= at && at <= toMs) return a.at;
  }
  if (log.length === 0 && lead.lastActivityAt) {
    const at = Date.parse(lead.lastActivityAt);
    if (fromMs <= at && at <= toMs) return lead.lastActivityAt;
  }
  return undefined;
}

/** Releases leads to a pool for re-assignment: the CRM moves them, the state ends the rep's ownership. */
export function release(ctx: ExecContext, nodeId: string, repId: string, leadIds: readonly string[], poolId: string): void {
  for (const leadId of leadIds) {
    ctx.act({ type: 'toPool', leadId, poolId, previousOwnerId: repId, nodeId });
    ctx.change({ type: 'lead.toPool', leadId, poolId, previousOwnerId: repId, at: ctx.nowIso, nodeId, reason: 'released' });
  }
}

/** Tells the rep (and/or the manager of their first managed team) what happened and why. */
export function tell(ctx: ExecContext, nodeId: string, repId: string, who: Tell, message: Labels): Recipient[] {
  const to: Recipient[] = [];
  for (const w of who) {
    if (w === 'rep') to.push({ kind: 'rep', id: repId });
    else {
      const rep = ctx.state.rep(repId);
      const managerId = rep?.teams.map((t) => ctx.state.team(t)?.managerId).find((m) => m !== undefined && m !== repId);
      if (managerId && !to.some((r) => r.id === managerId)) to.push({ kind: 'rep', id: managerId });
    }
  }
  if (to.length > 0) ctx.act({ type: 'notify', nodeId, mode: 'notify', to, message });
  return to;
}

/** The event's rep, checked against the roster; the penalty nodes run per rep. */
export function subjectRep(ctx: ExecContext): { repId: string } | { note: Labels } {
  const repId = ctx.event.repId;
  if (!repId) return { note: { en: 'the event names no rep: run this node on a per-rep tick', zh: '事件未指明销售：请在按销售运行的定时检查中使用此节点' } };
  if (!ctx.state.rep(repId)) return { note: { en: `rep ${repId} is not in the state`, zh: `状态中没有销售 ${repId}` } };
  return { repId };
}

/**
 * The penalty's calendar is missing: it is not imposed (a penalty counted on the wrong days
 * cannot be taken back fairly), the decision carries a warning and the explanation says why.
 */
export function calendarMissing(
  ctx: ExecContext,
  calendarId: string | undefined,
  problem: Labels,
  skipped: Labels,
): { outcome: string; detail: Record<string, unknown>; note: Labels } {
  ctx.warn({ code: 'calendarMissing', error: problem.en, message: problem });
  return { outcome: 'calendarMissing', detail: { calendarMissing: calendarId ?? null }, note: calendarMissingNote(skipped, problem) };
}
