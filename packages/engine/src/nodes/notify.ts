import { z } from 'zod';
import { defineNode, NEXT, type ExecContext } from '../types/nodeSpec.js';
import type { Recipient } from '../types/decision.js';
import { labelledEnum } from './optionLabels.js';
import { localStampOf } from '../types/localTime.js';

const recipient = z.strictObject({
  kind: labelledEnum(['rep', 'team', 'role', 'manager', 'owner', 'ownerManager'], {
    rep: { en: 'A rep (id below)', zh: '指定销售（下方填销售标识）' },
    team: { en: 'Everyone in a team (id below)', zh: '团队全体成员（下方填团队标识）' },
    role: { en: 'Everyone with a role (id below)', zh: '某一职能的全部人员（下方填职能）' },
    manager: { en: "A team's manager (team id below)", zh: '团队主管（下方填团队标识）' },
    owner: { en: "The lead's owner", zh: '线索负责人' },
    ownerManager: { en: "The owner's manager", zh: '负责人的主管' },
  }),
  id: z.string().min(1).max(200),
});

/**
 * `{{lead.amount}}`-style placeholders are filled from facts, nothing else is evaluated. Lists
 * read as lists and records as JSON (not "[object Object]"); empty ones are collected in `missing`
 * so the explanation can say why a message has a blank. An instant (`{{lead.lastActivityAt}}`)
 * reads on the tenant's wall clock (`zone`), as every message shows one.
 */
function fill(template: string, read: (path: string) => unknown, missing: string[], zone: string): string {
  return template.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g, (_, path: string) => {
    const v = read(path);
    if (v === undefined || v === null || v === '') {
      if (!missing.includes(path)) missing.push(path);
      return '';
    }
    if (Array.isArray(v)) return v.map((x) => (x !== null && typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ');
    if (typeof v === 'string' && ISO_INSTANT.test(v)) return localStampOf(v, zone);
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  });
}

/** An ISO-8601 instant with its offset, as the engine stores every instant. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export const notify = defineNode({
  kind: 'notify',
  category: 'action',
  labels: { en: 'Notify / escalate', zh: '通知 / 升级' },
  help: {
    en: 'Emits an event for the CRM: a notification, an escalation to management, or a task (e.g. for presales). The flow may continue.',
    zh: '向 CRM 发出事件：通知、向管理层升级，或创建任务（如给售前）。流程可继续。',
  },
  schema: z.strictObject({
    mode: labelledEnum(['notify', 'task', 'escalate'], {
      notify: { en: 'Notify', zh: '通知' },
      task: { en: 'Create a task', zh: '创建任务' },
      escalate: { en: 'Escalate to management', zh: '升级给管理层' },
    }).default('notify'),
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
    const zone = ctx.state.timeZone();
    const message = { en: fill(c.message.en, read, missing, zone), zh: fill(c.message.zh, read, missing, zone) };
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
