import { normaliseCompany } from '../../matching/normalise.js';
import { accountNames } from '../../split/accounts.js';
import type { Lead, Rep } from '../../types/domain.js';
import type { Labels } from '../../types/decision.js';
import type { ExecContext, NodeResult } from '../../types/nodeSpec.js';
import { APPROVALS, BASIS_TEXT, type Approval, type Basis, type CoFollowConfig, type CoFollowRefusal } from './coFollowConfig.js';

/** What the co-follow event asks: who, in which role, and (on a re-send) who approved it. */
interface CoFollowRequest {
  requesterId: string | undefined;
  role: string | undefined;
  approvedBy: string | undefined;
}

/** A request that passed the checks on the lead and the requester. */
interface Eligible {
  lead: Lead;
  rep: Rep;
  ownerId: string;
}

type BasisCheck = { basis: Basis; approval: Approval; holds: boolean; evidence: string[] };

/**
 * One co-follow request, in steps: read it; check the lead and the requester; find the bases that
 * hold between requester and owner; then join directly, join on a valid approval, or ask for one.
 */
export function decideCoFollow(ctx: ExecContext, config: CoFollowConfig, nodeId: string): NodeResult {
  const request = readRequest(ctx, config);
  const eligible = checkEligible(ctx, config, request);
  if (!('rep' in eligible)) return eligible;
  const { lead, rep, ownerId } = eligible;

  const owner = ctx.state.rep(ownerId);
  const checks: BasisCheck[] = config.bases.map((b) => ({ basis: b.basis, approval: b.approval, ...checkBasis(ctx, b.basis, rep, owner, config) }));
  const detail: Record<string, unknown> = { requesterId: rep.id, ownerId, checks };
  const holding = checks.filter((c) => c.holds);
  if (holding.length === 0) return notRelated(request, rep, ownerId, checks);
  // The least approval among the bases that hold; the configured order breaks ties.
  const chosen = holding.reduce((best, c) => (APPROVALS.indexOf(c.approval) < APPROVALS.indexOf(best.approval) ? c : best));
  const basisText = BASIS_TEXT[chosen.basis];
  detail.basis = chosen.basis;
  detail.approval = chosen.approval;
  if (request.role !== undefined) detail.role = request.role;

  if (chosen.approval === 'none') {
    join(ctx, nodeId, eligible, request.role, { en: `${basisText.en}; no approval needed`, zh: `${basisText.zh}，无需审批` });
    return {
      outcome: 'joined',
      detail,
      note: {
        en: `${rep.id} joins lead ${lead.id} (${basisText.en}; no approval needed)`,
        zh: `${rep.id} 加入线索 ${lead.id} 协同跟进（${basisText.zh}，无需审批）`,
      },
    };
  }
  const manager = owner ? managerOf(ctx, owner) : undefined;
  const approvers = approversOf(chosen.approval, ownerId, manager);
  detail.approvers = approvers;
  const { approvedBy } = request;
  if (approvedBy) {
    detail.approvedBy = approvedBy;
    if (!approvers.includes(approvedBy)) {
      return refuse(
        request,
        'notApprover',
        {
          en: `${approvedBy} may not approve this request; ${approvers.join(' or ')} may`,
          zh: `${approvedBy} 无权审批此申请；可审批人：${approvers.join('、')}`,
        },
        detail,
      );
    }
    join(ctx, nodeId, eligible, request.role, { en: `${basisText.en}; approved by ${approvedBy}`, zh: `${basisText.zh}，${approvedBy} 已批准` });
    return {
      outcome: 'joined',
      detail,
      note: {
        en: `${rep.id} joins lead ${lead.id} (${basisText.en}; approved by ${approvedBy})`,
        zh: `${rep.id} 加入线索 ${lead.id} 协同跟进（${basisText.zh}，${approvedBy} 已批准）`,
      },
    };
  }
  return askApproval(ctx, nodeId, eligible, request.role, basisText, approvers[0]!, chosen.approval === 'ownerManager' && !manager, detail);
}

function readRequest(ctx: ExecContext, config: CoFollowConfig): CoFollowRequest {
  const data = ctx.event.data ?? {};
  return {
    requesterId: ctx.event.repId,
    role: typeof data.role === 'string' && data.role ? data.role.slice(0, 40) : config.defaultRole,
    approvedBy: typeof data.approvedBy === 'string' && data.approvedBy ? data.approvedBy : undefined,
  };
}

function refuse(request: CoFollowRequest, reason: CoFollowRefusal, message: Labels, detail: Record<string, unknown> = {}): NodeResult {
  return { outcome: 'refused', detail: { reason, requesterId: request.requesterId ?? null, ...detail }, note: message };
}

