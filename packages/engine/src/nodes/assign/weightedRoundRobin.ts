import { z } from 'zod';
import { candidateSelection, gatherCandidates, selectionProblems, type Candidate } from '../../assignment/candidates.js';
import { alreadyAssigned, pointerKey, settle, ASSIGNMENT_NODE, SELECTION_DEFAULTS } from '../../assignment/assign.js';
import type { SkipReason } from '../../types/decision.js';
import { defineNode } from '../../types/nodeSpec.js';

/** Marks are sums of 1/weight; this absorbs the rounding of weights like 3 or 0.7. */
const EPS = 1e-9;

/** Reasons that mean "not available now", as opposed to "not suitable for this lead" (a rep that could not be evaluated banks no turns either). */
const UNAVAILABLE: ReadonlySet<SkipReason> = new Set([
  'inactive',
  'suspended',
  'away',
  'offShift',
  'holiday',
  'full',
  'dailyCapReached',
  'zeroWeight',
  'error',
]);

const round = (x: number) => Math.round(x * 1e4) / 1e4;

/**
 * Weighted shares (S7), LeanData-style: every rep has a hidden mark; the eligible rep with the
 * lowest mark gets the lead (ties: rep id) and their mark grows by 1/weight, so a 2× rep is
 * picked twice as often. Weight is after penalties and rewards (降权 ×0.5 halves the share).
 */
export const weightedRoundRobin = defineNode({
  kind: 'assign.weightedRoundRobin',
  ...ASSIGNMENT_NODE,
  labels: { en: 'Weighted round robin', zh: '加权轮流分配' },
  help: {
    en:
      'Gives leads in turn, in proportion to each rep’s weight (weight 2 gets twice the leads of weight 1; a demotion lowers it). ' +
      'Reps who are full, away or off shift are skipped and do not bank the turns they miss unless “catch up” is on; a rep new to the team starts level with the others.',
    zh:
      '按权重比例轮流分配（权重 2 的销售获得权重 1 的两倍线索；降权会减少份额）。' +
      '已满额、休假或不在班的销售会被跳过，且不会累积错过的轮次（除非开启“补齐”）；新加入的销售与其他人从同一位置开始。',
  },
  schema: z.strictObject({
    ...candidateSelection,
    /** Let a rep who was away get the turns they missed on return (pure LeanData pointers). */
    catchUp: z.boolean().default(false),
  }),
  defaults: { ...SELECTION_DEFAULTS, catchUp: false },
  check: selectionProblems,
  execute: (ctx, config, _fired, nodeId) => {
    const done = alreadyAssigned(ctx, nodeId);
    if (done) return done;
    const gathered = gatherCandidates(ctx, config);
    const key = pointerKey(ctx, nodeId);
    const stored = ctx.state.pointer(key)?.marks ?? {};
    const storedMark = (id: string) => (Object.hasOwn(stored, id) ? stored[id] : undefined);

    // Only the selected reps' marks are kept: a rep who left and returns is a newcomer again.
    const known = gathered.selected.map((r) => storedMark(r.id)).filter((m): m is number => m !== undefined);
    const start = known.length > 0 ? Math.min(...known) : 0;
    const marks = new Map(gathered.selected.map((r) => [r.id, storedMark(r.id) ?? start]));
    for (const row of gathered.rows) row.detail.mark = round(marks.get(row.repId)!);

    let chosen: Candidate | undefined;
    // Without a lead nothing is assigned, so no turn is used up.
    if (ctx.leadId) for (const c of gathered.eligible) if (!chosen || marks.get(c.rep.id)! < marks.get(chosen.rep.id)! - EPS) chosen = c;
    if (chosen) {
      const level = marks.get(chosen.rep.id)!;
      if (!config.catchUp) {
        for (const row of gathered.rows) {
          if (row.status === 'skipped' && UNAVAILABLE.has(row.reason!) && marks.get(row.repId)! < level - EPS) {
            marks.set(row.repId, level);
            row.detail.markLiftedTo = round(level);
          }
        }
      }
      marks.set(chosen.rep.id, level + 1 / chosen.weight);
      chosen.row.detail.markAfter = round(level + 1 / chosen.weight);
      // Rebase so the lowest mark is 0: marks stay small and float error cannot grow with volume.
      const low = Math.min(...marks.values());
      ctx.change({ type: 'pointer.set', key, pointer: { marks: Object.fromEntries([...marks].map(([id, m]) => [id, m - low])) } });
    }
    return settle(ctx, nodeId, 'weightedRoundRobin', gathered, chosen);
  },
});
