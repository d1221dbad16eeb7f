import type { ExplainStep } from '../compiler/types.js';
import { CANDIDATE_ROWS } from '../assignment/assign.js';
import { absentFacts, traceCondition } from '../expression/condition.js';
import type { CandidateRow, VisitedNode } from '../types/decision.js';
import type { DecisionRun } from './run.js';

/**
 * A decision's explanation: walks the graph in level order and records what each reached node saw
 * and did. A node is reached when the flow left some node before it through a handle leading to it.
 */
export function visitedNodes(run: DecisionRun): VisitedNode[] {
  const walk = run.policy.plan.explainWalk;
  const read = (path: string) => run.fact(path);
  // passes[h] = 1 when the flow left a visited node through output h; unvisited nodes pass nothing.
  // A plain array: allocating a small Uint8Array cost more than the rest of the walk.
  const passes: number[] = new Array<number>(walk.handleCount).fill(0);
  const visited: VisitedNode[] = [];
  for (const step of walk.steps) {
    if (!step.isTrigger) {
      let isReached = false;
      for (let i = 0; i < step.incoming.length && !isReached; i++) isReached = passes[step.incoming[i]!] === 1;
      if (!isReached) continue;
    }
    visited.push(visit(run, step, read, passes));
  }
  return visited;
}

function visit(run: DecisionRun, step: ExplainStep, read: (path: string) => unknown, passes: number[]): VisitedNode {
  const node = step.node;
  const v: VisitedNode = { nodeId: node.id, kind: node.kind, result: '' };
  if (node.label) v.label = node.label;
  // What its conditions test that the CRM left out or sent empty: missing and null told apart.
  const absent = absentFacts(step.sentFacts, read);
  if (absent.length > 0) v.absentFacts = absent;
  if (step.branches) {
    let taken = '';
    for (const o of step.outputs) {
      const c = step.branches[o.handle];
      // A connected handle's guard is already compiled over the slots: same answer as tracing it.
      const ok = o.guard ? o.guard(run.slots) : c ? traceCondition(c, read).result : false;
      passes[o.index] = ok ? 1 : 0;
      if (ok) taken = taken ? `${taken},${o.handle}` : o.handle;
    }
    v.result = taken || 'none';
    const shown = node.spec.explain?.(node.config, read);
    if (shown) Object.assign(v, shown);
    return v;
  }
  const result = run.resultOf(node.id);
  for (const o of step.outputs) {
    passes[o.index] = (node.spec.outcomeHandles ? result?.outcome === o.handle : step.isTrigger || result !== undefined || !node.spec.emits) ? 1 : 0;
  }
  if (step.isTrigger) v.result = run.event.type;
  else if (!result) v.result = 'notFired';
  else {
    v.result = result.outcome ?? 'done';
    if (result.candidates) Object.assign(v, boundedCandidates(result.candidates));
    if (result.detail) v.detail = result.detail;
    if (result.note) v.note = result.note;
  }
  return v;
}

// How many rows of a candidate table an explanation keeps (assignment/assign.ts says why).
export { CANDIDATE_ROWS };

function boundedCandidates(rows: CandidateRow[]): Pick<VisitedNode, 'candidates' | 'candidatesOmitted'> {
  if (rows.length <= CANDIDATE_ROWS) return { candidates: rows };
  const chosen = rows.filter((r) => r.status === 'chosen');
  const room = Math.max(0, CANDIDATE_ROWS - chosen.length);
  const kept = new Set<CandidateRow>(chosen);
  for (const r of rows) {
    if (kept.size >= chosen.length + room) break;
    kept.add(r);
  }
  const byStatus: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  let count = 0;
  for (const r of rows) {
    if (kept.has(r)) continue;
    count++;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.reason) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  }
  return { candidates: rows.filter((r) => kept.has(r)), candidatesOmitted: { count, byStatus, byReason } };
}
