/**
 * Seeded randomness for the estimate. Every draw is keyed by (seed, lead, rep) so a lead given to the
 * same rep in two policies gets the same follow-ups and the same outcome (common random numbers):
 * differences between policies then come from the policies, not from the dice.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** FNV-1a over the UTF-16 code units: a stable 32-bit key for any string. */
export function hashKey(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/** A stream of uniforms in [0, 1) for one key; same seed and parts → same stream. */
export function uniformStream(seed: number, ...parts: string[]): () => number {
  const rng = xoroshiro128plus(hashKey(`${seed}\u0000${parts.join('\u0000')}`));
  return () => uniformFloat64(rng);
}

/**
 * Indices in [0, n) for one key, one 32-bit draw each (the bootstrap draws millions; the bias of
 * n/2³² is far below its own noise).
 */
export function indexStream(seed: number, ...parts: string[]): (n: number) => number {
  const rng = xoroshiro128plus(hashKey(`${seed}\u0000${parts.join('\u0000')}`));
  return (n) => Math.floor(((rng.next() >>> 0) / 4_294_967_296) * n);
}
