import type { ExecContext } from '../types/nodeSpec.js';
import type { Labels } from '../types/decision.js';
import type { Override } from '../types/domain.js';
import { basisPointsText, fraction, share, WHOLE_BP, type Fraction } from './allocate.js';

/**
 * An override applied earlier in this same decision is not in the state yet; the override node
 * leaves it here so a split node after it honours it at once. Not a fact path conditions can
 * read (`#` is refused by the compiler), only a hand-over between nodes.
 */
export const PENDING_OVERRIDE = '#pendingOverride';

/** The committee's latest word on how to split this lead's credit, if it ever gave one (S26). */
export function splitOverride(ctx: ExecContext): Override | undefined {
  const pending = ctx.fact(PENDING_OVERRIDE) as Override | undefined;
  if (pending && 'split' in pending.action) return pending;
  const list = ctx.leadId ? ctx.state.overrides(ctx.leadId) : [];
  for (let i = list.length - 1; i >= 0; i--) if ('split' in list[i]!.action) return list[i];
  return undefined;
}

/** One line of a committee's split, as the override records it. */
export type OverrideSplitLine = { repId: string; share: number } | { repId: string; basisPoints: number };

/**
 * A line's basis points. A share is a decimal of at most 4 places (checked before it is
 * recorded); an older record with more places is rounded to the nearest point here, and its
 * weight stays exact through `overrideWeight`.
 */
export function lineBasisPoints(line: OverrideSplitLine): number {
  return 'basisPoints' in line ? line.basisPoints : Math.round(line.share * WHOLE_BP);
}

/** The line's exact weight: its basis points, or an older record's share as written. */
export function overrideWeight(line: OverrideSplitLine): Fraction {
  return 'basisPoints' in line ? fraction(BigInt(line.basisPoints), BigInt(WHOLE_BP)) : share(line.share);
}

