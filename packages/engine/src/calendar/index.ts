export { calendarSchema, holidaySchema, makeUpDaySchema, type CalendarDocument, type CalendarInput } from '../types/calendar.js';
export {
  addWorkingDays,
  compileCalendar,
  dayNumber,
  dayOfNumber,
  instantOfLocal,
  localDayOf,
  mondayToFriday,
  subtractWorkingDays,
  weekdayOfNumber,
  workingDaysBetween,
  type DayInfo,
  type WorkingCalendar,
} from './workingTime.js';
export { resolveCalendar, type CalendarLookup } from './resolve.js';
export { calendarReferences, type CalendarReference } from './references.js';
export { calendarFromICal, type ICalImport, type ICalOptions, type ICalSkipped } from './ical.js';
