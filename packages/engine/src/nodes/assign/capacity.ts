import { z } from 'zod';
import { candidateSelection, gatherCandidates, selectionProblems, type Candidate, type Gathered } from '../../assignment/candidates.js';
import { alreadyAssigned, settle, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
import { defineNode } from '../../types/nodeSpec.js';

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/** Load ÷ cap; a rep without a cap has no known headroom (Infinity sorts them after every capped rep). */
function utilisation(c: { load: number; cap: number | null }): number {
  if (c.cap === null) return Number.POSITIVE_INFINITY;
  return c.cap > 0 ? c.load / c.cap : Number.POSITIVE_INFINITY;
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
  let best = { u: 0, uncapped: false, load: 0 };
  for (const c of gathered.eligible) {
    const cap = typeof c.row.detail.cap === 'number' ? c.row.detail.cap : null;
    const here = { u: utilisation({ load: c.load, cap }), uncapped: cap === null, load: c.load };
    const better = !chosen || (here.uncapped !== best.uncapped ? !here.uncapped : here.uncapped ? here.load < best.load : here.u < best.u);
    if (better) {
      chosen = c;
      best = here;
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
    const byId = new Map(gathered.selected.map((r) => [r.id, r]));
    for (const row of gathered.rows) {
      if (row.reason === 'error') continue;
      const rep = byId.get(row.repId)!;
      row.detail.capSource = rep.cap !== undefined ? 'rep' : config.defaultCap !== undefined ? 'default' : 'none';
    }
    return settle(ctx, nodeId, 'capacity', gathered, pickByUtilisation(gathered));
  },
});
