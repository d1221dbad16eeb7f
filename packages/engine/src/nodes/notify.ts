import { z } from 'zod';
import { defineNode, NEXT } from './spec.js';

const recipient = z.strictObject({ kind: z.enum(['rep', 'team', 'role', 'manager', 'owner']), id: z.string().min(1).max(200) });

/** `{{lead.amount}}`-style placeholders are filled from facts, nothing else is evaluated. */
function fill(template: string, read: (path: string) => unknown): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g, (_, path: string) => {
    const v = read(path);
    return v === undefined || v === null ? '' : String(v);
  });
}

export const notify = defineNode({
  kind: 'notify',
  category: 'action',
  labels: { en: 'Notify / escalate', zh: '通知 / 升级' },
  help: {
    en: 'Emits an event for the CRM: a notification, an escalation to management, or a task (e.g. for presales). The flow may continue.',
    zh: '向 CRM 发出事件：通知、向管理层升级，或创建任务（如给售前）。流程可继续。',
  },
  schema: z.strictObject({
    mode: z.enum(['notify', 'task', 'escalate']).default('notify'),
    to: z.array(recipient).min(1).max(50),
    message: z.strictObject({ en: z.string().min(1).max(2000), zh: z.string().min(1).max(2000) }),
  }),
  defaults: { mode: 'notify', to: [{ kind: 'owner', id: 'owner' }], message: { en: 'New lead {{lead.id}}', zh: '新线索 {{lead.id}}' } },
  outputs: () => [NEXT],
  emits: () => [{ params: {} }],
  execute: (ctx, c, _fired, nodeId) => {
    const read = (p: string) => ctx.fact(p);
    const to = c.to.map((r) => (r.kind === 'owner' ? { kind: 'rep' as const, id: ctx.currentOwner() ?? '(no owner)' } : r));
    const message = { en: fill(c.message.en, read), zh: fill(c.message.zh, read) };
    ctx.act({ type: 'notify', ...(ctx.leadId ? { leadId: ctx.leadId } : {}), nodeId, mode: c.mode, to, message });
    return { detail: { mode: c.mode, to } };
  },
});
