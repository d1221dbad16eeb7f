import type { CalendarDocument } from '../types/calendar.js';
import type { Pool, Rep, Team } from '../types/domain.js';
import type { ScoreModel } from '../scoreModel/model.js';
import { EMPTY } from './collections.js';
import type { StateSnapshot } from './snapshot.js';

/** What a roster is built from: a state snapshot's roster part (a server builds it from its cache). */
export type RosterInput = Pick<StateSnapshot, 'timeZone' | 'reps' | 'teams' | 'pools' | 'calendars' | 'models'>;

/**
 * Who and where: reps, teams, pools, calendars, published models and the tenant's zone. Nothing a change applies
 * touches these (a rep's open load is kept with the leads), so a clone shares them, and a server
 * may keep one across decisions until the tenant's roster changes.
 */
export class Roster {
  readonly zone: string;
  /** Ordered by id: that order breaks all ties. */
  readonly reps: Rep[];
  readonly repById = new Map<string, Rep>();
  readonly teams = new Map<string, Team>();
  readonly pools = new Map<string, Pool>();
  readonly calendars = new Map<string, CalendarDocument>();
  /** Published smart-score models by key: reference data like calendars, read by `score.model` nodes. */
  readonly models = new Map<string, ScoreModel>();
  // Built on first use, once per roster: a decision finds a team's reps instead of filtering everyone.
  private byTeam: Map<string, Rep[]> | undefined;
  private byRole: Map<string, Rep[]> | undefined;

  constructor(snapshot: RosterInput) {
    this.zone = snapshot.timeZone;
    this.reps = [...snapshot.reps].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const rep of this.reps) this.repById.set(rep.id, rep);
    for (const t of snapshot.teams) this.teams.set(t.id, t);
    for (const p of snapshot.pools) this.pools.set(p.id, p);
    for (const c of snapshot.calendars) this.calendars.set(c.id, c);
    for (const m of snapshot.models ?? []) this.models.set(m.key, m);
  }

  /** Members of a team, in id order (a rep listing the team twice appears once). */
  inTeam(teamId: string): readonly Rep[] {
    this.byTeam ??= indexBy(this.reps, (r) => r.teams);
    return this.byTeam.get(teamId) ?? EMPTY;
  }

  /** Reps holding a function tag (职能标签), in id order. */
  withRole(role: string): readonly Rep[] {
    this.byRole ??= indexBy(this.reps, (r) => r.roles);
    return this.byRole.get(role) ?? EMPTY;
  }
}

/** Reps (in id order) by each of their keys; each list keeps id order. */
function indexBy(reps: readonly Rep[], keys: (rep: Rep) => readonly string[]): Map<string, Rep[]> {
  const index = new Map<string, Rep[]>();
  for (const rep of reps) {
    for (const k of keys(rep)) {
      const list = index.get(k);
      if (!list) index.set(k, [rep]);
      else if (list[list.length - 1] !== rep) list.push(rep);
    }
  }
  return index;
}
