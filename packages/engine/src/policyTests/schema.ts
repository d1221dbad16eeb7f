import { z } from 'zod';
import { EVENT_TYPES, eventSchema, penaltySchema, timeZoneName } from '../types/domain.js';
import { instant } from '../types/time.js';
import { stateSnapshotSchema } from '../state/snapshot.js';
import { FACT_ONLY_EVENT_TYPES, MANUAL_EVENT_TYPES } from '../step/types.js';
import { REP_CONDITION_NAMES, SKIP_REASON_NAMES } from './labels.js';

const id = z.string().min(1).max(200);
const labels = z.strictObject({ en: z.string().min(1).max(300), zh: z.string().min(1).max(300) });

/**
 * Where the case starts. A state of its own (the snapshot format `sluice decide --state` reads: reps,
 * teams, pools, leads, pointers, calendars …), or `tenant: "current"`: the tenant as it is now, which
 * the caller (server, CLI) supplies; anything else given is laid over it, by id.
 */
export const givenSchema = stateSnapshotSchema.extend({
  tenant: z.literal('current').optional(),
  // No default here: over the current tenant, an absent zone keeps the tenant's.
  timeZone: timeZoneName.optional(),
});
export type Given = z.infer<typeof givenSchema>;

/** Any event `step` takes: the engine's, the fact-only ones (deal.lost, lock) and manual requests. */
export const stepEventSchema = eventSchema.extend({ type: z.enum([...EVENT_TYPES, ...FACT_ONLY_EVENT_TYPES, ...MANUAL_EVENT_TYPES]) });

const holder = z.union([z.strictObject({ rep: id }), z.strictObject({ pool: id }), z.strictObject({ queue: id }), z.literal('none')]);
export type ExpectedHolder = z.infer<typeof holder>;

/**
 * What should have happened. Per step (`when[i].expect`): in that step. Final (the case's `expect`):
 * over all steps (the last assignment, every reclaim, penalty …) and on the state they leave.
 * Lists are "at least these" (`skipped`, `penalties`, `reminders`, `notified`) or "exactly these"
 * (`reclaimed`); `lead` checks only the fields it names.
 */
export const expectationSchema = z.strictObject({
  /** The lead the expectation is about; default: the step's event's lead (final: the last step's). */
  about: id.optional(),
  /** The rep the lead went to; null: nobody. */
  assignedTo: id.nullable().optional(),
  oneOf: z.array(id).min(1).optional(),
  /** The node whose action decided (assign, pool, queue, score, split); else the last node visited. */
  decidedBy: id.optional(),
  holder: holder.optional(),
  skipped: z.array(z.strictObject({ rep: id, reason: z.enum(SKIP_REASON_NAMES) })).optional(),
  split: z
    .strictObject({
      amountCents: z.number().int().optional(),
      shares: z.array(
        z.strictObject({ rep: id, role: z.string().max(40).optional(), basisPoints: z.number().int().optional(), amountCents: z.number().int().optional() }),
      ),
    })
    .optional(),
  penalties: z
    .array(
      z.strictObject({
        rep: id,
        kind: penaltySchema.shape.kind.unwrap().optional(),
        weightFactor: z.number().optional(),
        suspendClaims: z.boolean().optional(),
        suspendRouting: z.boolean().optional(),
        until: instant.optional(),
      }),
    )
    .optional(),
  reminders: z.array(z.strictObject({ rep: id, lead: id.optional() })).optional(),
  /** Exactly these leads went back to a pool by a reclaim ([] : none did). */
  reclaimed: z.array(id).optional(),
  notified: z
    .array(
      z.strictObject({
        mode: z.enum(['notify', 'task', 'escalate']).optional(),
        /** A recipient's id (a rep, team, role or manager). */
        to: id.optional(),
        /** Words the message holds, in either language. */
        contains: z.string().min(1).max(300).optional(),
      }),
    )
    .optional(),
  /** The step was refused with this code (step/types.ts's StepRefusalCode). */
  refused: z.string().min(1).max(60).optional(),
  /** Lead fields after the step (grade, score, stage, any CRM field). */
  lead: z.record(z.string(), z.unknown()).optional(),
  never: z
    .strictObject({
      assignedTo: z.array(id).min(1).optional(),
      /** Never given to a rep who, at that instant, is … */
      repWhere: z.array(z.enum(REP_CONDITION_NAMES)).min(1).optional(),
    })
    .optional(),
  not: z
    .strictObject({
      reclaimed: z.literal(true).optional(),
      assigned: z.literal(true).optional(),
      pooled: z.literal(true).optional(),
      refused: z.literal(true).optional(),
      /** No notification, task or escalation was sent (about the lead in scope). */
      notified: z.literal(true).optional(),
      /** No penalty was imposed on anyone by the steps. */
      penalized: z.literal(true).optional(),
      /** No reminder was sent (about the lead in scope). */
      reminded: z.literal(true).optional(),
    })
    .optional(),
});
export type Expectation = z.infer<typeof expectationSchema>;

/** One expectation, or several (one per lead a tick touches). */
const expectations = z.union([expectationSchema, z.array(expectationSchema).min(1).max(100)]);

/** One step: an event, or a whole clock tick at an instant; decided at the event's `at` (or the tick's). */
export const testStepSchema = z
  .strictObject({
    event: stepEventSchema.optional(),
    tick: instant.optional(),
    expect: expectations.optional(),
  })
  .superRefine((s, ctx) => {
    if ((s.event === undefined) === (s.tick === undefined))
      ctx.addIssue({ code: 'custom', path: [], message: 'a step is either an "event" or a "tick" (an instant) / 每一步须为 event（事件）或 tick（时刻）之一' });
  });
export type TestStep = z.infer<typeof testStepSchema>;

export const policyTestCaseSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(100)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits and _ . - only / 仅限字母、数字和 _ . -'),
  name: labels,
  description: z.string().max(5000).optional(),
  given: givenSchema.prefault({}),
  when: z.array(testStepSchema).min(1).max(500),
  expect: expectations.optional(),
});
export type PolicyTestCase = z.infer<typeof policyTestCaseSchema>;
export type PolicyTestCaseInput = z.input<typeof policyTestCaseSchema>;

/** A policy's cases: ids are unique so a result, a JUnit line and the editor's list name one case. */
export const policyTestCasesSchema = z
  .array(policyTestCaseSchema)
  .max(500)
  .superRefine((cases, ctx) => {
    const seen = new Set<string>();
    cases.forEach((c, i) => {
      if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `test case "${c.id}" is listed twice / 测试用例“${c.id}”重复` });
      seen.add(c.id);
    });
  });
