/**
 * A 32-bit hash of an id's UTF-16 units: FNV-1a, then murmur3's finaliser, so ids that differ only
 * in their last digits (L-000123, L-000124 …) spread over the low bits a table masks. For tables
 * that must not ask a Map: at a million leads a Map miss compares cold keys of other leads.
 */
export function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}
