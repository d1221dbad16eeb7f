import { type PolicyDocument, rosterRefs } from '@sluice/engine';
import { createContext, useContext } from 'react';

/**
 * Why a failing case may fail for a name rather than for the rule: it expects a team or rep that
 * the tenant's roster does not have, or that the policy no longer names (a template's cases assume
 * team `ae`; the user renamed the team to their own). Said in words beside the case, with a way to
 * edit or delete it.
 */
export interface CaseNameHint {
  kind: 'team' | 'rep';
  id: string;
  /** `roster`: the tenant's roster lacks it; `policy`: the policy names teams, but not this one; `both`. */
  why: 'roster' | 'policy' | 'both';
}

/** What the tenant's roster is known to hold; null while unknown (no roster hint is made then). */
export interface KnownRoster {
  teams: ReadonlySet<string>;
  reps: ReadonlySet<string>;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): v is string => typeof v === 'string' && v !== '';

/** The reps a case expects something of: who gets the lead, holds it, is skipped, shares credit, is penalised or reminded. */
export function expectedReps(input: unknown): string[] {
  const c = isObj(input) ? input : {};
  const out = new Set<string>();
  const read = (e: unknown) => {
    for (const x of Array.isArray(e) ? e : [e]) {
      if (!isObj(x)) continue;
      if (str(x.assignedTo)) out.add(x.assignedTo);
      if (Array.isArray(x.oneOf)) for (const r of x.oneOf) if (str(r)) out.add(r);
      if (isObj(x.holder) && str(x.holder.rep)) out.add(x.holder.rep);
      const lists = [x.skipped, isObj(x.split) ? x.split.shares : undefined, x.penalties, x.reminders];
      for (const list of lists) if (Array.isArray(list)) for (const item of list) if (isObj(item) && str(item.rep)) out.add(item.rep);
    }
  };
  if (Array.isArray(c.when)) for (const step of c.when) if (isObj(step)) read(step.expect);
  read(c.expect);
  return [...out];
}

/** The teams of those reps, as the case's own roster (`given.reps`) places them. */
function teamsOf(input: unknown, reps: readonly string[]): Map<string, string[]> {
  const given = isObj(input) && isObj(input.given) ? input.given : {};
  const out = new Map<string, string[]>();
  for (const r of Array.isArray(given.reps) ? given.reps : []) {
    if (!isObj(r) || !str(r.id) || !reps.includes(r.id)) continue;
    out.set(
      r.id,
      (Array.isArray(r.teams) ? r.teams : []).filter((t): t is string => str(t)),
    );
  }
  return out;
}

/**
 * The teams and reps a case expects that the roster does not have or the policy no longer names,
 * teams first. A rep whose team is already named is not named again.
 */
export function caseNameHints(input: unknown, doc: PolicyDocument, roster: KnownRoster | null): CaseNameHint[] {
  const reps = expectedReps(input);
  const teamsByRep = teamsOf(input, reps);
  const refs = rosterRefs(doc);
  const policyTeams = new Set(refs.filter((r) => r.kind === 'team').map((r) => r.value));
  const hints: CaseNameHint[] = [];
  const named = new Set<string>();
  for (const team of new Set([...teamsByRep.values()].flat())) {
    const notInRoster = roster !== null && !roster.teams.has(team);
    // Only a policy that picks by team can have stopped naming one.
    const notInPolicy = policyTeams.size > 0 && !policyTeams.has(team);
    if (!notInRoster && !notInPolicy) continue;
    hints.push({ kind: 'team', id: team, why: notInRoster && notInPolicy ? 'both' : notInRoster ? 'roster' : 'policy' });
    named.add(team);
  }
  if (roster !== null)
    for (const rep of reps) {
      if (roster.reps.has(rep) || (teamsByRep.get(rep) ?? []).some((t) => named.has(t))) continue;
      hints.push({ kind: 'rep', id: rep, why: 'roster' });
    }
  return hints;
}

/** The roster as the editor knows it (tenant values), or null while it is not known whole. */
export function knownRoster(values: {
  teams: readonly string[];
  roster?: { reps: ReadonlyArray<{ id: string; teams?: readonly string[] }> } | null;
}): KnownRoster | null {
  if (!values.roster) return null;
  const teams = new Set(values.teams);
  for (const r of values.roster.reps) for (const t of r.teams ?? []) teams.add(t);
  return { teams, reps: new Set(values.roster.reps.map((r) => r.id)) };
}

/** What the policy editor lends the places that show a failing case: the document, the roster, and editing or deleting a case. */
export interface CaseTools {
  doc: PolicyDocument;
  roster: KnownRoster | null;
  /** Opens the case in the JSON tab, selected. */
  edit(caseId: string): void;
  /** Takes the case out of the draft (unsaved until the draft is saved). */
  remove(caseId: string): void;
}

export const CaseToolsContext = createContext<CaseTools | null>(null);
export const useCaseTools = () => useContext(CaseToolsContext);

/** The case with this id as the document holds it, and its place in `tests`. */
export function caseInDoc(doc: PolicyDocument, id: string): { input: unknown; index: number } | undefined {
  const tests = Array.isArray(doc.tests) ? (doc.tests as unknown[]) : [];
  const index = tests.findIndex((c) => isObj(c) && c.id === id);
  return index < 0 ? undefined : { input: tests[index], index };
}
