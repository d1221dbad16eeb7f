import { z } from 'zod';
import { type Candidate, CandidateEvaluator, candidateSelection, selectionProblems } from '../../assignment/candidates.js';
import { selectedReps } from '../../assignment/selection.js';
import type { CandidateRow } from '../../types/decision.js';
import type { Rep } from '../../types/domain.js';
import { CANDIDATE_ROWS, pointerKey, settle, settleLean, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
import { defineNode } from '../../types/nodeSpec.js';

/**
 * Equal shares (顺序分配, S6): the next eligible rep after the one served last, in id order.
 * A skipped rep (full, away, off shift) keeps their turn for the next lead.
 */
export const roundRobin = defineNode({
  kind: 'assign.roundRobin',
  ...ASSIGNMENT_NODE,
  labels: { en: 'Round robin', zh: '轮流分配' },
  help: {
    en: 'Gives each lead to the next available rep in turn; reps who are full, away or off shift are skipped.',
    zh: '按顺序轮流分配给下一位可用的销售；已满额、休假或不在班的销售会被跳过。',
  },
  schema: z.strictObject({ ...candidateSelection }),
  defaults: { ...SELECTION_DEFAULTS },
  check: selectionProblems,
  execute: (ctx, config, _fired, nodeId) => {
    const key = pointerKey(ctx, nodeId);
    const last = ctx.state.pointer(key)?.last;
    const selected = selectedReps(ctx.state, config);
    // The turn starts after the last rep served (if they left the team, after where they would
    // sort) and wraps round: the first eligible rep on that walk gets the lead. In a team larger
    // than an explanation's table, reps after them are not looked at: on a floor of thousands a
    // decision costs the reps its turn passes, not the team ("N others not evaluated"). Unexplained
    // (a replay), any team is walked so: the same rep gets the lead.
    const start = turnStart(selected, last);
    const evaluator = new CandidateEvaluator(ctx, config);
    if (ctx.explain === false) {
      // The walk below without its rows: the same rep, and nothing made for the reps passed over.
      let next: Rep | undefined;
      for (let k = 0, i = start; k < selected.length; k++, i = i + 1 === selected.length ? 0 : i + 1) {
        if (evaluator.passes(selected[i]!)) {
          next = selected[i]!;
          break;
        }
      }
      if (next) ctx.change({ type: 'pointer.set', key, pointer: { last: next.id } });
      return settleLean(ctx, nodeId, 'roundRobin', next?.id);
    }
    const rows: CandidateRow[] = [];
    let chosen: Candidate | undefined;
    if (selected.length <= CANDIDATE_ROWS) {
      // A team whose table the explanation shows whole is looked at whole, in id order, so every
      // row says why: the first eligible rep from `start` on, else the first eligible one.
      let first: Candidate | undefined;
      for (let i = 0; i < selected.length; i++) {
        const { row, candidate } = evaluator.evaluate(selected[i]!);
        rows.push(row);
        if (!candidate) continue;
        first ??= candidate;
        if (i >= start) chosen ??= candidate;
      }
      chosen ??= first;
    } else {
      for (let k = 0; k < selected.length && !chosen; k++) {
        const { row, candidate } = evaluator.evaluate(selected[(start + k) % selected.length]!);
        rows.push(row);
        chosen = candidate;
      }
    }
    if (chosen) ctx.change({ type: 'pointer.set', key, pointer: { last: chosen.rep.id } });
    const gathered = { rows, eligible: chosen ? [chosen] : [], selected, selection: config };
    const result = settle(ctx, nodeId, 'roundRobin', gathered, chosen, { pointerBefore: last ?? null });
    const notEvaluated = selected.length - rows.length;
    if (notEvaluated > 0 && !result.note) result.note = { en: `${notEvaluated} others not evaluated`, zh: `其余 ${notEvaluated} 人未评估` };
    return result;
  },
});

/** Where the turn starts: after `last` in id order (after where they would sort, if they left), else the first rep. */
export function turnStart(selected: readonly Rep[], last: string | undefined): number {
  if (last === undefined) return 0;
  // Binary search: `selected` is in id order, and the walk must not cost the team.
  let lo = 0;
  let hi = selected.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (selected[mid]!.id <= last) lo = mid + 1;
    else hi = mid;
  }
  return lo >= selected.length ? 0 : lo;
}
