import type { StateChange } from '../../src/index.js';

const AT = '2026-03-02T02:00:00.000Z';

/** How often each kind of change comes, and over how many leads. */
export interface LoadChangeMix {
  /** Leads L0…L(leads-1) the changes touch. */
  leads: number;
  /** A draw below 0.5 assigns; below this, an owned lead is reclaimed; otherwise a load settles. */
  reclaimBelow: number;
  /** A settle draw below this is −1, otherwise +1. */
  settleDownBelow: number;
  /** The node an assignment names. */
  nodeId: string;
}

/**
 * One random change that moves a rep's open load — an assignment, a reclaim of an owned lead, or a
 * settle either way — for the state tests that check a load view against a plain recount.
 * `owners` tracks who holds each lead so a reclaim names its holder.
 */
export function randomLoadChange(next: () => number, owners: Map<string, string>, repIds: readonly string[], mix: LoadChangeMix): StateChange[] {
  const rep = repIds[Math.floor(next() * repIds.length)]!;
  const leadId = `L${Math.floor(next() * mix.leads)}`;
  const owner = owners.get(leadId) ?? null;
  const r = next();
  if (r < 0.5) {
    owners.set(leadId, rep);
    return [{ type: 'lead.assign', leadId, repId: rep, previousOwnerId: owner, at: AT, nodeId: mix.nodeId }];
  }
  if (r < mix.reclaimBelow && owner) {
    owners.delete(leadId);
    return [{ type: 'lead.toPool', leadId, poolId: 'public', previousOwnerId: owner, at: AT, nodeId: 'reclaim', reason: 'reclaimed' }];
  }
  return [{ type: 'load.settle', leadId, repId: rep, delta: next() < mix.settleDownBelow ? -1 : 1 }];
}
