import type { Database } from '../db/connect.js';
import type { Scope } from './keys.js';

export interface CachedKey {
  id: string;
  tenantId: string;
  prefix: string;
  scopes: Scope[];
}

/**
 * Known API keys, by hash, for a short while. Every API call needs its key checked, and on
 * embedded PGlite that lookup cost more than the decision itself (one query at a time, parsed
 * each time). A revocation made through this process drops the entry at once; one made through
 * another replica on the same PostgreSQL takes effect there within TTL_MS. Unknown keys are not
 * remembered: random guesses cannot fill the memory.
 */
export const KEY_CACHE_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

const caches = new WeakMap<Database, Map<string, { key: CachedKey; until: number }>>();

function cacheOf(database: Database): Map<string, { key: CachedKey; until: number }> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  return cache;
}

export function cachedKey(database: Database, hash: string, now: number): CachedKey | undefined {
  const cache = cacheOf(database);
  const hit = cache.get(hash);
  if (!hit) return undefined;
  if (hit.until > now) return hit.key;
  cache.delete(hash);
  return undefined;
}

export function rememberKey(database: Database, hash: string, key: CachedKey, now: number): void {
  const cache = cacheOf(database);
  // Oldest first out: a Map iterates in insertion order.
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(hash, { key, until: now + KEY_CACHE_TTL_MS });
}

/** After a revocation: the key must stop working now, not when its entry expires. */
export function forgetKey(database: Database, keyId: string): void {
  const cache = cacheOf(database);
  for (const [hash, entry] of cache) if (entry.key.id === keyId) cache.delete(hash);
}
