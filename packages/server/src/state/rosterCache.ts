import { calendarSchema, repSchema, Roster, type CalendarDocument, type Pool, type Rep, type Team } from '@sluice/engine';
import { withDefaults } from './defaults.js';

/** The roster part of a load, sent only when the tenant's roster version differs from the one this process holds. */
export interface RosterRows {
  timeZone: string | null;
  reps: Record<string, unknown>[];
  teams: Record<string, unknown>[];
  pools: Record<string, unknown>[];
  /** The tenant's working-day calendars, all of them (a tenant keeps a handful). */
  calendars: Record<string, unknown>[];
}

/** A tenant's roster as built from its rows, at the version (roster_versions) it was loaded under. */
export interface HeldRoster {
  version: string;
  roster: Roster;
}

// The open load lives in its own column (the roster keeps it out of `data`); state.openLoad answers from the loaded counters.
const asRep = withDefaults(repSchema, { id: 'x', openLoad: 0 });
const asCalendar = withDefaults(calendarSchema, { id: 'x', timeZone: 'UTC' });

/**
 * Rosters by tenant, one version each. A roster of 20,000 reps took a quarter of a decision's
 * time to load and build; it changes when someone edits it, not when a lead is decided. Bounded
 * so a process serving many tenants keeps the ones it used last.
 */
const MAX_TENANTS = 500;
const held = new Map<string, HeldRoster>();

/** What this process holds for the tenant: its version goes to the load, which sends the rows only if it is stale. */
export function heldRoster(tenantId: string): HeldRoster | undefined {
  return held.get(tenantId);
}

/**
 * The roster a load answered with: the one held when the load found its version current (the
 * entry read before the load, so a concurrent batch replacing it cannot swap it), else one built
 * from the rows sent, which is then held for the next decisions.
 */
export function rosterOf(tenantId: string, before: HeldRoster | undefined, version: string, rows: RosterRows | null): Roster {
  if (rows === null) {
    if (before?.version !== version) throw new Error(`roster version ${version} of tenant ${tenantId} was neither sent nor held`);
    refresh(tenantId, before);
    return before.roster;
  }
  const roster = new Roster({
    timeZone: rows.timeZone ?? 'UTC',
    reps: rows.reps.map((data) => asRep(data) as Rep),
    teams: rows.teams as Team[],
    pools: rows.pools as Pool[],
    calendars: rows.calendars.map(asCalendar) as CalendarDocument[],
  });
  refresh(tenantId, { version, roster });
  return roster;
}

/** Most recently used last: the first key is the one to drop. */
function refresh(tenantId: string, entry: HeldRoster): void {
  held.delete(tenantId);
  if (held.size >= MAX_TENANTS) held.delete(held.keys().next().value!);
  held.set(tenantId, entry);
}
