import s01 from '../../../../../examples/states/s01-teams.json' with { type: 'json' };
import s02 from '../../../../../examples/states/s02-teams.json' with { type: 'json' };
import s08 from '../../../../../examples/states/s08-org.json' with { type: 'json' };
import s13 from '../../../../../examples/states/s13-tiered-teams.json' with { type: 'json' };
import s21 from '../../../../../examples/states/s21-sister-units.json' with { type: 'json' };
import s28 from '../../../../../examples/states/s28-east-team.json' with { type: 'json' };

interface State {
  timeZone?: string;
  reps?: Array<{ id: string }>;
  teams?: Array<{ id: string }>;
  pools?: Array<{ id: string }>;
}

/**
 * The scenario rosters the templates were written against, merged: every team, pool and role a
 * template names has people behind it. Where two scenarios use one id, the first one listed wins.
 * Only the roster (reps, teams, pools) is taken: leads and ownership come from the demo's events.
 */
const STATES: State[] = [s02, s01, s08, s13, s21, s28] as State[];

function merged<T extends { id: string }>(pick: (s: State) => T[] | undefined): T[] {
  const byId = new Map<string, T>();
  for (const s of STATES) for (const item of pick(s) ?? []) if (!byId.has(item.id)) byId.set(item.id, item);
  return [...byId.values()];
}

export const demoRoster = {
  teams: merged((s) => s.teams),
  pools: merged((s) => s.pools),
  reps: merged((s) => s.reps),
};
