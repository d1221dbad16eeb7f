import { z } from 'zod';
import type { Labels } from '../types/decision.js';
import type { ExecContext, NodeResult, NodeSpec } from '../types/nodeSpec.js';

/**
 * A lead that already has an owner stays with them (README "An owner the CRM reports holds the
 * lead"): a rep who entered a lead with themselves as its owner, or a lead an earlier decision gave
 * out, is not taken away by routing because the CRM reported it as created or updated. Routing
 * nodes that would move the lead (NodeSpec.keepsOwner: rotations, pools, queues, cascades, a
 * fallback) leave it alone on these events unless their config says `reassignOwned: true`. Every
 * other event routes as it always did: a lead returned to a pool has no owner; a qualified lead is
 * handed from its SDR to an AE (S2); a tick, a claim, a release and a manual assignment are not
 * routing's to refuse. The nodes that settle who owns an account (S25: an existing customer's
 * owner, a conflict rule) exist to overrule whoever entered the lead, so they are not guarded.
 */
export const KEEP_OWNER_EVENTS: ReadonlySet<string> = new Set(['lead.created', 'lead.updated']);

/** The option every such node takes, with its label and help in both languages. */
export const reassignOwnedOption = {
  reassignOwned: z
    .boolean()
    .optional()
    .meta({
      labels: { en: 'Re-route leads that already have an owner', zh: '重新分配已有负责人的线索' },
      help: {
        en: 'Off (default): a new or updated lead that already has an owner (e.g. a rep entered it with themselves as owner) stays with that owner, and this node does nothing. On: the node routes it anyway, taking it from its owner.',
        zh: '关闭（默认）：新建或更新的线索若已有负责人（如销售录入时填了自己），仍归该负责人，本节点不做处理。开启：照常分配，线索将从原负责人处移走。',
      },
    }),
};

/** The outcome a node takes when it kept the owner: no edge leaves by it, so nothing after the node runs. */
export const OWNER_KEPT = 'ownerKept';

/**
 * Whether `spec`'s node leaves the lead with the owner it has, and the result that says why; undefined
 * when it routes as usual. The owner is the one the lead has when the node runs, no node of this
 * decision having given it out (one that did is the once-per-decision rule's: assign.ts).
 */
export function keptOwner(ctx: ExecContext, spec: NodeSpec, config: { reassignOwned?: boolean | undefined }, nodeId: string): NodeResult | undefined {
  const type = ctx.event.type;
  if (!KEEP_OWNER_EVENTS.has(type) || ctx.leadId === null || config.reassignOwned === true) return undefined;
  const owner = ctx.currentOwner();
  if (owner === null || ctx.assignedBy() !== null) return undefined;
  // An owner an earlier policy of the same step gave the lead is routing's: this policy routes on
  // (the one that runs last stands, as the routing-overlap check says).
  const before = ctx.ownerBeforeEvent?.();
  if (before !== undefined && before !== owner) return undefined;
  if (typeof spec.keepsOwner === 'function' && !spec.keepsOwner(config, type)) return undefined;
  const outcome = spec.outcomeHandles ? { outcome: OWNER_KEPT } : {};
  if (ctx.explain === false) return outcome;
  const leadId = ctx.leadId;
  // A new lead's owner is the CRM's when its event named them (step records it before any policy
  // runs, and says what the event named: the event a policy sees carries the stored lead); a lead
  // created again, or updated, may be an earlier decision's: it is simply the owner.
  const created = type === 'lead.created';
  const sent = ctx.ownerReported?.();
  const reported = created && (sent !== undefined ? sent === owner : ctx.event.lead?.ownerId === owner);
  const who: Labels = reported
    ? { en: `the CRM reports ${owner} as its owner`, zh: `CRM 报告其负责人为 ${owner}` }
    : { en: `${owner} already owns it`, zh: `${owner} 已是其负责人` };
  const event: Labels = created ? { en: 'a new lead', zh: '新建' } : { en: 'an updated lead', zh: '更新' };
  return {
    ...outcome,
    detail: { ownerKept: owner, reportedByCrm: reported, event: type, reassignOwned: false },
    note: {
      en: `lead ${leadId} stays with ${owner}: ${who.en}, and ${event.en} that already has an owner is not re-routed (turn on "Re-route leads that already have an owner" on node ${nodeId} to route it anyway)`,
      zh: `线索 ${leadId} 仍归 ${owner}：${who.zh}；已有负责人的${event.zh}线索不会重新分配（如需照常分配，请在节点 ${nodeId} 开启“重新分配已有负责人的线索”）`,
    },
    summary: {
      en: `kept lead ${leadId} with ${owner}: ${who.en} (node ${nodeId})`,
      zh: `线索 ${leadId} 仍归 ${owner}：${who.zh}（节点 ${nodeId}）`,
    },
  };
}