/** The lead is known and open and has an owner; the requester is a known, active rep who may still join. */
function checkEligible(ctx: ExecContext, config: CoFollowConfig, request: CoFollowRequest): Eligible | NodeResult {
  const { requesterId, approvedBy } = request;
  const lead = ctx.lead;
  if (!ctx.leadId || !lead) return refuse(request, 'unknownLead', { en: 'the request names no lead the state knows', zh: '申请未指明已知线索' });
  const rep = requesterId ? ctx.state.rep(requesterId) : undefined;
  if (!requesterId || !rep)
    return refuse(request, 'unknownRep', {
      en: `requester ${requesterId ?? '(none)'} is not a known rep`,
      zh: `申请人 ${requesterId ?? '（未指明）'} 不是已知销售`,
    });
  if (!rep.active) return refuse(request, 'inactive', { en: `${rep.id} is inactive`, zh: `${rep.id} 已停用` });
  if (lead.status === 'won' || lead.status === 'lost') {
    return refuse(request, 'leadClosed', {
      en: `lead ${lead.id} is already ${lead.status}`,
      zh: `线索 ${lead.id} 已${lead.status === 'won' ? '成交' : '输单'}`,
    });
  }
  const ownerId = ctx.currentOwner();
  if (!ownerId)
    return refuse(request, 'noOwner', {
      en: `lead ${lead.id} has no owner: claim it instead of co-following`,
      zh: `线索 ${lead.id} 没有负责人：请直接领取，无需协同`,
    });
  if (ownerId === rep.id) return refuse(request, 'isOwner', { en: `${rep.id} already owns lead ${lead.id}`, zh: `${rep.id} 已是线索 ${lead.id} 的负责人` });
  const collaborators = ctx.state.collaborators(lead.id);
  const existing = collaborators.find((c) => c.repId === rep.id);
  if (existing?.status === 'active')
    return refuse(request, 'alreadyCollaborator', { en: `${rep.id} already co-follows lead ${lead.id}`, zh: `${rep.id} 已是线索 ${lead.id} 的协同人` });
  if (existing?.status === 'pending' && !approvedBy) {
    return refuse(request, 'alreadyPending', {
      en: `${rep.id}'s request for lead ${lead.id} is already awaiting approval`,
      zh: `${rep.id} 对线索 ${lead.id} 的申请已在审批中`,
    });
  }
  const active = collaborators.filter((c) => c.status === 'active' && c.repId !== rep.id).length;
  if (config.maxCollaborators !== undefined && active >= config.maxCollaborators) {
    return refuse(
      request,
      'tooManyCollaborators',
      {
        en: `lead ${lead.id} already has ${active} collaborators (limit ${config.maxCollaborators})`,
        zh: `线索 ${lead.id} 已有 ${active} 名协同人（上限 ${config.maxCollaborators}）`,
      },
      { collaborators: active, limit: config.maxCollaborators },
    );
  }
  return { lead, rep, ownerId };
}

function notRelated(request: CoFollowRequest, rep: Rep, ownerId: string, checks: BasisCheck[]): NodeResult {
  return refuse(
    request,
    'notRelated',
    {
      en: `${rep.id} is not related to owner ${ownerId}: ${checks.map((c) => `${BASIS_TEXT[c.basis].en} no`).join(', ')}`,
      zh: `${rep.id} 与负责人 ${ownerId} 无关联：${checks.map((c) => `${BASIS_TEXT[c.basis].zh}：否`).join('，')}`,
    },
    { ownerId, checks },
  );
}

/** Who may approve: a manager may always approve for their rep; an owner-manager approval needs the manager. */
function approversOf(approval: Approval, ownerId: string, manager: string | undefined): string[] {
  if (approval === 'owner') return [ownerId, ...(manager ? [manager] : [])];
  return manager ? [manager] : [ownerId];
}

function collaborator(ctx: ExecContext, { lead, rep }: Eligible, role: string | undefined, status: 'active' | 'pending') {
  return { leadId: lead.id, repId: rep.id, ...(role !== undefined ? { role } : {}), status, since: ctx.nowIso };
}

/** The requester joins; the owner hears who now works their lead: the credit split will count them. */
function join(ctx: ExecContext, nodeId: string, eligible: Eligible, role: string | undefined, how: Labels): void {
  const { lead, rep, ownerId } = eligible;
  ctx.change({ type: 'lead.collaborator', collaborator: collaborator(ctx, eligible, role, 'active') });
  ctx.act({
    type: 'notify',
    leadId: lead.id,
    nodeId,
    mode: 'notify',
    to: [{ kind: 'rep', id: ownerId }],
    message: { en: `${rep.id} now co-follows your lead ${lead.id} (${how.en})`, zh: `${rep.id} 已加入协同跟进你的线索 ${lead.id}（${how.zh}）` },
  });
}

/** The request waits as a pending collaborator; the approver gets a task. */
function askApproval(
  ctx: ExecContext,
  nodeId: string,
  eligible: Eligible,
  role: string | undefined,
  basisText: Labels,
  approver: string,
  managerMissing: boolean,
  detail: Record<string, unknown>,
): NodeResult {
  const { lead, rep, ownerId } = eligible;
  ctx.change({ type: 'lead.collaborator', collaborator: collaborator(ctx, eligible, role, 'pending') });
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
  if (managerMissing) {
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
    note: {
      en: `${rep.id} may join lead ${lead.id} (${basisText.en}) once ${approver} approves`,
      zh: `${rep.id} 可加入线索 ${lead.id}（${basisText.zh}），待 ${approver} 审批`,
    },
  };
}

function checkBasis(ctx: ExecContext, basis: Basis, rep: Rep, owner: Rep | undefined, config: CoFollowConfig): { holds: boolean; evidence: string[] } {
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
        for (const c of ctx.state.findCustomers({ company: name }, true)) {
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
