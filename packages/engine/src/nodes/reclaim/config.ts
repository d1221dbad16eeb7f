import { z } from 'zod';
import type { ConfigProblem } from '../spec.js';

/** The three reclaim rule types (S16); any combination may be on. */
export const RECLAIM_RULES = ['noFollowUp', 'noOpportunity', 'noDeal'] as const;
export type ReclaimRuleType = (typeof RECLAIM_RULES)[number];

/** Whole days: "7 days" is what sales-ops set, and whole days keep the explanation's arithmetic exact. */
const days = z.number().int().min(1).max(3650);
const text = z.strictObject({ en: z.string().min(1).max(100), zh: z.string().min(1).max(100) });

/** Days per rule type; a rule with no number here is off (defaults) or inherits the default (bands). */
export const thresholdsSchema = z.strictObject({ noFollowUp: days.optional(), noOpportunity: days.optional(), noDeal: days.optional() });
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
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a lead field name')
    .max(60)
    .default('employees'),
  /** Remind the owner this many days before the reclaim; 0 = no reminder (S18). */
  remindDaysBefore: z.number().int().min(0).max(365).default(0),
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
      message: { en: 'turn on at least one rule: give no follow-up, no new opportunity or no deal a number of days', zh: '至少开启一条规则：为未跟进、无新商机或未成交填写天数' },
    });
  }
  c.bands.forEach((b, i) => {
    if (!b.levels && !b.expectedAmount && !b.size) {
      problems.push({
        field: `bands[${i}]`,
        message: { en: `band ${i + 1} has no criterion and would match every lead: put its days in the default instead`, zh: `第 ${i + 1} 档没有任何条件，会匹配所有线索：请改为设置默认天数` },
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
  if (c.remindDaysBefore > 0) {
    const shortest = Math.min(...on.map((r) => Math.min(c.days[r]!, ...c.bands.map((b) => b.days[r] ?? c.days[r]!))));
    if (on.length > 0 && c.remindDaysBefore >= shortest) {
      problems.push({
        field: 'remindDaysBefore',
        message: {
          en: `the reminder (${c.remindDaysBefore} days before) must come after the clock starts: the shortest threshold is ${shortest} days`,
          zh: `提前提醒天数（${c.remindDaysBefore} 天）必须小于最短期限 ${shortest} 天，否则刚接手就会收到提醒`,
        },
      });
    }
  }
  return problems;
}
