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

export const KNOWN_DIFFERENCES: Record<string, KnownDifference> = {
  's25-conflict-discovered': {
    reason:
      "The conflict node also searches the names its policy's accountRelations group with the lead's (split/accounts.ts accountNames: " +
      "德尔塔物流 → 德尔塔集团). The server loads the leads sharing a match key with the event's lead (state/load.ts, leads.match_keys / " +
      'find_keys), but those names come from the live policy, not the lead, and the load runs before the policies are known: ' +
      'L-2533 (r-2, same group) is not loaded for the claim of L-2532, so the server answers noConflict where step() keeps it for r-2.',
    where: ['outcomes[1]', 'state.assigned.r-2', 'state.openLoad.r-2', 'state.holders.L-2532', 'state.leads.L-2532', 'state.ownership.L-2532'],
  },
};

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`);

/** Mismatches no known difference explains, and known places that no longer differ. */
export function unexplained(found: readonly Mismatch[], known: KnownDifference | undefined): { fresh: Mismatch[]; gone: string[] } {
  const where = known?.where ?? [];
  return {
    fresh: found.filter((m) => !where.some((w) => under(m.path, w))),
    gone: where.filter((w) => !found.some((m) => under(m.path, w))),
  };
}
