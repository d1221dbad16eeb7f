import { z } from 'zod';
import type { ConfigProblem } from '../../types/nodeSpec.js';

/** The three reclaim rule types (S16); any combination may be on. */
export const RECLAIM_RULES = ['noFollowUp', 'noOpportunity', 'noDeal'] as const;
export type ReclaimRuleType = (typeof RECLAIM_RULES)[number];

export { DURATION_UNITS, UNIT_MS, durationMs, durationParts, durationText, type Duration, type DurationUnit } from '../../types/duration.js';
import { durationMs, durationSchema, durationText, type Duration } from '../../types/duration.js';
import { calendarIdSchema } from '../../calendar/ruleClock.js';

/** The longest clock: ten years, as whole days always allowed. */
const MAX_DAYS = 3650;

const threshold = (rule: { en: string; zh: string }) =>
  durationSchema(
    1,
    MAX_DAYS,
    { en: `Threshold: ${rule.en}`, zh: `期限：${rule.zh}` },
    {
      en: `Take the lead back after this long with ${rule.en}: an amount and a unit, e.g. 7 calendar days, 48 hours or 5 working days (working days skip weekends and the calendar's holidays). Empty: this rule is off. At most 3650 days.`,
      zh: `${rule.zh}超过该时长即回收：填数值并选单位，例如 7 个自然日、48 小时或 5 个工作日（工作日跳过周末和日历中的节假日）。留空表示不启用此规则。最长 3650 天。`,
    },
  );
const text = z.strictObject({ en: z.string().min(1).max(100), zh: z.string().min(1).max(100) });

/** Duration per rule type; a rule with no duration here is off (defaults) or inherits the default (bands). */
export const thresholdsSchema = z.strictObject({
  noFollowUp: threshold({ en: 'no follow-up', zh: '未跟进' }).optional(),
  noOpportunity: threshold({ en: 'no new opportunity', zh: '无新商机' }).optional(),
  noDeal: threshold({ en: 'no deal', zh: '未成交' }).optional(),
});
export type Thresholds = z.infer<typeof thresholdsSchema>;

/** `min ≤ value < below`; either end may be open. */
const rangeSchema = z.strictObject({ min: z.number().optional(), below: z.number().optional() });
export type Range = z.infer<typeof rangeSchema>;

/** One row of the thresholds table (S17): every criterion given must hold; the first matching band wins. */
export const bandSchema = z.strictObject({
  /** Shown in explanations: "… 9 days > 7 for level B" / "… 9 天 > B 级客户的 7 天". */
  label: text,
  levels: z.array(z.string().min(1).max(40)).max(50).optional(),
  expectedAmount: rangeSchema.optional(),
  size: rangeSchema.optional(),
  days: thresholdsSchema,
});
export type Band = z.infer<typeof bandSchema>;

export const EXEMPTIONS = ['locked', 'signed', 'openOpportunity'] as const;
export type Exemption = (typeof EXEMPTIONS)[number];

export const reclaimSchema = z.strictObject({
  /** Default thresholds; giving a rule a number turns it on. */
  days: thresholdsSchema,
  /** Names the default row in explanations when there are bands ("other customers"). */
  defaultLabel: text.optional(),
  bands: z.array(bandSchema).max(50).default([]),
  /** The lead field a band's `size` reads (headcount by default). */
  sizeField: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a lead field name / 线索字段名')
    .max(60)
    .default('employees'),
  /** Remind the owner this many days before the reclaim; 0 = no reminder (S18). */
  remindDaysBefore: z
    .number()
    .int()
    .min(0)
    .max(365)
    .default(0)
    .meta({
      labels: { en: 'Remind the owner, days before the reclaim', zh: '回收前几天提醒负责人' },
      help: {
        en: 'The reminder in whole days (the older way to write “Remind the owner before the reclaim”; give one of the two). 0: no reminder.',
        zh: '以整天计的提醒提前量（“回收前提前提醒负责人”的旧写法，二者只填一个）。0 表示不提醒。',
      },
    }),
  /** The same lead time as a duration (minutes, hours or days); use this or remindDaysBefore, not both. */
  remindBefore: durationSchema(
    0,
    365,
    { en: 'Remind the owner before the reclaim', zh: '回收前提前提醒负责人' },
    {
      en: 'The owner gets one reminder this long before the lead would be reclaimed, e.g. 2 calendar days before a 7-day rule, or 4 hours before a 48-hour rule. It must be shorter than the shortest threshold. Empty or 0: no reminder. At most 365 days.',
      zh: '在线索将被回收前这么久提醒负责人一次，例如 7 天规则提前 2 个自然日，或 48 小时规则提前 4 小时。须短于最短的回收期限。留空或填 0 表示不提醒。最长 365 天。',
    },
  ).optional(),
  /** The tenant calendar working-day clocks and reminders count by; Monday to Friday when none. */
  calendar: calendarIdSchema.optional(),
  /** Each exemption can be switched off (S19). */
  exempt: z
    .strictObject({ locked: z.boolean().default(true), signed: z.boolean().default(true), openOpportunity: z.boolean().default(true) })
    .default({ locked: true, signed: true, openOpportunity: true }),
  /** Where reclaimed leads go (S20); the pool's claim limits apply when someone claims them. */
  poolId: z.string().min(1).max(200),
  notifyFormerOwner: z.boolean().default(true),
});
export type ReclaimConfig = z.infer<typeof reclaimSchema>;

