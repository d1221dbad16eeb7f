import { z } from 'zod';
import { EVENT_TYPES } from '../types/domain.js';
import { defineNode, NEXT } from '../types/nodeSpec.js';

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
    events: z.array(z.enum(EVENT_TYPES)).min(1),
    /** What a tick walks: reclaim checks owned leads, cascades scheduled leads, penalties reps. */
    tickScope: z.enum(TICK_SCOPES).default('ownedLeads'),
  }),
  defaults: { events: ['lead.created'] },
  outputs: () => [NEXT],
});
