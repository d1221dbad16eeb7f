import type { TickScope } from '../nodes/trigger.js';
import type { Labels } from '../types/decision.js';
import type { CompileWarning, PlanNode } from './types.js';

/** What a tick of each scope walks, in words that follow "this tick walks …". */
const WALKS: Record<TickScope, Labels> = {
  ownedLeads: { en: 'each owned lead', zh: '每条已分配的线索' },
  scheduledLeads: { en: 'each lead with a check due', zh: '每条到期待检查的线索' },
  reps: { en: 'each rep', zh: '每位销售' },
  once: { en: 'nothing in particular (once per tick)', zh: '不针对具体对象（每次仅运行一次）' },
};

/** The option of the trigger's "tickScope" field, as the editor shows it (nodes/trigger.ts). */
const OPTION: Record<TickScope, Labels> = {
  ownedLeads: { en: 'Each owned lead (reclaim)', zh: '每条已分配的线索（回收）' },
  scheduledLeads: { en: 'Each lead with a check due (cascade)', zh: '每条到期待检查的线索（延迟分配）' },
  reps: { en: 'Each rep (penalties and rewards)', zh: '每位销售（惩罚与奖励）' },
  once: { en: 'Once per tick', zh: '每次定时检查运行一次' },
};

/** What goes wrong when a node's subjects are not walked: nothing moves until the CRM ticks one lead by name. */
const UNSEEN: Record<Exclude<TickScope, 'once'>, Labels> = {
  scheduledLeads: {
    en: 'the scheduler never visits a lead waiting in a pool, so it stays where it is until the CRM sends a tick naming that lead',
    zh: '定时检查不会访问在线索池中等待的线索，线索会一直停留，除非 CRM 针对该线索发送定时检查',
  },
  ownedLeads: {
    en: 'the scheduler never visits owned leads one by one, so nothing happens to them until the CRM sends a tick naming a lead',
    zh: '定时检查不会逐条访问已分配的线索，除非 CRM 针对某条线索发送定时检查，否则不会有任何动作',
  },
  reps: {
    en: 'the node judges one rep per tick and does nothing on a tick about a lead or about no one',
    zh: '该节点每次检查一位销售，针对线索或不针对任何对象的定时检查对它不起作用',
  },
};

export interface TickScopeFound {
  /** The scope a whole tick walks: the trigger's own, else the one its nodes need, else owned leads. Undefined without ticks. */
  scope: TickScope | undefined;
  warnings: CompileWarning[];
}

/**
 * The scope a policy's whole tick walks (server scheduler, engine `tick`, simulator clocks all read
 * it from the compiled policy): the trigger's `tickScope` when the author set one; otherwise the
 * scope its nodes need (`NodeSpec.tickScope`: a cascade's checks are for leads waiting in pools, so
 * a cascade policy ticks scheduled leads), otherwise owned leads. A node whose scope the tick does
 * not walk — an explicit scope that leaves it out, two nodes needing different scopes, or a trigger
 * that does not listen to ticks at all — is a warning at the trigger's field naming the node: it
 * still acts when the CRM sends a tick naming its subject, so nothing is refused.
 */
export function tickScopeFor(trigger: PlanNode, nodes: ReadonlyMap<string, PlanNode>): TickScopeFound {
  const config = trigger.config as { events: string[]; tickScope?: TickScope };
  const needing = [...nodes.values()].filter((n) => n.spec.tickScope !== undefined);
  const warnings: CompileWarning[] = [];
  if (!config.events.includes('tick')) {
    for (const node of needing) {
      warnings.push({
        code: 'tickScopeMismatch',
        nodeId: trigger.id,
        field: 'events',
        message: {
          en: `node ${node.id} (${node.spec.labels.en}) acts on clock ticks, but the trigger does not listen to "tick": add it to the events, or the node never acts when its time is up`,
          zh: `节点 ${node.id}（${node.spec.labels.zh}）在定时检查时动作，但触发节点未监听“定时检查”（tick）：请把它加入事件，否则该节点永远不会因时间到期而动作`,
        },
      });
    }
    return { scope: undefined, warnings };
  }
  const scope: TickScope = config.tickScope ?? needing[0]?.spec.tickScope ?? 'ownedLeads';
  const given = config.tickScope !== undefined;
  for (const node of needing) {
    const need = node.spec.tickScope!;
    if (need === scope) continue;
    const why = given
      ? {
          en: `set "${OPTION[need].en}" or leave the field empty so the nodes decide`,
          zh: `请选择“${OPTION[need].zh}”，或留空由节点决定`,
        }
      : {
          en: `node ${needing[0]!.id} needs ${WALKS[scope].en}; put the two in separate policies`,
          zh: `节点 ${needing[0]!.id} 需要${WALKS[scope].zh}；请把两者拆成两个策略`,
        };
    warnings.push({
      code: 'tickScopeMismatch',
      nodeId: trigger.id,
      field: 'tickScope',
      message: {
        en: `node ${node.id} (${node.spec.labels.en}) needs a tick over ${WALKS[need].en}, but this tick walks ${WALKS[scope].en}: ${UNSEEN[need].en}; ${why.en}`,
        zh: `节点 ${node.id}（${node.spec.labels.zh}）需要按${WALKS[need].zh}运行定时检查，但本策略的定时检查针对${WALKS[scope].zh}：${UNSEEN[need].zh}；${why.zh}`,
      },
    });
  }
  return { scope, warnings };
}
