import type { Mismatch } from './compare.js';

/**
 * Scenarios where the server and step() are known to disagree: real semantic splits, kept here
 * (not papered over) until they are fixed. `where` lists the places that differ — a path of the
 * compared shape, covering everything under it. The test requires every mismatch found to fall
 * under one of them (a new mismatch fails) and every one of them to still differ (a fixed split
 * fails too, so its entry goes). Issue #10 wants this table empty.
 */
export interface KnownDifference {
  reason: string;
  where: string[];
}

export const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {};

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** Mismatches no known difference explains, and known places that no longer differ. */
export function unexplained(found: readonly Mismatch[], known: KnownDifference | undefined): { fresh: Mismatch[]; gone: string[] } {
  const where = known?.where ?? [];
  return {
    fresh: found.filter((m) => !where.some((w) => under(m.path, w))),
    gone: where.filter((w) => !found.some((m) => under(m.path, w))),
  };
}
