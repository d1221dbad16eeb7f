import { z } from 'zod';
import { normaliseCompany } from '../../matching/normalise.js';
import { accountNames, accountRelationSchema, relationProblems } from '../../split/accounts.js';
import type { Rep } from '../../types/domain.js';
import type { Labels } from '../../types/decision.js';
import { defineNode, type ConfigProblem, type ExecContext, type NodeResult } from '../../types/nodeSpec.js';

const BASES = ['sameTeam', 'sisterUnit', 'relatedAccount'] as const;
type Basis = (typeof BASES)[number];
const APPROVALS = ['none', 'owner', 'ownerManager'] as const;
type Approval = (typeof APPROVALS)[number];
const teamId = z.string().min(1).max(200);

export const REFUSALS = [
  'unknownLead',
  'unknownRep',
  'inactive',
  'leadClosed',
  'noOwner',
  'isOwner',
  'alreadyCollaborator',
  'alreadyPending',
  'tooManyCollaborators',
  'notRelated',
  'notApprover',
] as const;
export type CoFollowRefusal = (typeof REFUSALS)[number];

const BASIS_TEXT: Record<Basis, Labels> = {
  sameTeam: { en: 'same team', zh: '同一团队' },
  sisterUnit: { en: 'sister unit', zh: '兄弟单位' },
  relatedAccount: { en: 'related account (parent / subsidiary)', zh: '关联客户（母子公司）' },
};

const schema = z.strictObject({
  /** Allowed bases and the approval each needs. */
  bases: z
    .array(z.strictObject({ basis: z.enum(BASES), approval: z.enum(APPROVALS).default('none') }))
    .min(1)
    .max(BASES.length),
  /** Pairs of team ids whose members may co-follow each other's leads (either direction). */
  sisterUnits: z.array(z.tuple([teamId, teamId])).max(200).default([]),
  accountRelations: z.array(accountRelationSchema).max(200).default([]),
  /** Most active collaborators a lead may have besides its owner. */
  maxCollaborators: z.number().int().min(1).max(100).optional(),
  /** The role a collaborator gets when the request names none (role-based splits read it). */
  defaultRole: z.string().min(1).max(40).optional(),
});
type Config = z.output<typeof schema>;

/**
 * Co-follow (协同跟进 / 互助跟进, S21): who may join a lead someone else owns. Each allowed
 * basis carries its approval; when several hold, the one needing the least approval applies.
 * A request the CRM re-sends with `data.approvedBy` set to the right approver joins directly.
 */
