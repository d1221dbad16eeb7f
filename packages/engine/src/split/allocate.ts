/**
 * Money never appears or vanishes (S24): shares are exact fractions (BigInt), amounts are cents,
 * and the cents left over after rounding down go to the largest remainders — ties to the lower
 * rep id — so a revenue split adds up to the deal amount to the cent, the same way every time.
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

export interface Allocated {
  id: string;
  cents: number;
  /** The part's weight over all weights. */
  share: number;
}

/**
 * Splits `amountCents` in proportion to the weights (largest remainder). Zero weights get
 * nothing and are left out; the result is in id order. All weights zero → nothing allocated.
 */
export function allocateCents(amountCents: number, parts: ReadonlyArray<{ id: string; weight: Fraction }>): Allocated[] {
  if (!Number.isSafeInteger(amountCents) || amountCents < 0) throw new RangeError(`not an amount in cents: ${amountCents}`);
  const live = parts.filter((p) => !isZero(p.weight)).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < live.length; i++) if (live[i]!.id === live[i - 1]!.id) throw new Error(`part listed twice: ${live[i]!.id}`);
  if (live.length === 0) return [];
  let common = 1n;
  for (const p of live) common = (common / gcd(common, p.weight.den)) * p.weight.den;
  const weights = live.map((p) => p.weight.num * (common / p.weight.den));
  const total = weights.reduce((s, w) => s + w, 0n);
  const amount = BigInt(amountCents);
  const floors = weights.map((w) => (amount * w) / total);
  const remainders = weights.map((w) => (amount * w) % total);
  let left = amount - floors.reduce((s, f) => s + f, 0n);
  // Ids are already ascending, so a stable sort on the remainder alone breaks ties by id.
  const order = live.map((_, i) => i).sort((a, b) => (remainders[b]! > remainders[a]! ? 1 : remainders[b]! < remainders[a]! ? -1 : a - b));
  for (const i of order) {
    if (left === 0n) break;
    floors[i] = floors[i]! + 1n;
    left -= 1n;
  }
  return live.map((p, i) => ({ id: p.id, cents: Number(floors[i]!), share: toNumber(fraction(weights[i]!, total)) }));
}

/** `amountCents × part`, rounded half up to the cent: an overlay's amount. */
export function centsOf(amountCents: number, part: Fraction): number {
  const scaled = BigInt(amountCents) * part.num * 2n + part.den;
  return Number(scaled / (2n * part.den));
}
