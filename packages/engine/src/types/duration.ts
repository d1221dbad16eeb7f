import { z } from 'zod';

/**
 * How long a rule waits: minutes, hours, days, or working days (工作日) that skip weekends and the
 * holidays of a calendar and count make-up days (调休). A plain number is whole days (every policy
 * written before units existed).
 */
export const DURATION_UNITS = ['minutes', 'hours', 'days', 'workingDays'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];
/** Nominal length of one unit; a working day is a day long when it runs (it pauses on days off). */
export const UNIT_MS: Record<DurationUnit, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000, workingDays: 86_400_000 };
export type Duration = number | { value: number; unit: DurationUnit };

/** A duration schema: whole days as a number, or `{ value, unit }`; `min` is 0 or 1 (of the unit), `maxDays` bounds the total. */
export function durationSchema(min: 0 | 1, maxDays: number, labels: { en: string; zh: string }, help: { en: string; zh: string }) {
  const bound = maxDays * UNIT_MS.days;
  const unitWords = 'minutes | hours | days | workingDays';
  return z
    .union(
      [
        z.number().int().min(min).max(maxDays),
        z
          .strictObject({
            value: z
              .number()
              .int()
              .min(min)
              .max(maxDays * 24 * 60)
              .meta({ labels: { en: 'Amount', zh: '数值' } }),
            unit: z
              .enum(DURATION_UNITS)
              .meta({ labels: { en: 'Unit (minutes, hours, days, working days)', zh: '单位（分钟 minutes、小时 hours、天 days、工作日 workingDays）' } }),
          })
          .superRefine((d, ctx) => {
            // Reported as too_big with the limit in the duration's own unit, so both languages can name it.
            const maximum = bound / UNIT_MS[d.unit];
            if (d.value > maximum) {
              ctx.addIssue({
                code: 'too_big',
                origin: 'number',
                maximum,
                inclusive: true,
                input: d.value,
                path: ['value'],
                message: `at most ${maxDays} days in total (${maximum} ${d.unit})`,
              });
            }
          }),
      ],
      { error: `a number of days, or { "value": n, "unit": "${unitWords}" }` },
    )
    .meta({ title: `${labels.en} / ${labels.zh}`, description: `${help.en} / ${help.zh}`, labels, help });
}

/** Nominal milliseconds of a duration (a number is days; a working day counts as a day): for comparing durations, not for due times. */
export const durationMs = (d: Duration): number => (typeof d === 'number' ? d * UNIT_MS.days : d.value * UNIT_MS[d.unit]);
/** The duration as value and unit (a number is days). */
export const durationParts = (d: Duration): { value: number; unit: DurationUnit } => (typeof d === 'number' ? { value: d, unit: 'days' } : d);
export const countsWorkingDays = (d: Duration): boolean => typeof d !== 'number' && d.unit === 'workingDays';

const UNIT_WORDS: Record<DurationUnit, { one: string; many: string; zh: string }> = {
  minutes: { one: 'minute', many: 'minutes', zh: '分钟' },
  hours: { one: 'hour', many: 'hours', zh: '小时' },
  days: { one: 'day', many: 'days', zh: '天' },
  workingDays: { one: 'working day', many: 'working days', zh: '个工作日' },
};

/** "2 hours" / "2 小时"; `n` overrides the value (a count in the duration's unit). */
export function durationText(d: Duration, n?: number): { en: string; zh: string } {
  const { value, unit } = durationParts(d);
  const k = n ?? value;
  const w = UNIT_WORDS[unit];
  return { en: `${k} ${k === 1 ? w.one : w.many}`, zh: `${k} ${w.zh}` };
}