export const RULE_WORDS: Record<ReclaimRuleType, { en: string; zh: string }> = {
  noFollowUp: { en: 'no follow-up', zh: '未跟进' },
  noOpportunity: { en: 'no new opportunity', zh: '无新商机' },
  noDeal: { en: 'no deal', zh: '未成交' },
};

export const EXEMPTION_WORDS: Record<Exemption, { en: string; zh: string }> = {
  locked: { en: 'locked customer', zh: '锁定客户' },
  signed: { en: 'signed deal', zh: '已签约客户' },
  openOpportunity: { en: 'open opportunity', zh: '有进行中的商机' },
};

/** Rules that are on, in their fixed order. */
export const rulesOn = (c: ReclaimConfig): ReclaimRuleType[] => RECLAIM_RULES.filter((r) => c.days[r] !== undefined);

export function checkReclaim(c: ReclaimConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const on = rulesOn(c);
  if (on.length === 0) {
    problems.push({
      field: 'days',
      message: {
        en: 'turn on at least one rule: give no follow-up, no new opportunity or no deal a number of days (or a duration)',
        zh: '至少开启一条规则：为未跟进、无新商机或未成交填写天数（或时长）',
      },
    });
  }
  c.bands.forEach((b, i) => {
    if (!b.levels && !b.expectedAmount && !b.size) {
      problems.push({
        field: `bands[${i}]`,
        message: {
          en: `band ${i + 1} has no criterion and would match every lead: put its days in the default instead`,
          zh: `第 ${i + 1} 档没有任何条件，会匹配所有线索：请改为设置默认天数`,
        },
      });
    }
    for (const rule of RECLAIM_RULES) {
      if (b.days[rule] !== undefined && c.days[rule] === undefined) {
        problems.push({
          field: `bands[${i}].days.${rule}`,
          message: {
            en: `band ${i + 1} sets days for "${RULE_WORDS[rule].en}", but that rule is off: give it default days first`,
            zh: `第 ${i + 1} 档设置了“${RULE_WORDS[rule].zh}”的天数，但该规则未开启：请先设置默认天数`,
          },
        });
      }
    }
    for (const key of ['expectedAmount', 'size'] as const) {
      const r = b[key];
      if (r && r.min !== undefined && r.below !== undefined && r.min >= r.below) {
        problems.push({ field: `bands[${i}].${key}`, message: { en: `band ${i + 1}: min must be below "below"`, zh: `第 ${i + 1} 档：下限必须小于上限` } });
      }
    }
  });
  if (c.remindBefore !== undefined && c.remindDaysBefore > 0) {
    problems.push({
      field: 'remindBefore',
      message: {
        en: 'give the reminder lead time once: remindBefore or remindDaysBefore, not both',
        zh: '提醒提前量只能设置一次：remindBefore 与 remindDaysBefore 二选一',
      },
    });
  }
  const reminder = reminderOf(c);
  const advance = reminder === undefined ? 0 : durationMs(reminder);
  // Compared by nominal length (a working day as a day): what the rule means, not one lead's dates.
  if (advance > 0 && on.length > 0) {
    const all = on.flatMap((r) => [c.days[r]!, ...c.bands.map((b) => b.days[r] ?? c.days[r]!)]);
    let shortest = all[0]!;
    for (const d of all) if (durationMs(d) < durationMs(shortest)) shortest = d;
    if (advance >= durationMs(shortest)) {
      const field = c.remindBefore !== undefined ? 'remindBefore' : 'remindDaysBefore';
      const lead = durationText(c.remindBefore ?? c.remindDaysBefore);
      const limit = durationText(shortest);
      problems.push({
        field,
        message: {
          en: `the reminder (${lead.en} before) must come after the clock starts: the shortest threshold is ${limit.en}`,
          zh: `提前提醒${field === 'remindBefore' ? '时长' : '天数'}（${lead.zh}）必须小于最短期限 ${limit.zh}，否则刚接手就会收到提醒`,
        },
      });
    }
  }
  return problems;
}

/** The reminder lead time: `remindBefore` when given, else `remindDaysBefore` days; undefined = no reminder. */
export function reminderOf(c: Pick<ReclaimConfig, 'remindBefore' | 'remindDaysBefore'>): Duration | undefined {
  const d = c.remindBefore ?? c.remindDaysBefore;
  return durationMs(d) > 0 ? d : undefined;
}

/** Every duration the rule counts: thresholds of the default row and of every band, and the reminder. */
export const durationsOf = (c: ReclaimConfig): Duration[] => [
  ...RECLAIM_RULES.flatMap((r) => [c.days[r], ...c.bands.map((b) => b.days[r])]).filter((d): d is Duration => d !== undefined),
  ...(c.remindBefore !== undefined ? [c.remindBefore] : []),
];
