import { money } from '../../split/money.js';
import { basisPointsText, type Leftover } from '../../split/allocate.js';
import type { CreditShare } from '../../types/state.js';
import type { Labels } from '../../types/decision.js';
import { localStampOf } from '../../types/localTime.js';

/** What rounding left over in one pool: the revenue split, or one overlay entry. */
export interface PoolLeftover {
  /** `revenue`, or `overlay:<role>`. */
  pool: string;
  lines: readonly CreditShare[];
  /** The pool's whole: 10,000 points and the deal for revenue; the entry's points and cents for an overlay. */
  wholeBasisPoints: number;
  wholeCents: number;
  basisPoints: Leftover;
  cents: Leftover;
}

const WHY: Record<'plain' | 'tie', Labels> = {
  plain: { en: 'largest remainder', zh: '余数最大' },
  tie: { en: 'largest remainder, equal ones in rep id order', zh: '余数最大，余数相同按销售 id 顺序' },
};

/**
 * "33.34% + 33.33% + 33.33% = 100%, the 0.01% left goes to ae-1 (…)": the sum, what rounding
 * left over, who got it and by which rule. Nothing when the pool divided evenly.
 */
function leftoverText(parts: string[], whole: string, unit: (n: number) => string, left: Leftover): Labels | undefined {
  if (left.units === 0) return undefined;
  const why = WHY[left.tie ? 'tie' : 'plain'];
  const sum = `${parts.join(' + ')} = ${whole}`;
  if (left.units === 1) {
    return { en: `${sum}, the ${unit(1)} left goes to ${left.to[0]} (${why.en})`, zh: `${sum}，余数 ${unit(1)} 归 ${left.to[0]}（${why.zh}）` };
  }
  return {
    en: `${sum}, the ${unit(left.units)} left goes ${unit(1)} each to ${left.to.join(', ')} (${why.en})`,
    zh: `${sum}，余数 ${unit(left.units)} 归 ${left.to.join('、')}，各 ${unit(1)}（${why.zh}）`,
  };
}

/** Both roundings of a pool, points first, in one clause per language; undefined if none. */
export function poolLeftoverText(p: PoolLeftover): Labels | undefined {
  const texts = [
    leftoverText(
      p.lines.map((l) => basisPointsText(l.basisPoints)),
      basisPointsText(p.wholeBasisPoints),
      basisPointsText,
      p.basisPoints,
    ),
    leftoverText(
      p.lines.map((l) => money(l.amountCents)),
      money(p.wholeCents),
      money,
      p.cents,
    ),
  ].filter((t): t is Labels => t !== undefined);
  if (texts.length === 0) return undefined;
  const role = p.pool.replace(/^overlay:/, '');
  const label: Labels = p.pool === 'revenue' ? { en: 'rounding', zh: '舍入' } : { en: `rounding of the ${role} overlay`, zh: `附加业绩 ${role} 舍入` };
  return { en: `${label.en}: ${texts.map((t) => t.en).join('; ')}`, zh: `${label.zh}：${texts.map((t) => t.zh).join('；')}` };
}

export function splitNote(
  method: Labels,
  amountCents: number,
  shares: readonly CreditShare[],
  overlay: readonly CreditShare[],
  leftovers: readonly PoolLeftover[],
  override: { approver: string; at: string; reason: string } | undefined,
  /** The tenant's zone: the override's time is shown on its wall clock. */
  zone: string,
): Labels {
  const list = (xs: readonly CreditShare[], sep: string) => xs.map((s) => `${s.repId} ${money(s.amountCents)} (${basisPointsText(s.basisPoints)})`).join(sep);
  let en = `${money(amountCents)} split by ${method.en}: ${list(shares, ', ')}`;
  let zh = `成交金额 ${money(amountCents)}，${method.zh}：${list(shares, '，')}`;
  if (overlay.length > 0) {
    en += `; overlay on top: ${list(overlay, ', ')}`;
    zh += `；另计附加业绩：${list(overlay, '，')}`;
  }
  for (const p of leftovers) {
    const t = poolLeftoverText(p);
    if (!t) continue;
    en += `; ${t.en}`;
    zh += `；${t.zh}`;
  }
  if (override) {
    const on = localStampOf(override.at, zone);
    en += ` — overridden by ${override.approver} on ${on}: ${override.reason}`;
    zh += ` —— ${override.approver} 于 ${on} 改判：${override.reason}`;
  }
  return { en, zh };
}
