import type { StateChange } from '../types/state.js';

/** The event a lead taken back into a pool is reported by: routing that listens to it gives the lead out again (S14). */
export const RETURNED_TO_POOL = 'lead.returned_to_pool';

/**
 * Whether a change takes a lead from its owner back into a pool — a reclaim, a release (a penalty's
 * or the rep's own): the lead is then reported as `lead.returned_to_pool`, and routing that listens
 * to it may give it out again (S14), never back to the rep who just lost it while their cooling
 * runs. A routing node that puts a lead nobody held into a pool (no reason: a cascade's tier, a
 * pool as the route) has returned nothing. The server's scheduler and the simulator's replay both
 * report returns by this rule.
 */
export function returnsToPool(c: StateChange): c is Extract<StateChange, { type: 'lead.toPool' }> {
  return c.type === 'lead.toPool' && c.reason !== undefined;
}

/** The leads the changes take back into a pool (returnsToPool), each once, in the order first taken. */
export function leadsReturned(changes: Iterable<StateChange>): string[] {
  const ids = new Set<string>();
  for (const c of changes) if (returnsToPool(c)) ids.add(c.leadId);
  return [...ids];
}
