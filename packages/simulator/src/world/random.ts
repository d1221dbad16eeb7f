/**
 * Seeded randomness for the synthetic world. Every draw comes from a pure-rand stream whose seed is
 * a hash of (world seed, purpose, keys), so a draw for one lead never depends on how many draws
 * came before it: the same (seed, lead, rep, time) gives the same follow-ups in any replay order.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export interface Stream {
  /** Uniform in [0, 1). */
  next(): number;
}

/** Folds a 32-bit value into a running hash (murmur3 mixing), so nearby keys land far apart. */
export function mix(h: number, k: number): number {
  let x = Math.imul(k | 0, 0xcc9e2d51);
  x = (x << 15) | (x >>> 17);
  x = Math.imul(x, 0x1b873593);
  let y = h ^ x;
  y = (y << 13) | (y >>> 19);
  return (Math.imul(y, 5) + 0xe6546b64) | 0;
}

/** Final avalanche, so every input bit moves every output bit. */
export function finish(h: number): number {
  let x = h ^ (h >>> 16);
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}

export function mixText(h: number, text: string): number {
  let x = mix(h, text.length);
  for (let i = 0; i < text.length; i++) x = mix(x, text.charCodeAt(i));
  return x;
}

/** Whole numbers up to 2^53 (instants in ms) fold both halves; anything else folds its text. */
export function mixNumber(h: number, n: number): number {
  if (!Number.isSafeInteger(n)) return mixText(h, String(n));
  return mix(mix(h, n >>> 0), Math.floor(n / 4294967296) | 0);
}

export function hashKeys(...keys: Array<string | number>): number {
  let h = 0x9747b28c;
  for (const k of keys) h = typeof k === 'number' ? mixNumber(h, k) : mixText(h, k);
  return finish(h);
}

/** A pure-rand xoroshiro128+ stream from an already mixed hash. */
export function streamFrom(hash: number): Stream {
  const rng = xoroshiro128plus(hash);
  return { next: () => uniformFloat64(rng) };
}

export function stream(...keys: Array<string | number>): Stream {
  return streamFrom(hashKeys(...keys));
}

export function between(s: Stream, min: number, max: number): number {
  return min + (max - min) * s.next();
}

/** Standard normal by Box–Muller (one of the pair is enough here). */
export function normal(s: Stream): number {
  const u = 1 - s.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * s.next());
}

/** Lognormal given its median (not its mean): easier to state "a typical rep answers in 20 minutes". */
export function lognormal(s: Stream, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(s));
}

/** The sum of the weights, as weightedIndex adds them up. */
export function weightsTotal(weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  return total;
}

/** Index drawn with the given (unnormalised) weights; `total` is weightsTotal(weights), for a caller that draws often. */
export function weightedIndex(s: Stream, weights: readonly number[], total = weightsTotal(weights)): number {
  let x = s.next() * total;
  for (let i = 0; i < weights.length; i++) {
    x -= weights[i] ?? 0;
    if (x < 0) return i;
  }
  return weights.length - 1;
}
