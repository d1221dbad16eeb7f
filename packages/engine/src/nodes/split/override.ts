import { z } from 'zod';
import { basisPointsText } from '../../split/allocate.js';
import {
  lineBasisPoints,
  overrideSplitProblems,
  PENDING_OVERRIDE,
  unknownOverrideReps,
  unknownRepsText,
  type SplitLineProblem,
  type UnknownOverrideRep,
} from '../../split/overrides.js';
import { overrideSchema, type Override } from '../../types/domain.js';
import type { Labels } from '../../types/decision.js';
import { defineNode, type NodeResult } from '../../types/nodeSpec.js';
import { labelledEnum } from '../optionLabels.js';

const ACTIONS = ['assign', 'toPool', 'split'] as const;

const schema = z.strictObject({
  /** Who may approve an override; empty = any approver the CRM names. */
  committee: z.array(z.string().min(1).max(200)).max(50).default([]),
  /** Which kinds of override this policy accepts. */
  allow: z
    .array(
      labelledEnum(ACTIONS, {
        assign: { en: 'Give the lead to a rep', zh: '改派给销售' },
        toPool: { en: 'Send the lead to a pool', zh: '退回线索池' },
        split: { en: 'Change the credit split', zh: '调整业绩拆分' },
      }),
    )
    .min(1)
    .default([...ACTIONS]),
});

export type OverrideProblem =
  | 'unknownLead'
  | 'missingReason'
  | 'missingApprover'
  | 'notInCommittee'
  | 'invalidAction'
  | 'actionNotAllowed'
  | 'unknownRep'
  | 'inactiveRep'
  | 'badSplit';

const PROBLEM_TEXT: Record<OverrideProblem, Labels> = {
  unknownLead: { en: 'the override names no lead', zh: '改判未指明线索' },
  missingReason: { en: 'an override needs a reason (data.reason)', zh: '改判必须填写理由（data.reason）' },
  missingApprover: { en: 'an override needs an approver (data.approver)', zh: '改判必须注明审批人（data.approver）' },
  notInCommittee: { en: 'the approver is not on the committee', zh: '审批人不在改判委员会中' },
  invalidAction: {
    en: 'data.action must be { assign: repId }, { toPool: poolId } or { split: [{ repId, share | basisPoints }] }',
    zh: 'data.action 必须是 { assign: 销售 } 、{ toPool: 线索池 } 或 { split: [{ repId, share 或 basisPoints }] }',
  },
  actionNotAllowed: { en: 'this policy does not accept this kind of override', zh: '本策略不接受此类改判' },
  unknownRep: { en: 'a rep the action names is not on the roster', zh: '改判动作中的销售不在销售名单中' },
  inactiveRep: { en: 'the rep the action gives the lead to is inactive', zh: '改判指定的销售已停用' },
  badSplit: {
    en: 'split shares must name each rep once, be exact to a basis point (share with at most 4 decimals, or whole basisPoints) and total exactly 1 (10000 basis points)',
    zh: '拆分比例中每位销售只能出现一次，比例精确到基点（share 最多 4 位小数，或整数 basisPoints），且合计必须正好为 1（10000 个基点）',
  },
};

/** What a refusal's words are made from besides the problem codes. */
interface RefusalFacts {
  kind: string | undefined;
  allow: readonly string[];
  splitProblems: readonly SplitLineProblem[];
  unknownReps: readonly UnknownOverrideRep[];
  /** The inactive rep an assignment names. */
  inactiveRep: string | undefined;
}

/**
 * A refusal for the wrong kind of action says which was asked and which this policy accepts; a
 * bad split says which line and why; an unknown rep is named with the field that names them.
 */
