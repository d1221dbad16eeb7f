import { z } from 'zod';
import { instant, timeZoneName } from './time.js';
import { DURATION_UNITS, UNIT_MS } from './duration.js';

export { instant, timeZoneName } from './time.js';
const id = z.string().min(1).max(200);
const clock = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'time of day as HH:MM / 时刻，格式为 HH:MM');

/**
 * The largest amount (a deal's, a lead's expected one) the engine takes: its cents are still a
 * safe integer, so splits stay exact to the cent. Amounts are never negative.
 */
export const MAX_AMOUNT = 90_000_000_000_000;

export const EVENT_TYPES = [
  'lead.created',
  'lead.updated',
  'lead.qualified',
  'lead.returned_to_pool',
  'activity.logged',
  'stage.changed',
  'tick',
  /** A rep asks to co-follow a lead someone else owns (S21). */
  'collab.requested',
  /** A rep reports / claims a customer; may conflict with an existing owner (撞单, S25). */
  'claim.requested',
  /** The deal is signed: credit is split (S22–S24). */
  'deal.won',
  /** A committee overrules the rules for one lead (S26). */
  'decision.overridden',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * A lead as the CRM knows it. Known fields are typed; any other CRM field is kept as is so
 * conditions can read it (`lead.<field>`).
 */
export const leadSchema = z.looseObject({
  id,
  createdAt: instant.optional(),
  ownerId: id.nullable().optional(),
  poolId: id.nullable().optional(),
  status: z.enum(['open', 'won', 'lost']).optional(),
  score: z.number().optional(),
  /** The smart score (智能评分) a `score.model` node wrote: 0–100, or a probability if so configured. */
  smartScore: z.number().optional(),
  grade: z.string().max(20).optional(),
  stage: z.string().max(60).optional(),
  lastActivityAt: instant.optional(),
  company: z.string().max(300).optional(),
  parentCompany: z.string().max(300).optional(),
  email: z.string().max(300).optional(),
  phone: z.string().max(60).optional(),
  /** When the current owner got the lead: reclaim clocks never start before it. */
  ownedSince: instant.optional(),
  lastOpportunityAt: instant.optional(),
  lastDealAt: instant.optional(),
  /** Customer level (A/B/C …) or size band, for per-level reclaim thresholds (S17). */
  level: z.string().max(40).optional(),
  locked: z.boolean().optional(),
  /** Has a signed deal (签约客户). */
  signed: z.boolean().optional(),
  openOpportunity: z.boolean().optional(),
  expectedAmount: z.number().min(0).max(MAX_AMOUNT).optional(),
  /** When the owner reported (报备) and first discovered the customer: conflict rules compare these (S25). */
  reportedAt: instant.optional(),
  discoveredAt: instant.optional(),
});
export type Lead = z.infer<typeof leadSchema>;

export const shiftSchema = z.strictObject({
  /** ISO weekdays: 1 = Monday … 7 = Sunday. */
  days: z.array(z.number().int().min(1).max(7)).min(1),
  start: clock,
  end: clock,
});

export const repSchema = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  teams: z.array(id).default([]),
  /** Function tags (职能标签): one person may be SDR and AE at once. */
  roles: z.array(z.string().max(40)).default([]),
  weight: z.number().min(0).max(1000).default(1),
  /** Most open leads this rep may hold. */
  cap: z.number().int().min(0).optional(),
  /** Most leads this rep may receive per (tenant) day. */
  dailyCap: z.number().int().min(0).optional(),
  active: z.boolean().default(true),
  timeZone: timeZoneName.optional(),
  shifts: z.array(shiftSchema).optional(),
  outOfOffice: z.array(z.strictObject({ from: instant, to: instant })).default([]),
  /** The working-day calendar (工作日历) of the rep's region: off on its weekends and holidays, and on a make-up day working the shifts of the weekday it stands for. */
  calendar: z.string().min(1).max(200).optional(),
  level: z.string().max(40).optional(),
  skills: z.array(z.string().max(60)).default([]),
  languages: z.array(z.string().max(20)).default([]),
  industries: z.array(z.string().max(60)).default([]),
  regions: z.array(z.string().max(60)).default([]),
  products: z.array(z.string().max(60)).default([]),
  /** Share of the rep's past leads that became deals, 0‥1. */
  conversionRate: z.number().min(0).max(1).optional(),
  /** Leads worked to an outcome per day, oldest first: feeds dynamic caps (S11). */
  throughput: z.array(z.number().min(0).max(100_000)).optional(),
  /** Open leads held at the time of the snapshot (CRM-synced). */
  openLoad: z.number().int().min(0).default(0),
});
export type Rep = z.infer<typeof repSchema>;
export type RepInput = z.input<typeof repSchema>;

