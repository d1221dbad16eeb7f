import { relationProblems } from '../../split/accounts.js';
import { defineNode, type ConfigProblem } from '../../types/nodeSpec.js';
import { coFollowSchema } from './coFollowConfig.js';
import { decideCoFollow } from './coFollowRequest.js';

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
    en: "On a co-follow request: the requester joins the lead as a collaborator if they are in the owner's team, a sister unit, or already work a parent / subsidiary account — directly, or after the owner or the owner's manager approves (they get a task). Otherwise the request is refused with a reason code.",
    zh: '收到协同跟进申请时：申请人与负责人同团队、属于兄弟单位，或已在跟进母公司 / 子公司客户，即可加入为协同人——直接加入，或经负责人 / 负责人主管审批（为其创建审批任务）。否则拒绝并给出原因代码。',
  },
  schema: coFollowSchema,
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
      if (a === b)
        problems.push({
          field: `sisterUnits[${i}]`,
          message: { en: `team ${a} is paired with itself; use the same-team basis`, zh: `团队 ${a} 与自身配对；请使用“同一团队”依据` },
        });
    });
    return [...problems, ...relationProblems(c.accountRelations, 'accountRelations')];
  },
  execute: (ctx, config, _fired, nodeId) => decideCoFollow(ctx, config, nodeId),
});
