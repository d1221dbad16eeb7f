import type { CalendarDocument } from '../types/calendar.js';
import type { Pool, Rep, Team } from '../types/domain.js';
import type { StateSnapshot } from './snapshot.js';

/**
 * Who and where: reps, teams, pools, calendars and the tenant's zone. Nothing a change applies
 * touches these (a rep's open load is kept with the leads), so a clone shares them.
 */
export class Roster {
  readonly zone: string;
  /** Ordered by id: that order breaks all ties. */
  readonly reps: Rep[];
  readonly repById = new Map<string, Rep>();
  readonly teams = new Map<string, Team>();
  readonly pools = new Map<string, Pool>();
  readonly calendars = new Map<string, CalendarDocument>();

  constructor(snapshot: Pick<StateSnapshot, 'timeZone' | 'reps' | 'teams' | 'pools' | 'calendars'>) {
    this.zone = snapshot.timeZone;
    this.reps = [...snapshot.reps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const rep of this.reps) this.repById.set(rep.id, rep);
    for (const t of snapshot.teams) this.teams.set(t.id, t);
    for (const p of snapshot.pools) this.pools.set(p.id, p);
    for (const c of snapshot.calendars) this.calendars.set(c.id, c);
  }
}