export interface SplitLineProblem {
  /** Where, in the override event: `data.action.split[2].share`. */
  field: string;
  message: Labels;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Why a committee's split cannot be recorded, line by line (S26): each line names a rep once and
 * gives a `share` of at most 4 decimals (one basis point) or whole `basisPoints`; the lines total
 * exactly 10,000 points (100%), counted in whole points so no float rounding decides. Empty = fine.
 */
export function overrideSplitProblems(lines: readonly unknown[]): SplitLineProblem[] {
  const problems: SplitLineProblem[] = [];
  const at = (i: number, key?: string) => `data.action.split[${i}]${key ? `.${key}` : ''}`;
  if (lines.length === 0)
    return [{ field: 'data.action.split', message: { en: 'the split names nobody: list at least one rep', zh: '拆分中没有任何销售：至少列出一位' } }];
  const firstAt = new Map<string, number>();
  let total = 0;
  let counted = true;
  lines.forEach((line, i) => {
    if (!isRecord(line)) {
      problems.push({
        field: at(i),
        message: { en: `line ${i} must be { repId, share } or { repId, basisPoints }`, zh: `第 ${i} 项必须是 { repId, share } 或 { repId, basisPoints }` },
      });
      counted = false;
      return;
    }
    const repId = line.repId;
    if (typeof repId !== 'string' || repId.length === 0 || repId.length > 200) {
      problems.push({ field: at(i, 'repId'), message: { en: `line ${i} needs a repId`, zh: `第 ${i} 项缺少 repId` } });
    } else if (firstAt.has(repId)) {
      problems.push({
        field: at(i, 'repId'),
        message: { en: `line ${i}: ${repId} is already listed at line ${firstAt.get(repId)}`, zh: `第 ${i} 项：${repId} 已在第 ${firstAt.get(repId)} 项出现` },
      });
    } else firstAt.set(repId, i);
    const unknown = Object.keys(line).filter((k) => k !== 'repId' && k !== 'share' && k !== 'basisPoints');
    if (unknown.length > 0)
      problems.push({
        field: at(i, unknown[0]),
        message: {
          en: `line ${i}: unknown field "${unknown[0]}"; a line has repId and share or basisPoints`,
          zh: `第 ${i} 项：未知字段“${unknown[0]}”；每项只有 repId 以及 share 或 basisPoints`,
        },
      });
    const points = linePoints(line, i, at, problems);
    if (points === undefined) counted = false;
    else total += points;
  });
  if (counted && total !== WHOLE_BP) {
    problems.push({
      field: 'data.action.split',
      message: {
        en: `the shares add up to ${total} basis points (${basisPointsText(total)}); a split must total exactly 10000 (100%)`,
        zh: `拆分比例合计 ${total} 个基点（${basisPointsText(total)}）；必须正好合计 10000（100%）`,
      },
    });
  }
  return problems;
}

/** A line's basis points, or undefined after saying what is wrong with it. */
function linePoints(line: Record<string, unknown>, i: number, at: (i: number, key?: string) => string, problems: SplitLineProblem[]): number | undefined {
  const hasShare = 'share' in line;
  const hasPoints = 'basisPoints' in line;
  if (hasShare === hasPoints) {
    problems.push({
      field: at(i),
      message: hasShare
        ? { en: `line ${i} gives both share and basisPoints; give one`, zh: `第 ${i} 项同时给出 share 和 basisPoints；只能给一个` }
        : {
            en: `line ${i} needs a share (0–1, at most 4 decimals) or basisPoints (a whole number 0–10000)`,
            zh: `第 ${i} 项缺少 share（0–1，最多 4 位小数）或 basisPoints（0–10000 的整数）`,
          },
    });
    return undefined;
  }
  if (hasPoints) {
    const bp = line.basisPoints;
    if (typeof bp === 'number' && Number.isInteger(bp) && bp >= 0 && bp <= WHOLE_BP) return bp;
    problems.push({
      field: at(i, 'basisPoints'),
      message: {
        en: `line ${i}: basisPoints ${JSON.stringify(bp)} is not a whole number from 0 to 10000`,
        zh: `第 ${i} 项：basisPoints ${JSON.stringify(bp)} 不是 0–10000 的整数`,
      },
    });
    return undefined;
  }
  const s = line.share;
  if (typeof s !== 'number' || !Number.isFinite(s) || s < 0 || s > 1) {
    problems.push({
      field: at(i, 'share'),
      message: { en: `line ${i}: share ${JSON.stringify(s)} is not a number from 0 to 1`, zh: `第 ${i} 项：share ${JSON.stringify(s)} 不是 0 到 1 之间的数` },
    });
    return undefined;
  }
  // A decimal written with at most 4 places parses to the double nearest it, and so does its
  // 4-place rendering: equal exactly when nothing finer than a basis point was written.
  if (Number(s.toFixed(4)) !== s) {
    const bp = Math.round(s * WHOLE_BP);
    problems.push({
      field: at(i, 'share'),
      message: {
        en: `line ${i}: share ${s} has more than 4 decimals; shares are exact to one basis point (0.0001) — write ${bp / WHOLE_BP} or basisPoints: ${bp}, and make the lines total exactly 1`,
        zh: `第 ${i} 项：share ${s} 超过 4 位小数；比例精确到 1 个基点（0.0001）——请写 ${bp / WHOLE_BP} 或 basisPoints: ${bp}，并使各项合计正好为 1`,
      },
    });
    return undefined;
  }
  return Math.round(s * WHOLE_BP);
}

/** A rep an override names that the tenant's roster does not have, and where the event names them. */
export interface UnknownOverrideRep {
  /** `data.action.assign` or `data.action.split[1].repId`. */
  field: string;
  repId: string;
}

/**
 * The reps an override's action names (the rep to assign to, each split line's rep) that `known`
 * does not know (S26): a split naming nobody on the roster would credit a deal to no one real.
 * Reads the action as sent, so a split refused for its shares also says which reps are unknown.
 */
export function unknownOverrideReps(action: unknown, known: (repId: string) => boolean): UnknownOverrideRep[] {
  if (!isRecord(action)) return [];
  if (typeof action.assign === 'string') return known(action.assign) ? [] : [{ field: 'data.action.assign', repId: action.assign }];
  if (!Array.isArray(action.split)) return [];
  const unknown: UnknownOverrideRep[] = [];
  action.split.forEach((line: unknown, i) => {
    if (!isRecord(line) || typeof line.repId !== 'string' || line.repId.length === 0 || known(line.repId)) return;
    if (!unknown.some((u) => u.repId === line.repId)) unknown.push({ field: `data.action.split[${i}].repId`, repId: line.repId });
  });
  return unknown;
}

/** The unknown reps in words, each with its field: "nobody-here (data.action.split[1].repId)". */
export function unknownRepsText(unknown: readonly UnknownOverrideRep[]): Labels {
  const en = unknown.map((u) => `${u.repId} (${u.field})`).join(', ');
  const zh = unknown.map((u) => `${u.repId}（${u.field}）`).join('、');
  return {
    en: unknown.length > 1 ? `reps ${en} are not on the roster` : `rep ${en} is not on the roster`,
    zh: `销售 ${zh}不在销售名单中`,
  };
}
