import { z } from 'zod';
import type { Labels } from '../../types/decision.js';
import { defineNode } from '../../types/nodeSpec.js';
import { reassignOwnedOption } from '../../assignment/keepOwner.js';

/**
 * Manual assignment (S5): the lead waits in a queue until a manager assigns it by judgement.
 * Ownership is left as it is; the manager's later assignment is an ordinary CRM change. The queue
 * is the lead's one holder (state/holder.ts): a lead in a pool leaves it, so nobody claims a lead
 * a manager is about to hand out (an exhausted S13 cascade ends here).
 */
export const managerQueue = defineNode({
  kind: 'assign.managerQueue',
  category: 'assignment',
  labels: { en: 'Manager queue', zh: '主管手动分配' },
  help: {
    en: 'Puts the lead in a queue for a manager to assign by hand and ends the flow. A lead in a pool leaves it, so nobody can claim it while it waits. Name the manager directly, or pick a team and its manager is used.',
    zh: '把线索放入待分配队列，由主管凭判断手动分配，流程到此结束。线索若在线索池中会被移出，等待期间无人可领取。可直接指定主管，或选择团队以使用该团队的主管。',
  },
  schema: z.strictObject({
    queueId: z.string().min(1).max(200),
    /** The team whose manager gets the queue, when no manager is named. */
    team: z.string().min(1).max(200).optional(),
    /** A named manager wins over the team's manager. */
    managerId: z.string().min(1).max(200).optional(),
    ...reassignOwnedOption,
  }),
  defaults: { queueId: 'manual' },
  outputs: () => [],
  emits: () => [{ params: {} }],
  keepsOwner: true,
  execute: (ctx, config, _fired, nodeId) => {
    let managerId = config.managerId;
    let source: 'config' | 'team' | 'none' = managerId ? 'config' : 'none';
    let note: Labels | undefined;
    if (!managerId && config.team) {
      const team = ctx.state.team(config.team);
      managerId = team?.managerId;
      if (managerId) source = 'team';
      else if (!team) note = { en: `team ${config.team} is not in the state; the queue has no manager`, zh: `状态中没有团队 ${config.team}，队列无指定主管` };
      else note = { en: `team ${config.team} has no manager; the queue has no manager`, zh: `团队 ${config.team} 未设置主管，队列无指定主管` };
    }
    const detail = { queueId: config.queueId, managerId: managerId ?? null, managerFrom: source, team: config.team ?? null };
    if (!ctx.leadId) return { detail, note: { en: 'the event names no lead', zh: '事件未指明线索' } };
    const fromPool = ctx.state.lead(ctx.leadId)?.poolId;
    if (fromPool) {
      const left = {
        en: `lead ${ctx.leadId} leaves pool ${fromPool}: while it waits for the manager nobody can claim it`,
        zh: `线索 ${ctx.leadId} 移出线索池 ${fromPool}：等待主管分配期间不可领取`,
      };
      note = note ? { en: `${note.en}; ${left.en}`, zh: `${note.zh}；${left.zh}` } : left;
    }
    ctx.act({ type: 'queue', leadId: ctx.leadId, queueId: config.queueId, ...(managerId ? { managerId } : {}), nodeId });
    ctx.change({ type: 'lead.queue', leadId: ctx.leadId, queueId: config.queueId, at: ctx.nowIso, nodeId });
    return { detail, ...(note ? { note } : {}) };
  },
});
