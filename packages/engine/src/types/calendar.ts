import { z } from 'zod';
import { timeZoneName } from './time.js';

/**
 * A working-day calendar (工作日历) is data, not code: a tenant keeps one per region (mainland,
 * Hong Kong, a factory with its own shutdown week) and every rule that counts working days names
 * the one it uses. Days are local dates in the calendar's own zone.
 */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD / 日期格式须为 YYYY-MM-DD')
  .refine((d) => isRealDate(d), { message: 'not a real calendar date / 不是有效日期' });
const labels = z.strictObject({ en: z.string().min(1).max(100), zh: z.string().min(1).max(100) });

/** One holiday (节假日): a day, or `from`–`to` inclusive; make-up working days are listed separately. */
export const holidaySchema = z.strictObject({
  from: day,
  /** Last day off, inclusive; omitted for a single day. */
  to: day.optional(),
  name: labels.optional(),
});

/** A make-up working day (调休上班): a weekend day on which everyone works. */
export const makeUpDaySchema = z.strictObject({
  date: day,
  /** Whose shifts apply that day: an ISO weekday (1 = Monday); Monday's when omitted. */
  worksAs: z.number().int().min(1).max(7).optional(),
  name: labels.optional(),
});

export const calendarSchema = z
  .strictObject({
    id: z.string().min(1).max(200),
    name: labels.optional(),
    timeZone: timeZoneName,
    /** Days off every week, as ISO weekdays (6 = Saturday, 7 = Sunday). */
    weekend: z.array(z.number().int().min(1).max(7)).max(6).default([6, 7]),
    holidays: z.array(holidaySchema).max(1000).default([]),
    makeUpDays: z.array(makeUpDaySchema).max(1000).default([]),
  })
  .superRefine((c, ctx) => {
    const off = new Map<string, number>();
    c.holidays.forEach((h, i) => {
      if (h.to !== undefined && h.to < h.from) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: `ends (${h.to}) before it starts (${h.from}) / 结束日期早于开始日期` });
        return;
      }
      const days = spanDays(h.from, h.to ?? h.from);
      if (days.length > 366) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'to'], message: 'a holiday longer than a year / 假期超过一年' });
        return;
      }
      for (const d of days) off.set(d, i);
    });
    const seen = new Set<string>();
    c.makeUpDays.forEach((m, i) => {
      if (seen.has(m.date)) ctx.addIssue({ code: 'custom', path: ['makeUpDays', i, 'date'], message: `${m.date} is listed twice / ${m.date} 重复` });
      seen.add(m.date);
      const clash = off.get(m.date);
      if (clash !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['makeUpDays', i, 'date'],
          message: `${m.date} is also a holiday (holidays[${clash}]): a day is either off or a make-up working day / ${m.date} 同时是节假日（holidays[${clash}]），不能既放假又调休上班`,
        });
      }
    });
  });
export type CalendarDocument = z.infer<typeof calendarSchema>;
export type CalendarInput = z.input<typeof calendarSchema>;

export function isRealDate(d: string): boolean {
  const ms = Date.parse(d + 'T00:00:00Z');
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === d;
}

/** Every date from `from` to `to` inclusive (UTC date arithmetic on local dates). */
export function spanDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let ms = Date.parse(from + 'T00:00:00Z'), end = Date.parse(to + 'T00:00:00Z'); ms <= end && out.length <= 400; ms += 86_400_000) {
    out.push(new Date(ms).toISOString().slice(0, 10));
  }
  return out;
}
