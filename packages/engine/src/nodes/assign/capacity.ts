import { z } from 'zod';
import { candidateSelection, gatherCandidates, selectionProblems, type Candidate, type Gathered } from '../../assignment/candidates.js';
import { alreadyAssigned, settle, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
import { defineNode } from '../../types/nodeSpec.js';

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Load ÷ cap; a rep without a cap has no known headroom (Infinity sorts them after every capped rep). */
function utilisationOf(load: number, cap: number | null): number {
  if (cap === null) return Number.POSITIVE_INFINITY;
  return cap > 0 ? load / cap : Number.POSITIVE_INFINITY;
}

/**
 * Shows every row's utilisation and headroom, then picks the eligible rep with the lowest
 * utilisation. Reps without any cap come last (fewest open leads first): with no cap there is no
 * headroom to compare. Remaining ties go to rep id (eligible reps arrive in id order).
 * Division is correctly rounded, so equal fractions (2/10, 4/20) compare equal.
 */
export function pickByUtilisation(gathered: Gathered): Candidate | undefined {
  for (const row of gathered.rows) {
    if (row.reason === 'error') continue;
    const cap = typeof row.detail.cap === 'number' ? row.detail.cap : null;
    const load = Number(row.detail.load);
    row.detail.utilisation = cap !== null && cap > 0 ? round(load / cap) : null;
    row.detail.headroom = cap !== null ? cap - load : null;
  }
  let chosen: Candidate | undefined;
  // The best so far as scalars (no object per candidate: this runs over the whole roster).
  let bestU = 0;
  let bestUncapped = false;
  let bestLoad = 0;
  for (const c of gathered.eligible) {
    const cap = typeof c.row.detail.cap === 'number' ? c.row.detail.cap : null;
    const u = utilisationOf(c.load, cap);
    const uncapped = cap === null;
    const better = !chosen || (uncapped !== bestUncapped ? !uncapped : uncapped ? c.load < bestLoad : u < bestU);
    if (better) {
      chosen = c;
      bestU = u;
      bestUncapped = uncapped;
      bestLoad = c.load;
    }
  }
  return chosen;
}

/**
 * Capacity-aware routing (S10): the available rep with the most headroom relative to their cap.
 * Full, away and off-shift reps (each in their own time zone) are skipped with the reason.
 */
export const capacity = defineNode({
  kind: 'assign.capacity',
  ...ASSIGNMENT_NODE,
  labels: { en: 'By capacity', zh: '按容量分配' },
  help: {
    en:
      'Gives the lead to the available rep with the most room left relative to their cap (lowest open leads ÷ cap). ' +
      'Reps without their own cap use the default cap set here; reps who are full, away or off shift (in their own time zone) are skipped.',
    zh:
      '分配给相对上限剩余容量最多的可用销售（未结线索数 ÷ 上限 最低）。' +
      '未设置个人上限的销售使用此处的默认上限；已满额、休假或不在班（按其本人时区）的销售会被跳过。',
  },
  schema: z.strictObject({
    ...candidateSelection,
    /** Cap for reps who have none of their own. */
    defaultCap: z.number().int().min(0).optional(),
  }),
  defaults: { ...SELECTION_DEFAULTS },
  check: selectionProblems,
  execute: (ctx, config, _fired, nodeId) => {
    const done = alreadyAssigned(ctx, nodeId);
    if (done) return done;
    const gathered = gatherCandidates(ctx, config, (rep) => rep.cap ?? config.defaultCap);
    // One row per selected rep, in the same order: no look-up by id needed.
    for (let i = 0; i < gathered.rows.length; i++) {
      const row = gathered.rows[i]!;
      if (row.reason === 'error') continue;
      const rep = gathered.selected[i]!;
      row.detail.capSource = rep.cap !== undefined ? 'rep' : config.defaultCap !== undefined ? 'default' : 'none';
    }
    return settle(ctx, nodeId, 'capacity', gathered, pickByUtilisation(gathered));
  },
});
