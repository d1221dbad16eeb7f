import { z } from 'zod';
import { candidateSelection, gatherCandidates, selectionProblems } from '../../assignment/candidates.js';
import { alreadyAssigned, settle, ASSIGNMENT_NODE } from '../../assignment/assign.js';
import type { Rep } from '../../types/domain.js';
import { defineNode } from '../../types/nodeSpec.js';
import { pickByUtilisation } from './capacity.js';

/**
 * Exponentially weighted moving average, seeded with the first value: s₀ = x₀,
 * sₜ = α·xₜ + (1−α)·sₜ₋₁. Hand-written because it is three lines: simple-statistics has no
 * EWMA, and the `ewma` package smooths over wall-clock time (Date.now), which the engine may not read.
 */
export function ewma(series: readonly number[], alpha: number): number {
  let s = series[0] ?? 0;
  for (let i = 1; i < series.length; i++) s = alpha * series[i]! + (1 - alpha) * s;
  return s;
}

export interface DynamicCapConfig {
  minDays: number;
  windowDays: number;
  alpha: number;
  coverDays: number;
  floor: number;
}

export interface RepCap {
  cap: number | undefined;
  source: 'dynamic' | 'fixed' | 'none';
  ewma?: number;
  days: number;
}

/**
 * With at least `minDays` of history the cap is what the rep gets through in `coverDays`,
 * judged by the smoothed recent daily throughput; otherwise the rep's fixed cap.
 */
export function dynamicCapOf(rep: Rep, c: DynamicCapConfig): RepCap {
  const history = rep.throughput ?? [];
  if (history.length < c.minDays) return { cap: rep.cap, source: rep.cap === undefined ? 'none' : 'fixed', days: history.length };
  const smoothed = ewma(history.slice(-c.windowDays), c.alpha);
  // The epsilon keeps float noise (3.0000000000000004) from rounding a whole number up.
  return { cap: Math.max(c.floor, Math.ceil(smoothed * c.coverDays - 1e-9)), source: 'dynamic', ewma: smoothed, days: history.length };
}

/** Dynamic caps (S11): caps follow each rep's recent throughput; then the lowest utilisation wins. */
export const dynamicCap = defineNode({
  kind: 'assign.dynamicCap',
  ...ASSIGNMENT_NODE,
  labels: { en: 'By dynamic capacity', zh: '按动态容量分配' },
  help: {
    en:
      'Like “By capacity”, but a rep’s cap follows their recent throughput: with at least the minimum days of history, ' +
      'cap = smoothed leads worked per day (EWMA over the window) × days of cover, never below the floor. With less history the rep’s fixed cap applies.',
    zh:
      '与“按容量分配”相同，但销售的上限随其近期处理量变化：历史天数达到最低要求时，' +
      '上限 = 平滑后的日均处理线索数（窗口内指数加权移动平均）× 覆盖天数，且不低于下限；历史不足时使用其固定上限。',
  },
  schema: z.strictObject({
    ...candidateSelection,
    /** Days of throughput history needed before the cap turns dynamic. */
    minDays: z.number().int().min(1).max(365).default(14),
    /** Most recent days the average looks at. */
    windowDays: z.number().int().min(1).max(365).default(28),
    /** Smoothing factor: higher follows recent days more closely. */
    alpha: z.number().gt(0).max(1).default(0.3),
    /** Days of work a rep may hold open: cap = daily throughput × this. */
    coverDays: z.number().gt(0).max(365).default(3),
    /** Lowest dynamic cap, so a slow fortnight does not shut a rep out entirely. */
    floor: z.number().int().min(0).default(1),
  }),
  defaults: {
    teams: [],
    roles: [],
    reps: [],
    match: [],
    coolingDays: 0,
    respectShifts: true,
    respectCaps: true,
    minDays: 14,
    windowDays: 28,
    alpha: 0.3,
    coverDays: 3,
    floor: 1,
  },
  check: selectionProblems,
  execute: (ctx, config, _fired, nodeId) => {
    const done = alreadyAssigned(ctx, nodeId);
    if (done) return done;
    const caps = new Map<string, RepCap>();
    const capOf = (rep: Rep) => {
      let c = caps.get(rep.id);
      if (!c) caps.set(rep.id, (c = dynamicCapOf(rep, config)));
      return c.cap;
    };
    const gathered = gatherCandidates(ctx, config, capOf);
    for (const row of gathered.rows) {
      const c = caps.get(row.repId);
      // A rep that could not be evaluated may have no cap worked out: its row shows the error alone.
      if (c === undefined || row.reason === 'error') continue;
      row.detail.capSource = c.source;
      row.detail.historyDays = c.days;
      if (c.ewma !== undefined) row.detail.throughputEwma = Math.round(c.ewma * 1e4) / 1e4;
    }
    return settle(ctx, nodeId, 'dynamicCap', gathered, pickByUtilisation(gathered));
  },
});
