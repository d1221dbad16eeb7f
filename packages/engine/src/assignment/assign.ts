import type { ExecContext, NodeResult, OutputSpec } from '../types/nodeSpec.js';
import type { Labels } from '../types/decision.js';
import { skipCounts, type Candidate, type CandidateSelection, type Gathered } from './candidates.js';

/**
 * Rows of a candidate table kept in an explanation (runtime/explain.ts). Every decision is stored
 * with its explanation: a team of 2,000 reps made each one ~180 kB and a batch of 32 decisions took
 * 0.7 s to write. The rows kept are the chosen ones and the first others in the node's own order
 * (its ranking or turn order); the rest are counted by status and reason, so "why not me?" still
 * has an answer in kind. A round robin over a team this small looks at everyone (roundRobin.ts).
 */
export const CANDIDATE_ROWS = 50;

export const ASSIGN_OUTPUTS: OutputSpec[] = [
  { handle: 'assigned', labels: { en: 'assigned', zh: '已分配' } },
  { handle: 'noCandidate', labels: { en: 'no one available', zh: '无可分配人员' } },
];

/**
 * A lead is assigned at most once per decision. When an earlier node already gave it away, a
 * later assignment node changes nothing (no assignment, no pointer move) and says so; it takes
 * `assigned` so the flow after it reads as "the lead has an owner".
 * Call it before touching pointers; `settle` and `giveLead` check it too.
 */
export function alreadyAssigned(ctx: ExecContext, nodeId: string): NodeResult | undefined {
  const by = ctx.assignedBy();
  if (by === null || by === nodeId) return undefined;
  const repId = ctx.currentOwner() ?? '—';
  return {
    outcome: 'assigned',
    detail: { assignedBy: by, repId },
    note: {
      en: `node ${by} already assigned this lead to ${repId} in this decision; nothing done here`,
      zh: `本次决策中节点 ${by} 已将该线索分配给 ${repId}，此节点不再分配`,
    },
  };
}

/** Gives the lead to `chosen`, or says why nobody got it. One assignment per decision. */
export function settle(
  ctx: ExecContext,
  nodeId: string,
  strategy: string,
  gathered: Gathered,
  chosen: Candidate | undefined,
  detail?: Record<string, unknown>,
): NodeResult {
  const done = alreadyAssigned(ctx, nodeId);
  if (done) return done;
  if (!ctx.leadId) {
    return { outcome: 'noCandidate', candidates: gathered.rows, note: { en: 'the event names no lead', zh: '事件未指明线索' } };
  }
  if (!chosen) {
    const note =
      gathered.selected.length === 0 && gathered.selection
        ? nobodySelected(gathered.selection)
        : { en: `no eligible rep among ${gathered.rows.length}`, zh: `${gathered.rows.length} 名候选人中无人可分配` };
    const result: NodeResult = { outcome: 'noCandidate', candidates: gathered.rows, ...(detail ? { detail } : {}), note };
    // Explained, a decision nobody got the lead from says so and why, not just "no action".
    if (ctx.explain !== false) result.summary = nobodyGotLead(ctx.leadId, nodeId, skipCounts(gathered.rows) ?? note);
    return result;
  }
  chosen.row.status = 'chosen';
  giveLead(ctx, nodeId, strategy, chosen.rep.id);
  return { outcome: 'assigned', candidates: gathered.rows, ...(detail ? { detail } : {}) };
}

/** The summary of a decision whose assignment node found nobody: the lead, the node and why in brief. */
export function nobodyGotLead(leadId: string, nodeId: string, why: Labels): Labels {
  return {
    en: `no rep available for lead ${leadId} at node ${nodeId}: ${why.en}`,
    zh: `线索 ${leadId} 在节点 ${nodeId} 无可分配销售：${why.zh}`,
  };
}

/**
 * Why a node selecting nobody at all found nobody: which teams, roles and reps it asked for, none
 * of which any rep of the roster has (a team the CRM spells differently, a role nobody holds) —
 * where "no eligible rep among 0" left the reader to guess.
 */
function nobodySelected(sel: Pick<CandidateSelection, 'teams' | 'roles' | 'reps'>): Labels {
  const parts = (en: string, zh: string, names: readonly string[]) =>
    names.length === 0 ? [] : [{ en: `${en}: ${names.join(', ')}`, zh: `${zh}${names.join('、')}` }];
  const asked = [...parts('teams', '团队：', sel.teams), ...parts('roles', '职能：', sel.roles), ...parts('reps', '销售：', sel.reps)];
  if (asked.length === 0) return { en: 'the roster has no reps', zh: '名单中没有销售' };
  return {
    en: `no rep of the roster matches this node's selection (${asked.map((a) => a.en).join('; ')})`,
    zh: `名单中没有符合本节点条件的销售（${asked.map((a) => a.zh).join('；')}）`,
  };
}

/**
 * `settle` for a decision nobody reads the explanation of (decide's `{ explain: false }`, a replay):
 * the runtime then reads only a node's outcome, so the result is one of two shared objects and
 * no table, detail or note is made. Gives the lead to `repId`, or takes `noCandidate`.
 */
export function settleLean(ctx: ExecContext, nodeId: string, strategy: string, repId: string | undefined): NodeResult {
  const done = alreadyAssigned(ctx, nodeId);
  if (done) return done;
  if (!ctx.leadId || repId === undefined) return NO_CANDIDATE;
  giveLead(ctx, nodeId, strategy, repId);
  return ASSIGNED;
}

const ASSIGNED: NodeResult = Object.freeze({ outcome: 'assigned' });
const NO_CANDIDATE: NodeResult = Object.freeze({ outcome: 'noCandidate' });

/** Writes the assign action and change; returns false (and writes nothing) when another node already assigned the lead. */
export function giveLead(ctx: ExecContext, nodeId: string, strategy: string, repId: string): boolean {
  if (alreadyAssigned(ctx, nodeId)) return false;
  const leadId = ctx.leadId!;
  const previousOwnerId = ctx.currentOwner();
  ctx.act({ type: 'assign', leadId, repId, previousOwnerId, nodeId, strategy });
  ctx.change({ type: 'lead.assign', leadId, repId, previousOwnerId, at: ctx.nowIso, nodeId });
  ctx.setOwner(repId, nodeId);
  return true;
}

/** Where a node's round-robin pointer is kept: the context's key made once per plan where it has one. */
export function pointerKey(ctx: ExecContext, nodeId: string): string {
  return ctx.pointerKey?.(nodeId) ?? pointerKeyOf(ctx.policyKey, nodeId);
}

/** A node's pointer key under a policy: what `pointer.set` changes carry and states store pointers by. */
export function pointerKeyOf(policyKey: string, nodeId: string): string {
  return `${policyKey}/${nodeId}`;
}

/**
 * What every assignment strategy node shares: its outputs, one rule, outcome handles, and leaving a
 * new or updated lead with the owner it has unless `reassignOwned` (keepOwner.ts).
 */
export const ASSIGNMENT_NODE = {
  category: 'assignment',
  outputs: () => ASSIGN_OUTPUTS,
  outcomeHandles: true,
  emits: () => [{ params: {} }],
  keepsOwner: true,
} as const;

/** The palette defaults of the shared candidate selection. */
export const SELECTION_DEFAULTS = { teams: [], roles: [], reps: [], match: [], coolingDays: 0, respectShifts: true, respectCaps: true };
