import { z } from 'zod';
import { defineNode, NEXT, type ExecContext } from '../types/nodeSpec.js';
import type { Recipient } from '../types/decision.js';

const recipient = z.strictObject({ kind: z.enum(['rep', 'team', 'role', 'manager', 'owner', 'ownerManager']), id: z.string().min(1).max(200) });

/**
 * `{{lead.amount}}`-style placeholders are filled from facts, nothing else is evaluated. Lists
 * read as lists and records as JSON (not "[object Object]"); empty ones are collected in `missing`
 * so the explanation can say why a message has a blank.
 */
function fill(template: string, read: (path: string) => unknown, missing: string[]): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g, (_, path: string) => {
    const v = read(path);
    if (v === undefined || v === null || v === '') {
      if (!missing.includes(path)) missing.push(path);
      return '';
    }
    if (Array.isArray(v)) return v.map((x) => (x !== null && typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
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
    const { to, dropped } = resolveRecipients(ctx, c.to);
    const missing: string[] = [];
    const message = { en: fill(c.message.en, read, missing), zh: fill(c.message.zh, read, missing) };
    const detail = { mode: c.mode, to, ...(missing.length > 0 ? { missing } : {}), ...(dropped.length > 0 ? { dropped } : {}) };
    if (to.length === 0) {
      return { detail, note: { en: 'nobody to notify: the lead has no owner', zh: '无可通知对象：线索没有负责人' } };
    }
    ctx.act({ type: 'notify', ...(ctx.leadId ? { leadId: ctx.leadId } : {}), nodeId, mode: c.mode, to, message });
    return { detail };
  },
});

/** `owner` and `ownerManager` are resolved now; with no owner they are dropped, not invented. */
function resolveRecipients(ctx: ExecContext, list: ReadonlyArray<{ kind: string; id: string }>): { to: Recipient[]; dropped: string[] } {
  const to: Recipient[] = [];
  const dropped: string[] = [];
  const owner = ctx.currentOwner();
  for (const r of list) {
    if (r.kind === 'owner') {
      if (owner) to.push({ kind: 'rep', id: owner });
      else dropped.push('owner');
    } else if (r.kind === 'ownerManager') {
      const team = owner
        ? ctx.state
            .rep(owner)
            ?.teams.map((t) => ctx.state.team(t))
            .find((t) => t?.managerId)
        : undefined;
      if (team?.managerId) to.push({ kind: 'rep', id: team.managerId });
      else dropped.push('ownerManager');
    } else to.push(r as Recipient);
  }
  return { to, dropped };
}
