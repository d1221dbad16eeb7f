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
    const ids = gathered.selected.map((r) => r.id);
    // Start after the last rep served; if they left the team, after where they would sort.
    let start = last === undefined ? 0 : ids.indexOf(last) + 1;
    if (last !== undefined && !ids.includes(last)) start = ids.findIndex((id) => id > last);
    if (start < 0) start = 0;
    const byId = new Map(gathered.eligible.map((c) => [c.rep.id, c]));
    let chosen: (typeof gathered.eligible)[number] | undefined;
    for (let i = 0; i < ids.length && !chosen; i++) chosen = byId.get(ids[(start + i) % ids.length]!);
    if (chosen) ctx.change({ type: 'pointer.set', key, pointer: { last: chosen.rep.id } });
    return settle(ctx, nodeId, 'roundRobin', gathered, chosen, { pointerBefore: last ?? null });
  },
});
