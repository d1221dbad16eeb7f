import { z } from 'zod';
import { resolveCalendar } from './resolve.js';
import { instantOfLocal, localDayOf, type WorkingCalendar } from './workingTime.js';
import type { StateView } from '../types/state.js';
import type { Labels } from '../types/decision.js';
import { countsWorkingDays, durationText, type Duration } from '../types/duration.js';
import { subtractDuration } from './duration.js';

/**
 * What the rules outside reclaim (cascade waits, penalty clocks and lengths, a pool's cooling)
 * share about counting time: the `calendar` field, the "old field or new field, not both" rule,
 * and what a rule does when the calendar it names is missing (it does not act, and says why).
 */

/** `calendar` on a rule or pool: the tenant calendar its working days count by. */
export const calendarIdSchema = z
  .string()
  .min(1)
  .max(200)
  .meta({
    labels: { en: 'Working-day calendar', zh: '工作日历' },
    help: {
      en: 'Only for durations in working days: the tenant calendar (holidays, make-up days) they skip and count. Empty: Monday to Friday in the tenant’s time zone. A calendar the tenant does not have stops the rule from acting until it is added.',
      zh: '仅用于以工作日计的时长：按该租户日历跳过节假日、计入调休上班日。留空则按租户时区的周一至周五计算。租户没有该日历时，本规则暂停执行，直至添加该日历。',
    },
  });

/** A rule's calendar: none needed, the resolved one, or why it cannot be had. */
export type RuleCalendar = { calendar: WorkingCalendar | undefined; problem?: undefined } | { calendar?: undefined; problem: Labels };

/**
 * The calendar a rule's durations need: none unless one counts working days; then the calendar
 * the rule names, or Monday–Friday in the tenant's zone. A named calendar the tenant lacks is a
 * problem (never a silent fallback: a penalty a week too long is worse than none).
 */
export function calendarFor(state: StateView, calendarId: string | undefined, durations: ReadonlyArray<Duration | undefined>): RuleCalendar {
  if (!durations.some((d) => d !== undefined && countsWorkingDays(d))) return { calendar: undefined };
  const found = resolveCalendar(state, calendarId);
  return found.problem ? { problem: found.problem } : { calendar: found.calendar };
}

/** Explanation of a rule that did not act because its calendar is missing: what was skipped, and why. */
export function calendarMissingNote(skipped: Labels, problem: Labels): Labels {
  return { en: `${skipped.en} not applied: ${problem.en}`, zh: `${skipped.zh}未执行：${problem.zh}` };
}

/** The refusal for a rule given the same length twice: in the old field and in its duration sibling. */
export function givenTwice(field: string, legacy: string): { field: string; message: Labels } {
  return {
    field,
    message: { en: `give this once: "${field}" (a duration) or "${legacy}", not both`, zh: `只能设置一次：“${field}”（时长）与“${legacy}”二选一` },
  };
}

/**
 * "24 h" / "30 min" for a length given in an old hours or minutes field (explanations read as they
 * always did); the duration's own words otherwise.
 */
export function lengthText(d: Duration, legacy: boolean): Labels {
  if (legacy && typeof d !== 'number' && d.unit === 'hours') return { en: `${d.value} h`, zh: `${d.value} 小时` };
  if (legacy && typeof d !== 'number' && d.unit === 'minutes') return { en: `${d.value} min`, zh: `${d.value} 分钟` };
  return durationText(d);
}

/**
 * When the clock that ran out at `dueMs` started: exact for minutes, hours and days. For working
 * days every start from the end of the last working day up to the next working day's midnight
 * ends at the same instant (the clock stands still on days off), so the earliest of them is
 * returned: a follow-up over the weekend before the clock ran still counts as in time.
 */
export function clockStart(dueMs: number, d: Duration, calendar: WorkingCalendar | undefined): number {
  const start = subtractDuration(dueMs, d, calendar);
  if (!countsWorkingDays(d) || !calendar || !Number.isFinite(start)) return start;
  const { day, msInDay } = localDayOf(start, calendar.timeZone);
  if (msInDay !== 0) return start;
  let first = day;
  // A year of days off in a row is no calendar anyone keeps: stop there.
  for (let k = 0; k < 366 && !calendar.isWorkingDayNumber(first - 1); k++) first--;
  return instantOfLocal(first, 0, calendar.timeZone);
}

/** "2 working days (calendar cn-mainland)": a working-day duration says which calendar counted it. */
export function durationWords(d: Duration, calendar: WorkingCalendar | undefined): Labels {
  const text = durationText(d);
  if (!countsWorkingDays(d) || !calendar) return text;
  return { en: `${text.en} (calendar ${calendar.name?.en ?? calendar.id})`, zh: `${text.zh}（日历：${calendar.name?.zh ?? calendar.id}）` };
}
