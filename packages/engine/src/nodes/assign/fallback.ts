import { z } from 'zod';
import { ASSIGN_OUTPUTS, nobodyGotLead, settle } from '../../assignment/assign.js';
import type { Labels, SkipReason } from '../../types/decision.js';
import { defineNode } from '../../types/nodeSpec.js';
import { reassignOwnedOption } from '../../assignment/keepOwner.js';
import { namedRep, waivedText } from './namedRep.js';

const BLOCKING: ReadonlySet<SkipReason> = new Set(['inactive']);

/**
 * A fixed fallback owner (Chili Piper's "fallback owner"): where a lead goes when the rotation
 * found nobody. Caps, shifts and absences are waived so the lead never stalls; only a rep who
 * is no longer active cannot receive it.
 */
export const fallback = defineNode({
  kind: 'assign.fallback',
  category: 'assignment',
  labels: { en: 'Fallback owner', zh: '兜底负责人' },
  help: {
    en: 'Gives the lead to one named rep, even when they are full, away or off shift, so no lead is left without an owner. Only an inactive rep cannot receive it (then "no one available").',
    zh: '把线索交给指定的一位销售，即使其已满额、休假或不在班，确保线索不会无人负责。仅当该销售已停用时无法分配（走“无可分配人员”出口）。',
  },
  schema: z.strictObject({ repId: z.string().min(1).max(200), ...reassignOwnedOption }),
  defaults: { repId: 'fallback-owner' },
  outputs: () => ASSIGN_OUTPUTS,
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  keepsOwner: true,
  execute: (ctx, config, _fired, nodeId) => {
    const named = namedRep(ctx, config.repId, BLOCKING);
    const result = settle(ctx, nodeId, 'fallback', named.gathered, named.candidate, { repId: config.repId, waived: named.waived });
    const blocked = blockedNote(config.repId, named.blockedBy);
    if (blocked) {
      // The summary of a decision nobody got the lead from says why in the fallback's own words.
      const summary = result.summary && ctx.leadId ? { summary: nobodyGotLead(ctx.leadId, nodeId, blocked) } : {};
      return { ...result, note: blocked, ...summary };
    }
    if (result.outcome === 'assigned' && named.waived.length > 0) {
      const list = waivedText(named.waived);
      return {
        ...result,
        note: { en: `fallback owner ${config.repId} takes the lead despite: ${list.en}`, zh: `兜底负责人 ${config.repId} 不受以下限制仍接收线索：${list.zh}` },
      };
    }
    return result;
  },
});

/** Why the fallback owner cannot take the lead, when they cannot. */
function blockedNote(repId: string, blockedBy: SkipReason | 'unknown' | undefined): Labels | undefined {
  if (blockedBy === 'unknown') return { en: `fallback owner ${repId} is not in the state`, zh: `状态中没有兜底负责人 ${repId}` };
  if (blockedBy === 'error') {
    return { en: `fallback owner ${repId} could not be evaluated (see the candidate table)`, zh: `无法评估兜底负责人 ${repId}（见候选人表）` };
  }
  if (blockedBy === 'inactive') return { en: `fallback owner ${repId} is inactive`, zh: `兜底负责人 ${repId} 已停用` };
  return undefined;
}
