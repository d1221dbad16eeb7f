import { z } from 'zod';
import { accountRelationSchema } from '../../split/accounts.js';
import type { Labels } from '../../types/decision.js';
import { labelledEnum } from '../optionLabels.js';

/** Co-follow's vocabulary: the bases a request may rest on, the approvals, the refusals, the config. */
const BASES = ['sameTeam', 'sisterUnit', 'relatedAccount'] as const;
export type Basis = (typeof BASES)[number];
export const APPROVALS = ['none', 'owner', 'ownerManager'] as const;
export type Approval = (typeof APPROVALS)[number];
const teamId = z.string().min(1).max(200);

const REFUSALS = [
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

export const BASIS_TEXT: Record<Basis, Labels> = {
  sameTeam: { en: 'same team', zh: '同一团队' },
  sisterUnit: { en: 'sister unit', zh: '兄弟单位' },
  relatedAccount: { en: 'related account (parent / subsidiary)', zh: '关联客户（母子公司）' },
};

export const coFollowSchema = z.strictObject({
  /** Allowed bases and the approval each needs. */
  bases: z
    .array(
      z.strictObject({
        basis: labelledEnum(BASES, {
          sameTeam: { en: 'Same team', zh: '同一团队' },
          sisterUnit: { en: 'Sister unit', zh: '兄弟单位' },
          relatedAccount: { en: 'Related account (parent / subsidiary)', zh: '关联客户（母子公司）' },
        }),
        approval: labelledEnum(APPROVALS, {
          none: { en: 'No approval needed', zh: '无需审批' },
          owner: { en: "The lead's owner approves", zh: '线索负责人审批' },
          ownerManager: { en: "The owner's manager approves", zh: '负责人的主管审批' },
        }).default('none'),
      }),
    )
    .min(1)
    .max(BASES.length),
  /** Pairs of team ids whose members may co-follow each other's leads (either direction). */
  sisterUnits: z
    .array(z.tuple([teamId, teamId]))
    .max(200)
    .default([]),
  accountRelations: z.array(accountRelationSchema).max(200).default([]),
  /** Most active collaborators a lead may have besides its owner. */
  maxCollaborators: z.number().int().min(1).max(100).optional(),
  /** The role a collaborator gets when the request names none (role-based splits read it). */
  defaultRole: z.string().min(1).max(40).optional(),
});
export type CoFollowConfig = z.output<typeof coFollowSchema>;