function problemText(p: OverrideProblem, { kind, allow, splitProblems, unknownReps, inactiveRep }: RefusalFacts): Labels {
  if (p === 'unknownRep' && unknownReps.length > 0) return unknownRepsText(unknownReps);
  if (p === 'inactiveRep' && inactiveRep !== undefined) {
    return {
      en: `rep ${inactiveRep} (data.action.assign) is inactive: a lead given to them would sit untouched`,
      zh: `销售 ${inactiveRep}（data.action.assign）已停用：分配给其的线索将无人跟进`,
    };
  }
  if (p === 'badSplit' && splitProblems.length > 0) {
    return {
      en: `bad split: ${splitProblems.map((s) => `${s.field}: ${s.message.en}`).join('; ')}`,
      zh: `拆分有误：${splitProblems.map((s) => `${s.field}：${s.message.zh}`).join('；')}`,
    };
  }
  if (p !== 'actionNotAllowed' || kind === undefined) return PROBLEM_TEXT[p];
  return {
    en: `this policy does not accept the override action "${kind}"; allowed: ${allow.join(', ')}`,
    zh: `本策略不接受改判动作 "${kind}"；允许的动作：${allow.join('、')}`,
  };
}

/**
 * Manual override (S26): a small committee overrules any rule for one lead — give it to a rep,
 * send it to a pool, or fix the credit split. Reason and approver are required; the override is
 * recorded on the lead, shown in every later decision's explanation, and a split override
 * replaces the split method when the deal is won.
 */
