import type { Decision, Labels } from '../types/decision.js';
import type { Override } from '../types/domain.js';
import { money } from '../split/money.js';
import { localStampOf } from '../types/localTime.js';

/**
 * One sentence per decision, in both languages, for the rep it affects. `zone`: the tenant's, in
 * which instants are shown. `kept`: what nodes that acted without an action said the decision
 * meant (NodeResult.summary: a lead kept, and why), said instead of "no action".
 */
export function summarise(d: Decision, zone: string, kept?: readonly Labels[]): { en: string; zh: string } {
  if (!d.triggered) {
    return { en: `policy ${d.policy.key} does not listen to ${d.eventType}`, zh: `策略 ${d.policy.key} 不响应 ${d.eventType} 事件` };
  }
  const en: string[] = [];
  const zh: string[] = [];
  for (const a of d.actions) {
    switch (a.type) {
      case 'assign':
        en.push(`assigned lead ${a.leadId} to ${a.repId} (${a.strategy}, node ${a.nodeId})`);
        zh.push(`线索 ${a.leadId} 分配给 ${a.repId}（${a.strategy}，节点 ${a.nodeId}）`);
        break;
      case 'toPool':
        en.push(`sent lead ${a.leadId} to pool ${a.poolId} (node ${a.nodeId})`);
        zh.push(`线索 ${a.leadId} 进入线索池 ${a.poolId}（节点 ${a.nodeId}）`);
        break;
      case 'queue':
        en.push(`queued lead ${a.leadId} for manual assignment in ${a.queueId} (node ${a.nodeId})`);
        zh.push(`线索 ${a.leadId} 进入 ${a.queueId} 待主管手动分配（节点 ${a.nodeId}）`);
        break;
      case 'score': {
        const smart = a.fields?.smartScore;
        en.push(
          `scored lead ${a.leadId}: ${a.score}${smart !== undefined ? `, smart score ${smart}` : ''}${a.grade ? `, grade ${a.grade}` : ''}${a.stage ? `, ${a.stage}` : ''}`,
        );
        zh.push(
          `线索 ${a.leadId} 得分 ${a.score}${smart !== undefined ? `，智能评分 ${smart}` : ''}${a.grade ? `，等级 ${a.grade}` : ''}${a.stage ? `，${a.stage}` : ''}`,
        );
        break;
      }
      case 'notify':
        en.push(`${a.mode} ${a.to.map((r) => `${r.kind}:${r.id}`).join(', ')}: ${a.message.en}`);
        zh.push(
          `${a.mode === 'task' ? '创建任务' : a.mode === 'escalate' ? '升级通知' : '通知'} ${a.to.map((r) => `${r.kind}:${r.id}`).join('、')}：${a.message.zh}`,
        );
        break;
      case 'schedule':
        en.push(`will check lead ${a.leadId} again at ${localStampOf(a.due, zone)}`);
        zh.push(`将于 ${localStampOf(a.due, zone)} 再次检查线索 ${a.leadId}`);
        break;
      case 'split': {
        const list = (xs: typeof a.shares, sep: string) => xs.map((s) => `${s.repId} ${money(s.amountCents)}`).join(sep);
        en.push(
          `split deal ${a.leadId} (${money(a.amountCents)}, ${a.method}): ${list(a.shares, ', ')}${a.overlay.length > 0 ? `; overlay ${list(a.overlay, ', ')}` : ''}`,
        );
        zh.push(
          `成交 ${a.leadId}（${money(a.amountCents)}，${a.method}）业绩拆分：${list(a.shares, '，')}${a.overlay.length > 0 ? `；附加业绩 ${list(a.overlay, '，')}` : ''}`,
        );
        break;
      }
    }
  }
  if (en.length === 0 && kept !== undefined) {
    // "Why did I (not) lose this customer?": the node that kept the lead says why.
    for (const k of kept) {
      en.push(k.en);
      zh.push(k.zh);
    }
  }
  if (en.length === 0) {
    en.push('no action');
    zh.push('无动作');
  }
  // Why a rep lost (or got) a customer may be a committee's call, not a rule's: say so (S26). The
  // decision that applies an override speaks of that one; the lead's list holds only earlier ones.
  const applied = appliedOverride(d);
  const latest = applied ? undefined : d.explanation.overrides?.at(-1);
  if (applied) {
    const on = localStampOf(applied.at, zone);
    en.push(`note: this decision applies the override of lead ${applied.leadId} approved by ${applied.approver} on ${on} (${applied.reason})`);
    zh.push(`注意：本决策执行 ${applied.approver} 于 ${on} 批准的线索 ${applied.leadId} 改判（${applied.reason}）`);
  } else if (latest) {
    const on = localStampOf(latest.at, zone);
    en.push(`note: lead ${latest.leadId} was overridden by ${latest.approver} on ${on} (${latest.reason})`);
    zh.push(`注意：线索 ${latest.leadId} 曾于 ${on} 经 ${latest.approver} 批准改判（${latest.reason}）`);
  }
  // Most decisions say one thing: no join needed.
  if (en.length === 1) return { en: en[0]!, zh: zh[0]! };
  return { en: en.join('; '), zh: zh.join('；') };
}

/** The override this decision applied (its `lead.override` change), if it applied one. */
function appliedOverride(d: Decision): Override | undefined {
  for (let i = d.changes.length - 1; i >= 0; i--) {
    const c = d.changes[i]!;
    if (c.type === 'lead.override') return c.override;
  }
  return undefined;
}