export const teamSchema = z.strictObject({
  id,
  name: z.string().max(200).optional(),
  managerId: id.optional(),
  poolId: id.optional(),
});
export type Team = z.infer<typeof teamSchema>;

/**
 * One row of a pool's per-rep limits (S9): who it is for (a rep id, a rep `level`, or a team id)
 * and the limits that replace the pool's own for them. Rows, not nested maps, so the editor shows
 * them as one table: "applies to" · value · daily limit · owned cap.
 */
export const claimLimitSchema = z.strictObject({
  by: z.enum(['rep', 'level', 'team']),
  /** The rep id, the rep `level` value, or the team id. */
  value: z.string().min(1).max(200),
  /** How the level or team is named in refusals, e.g. { en: 'junior', zh: '初级' }; the value otherwise. */
  label: z.strictObject({ en: z.string().min(1).max(60), zh: z.string().min(1).max(60) }).optional(),
  dailyClaimLimit: z.number().int().min(0).max(10_000).optional(),
  ownedCap: z.number().int().min(0).max(100_000).optional(),
});
export type ClaimLimit = z.infer<typeof claimLimitSchema>;

/**
 * A duration kept in a stored document (a pool): whole days, or `{ value, unit }`, at most `maxDays`
 * in total. The same shape as durationSchema, without the editor's labels, which the API's schema
 * cannot carry.
 */
function storedDuration(maxDays: number) {
  return z.union(
    [
      z.number().int().min(0).max(maxDays),
      z.strictObject({ value: z.number().int().min(0), unit: z.enum(DURATION_UNITS) }).superRefine((d, ctx) => {
        const maximum = (maxDays * UNIT_MS.days) / UNIT_MS[d.unit];
        if (d.value > maximum)
          ctx.addIssue({
            code: 'too_big',
            origin: 'number',
            maximum,
            inclusive: true,
            input: d.value,
            path: ['value'],
            message: `at most ${maxDays} days in total (${maximum} ${d.unit}) / 最长 ${maxDays} 天`,
          });
      }),
    ],
    {
      error:
        'a number of days, or { "value": n, "unit": "minutes | hours | days | workingDays" } / 填天数，或 { "value": n, "unit": "minutes | hours | days | workingDays" }',
    },
  );
}

export const poolSchema = z
  .strictObject({
    id,
    name: z.string().max(200).optional(),
    /** Per rep / level / team claim limits; the pool's own values are the default (see engine/claimLimits.ts). */
    limits: z
      .array(claimLimitSchema)
      .max(500)
      .superRefine((rows, ctx) => {
        const seen = new Map<string, number>();
        rows.forEach((r, i) => {
          if (r.dailyClaimLimit === undefined && r.ownedCap === undefined) {
            ctx.addIssue({ code: 'custom', path: [i], message: 'set dailyClaimLimit or ownedCap (or both) / 至少设置每日领取上限或拥有客户上限之一' });
          }
          const k = `${r.by}\u0000${r.value}`;
          if (seen.has(k))
            ctx.addIssue({
              code: 'custom',
              path: [i, 'value'],
              message: `duplicate limit for ${r.by} ${r.value} (also row ${seen.get(k)}) / ${r.by} ${r.value} 的限额重复（与第 ${seen.get(k)} 行）`,
            });
          else seen.set(k, i);
        });
      })
      .optional(),
    dailyClaimLimit: z.number().int().min(0).optional(),
    coolingDays: z.number().min(0).max(3650).optional(),
    /** The former owner's cooling as a duration (e.g. 3 working days or 12 hours); this or coolingDays, not both. */
    cooling: storedDuration(3650)
      .optional()
      .describe(
        'How long a rep who lost a lead waits before claiming it again from this pool: a number of days, or a number with its unit — minutes, hours, days or working days (e.g. 3 working days); 0 = no wait. Use this or "cooling days", not both / 失去线索的销售需等待多久才能从本线索池重新领取：填天数，或数值加单位——分钟、小时、天或工作日（如 3 个工作日）；0 表示无需等待。与“冷却天数”二选一',
      ),
    /** The calendar the pool's working days count by; Monday–Friday in the tenant's zone when omitted. */
    calendar: id
      .optional()
      .describe(
        "Only for a cooling in working days: the tenant calendar whose holidays and make-up days it follows; Monday to Friday in the tenant's time zone when omitted / 仅用于以工作日计的冷却期：所依据的租户工作日历；留空则按租户时区的周一至周五",
      ),
    /** Most customers a rep may own to claim from this pool (S20). */
    ownedCap: z.number().int().min(0).optional(),
    /** Whether signed customers count towards ownedCap; counted unless set to false. */
    countSigned: z.boolean().optional(),
  })
  .superRefine((p, ctx) => {
    if (p.cooling !== undefined && p.coolingDays !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cooling'],
        message: 'give the cooling once: "cooling" (a duration) or "coolingDays", not both / 冷却期只能设置一次：“cooling”（时长）与“coolingDays”二选一',
      });
    }
  });
