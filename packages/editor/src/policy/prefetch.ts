import { api } from '../api/client';

/**
 * A policy opened by its address starts loading with the page, not after the session check and
 * the editor's chunk: the two waits overlapped cut a third off opening a big policy. One-shot: the
 * editor takes the answer once; any later open (or a stale one) asks the server again.
 */
const waiting = new Map<string, { at: number; answer: Promise<unknown> }>();
const FRESH_MS = 10_000;

export function prefetchPolicy(key: string, now = performance.now()): void {
  const answer = api('GET', `/v1/policies/${encodeURIComponent(key)}`);
  // A failure (signed out, no such policy) is the editor's to report when it asks itself.
  answer.catch(() => undefined);
  waiting.set(key, { at: now, answer });
}

export function takePrefetchedPolicy<T>(key: string, now = performance.now()): Promise<T> | undefined {
  const hit = waiting.get(key);
  waiting.delete(key);
  return hit && now - hit.at < FRESH_MS ? (hit.answer as Promise<T>) : undefined;
}