export const override = defineNode({
  kind: 'override.apply',
  category: 'action',
  labels: { en: 'Apply committee override', zh: '执行委员会改判' },
  help: {
    en: "On an override event: checks the reason, the approver (a committee member if a committee is listed) and the action, then assigns the lead, sends it to a pool, or records the credit split to use. The override stays in the lead's history and in the explanation of every later decision. Missing reason or approver → refused, nothing changes.",
    zh: '收到改判事件时：校验理由、审批人（若设置了委员会，须为其成员）和改判动作，然后分配线索、放入线索池，或记录成交时使用的业绩拆分。改判记入线索历史，并出现在之后每次决策的说明中。缺少理由或审批人 → 拒绝，不做任何改动。',
  },
  schema,
  defaults: { committee: [], allow: [...ACTIONS] },
  outputs: () => [
    { handle: 'applied', labels: { en: 'applied', zh: '已执行' } },
    { handle: 'refused', labels: { en: 'refused', zh: '已拒绝' } },
  ],
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  execute: (ctx, config, _fired, nodeId): NodeResult => {
    const data = ctx.event.data ?? {};
    const problems: OverrideProblem[] = [];
    const reason = typeof data.reason === 'string' ? data.reason.trim() : '';
    const approver = typeof data.approver === 'string' ? data.approver.trim() : '';
    if (!ctx.leadId) problems.push('unknownLead');
    if (!reason) problems.push('missingReason');
    if (!approver) problems.push('missingApprover');
    else if (config.committee.length > 0 && !config.committee.includes(approver)) problems.push('notInCommittee');
    const action = overrideSchema.shape.action.safeParse(data.action);
    let kind: (typeof ACTIONS)[number] | undefined;
    // A split is checked line by line before the schema, so a refusal names the line and the field.
    const rawSplit = typeof data.action === 'object' && data.action !== null && 'split' in data.action ? (data.action as { split: unknown }).split : undefined;
    const splitProblems = Array.isArray(rawSplit) ? overrideSplitProblems(rawSplit) : [];
    if (splitProblems.length > 0) {
      kind = 'split';
      if (!config.allow.includes(kind)) problems.push('actionNotAllowed');
      problems.push('badSplit');
    } else if (!action.success) problems.push('invalidAction');
    else {
      const a = action.data;
      kind = 'assign' in a ? 'assign' : 'toPool' in a ? 'toPool' : 'split';
      if (!config.allow.includes(kind)) problems.push('actionNotAllowed');
    }
    // A rep the roster does not have gets no lead and no credit (S26): every one is named.
    const unknownReps = kind === undefined ? [] : unknownOverrideReps(data.action, (id) => ctx.state.rep(id) !== undefined);
    if (unknownReps.length > 0) problems.push('unknownRep');
    // A lead given to a rep who has left would sit untouched. A split may still credit one: the
    // deal's credit can be for work done before they left.
    const assignTo = action.success && 'assign' in action.data ? action.data.assign : undefined;
    const inactiveRep = assignTo !== undefined && ctx.state.rep(assignTo)?.active === false ? assignTo : undefined;
    if (inactiveRep !== undefined) problems.push('inactiveRep');
    const overridesId = typeof data.overrides === 'string' && data.overrides ? data.overrides.slice(0, 200) : undefined;
    if (problems.length > 0 || !action.success || !ctx.leadId) {
      const facts: RefusalFacts = { kind, allow: config.allow, splitProblems, unknownReps, inactiveRep };
      return {
        outcome: 'refused',
        detail: {
          problems,
          ...(splitProblems.length > 0 ? { splitProblems } : {}),
          ...(unknownReps.length > 0 ? { unknownReps } : {}),
          ...(inactiveRep !== undefined ? { inactiveRep } : {}),
        },
        note: {
          en: `override refused: ${problems.map((p) => problemText(p, facts).en).join('; ')}`,
          zh: `改判被拒绝：${problems.map((p) => problemText(p, facts).zh).join('；')}`,
        },
      };
    }

    const leadId = ctx.leadId;
    const record: Override = {
      leadId,
      at: ctx.nowIso,
      reason: reason.slice(0, 2000),
      approver,
      ...(ctx.event.repId ? { requestedBy: ctx.event.repId } : {}),
      action: action.data,
      ...(overridesId ? { overrides: overridesId } : {}),
    };
    const previousOwnerId = ctx.currentOwner();
    const detail: Record<string, unknown> = { override: record, previousOwnerId };
    const a = action.data;
    let did: Labels;
    if ('assign' in a) {
      if (previousOwnerId === a.assign) did = { en: `${a.assign} already owns the lead`, zh: `${a.assign} 已是负责人` };
      else {
        ctx.act({ type: 'assign', leadId, repId: a.assign, previousOwnerId, nodeId, strategy: 'override' });
        ctx.change({ type: 'lead.assign', leadId, repId: a.assign, previousOwnerId, at: ctx.nowIso, nodeId, via: 'override' });
        ctx.setOwner(a.assign, nodeId);
        did = {
          en: `lead ${leadId} goes to ${a.assign}${previousOwnerId ? ` (was ${previousOwnerId})` : ''}`,
          zh: `线索 ${leadId} 改由 ${a.assign} 负责${previousOwnerId ? `（原负责人 ${previousOwnerId}）` : ''}`,
        };
      }
    } else if ('toPool' in a) {
      ctx.act({ type: 'toPool', leadId, poolId: a.toPool, previousOwnerId, nodeId });
      ctx.change({ type: 'lead.toPool', leadId, poolId: a.toPool, previousOwnerId, at: ctx.nowIso, nodeId, reason: 'released' });
      ctx.setOwner(null);
      did = { en: `lead ${leadId} goes to pool ${a.toPool}`, zh: `线索 ${leadId} 放入线索池 ${a.toPool}` };
    } else {
      const list = a.split.map((s) => `${s.repId} ${basisPointsText(lineBasisPoints(s))}`);
      did = { en: `credit will be split ${list.join(', ')}`, zh: `业绩将按 ${list.join('、')} 拆分` };
    }
    ctx.change({ type: 'lead.override', override: record });
    ctx.setFact(PENDING_OVERRIDE, record);
    return {
      outcome: 'applied',
      detail,
      // A split, or a lead its owner keeps, makes no action: the summary says what the override did.
      summary: did,
      note: {
        en: `committee override approved by ${approver}${overridesId ? ` (overrules decision ${overridesId})` : ''}: ${did.en}; reason: ${record.reason}`,
        zh: `委员会改判，审批人 ${approver}${overridesId ? `（推翻决策 ${overridesId}）` : ''}：${did.zh}；理由：${record.reason}`,
      },
    };
  },
});
