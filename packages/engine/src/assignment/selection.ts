import type { Rep } from '../types/domain.js';
import type { StateView } from '../types/state.js';
import type { CandidateSelection } from './candidates.js';

/**
 * The reps a selection names (teams, function tags, named reps), in id order: from the state's
 * team and tag indexes when it has them — a decision then costs what its candidates cost, not
 * what the roster does — else by walking the whole roster. No filter selects everyone.
 */
export function selectedReps(state: StateView, sel: Pick<CandidateSelection, 'teams' | 'roles' | 'reps'>): readonly Rep[] {
  if (sel.teams.length + sel.roles.length + sel.reps.length === 0) return state.reps();
  if (!state.repsInTeam || !state.repsWithRole) return state.reps().filter((rep) => isSelected(rep, sel));
  const lists: Array<readonly Rep[]> = [];
  for (const t of sel.teams) lists.push(state.repsInTeam(t));
  for (const r of sel.roles) lists.push(state.repsWithRole(r));
  const named = new Set<Rep>();
  for (const id of sel.reps) {
    const rep = state.rep(id);
    if (rep) named.add(rep);
  }
  if (named.size > 0) lists.push([...named].sort(byId));
  const nonEmpty = lists.filter((l) => l.length > 0);
  // One team (the common case): its list as it is, already in id order.
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  const union = new Set<Rep>();
  for (const list of nonEmpty) for (const rep of list) union.add(rep);
  return [...union].sort(byId);
}

const byId = (a: Rep, b: Rep): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Loops rather than `some` callbacks: this runs for every rep of the roster when a state has no index. */
function isSelected(rep: Rep, sel: Pick<CandidateSelection, 'teams' | 'roles' | 'reps'>): boolean {
  if (sel.reps.includes(rep.id)) return true;
  for (const t of rep.teams) if (sel.teams.includes(t)) return true;
  for (const r of rep.roles) if (sel.roles.includes(r)) return true;
  return false;
}
