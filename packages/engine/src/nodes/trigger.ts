import { z } from 'zod';
import { EVENT_TYPES } from '../types/domain.js';
import { defineNode, NEXT } from '../types/nodeSpec.js';
import { EVENT_LABELS, labelledEnum } from './optionLabels.js';

export const TICK_SCOPES = ['ownedLeads', 'scheduledLeads', 'reps', 'once'] as const;
export type TickScope = (typeof TICK_SCOPES)[number];

export const trigger = defineNode({
  kind: 'trigger',
  category: 'trigger',
  labels: { en: 'Trigger', zh: '触发' },
  help: {
    en: 'Where the flow starts: the events that wake this policy (lead created, tick …). On a tick the flow runs once per owned lead, per scheduled lead, per rep, or once.',
    zh: '流程的起点：唤醒本策略的事件（线索创建、定时检查等）。定时检查时，流程按每条已分配线索、每条待检查线索、每位销售或仅一次运行。',
  },
  schema: z.strictObject({
    events: z.array(labelledEnum(EVENT_TYPES, EVENT_LABELS)).min(1),
    /**
     * What a tick walks: reclaim checks owned leads, cascades scheduled leads, penalties reps.
     * Unset, the compiler gives the scope the policy's nodes need (compiler/tickScope.ts), else owned leads.
     */
    tickScope: labelledEnum(TICK_SCOPES, {
      ownedLeads: { en: 'Each owned lead (reclaim)', zh: '每条已分配的线索（回收）' },
      scheduledLeads: { en: 'Each lead with a check due (cascade)', zh: '每条到期待检查的线索（延迟分配）' },
      reps: { en: 'Each rep (penalties and rewards)', zh: '每位销售（惩罚与奖励）' },
      once: { en: 'Once per tick', zh: '每次定时检查运行一次' },
    }).optional(),
  }),
  defaults: { events: ['lead.created'] },
  outputs: () => [NEXT],
});
