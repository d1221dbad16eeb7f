import { z } from 'zod';
import { EVENT_TYPES } from '../types/domain.js';
import { defineNode, NEXT } from './spec.js';

export const trigger = defineNode({
  kind: 'trigger',
  category: 'trigger',
  labels: { en: 'Trigger', zh: '触发' },
  help: {
    en: 'Where the flow starts: the events that wake this policy (lead created, tick …).',
    zh: '流程的起点：唤醒本策略的事件（线索创建、定时检查等）。',
  },
  schema: z.strictObject({ events: z.array(z.enum(EVENT_TYPES)).min(1) }),
  defaults: { events: ['lead.created'] },
  outputs: () => [NEXT],
});
