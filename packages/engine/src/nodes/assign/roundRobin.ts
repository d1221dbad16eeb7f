import { z } from 'zod';
import { candidateSelection, gatherCandidates, selectionProblems } from '../../assignment/candidates.js';
import { pointerKey, settle, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
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
    const gathered = gatherCandidates(ctx, config);
    const key = pointerKey(ctx, nodeId);
    const last = ctx.state.pointer(key)?.last;
    const { selected, eligible } = gathered;
    // Start after the last rep served; if they left the team, after where they would sort.
    // Index walks, not an id list and a map per lead: this runs over the whole roster.
    let start = 0;
    if (last !== undefined) {
      start = -1;
      for (let i = 0; i < selected.length; i++) {
        if (selected[i]!.id === last) {
          start = i + 1;
          break;
        }
      }
      if (start < 0) {
        for (let i = 0; i < selected.length; i++) {
          if (selected[i]!.id > last) {
            start = i;
            break;
          }
        }
      }
      if (start < 0) start = 0;
    }
    // The first eligible rep from `start` on, wrapping round to the first eligible one. Eligible
    // reps come in selected order, so one walk pairs each with its place.
    let chosen: (typeof eligible)[number] | undefined;
    let first: (typeof eligible)[number] | undefined;
    for (let i = 0, j = 0; i < selected.length && j < eligible.length; i++) {
      const c = eligible[j]!;
      if (c.rep !== selected[i]) continue;
      first ??= c;
      if (i >= start) {
        chosen = c;
        break;
      }
      j++;
    }
    chosen ??= first;
    if (chosen) ctx.change({ type: 'pointer.set', key, pointer: { last: chosen.rep.id } });
    return settle(ctx, nodeId, 'roundRobin', gathered, chosen, { pointerBefore: last ?? null });
  },
});
