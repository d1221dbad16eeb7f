import { z } from 'zod';
import {
  CandidateEvaluator,
  candidateSelection,
  gatherCandidates,
  selectionProblems,
  type Candidate,
  type CandidateSelection,
  type CapOf,
  type Gathered,
} from '../../assignment/candidates.js';
import { alreadyAssigned, settle, settleLean, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
import { selectedReps } from '../../assignment/selection.js';
import { rankKey, ranksBefore } from '../../assignment/utilisation.js';
import type { Rep } from '../../types/domain.js';
import { defineNode, type ExecContext } from '../../types/nodeSpec.js';

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Shows every row's utilisation and headroom, then picks the eligible rep ranked first (rankKey).
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
  let bestKey = 0;
  let bestUncapped = false;
  for (const c of gathered.eligible) {
    const cap = typeof c.row.detail.cap === 'number' ? c.row.detail.cap : null;
    const key = rankKey(c.load, cap);
    const uncapped = cap === null;
    if (!chosen || ranksBefore(uncapped, key, bestUncapped, bestKey)) {
      chosen = c;
      bestKey = key;
      bestUncapped = uncapped;
    }
  }
  return chosen;
}

/** Reps tried best first before the rest are looked at in one pass (a team mostly full or away). */
const LEAN_TRIES = 16;

/**
 * pickByUtilisation's choice without a row for every rep, for a decision nobody reads the
 * explanation of: each rep's rank from its open load and cap (two look-ups), then the best rep
 * through the filters, the next best if they are skipped, and so on — the eligible rep
 * pickByUtilisation would choose, by the same ranking. After LEAN_TRIES skipped reps the rest are
 * all looked at. Most leads go to the first rep tried: it is found in a pass that keeps no rank,
 * and the ranks are kept (a second pass) only when it is skipped. Nothing is made for a rep
 * looked at (CandidateEvaluator.passes), only the rep chosen is returned.
 */
function leanPick(ctx: ExecContext, sel: CandidateSelection, capOf: CapOf): Rep | undefined {
  const { state } = ctx;
  const selected = selectedReps(state, sel);
  const n = selected.length;
  let best = -1;
  let bestUncapped = false;
  let bestKey = 0;
  // Every rep's load at once where the state keeps them by position (StateView.openLoads).
  let loads: ArrayLike<number> | undefined;
  try {
    // The state's own ranking where it keeps one (under the node's configuration: one way of reading caps).
    const ranked = state.firstByRoom?.(selected, capOf, sel);
    if (ranked !== undefined) best = ranked;
    else {
      loads = state.openLoads?.(selected);
      for (let i = 0; i < n; i++) {
        const rep = selected[i]!;
        const cap = capOf(rep) ?? null;
        const key = rankKey(loads ? loads[i]! : state.openLoad(rep.id), cap);
        if (best < 0 || ranksBefore(cap === null, key, bestUncapped, bestKey)) {
          best = i;
          bestUncapped = cap === null;
          bestKey = key;
        }
      }
    }
  } catch {
    // A rep the state cannot count: the full gathering says why, as it always did.
    return pickByUtilisation(gatherCandidates(ctx, sel, capOf))?.rep;
  }
  const evaluator = new CandidateEvaluator(ctx, sel, capOf);
  if (best < 0) return undefined;
  if (evaluator.passes(selected[best]!)) return selected[best];
  const key = new Float64Array(n);
  const uncapped = new Uint8Array(n);
  const tried = new Uint8Array(n);
  // Read again: the state may have refilled the list the first pass read.
  loads = state.openLoads?.(selected);
  for (let i = 0; i < n; i++) {
    const rep = selected[i]!;
    const cap = capOf(rep) ?? null;
    uncapped[i] = cap === null ? 1 : 0;
    key[i] = rankKey(loads ? loads[i]! : state.openLoad(rep.id), cap);
  }
  const better = (i: number, j: number) => ranksBefore(uncapped[i] === 1, key[i]!, uncapped[j] === 1, key[j]!);
  tried[best] = 1;
  for (let tries = 1; tries < LEAN_TRIES; tries++) {
    best = -1;
    for (let i = 0; i < n; i++) if (tried[i] === 0 && (best < 0 || better(i, best))) best = i;
    if (best < 0) return undefined;
    tried[best] = 1;
    if (evaluator.passes(selected[best]!)) return selected[best];
  }
  let at = -1;
  for (let i = 0; i < n; i++) {
    if (tried[i] === 1) continue;
    if (evaluator.passes(selected[i]!) && (at < 0 || better(i, at))) at = i;
  }
  return at < 0 ? undefined : selected[at];
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
    const capOf: CapOf = (rep) => rep.cap ?? config.defaultCap;
    if (ctx.explain === false) {
      return settleLean(ctx, nodeId, 'capacity', leanPick(ctx, config, capOf)?.id);
    }
    const gathered = gatherCandidates(ctx, config, capOf);
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
