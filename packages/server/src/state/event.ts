import { EVENT_TYPES, eventSchema, FACT_ONLY_EVENT_TYPES } from '@sluice/engine';
import { z } from 'zod';
import { policyVersionMessage, policyVersionNumber } from '../http/versionFields.js';

export { FACT_ONLY_EVENT_TYPES };
export const SERVER_EVENT_TYPES = [...EVENT_TYPES, ...FACT_ONLY_EVENT_TYPES] as const;
export type ServerEventType = (typeof SERVER_EVENT_TYPES)[number];

const ENGINE_TYPES: ReadonlySet<string> = new Set(EVENT_TYPES);
export const isEngineEventType = (type: string): boolean => ENGINE_TYPES.has(type);

/**
 * Event types that are about one lead: they need `lead` or `leadId`. Every type but `tick` (which
 * may be about nobody): a claim or conflict report, a co-follow request and a committee override
 * name the lead they are about too. A test holds this to SERVER_EVENT_TYPES.
 */
export const LEAD_EVENT_TYPES: ReadonlySet<string> = new Set<ServerEventType>([
  'lead.created',
  'lead.updated',
  'lead.qualified',
  'lead.returned_to_pool',
  'activity.logged',
  'stage.changed',
  'collab.requested',
  'claim.requested',
  'deal.won',
  'decision.overridden',
  'deal.lost',
  'lead.locked',
  'lead.unlocked',
]);

/** The engine's event, with the fact-only types added: what `POST /v1/events` takes. */
export const serverEventSchema = eventSchema.extend({ type: z.enum(SERVER_EVENT_TYPES) });
export type ServerEvent = z.infer<typeof serverEventSchema>;

/** Preview options of `POST /v1/decide`. */
export const previewFields = {
  /** Decide without changing anything (routing preview). */
  dryRun: z.boolean().optional(),
  /** Preview one policy instead of every live one (dry runs only). */
  policyKey: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/)
    .optional(),
  /** Which published version of `policyKey` (default: the live one). */
  policyVersion: policyVersionNumber(policyVersionMessage('policyVersion')).optional(),
  /** Preview the draft of `policyKey`. */
  draft: z.boolean().optional(),
};

export type Preview = { dryRun?: boolean | undefined; policyKey?: string | undefined; policyVersion?: number | undefined; draft?: boolean | undefined };

/** Cross-field rules every event obeys, reported with field paths. */
export function checkEvent(e: ServerEvent & Preview, ctx: z.RefinementCtx): void {
  // NUL characters and lone surrogates never get here: the body guard (http/body.ts) refuses them in every body.
  if (e.lead && e.leadId && e.lead.id !== e.leadId) {
    ctx.addIssue({ code: 'custom', path: ['leadId'], message: 'leadId and lead.id differ / leadId 与 lead.id 不一致' });
  }
  if (LEAD_EVENT_TYPES.has(e.type) && !e.lead && !e.leadId) {
    ctx.addIssue({ code: 'custom', path: ['leadId'], message: `a ${e.type} event needs lead or leadId / ${e.type} 事件需要 lead 或 leadId` });
  }
  // A tick about nothing in particular runs every live tick policy over everything it covers: the
  // scheduler's work, every --tick-seconds, chunk by chunk. Taken here it loaded no subject and
  // quietly did nothing.
  if (e.type === 'tick' && !e.lead && !e.leadId && !e.repId) {
    ctx.addIssue({
      code: 'custom',
      path: ['leadId'],
      message:
        "a tick about no lead and no rep is the server's scheduler's (it runs every live tick policy over its whole scope every --tick-seconds): name leadId or repId to check one lead or rep now / 不指明线索或销售的 tick 由服务器调度器按 --tick-seconds 定时对全部范围执行：如需立即检查某条线索或某位销售，请填写 leadId 或 repId",
    });
  }
  if (e.type === 'activity.logged' && !e.activity) {
    ctx.addIssue({ code: 'custom', path: ['activity'], message: 'an activity.logged event needs activity / activity.logged 事件需要 activity' });
  }
  if (e.type === 'stage.changed' && !e.stage) {
    ctx.addIssue({ code: 'custom', path: ['stage'], message: 'a stage.changed event needs stage / stage.changed 事件需要 stage' });
  }
  const previewing = e.policyKey !== undefined || e.policyVersion !== undefined || e.draft === true;
  if (previewing && e.dryRun !== true) {
    ctx.addIssue({
      code: 'custom',
      path: ['dryRun'],
      message: 'previewing a policy version or draft needs dryRun: true / 预览指定版本或草稿需要 dryRun: true',
    });
  }
  if ((e.policyVersion !== undefined || e.draft === true) && e.policyKey === undefined) {
    ctx.addIssue({ code: 'custom', path: ['policyKey'], message: 'name the policy to preview / 请指定要预览的策略' });
  }
  if (e.policyVersion !== undefined && e.draft === true) {
    ctx.addIssue({ code: 'custom', path: ['draft'], message: 'preview either a version or the draft, not both / 只能预览某个版本或草稿之一' });
  }
}

export const eventBodySchema = serverEventSchema.superRefine(checkEvent);
export const decideBodySchema = serverEventSchema.extend(previewFields).superRefine(checkEvent);
export type DecideBody = z.infer<typeof decideBodySchema>;