export type Pool = z.infer<typeof poolSchema>;

/** An existing customer account, for lead-to-customer matching (S25). */
export const customerSchema = z.strictObject({
  id,
  company: z.string().max(300).optional(),
  /** Other names the customer goes by ("阿克米", "ACME China"); each matches like the company name. */
  aliases: z.array(z.string().max(300)).max(50).default([]),
  emailDomains: z.array(z.string().max(200)).default([]),
  phones: z.array(z.string().max(60)).default([]),
  ownerId: id.nullable().optional(),
  parentId: id.nullable().optional(),
  /** When the owner reported (报备) / first discovered the account; conflict rules compare these (S25). */
  reportedAt: instant.optional(),
  discoveredAt: instant.optional(),
});
export type Customer = z.infer<typeof customerSchema>;

export const ownershipSchema = z.strictObject({
  leadId: id,
  repId: id,
  from: instant,
  to: instant.optional(),
  /** How ownership began. */
  via: z.enum(['assigned', 'claimed', 'override']).optional(),
  /** Why ownership ended: a reclaimed or released lead starts the former owner's cooling period. */
  endReason: z.enum(['reclaimed', 'released', 'reassigned', 'won', 'lost']).optional(),
});
export type OwnershipRecord = z.infer<typeof ownershipSchema>;

export const penaltySchema = z.strictObject({
  repId: id,
  from: instant,
  until: instant,
  /** Routing weight is multiplied by this while the penalty holds (降权). */
  weightFactor: z.number().min(0).max(10).default(1),
  suspendClaims: z.boolean().default(false),
  suspendRouting: z.boolean().default(false),
  reason: z.string().max(500).optional(),
  /** The reason in Chinese (a policy's penalty writes both): a zh message never shows the English `reason`. */
  reasonZh: z.string().max(500).optional(),
  kind: z.enum(['idle', 'hoarding', 'reward', 'manual']).default('manual'),
  /** `linear`: the factor eases back to 1 between from and until instead of snapping back (S29). */
  decay: z.enum(['none', 'linear']).default('none'),
  /** The policy node that imposed it, so a tick does not impose it twice. */
  source: z.string().max(200).optional(),
});
export type Penalty = z.infer<typeof penaltySchema>;

export const eventSchema = z.strictObject({
  id,
  type: z.enum(EVENT_TYPES),
  at: instant,
  lead: leadSchema.optional(),
  leadId: id.optional(),
  repId: id.optional(),
  activity: z.strictObject({ kind: z.string().max(60), at: instant.optional(), repId: id.optional() }).optional(),
  stage: z.strictObject({ from: z.string().max(60).optional(), to: z.string().max(60) }).optional(),
  /** The deal's amount (deal.won): never negative; at most MAX_AMOUNT, so its cents stay exact. */
  amount: z.number().min(0).max(MAX_AMOUNT).optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type SluiceEvent = z.infer<typeof eventSchema>;
export type SluiceEventInput = z.input<typeof eventSchema>;

/** A touch on a lead: follow-up, call, visit … Multi-touch attribution reads these (S23). */
export const activitySchema = z.strictObject({
  leadId: id,
  repId: id,
  at: instant,
  kind: z.string().max(60).default('follow_up'),
  /** The stage the lead was in, for stage-based splits (S22). */
  stage: z.string().max(60).optional(),
});
export type Activity = z.infer<typeof activitySchema>;

/** Someone working a lead besides its owner (协同跟进, S21). */
export const collaboratorSchema = z.strictObject({
  leadId: id,
  repId: id,
  role: z.string().max(40).optional(),
  status: z.enum(['active', 'pending']),
  since: instant,
});
export type Collaborator = z.infer<typeof collaboratorSchema>;

/** A manual override (S26): what was decided instead, why, and who approved it. */
export const overrideSchema = z.strictObject({
  leadId: id,
  at: instant,
  reason: z.string().min(1).max(2000),
  approver: id,
  requestedBy: id.optional(),
  /** What the override did: give the lead to a rep, send it to a pool, or set credit shares. */
  action: z.union([
    z.strictObject({ assign: id }),
    z.strictObject({ toPool: id }),
    // Each line as a decimal share (0.3334) or exactly, in basis points (3334 of 10,000).
    z.strictObject({
      split: z
        .array(
          z.union([
            z.strictObject({ repId: id, share: z.number().min(0).max(1) }),
            z.strictObject({ repId: id, basisPoints: z.number().int().min(0).max(10_000) }),
          ]),
        )
        .min(1),
    }),
  ]),
  overrides: z.string().max(200).optional(),
});
export type Override = z.infer<typeof overrideSchema>;