export const coFollow = defineNode({
  kind: 'collab.coFollow',
  category: 'action',
  labels: { en: 'Co-follow request', zh: '协同跟进申请' },
  help: {
    en: 'On a co-follow request: the requester joins the lead as a collaborator if they are in the owner\'s team, a sister unit, or already work a parent / subsidiary account — directly, or after the owner or the owner\'s manager approves (they get a task). Otherwise the request is refused with a reason code.',
    zh: '收到协同跟进申请时：申请人与负责人同团队、属于兄弟单位，或已在跟进母公司 / 子公司客户，即可加入为协同人——直接加入，或经负责人 / 负责人主管审批（为其创建审批任务）。否则拒绝并给出原因代码。',
  },
  schema,
  defaults: { bases: [{ basis: 'sameTeam', approval: 'none' }], sisterUnits: [], accountRelations: [] },
  outputs: () => [
    { handle: 'joined', labels: { en: 'joined', zh: '已加入' } },
    { handle: 'pending', labels: { en: 'awaiting approval', zh: '待审批' } },
    { handle: 'refused', labels: { en: 'refused', zh: '已拒绝' } },
  ],
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  check: (c) => {
    const problems: ConfigProblem[] = [];
    const seen = new Set<string>();
    c.bases.forEach((b, i) => {
      if (seen.has(b.basis)) problems.push({ field: `bases[${i}].basis`, message: { en: `basis "${b.basis}" is listed twice`, zh: `依据 “${b.basis}” 重复` } });
      seen.add(b.basis);
    });
    if (seen.has('sisterUnit') && c.sisterUnits.length === 0) {
      problems.push({ field: 'sisterUnits', message: { en: 'the sister-unit basis needs at least one pair of teams', zh: '“兄弟单位”依据至少需要一对团队' } });
    }
    c.sisterUnits.forEach(([a, b], i) => {
      if (a === b) problems.push({ field: `sisterUnits[${i}]`, message: { en: `team ${a} is paired with itself; use the same-team basis`, zh: `团队 ${a} 与自身配对；请使用“同一团队”依据` } });
    });
    return [...problems, ...relationProblems(c.accountRelations, 'accountRelations')];
  },
  execute: (ctx, config, _fired, nodeId): NodeResult => {
    const requesterId = ctx.event.repId;
    const data = ctx.event.data ?? {};
    const role = typeof data.role === 'string' && data.role ? data.role.slice(0, 40) : config.defaultRole;
    const approvedBy = typeof data.approvedBy === 'string' && data.approvedBy ? data.approvedBy : undefined;
    const refuse = (reason: CoFollowRefusal, message: Labels, detail: Record<string, unknown> = {}): NodeResult => ({
      outcome: 'refused',
      detail: { reason, requesterId: requesterId ?? null, ...detail },
      note: message,
    });

    const lead = ctx.lead;
    if (!ctx.leadId || !lead) return refuse('unknownLead', { en: 'the request names no lead the state knows', zh: '申请未指明已知线索' });
    const rep = requesterId ? ctx.state.rep(requesterId) : undefined;
    if (!requesterId || !rep) return refuse('unknownRep', { en: `requester ${requesterId ?? '(none)'} is not a known rep`, zh: `申请人 ${requesterId ?? '（未指明）'} 不是已知销售` });
    if (!rep.active) return refuse('inactive', { en: `${rep.id} is inactive`, zh: `${rep.id} 已停用` });
    if (lead.status === 'won' || lead.status === 'lost') {
      return refuse('leadClosed', { en: `lead ${lead.id} is already ${lead.status}`, zh: `线索 ${lead.id} 已${lead.status === 'won' ? '成交' : '输单'}` });
    }
    const ownerId = ctx.currentOwner();
    if (!ownerId) return refuse('noOwner', { en: `lead ${lead.id} has no owner: claim it instead of co-following`, zh: `线索 ${lead.id} 没有负责人：请直接领取，无需协同` });
    if (ownerId === rep.id) return refuse('isOwner', { en: `${rep.id} already owns lead ${lead.id}`, zh: `${rep.id} 已是线索 ${lead.id} 的负责人` });
    const collaborators = ctx.state.collaborators(lead.id);
    const existing = collaborators.find((c) => c.repId === rep.id);
    if (existing?.status === 'active') return refuse('alreadyCollaborator', { en: `${rep.id} already co-follows lead ${lead.id}`, zh: `${rep.id} 已是线索 ${lead.id} 的协同人` });
    if (existing?.status === 'pending' && !approvedBy) {
      return refuse('alreadyPending', { en: `${rep.id}'s request for lead ${lead.id} is already awaiting approval`, zh: `${rep.id} 对线索 ${lead.id} 的申请已在审批中` });
    }
    const active = collaborators.filter((c) => c.status === 'active' && c.repId !== rep.id).length;
    if (config.maxCollaborators !== undefined && active >= config.maxCollaborators) {
      return refuse(
        'tooManyCollaborators',
        { en: `lead ${lead.id} already has ${active} collaborators (limit ${config.maxCollaborators})`, zh: `线索 ${lead.id} 已有 ${active} 名协同人（上限 ${config.maxCollaborators}）` },
        { collaborators: active, limit: config.maxCollaborators },
      );
    }

    const owner = ctx.state.rep(ownerId);
    const checks = config.bases.map((b) => ({ basis: b.basis, approval: b.approval, ...checkBasis(ctx, b.basis, rep, owner, config) }));
    const detail: Record<string, unknown> = { requesterId: rep.id, ownerId, checks };
    const holding = checks.filter((c) => c.holds);
    if (holding.length === 0) {
      return refuse(
        'notRelated',
        {
          en: `${rep.id} is not related to owner ${ownerId}: ${checks.map((c) => `${BASIS_TEXT[c.basis].en} no`).join(', ')}`,
          zh: `${rep.id} 与负责人 ${ownerId} 无关联：${checks.map((c) => `${BASIS_TEXT[c.basis].zh}：否`).join('，')}`,
        },
        { ownerId, checks },
      );
    }
    // The least approval among the bases that hold; the configured order breaks ties.
    const chosen = holding.reduce((best, c) => (APPROVALS.indexOf(c.approval) < APPROVALS.indexOf(best.approval) ? c : best));
    const basisText = BASIS_TEXT[chosen.basis];
    detail.basis = chosen.basis;
    detail.approval = chosen.approval;
    if (role !== undefined) detail.role = role;

    const collaborator = (status: 'active' | 'pending') => ({ leadId: lead.id, repId: rep.id, ...(role !== undefined ? { role } : {}), status, since: ctx.nowIso });
    // The owner hears who now works their lead: the credit split will count them.
    const join = (how: Labels) => {
      ctx.change({ type: 'lead.collaborator', collaborator: collaborator('active') });
      ctx.act({
        type: 'notify',
        leadId: lead.id,
        nodeId,
        mode: 'notify',
        to: [{ kind: 'rep', id: ownerId }],
        message: { en: `${rep.id} now co-follows your lead ${lead.id} (${how.en})`, zh: `${rep.id} 已加入协同跟进你的线索 ${lead.id}（${how.zh}）` },
      });
    };
    if (chosen.approval === 'none') {
      join({ en: `${basisText.en}; no approval needed`, zh: `${basisText.zh}，无需审批` });
      return { outcome: 'joined', detail, note: { en: `${rep.id} joins lead ${lead.id} (${basisText.en}; no approval needed)`, zh: `${rep.id} 加入线索 ${lead.id} 协同跟进（${basisText.zh}，无需审批）` } };
    }
    const manager = owner ? managerOf(ctx, owner) : undefined;
    // A manager may always approve for their rep; an owner-manager approval needs the manager.
    const approvers = chosen.approval === 'owner' ? [ownerId, ...(manager ? [manager] : [])] : manager ? [manager] : [ownerId];
    const approver = approvers[0]!;
    detail.approvers = approvers;
    if (approvedBy) {
      detail.approvedBy = approvedBy;
      if (!approvers.includes(approvedBy)) {
        return refuse(
          'notApprover',
          { en: `${approvedBy} may not approve this request; ${approvers.join(' or ')} may`, zh: `${approvedBy} 无权审批此申请；可审批人：${approvers.join('、')}` },
          detail,
        );
      }
      join({ en: `${basisText.en}; approved by ${approvedBy}`, zh: `${basisText.zh}，${approvedBy} 已批准` });
      return { outcome: 'joined', detail, note: { en: `${rep.id} joins lead ${lead.id} (${basisText.en}; approved by ${approvedBy})`, zh: `${rep.id} 加入线索 ${lead.id} 协同跟进（${basisText.zh}，${approvedBy} 已批准）` } };
    }
    ctx.change({ type: 'lead.collaborator', collaborator: collaborator('pending') });
    ctx.act({
      type: 'notify',
      leadId: lead.id,
      nodeId,
      mode: 'task',
      to: [{ kind: 'rep', id: approver }],
      message: {
        en: `${rep.id} asks to co-follow lead ${lead.id}${lead.company ? ` (${lead.company})` : ''} owned by ${ownerId} (${basisText.en}): approve or decline`,
        zh: `${rep.id} 申请协同跟进 ${ownerId} 负责的线索 ${lead.id}${lead.company ? `（${lead.company}）` : ''}（${basisText.zh}）：请审批`,
      },
    });
    if (chosen.approval === 'ownerManager' && !manager) {
      detail.managerMissing = true;
      return {
        outcome: 'pending',
        detail,
        note: { en: `owner ${ownerId} has no manager on record, so ${ownerId} approves instead`, zh: `负责人 ${ownerId} 没有登记主管，改由 ${ownerId} 审批` },
      };
    }
    return {
      outcome: 'pending',
      detail,
      note: { en: `${rep.id} may join lead ${lead.id} (${basisText.en}) once ${approver} approves`, zh: `${rep.id} 可加入线索 ${lead.id}（${basisText.zh}），待 ${approver} 审批` },
    };
  },
});

