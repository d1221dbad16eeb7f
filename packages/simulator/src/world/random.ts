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

/**
 * A stream that can be seeded again: the draws of `streamFrom(hash)` after `reseed(hash)`, number
 * for number (the same xoroshiro128+ and 53-bit uniform as pure-rand's), with no generator, closure
 * and stream object made per seed — a world behaviour seeds two per assignment. One per caller
 * (a behaviour keeps its own): its state is the last seed's.
 */
export class Reseedable implements Stream {
  private s01 = 0;
  private s00 = 0;
  private s11 = 0;
  private s10 = 0;

  /** pure-rand's xoroshiro128plus(seed). */
  reseed(hash: number): this {
    this.s01 = -1;
    this.s00 = ~hash;
    this.s11 = hash | 0;
    this.s10 = 0;
    return this;
  }

  /** pure-rand's uniformFloat64: 26 bits of one output and 27 of the next. */
  next(): number {
    const high = this.nextInt() & 0x3ffffff;
    const low = this.nextInt() & 0x7ffffff;
    return high * 2 ** -26 + low * 2 ** -53;
  }

  /** pure-rand's XoroShiro128Plus#next. */
  private nextInt(): number {
    const out = (this.s00 + this.s10) | 0;
    const a0 = this.s10 ^ this.s00;
    const a1 = this.s11 ^ this.s01;
    const s00 = this.s00;
    const s01 = this.s01;
    this.s00 = (s00 << 24) ^ (s01 >>> 8) ^ a0 ^ (a0 << 16);
    this.s01 = (s01 << 24) ^ (s00 >>> 8) ^ a1 ^ ((a1 << 16) | (a0 >>> 16));
    this.s10 = (a1 << 5) ^ (a0 >>> 27);
    this.s11 = (a0 << 5) ^ (a1 >>> 27);
    return out;
  }
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
