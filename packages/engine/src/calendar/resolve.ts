import type { StateView } from '../types/state.js';
import { compileCalendar, mondayToFriday, type WorkingCalendar } from './workingTime.js';

export type CalendarLookup = { calendar: WorkingCalendar; problem?: undefined } | { calendar?: undefined; problem: { en: string; zh: string } };

/**
 * The calendar a rule counts working days with: the one it names, or Monday–Friday in the
 * tenant's zone when it names none. A named calendar the tenant does not have is a problem the
 * caller reports; it never silently falls back (a reclaim a week early is worse than none).
 */
export function resolveCalendar(state: StateView, id: string | undefined): CalendarLookup {
  if (id === undefined) return { calendar: mondayToFriday(state.timeZone()) };
  const doc = state.calendar?.(id);
  if (doc) return { calendar: compileCalendar(doc) };
  return {
    problem: {
      en: `working-day calendar "${id}" is not defined for this tenant: add it (PUT /v1/calendars/${id}) or pick another`,
      zh: `本租户没有名为“${id}”的工作日历：请先添加（PUT /v1/calendars/${id}）或改选其他日历`,
    },
  };
}