function checkBasis(ctx: ExecContext, basis: Basis, rep: Rep, owner: Rep | undefined, config: Config): { holds: boolean; evidence: string[] } {
  switch (basis) {
    case 'sameTeam': {
      const shared = owner ? rep.teams.filter((t) => owner.teams.includes(t)) : [];
      return { holds: shared.length > 0, evidence: shared };
    }
    case 'sisterUnit': {
      const pairs = owner
        ? config.sisterUnits.filter(([a, b]) => (rep.teams.includes(a) && owner.teams.includes(b)) || (rep.teams.includes(b) && owner.teams.includes(a)))
        : [];
      return { holds: pairs.length > 0, evidence: pairs.map(([a, b]) => `${a}~${b}`) };
    }
    case 'relatedAccount': {
      const names = accountNames(ctx.lead, config.accountRelations, true);
      const evidence: string[] = [];
      for (const name of names) {
        for (const c of ctx.state.findCustomers({ company: name })) {
          if (c.ownerId === rep.id && !evidence.includes(`customer:${c.id}`)) evidence.push(`customer:${c.id}`);
        }
      }
      if (names.length > 0) {
        for (const l of ctx.state.leadsOwnedBy(rep.id)) {
          if (l.id === ctx.leadId) continue;
          const own = normaliseCompany(l.company);
          const parent = normaliseCompany(l.parentCompany);
          if ((own && names.includes(own)) || (parent && names.includes(parent))) evidence.push(`lead:${l.id}`);
        }
      }
      return { holds: evidence.length > 0, evidence };
    }
  }
}

/** The owner's manager: the first of the owner's teams that names one. */
function managerOf(ctx: ExecContext, owner: Rep): string | undefined {
  for (const t of owner.teams) {
    const m = ctx.state.team(t)?.managerId;
    if (m && m !== owner.id) return m;
  }
  return undefined;
}
