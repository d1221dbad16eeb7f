import type { ExecContext, NodeResult, OutputSpec } from '../nodes/spec.js';
import type { Candidate, Gathered } from './candidates.js';

export const ASSIGN_OUTPUTS: OutputSpec[] = [
  { handle: 'assigned', labels: { en: 'assigned', zh: '已分配' } },
  { handle: 'noCandidate', labels: { en: 'no one available', zh: '无可分配人员' } },
];

/** Gives the lead to `chosen`, or says why nobody got it. One assignment per decision. */
export function settle(ctx: ExecContext, nodeId: string, strategy: string, gathered: Gathered, chosen: Candidate | undefined, detail?: Record<string, unknown>): NodeResult {
  if (!ctx.leadId) {
    return { outcome: 'noCandidate', candidates: gathered.rows, note: { en: 'the event names no lead', zh: '事件未指明线索' } };
  }
  if (!chosen) {
    return {
      outcome: 'noCandidate',
      candidates: gathered.rows,
      ...(detail ? { detail } : {}),
      note: { en: `no eligible rep among ${gathered.rows.length}`, zh: `${gathered.rows.length} 名候选人中无人可分配` },
    };
  }
  chosen.row.status = 'chosen';
  giveLead(ctx, nodeId, strategy, chosen.rep.id);
  return { outcome: 'assigned', candidates: gathered.rows, ...(detail ? { detail } : {}) };
}

export function giveLead(ctx: ExecContext, nodeId: string, strategy: string, repId: string): void {
  const leadId = ctx.leadId!;
  const previousOwnerId = ctx.currentOwner();
  ctx.act({ type: 'assign', leadId, repId, previousOwnerId, nodeId, strategy });
  ctx.change({ type: 'lead.assign', leadId, repId, previousOwnerId, at: ctx.nowIso, nodeId });
  ctx.setOwner(repId);
}

export function pointerKey(ctx: ExecContext, nodeId: string): string {
  return `${ctx.policyKey}/${nodeId}`;
}
