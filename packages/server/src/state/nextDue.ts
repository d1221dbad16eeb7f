import { dueClocks, type CompiledPolicy, type DueClock, type Lead, type StateView } from '@sluice/engine';
import { ProblemError } from '../http/problem.js';
import type { LoadedRows } from './load.js';
import { livePlans } from './policies.js';
import type { Query } from './sql.js';

/** A lead's `leads.next_due_at` as it now stands, as the timestamptz text the write statement casts. */
export type DueOf = (lead: Lead, state: StateView) => string;

/** Each plan's clocks, worked out once: compiled plans are cached per version (policies.ts), so they are the keys. */
const clocksOf = new WeakMap<CompiledPolicy, DueClock[]>();

/**
 * When an owned-leads tick could first act on a lead, by the engine's own clocks (nextDue.ts) over
 * the tenant's live tick policies. Only `ownedLeads` ticks read the column: scheduled checks have
 * their own due rows, and per-rep ticks walk the reps. A lead such a tick never visits (no owner,
 * closed) or no clock will ever act on is 'infinity' until a write changes it; a clockless node is
 * '-infinity' (every tick).
 */
export function ownedLeadDue(tickPlans: readonly CompiledPolicy[]): DueOf {
  const clocks: DueClock[] = [];
  for (const plan of tickPlans) {
    let mine = clocksOf.get(plan);
    if (!mine) clocksOf.set(plan, (mine = dueClocks([plan])));
    for (const c of mine) if (c.scope === 'ownedLeads') clocks.push(c);
  }
  return (lead, state) => {
    if (!lead.ownerId || (lead.status !== undefined && lead.status !== 'open')) return 'infinity';
    let best: number | undefined;
    for (const c of clocks) {
      const at = c.due(lead, state);
      if (at !== undefined && (best === undefined || at < best)) best = at;
    }
    if (best === undefined || best === Number.POSITIVE_INFINITY) return 'infinity';
    // Before what a Date holds (-Infinity included): due at once, the safe side.
    return best >= -8.64e15 ? new Date(Math.min(best, 8.64e15)).toISOString() : '-infinity';
  };
}

/**
 * The due function for a batch's writes from its loaded live rows (which include the tick
 * policies: LOAD is asked for 'tick' too). A tick policy that cannot run must not fail the
 * decisions: their leads' dues are then left unknown, and the tick reports the policy itself.
 */
export async function liveTickDue(q: Query, tenantId: string, live: LoadedRows['live']): Promise<DueOf | undefined> {
  const ticking = live.filter(([, , , events]) => events.includes('tick'));
  try {
    return ownedLeadDue((await livePlans(q, tenantId, ticking))('tick'));
  } catch (e) {
    if (e instanceof ProblemError) return undefined;
    throw e;
  }
}

/** The live rows a batch's own events run (LOAD also lists the tick policies, for the dues). */
export function liveFor(live: LoadedRows['live'], eventTypes: ReadonlySet<string>): LoadedRows['live'] {
  return live.filter(([, , , events]) => events.some((t) => eventTypes.has(t)));
}
