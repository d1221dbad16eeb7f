/**
 * Money never appears or vanishes (S24): weights are exact fractions (BigInt); what a split hands
 * out is whole cents and whole basis points (万分比, 10,000 = 100%). Both are rounded down and the
 * units left over go to the largest remainders — ties to the lower rep id — so a revenue split
 * adds up to the deal to the cent and to exactly 100.00%, the same way every time.
 */

/** A non-negative exact fraction num/den, den > 0, kept in lowest terms. */
export interface Fraction {
  readonly num: bigint;
  readonly den: bigint;
}

export const ZERO: Fraction = { num: 0n, den: 1n };
export const ONE: Fraction = { num: 1n, den: 1n };

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a < 0n ? -a : a;
}

export function fraction(num: bigint, den: bigint = 1n): Fraction {
  if (den <= 0n) throw new RangeError('a fraction needs a positive denominator');
  if (num === 0n) return ZERO;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

export function add(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.den + b.num * a.den, a.den * b.den);
}

export function times(a: Fraction, b: Fraction): Fraction {
  return fraction(a.num * b.num, a.den * b.den);
}

export function divide(a: Fraction, n: number): Fraction {
  return fraction(a.num, a.den * BigInt(n));
}

export function isZero(a: Fraction): boolean {
  return a.num === 0n;
}

/** Digits kept from a percent as configured: 12.345678% is exact, anything finer is rounded. */
const PERCENT_SCALE = 1_000_000;

/** A percent (0‥100) as the exact fraction of the whole it means. */
export function percent(p: number): Fraction {
  return fraction(BigInt(Math.round(p * PERCENT_SCALE)), BigInt(100 * PERCENT_SCALE));
}

/** A share (0‥1) as an exact fraction, to the same precision as `percent`. */
export function share(s: number): Fraction {
  return fraction(BigInt(Math.round(s * 100 * PERCENT_SCALE)), BigInt(100 * PERCENT_SCALE));
}

/** Percents add up to exactly 100, at the precision `percent` keeps. */
export function percentsTotal(list: readonly number[]): number {
  let units = 0;
  for (const p of list) units += Math.round(p * PERCENT_SCALE);
  return units / PERCENT_SCALE;
}

export function toNumber(a: Fraction): number {
  // 12 decimals are plenty for a share shown to people; the cents are exact regardless.
  return Number((a.num * 10n ** 12n) / a.den) / 1e12;
}

/** The whole of a split in basis points (万分比): 10,000 = 100%. */
export const WHOLE_BP = 10_000;

export interface Allocated {
  id: string;
  cents: number;
  /** The part's weight over all weights, in whole basis points; the parts' points add up exactly. */
  basisPoints: number;
  /** `basisPoints / 10000`, kept for readers of the older decimal share. */
  share: number;
}

/** What rounding left over and who got it: `units` cents or basis points, one each to `to`. */
export interface Leftover {
  units: number;
  to: string[];
  /** Some remainder was equal between a part that got a unit and one that did not: the order decided. */
  tie: boolean;
}

export interface Allocation {
  parts: Allocated[];
  basisPoints: Leftover;
  cents: Leftover;
}

/**
 * Largest remainder: `whole` units in proportion to `weights` (summing to `total`), each part its
 * quota rounded down, the units left one each to the largest remainders, equal remainders in list
 * order. The same rule for basis points and for cents, on the same exact weights and in the same
 * order, so a part that gets the extra point never gets fewer cents than one that did not.
 */
function largestRemainder(whole: bigint, weights: readonly bigint[], total: bigint, ids: readonly string[]): { units: bigint[]; leftover: Leftover } {
  const units = weights.map((w) => (whole * w) / total);
  const remainders = weights.map((w) => (whole * w) % total);
  const spare = whole - units.reduce((s, u) => s + u, 0n);
  const order = weights.map((_, i) => i).sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  const up = order.slice(0, Number(spare));
  for (const i of up) units[i] = units[i]! + 1n;
  const lowestUp = up.length > 0 ? remainders[up[up.length - 1]!]! : undefined;
  const tie = lowestUp !== undefined && order.slice(up.length).some((i) => remainders[i] === lowestUp);
  return { units, leftover: { units: Number(spare), to: up.map((i) => ids[i]!), tie } };
}

/**
 * Splits `amountCents` and `wholeBasisPoints` (10,000 for a revenue split) in proportion to the
 * weights, both by largest remainder with ties to the lower id. Zero weights get nothing and are
 * left out; the result is in id order. All weights zero → nothing allocated.
 */
export function allocate(amountCents: number, parts: ReadonlyArray<{ id: string; weight: Fraction }>, wholeBasisPoints: number = WHOLE_BP): Allocation {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`not an amount in cents: ${amountCents}`);
  if (!Number.isSafeInteger(wholeBasisPoints) || wholeBasisPoints < 0) throw new RangeError(`not a whole in basis points: ${wholeBasisPoints}`);
  const live = parts.filter((p) => !isZero(p.weight)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < live.length; i++) if (live[i]!.id === live[i - 1]!.id) throw new Error(`part listed twice: ${live[i]!.id}`);
  const nothing: Leftover = { units: 0, to: [], tie: false };
  if (live.length === 0) return { parts: [], basisPoints: nothing, cents: nothing };
  let common = 1n;
  for (const p of live) common = (common / gcd(common, p.weight.den)) * p.weight.den;
  const weights = live.map((p) => p.weight.num * (common / p.weight.den));
  const total = weights.reduce((s, w) => s + w, 0n);
  const ids = live.map((p) => p.id);
  const cents = largestRemainder(BigInt(amountCents), weights, total, ids);
  const points = largestRemainder(BigInt(wholeBasisPoints), weights, total, ids);
  return {
    parts: live.map((p, i) => {
      const bp = Number(points.units[i]!);
      return { id: p.id, cents: Number(cents.units[i]!), basisPoints: bp, share: bp / WHOLE_BP };
    }),
    basisPoints: points.leftover,
    cents: cents.leftover,
  };
}

/** `allocate` without the account of what rounding left over. */
export function allocateCents(amountCents: number, parts: ReadonlyArray<{ id: string; weight: Fraction }>, wholeBasisPoints: number = WHOLE_BP): Allocated[] {
  return allocate(amountCents, parts, wholeBasisPoints).parts;
}

/** `amountCents × part`, rounded half up to the cent: an overlay's amount. */
export function centsOf(amountCents: number, part: Fraction): number {
  const scaled = BigInt(amountCents) * part.num * 2n + part.den;
  return Number(scaled / (2n * part.den));
}

/** An overlay entry's part of the deal in whole basis points, rounded half up like its cents. */
export function basisPointsOf(part: Fraction): number {
  return centsOf(WHOLE_BP, part);
}

/** Basis points as a percent for people: 3334 → "33.34%", 2000 → "20%", 250 → "2.5%". */
export function basisPointsText(bp: number): string {
  const whole = Math.floor(bp / 100);
  const rest = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}
