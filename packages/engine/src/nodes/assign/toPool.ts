import { z } from 'zod';
import { defineNode } from '../../types/nodeSpec.js';
import { reassignOwnedOption } from '../../assignment/keepOwner.js';

/**
 * Sends the lead to a pool (线索池 / 公海) where reps claim it (S4 nurture pool, S9 抢占).
 * Claim limits (per-rep caps, the pool's daily claim limit) are enforced when a rep claims,
 * not here: this node only puts the lead where it can be claimed.
 */
export const toPool = defineNode({
  kind: 'assign.toPool',
  category: 'assignment',
  labels: { en: 'Send to pool', zh: '放入线索池' },
  help: {
    en: 'Puts the lead in a pool for reps to claim (first come, first served) and ends the flow. A current owner loses the lead. Claim limits are checked when a rep claims.',
    zh: '把线索放入线索池供销售领取（先到先得），流程到此结束。若线索已有负责人，将被收回。领取上限在销售领取时校验。',
  },
  schema: z.strictObject({ poolId: z.string().min(1).max(200), ...reassignOwnedOption }),
  defaults: { poolId: 'public' },
  outputs: () => [],
  emits: () => [{ params: {} }],
  // A new lead its rep entered as theirs is not pooled (assignment/keepOwner.ts).
  keepsOwner: true,
  execute: (ctx, config, _fired, nodeId) => {
    const pool = ctx.state.pool(config.poolId);
    const poolDetail = { poolId: config.poolId, poolName: pool?.name ?? null, dailyClaimLimit: pool?.dailyClaimLimit ?? null };
    if (!ctx.leadId) return { detail: poolDetail, note: { en: 'the event names no lead', zh: '事件未指明线索' } };
    const previousOwnerId = ctx.currentOwner();
    ctx.act({ type: 'toPool', leadId: ctx.leadId, poolId: config.poolId, previousOwnerId, nodeId });
    ctx.change({ type: 'lead.toPool', leadId: ctx.leadId, poolId: config.poolId, previousOwnerId, at: ctx.nowIso, nodeId });
    ctx.setOwner(null);
    return {
      detail: { ...poolDetail, previousOwnerId },
      // A pool the state does not know is still a valid target (the CRM may own it); say so.
      ...(pool ? {} : { note: { en: `pool ${config.poolId} is not in the state`, zh: `状态中没有线索池 ${config.poolId}` } }),
    };
  },
});
