import type { Condition, Scalar } from '../expression/condition.js';
import type { CompiledPolicy } from '../compiler/types.js';
import { runOrder } from './order.js';

/**
 * A policy as the overlap check reads it: its key, kind, name, version and trigger; its rules and
 * plan when it compiled (without them every shared event counts as an overlap: unsure, so warned).
 */
export type OverlapPolicy = Pick<CompiledPolicy, 'key' | 'kind' | 'name' | 'version' | 'trigger'> & Partial<Pick<CompiledPolicy, 'rules' | 'plan'>>;

/** Another live routing policy that routes the same lead on the same events as the candidate. */
export interface RoutingOverlap {
  key: string;
  name: string;
  /** Its live version. */
  version: number;
  /** The trigger events both listen to, in the candidate's order. */
  events: string[];
  /**
   * The key of the policy that runs last on those events (run order: by kind, then key): it assigns
   * the lead again after the other, so its pick is the owner that stands.
   */
  runsLast: string;
}

/**
 * The live routing policies a candidate routing policy would route a lead twice with (a lead
 * assigned by one, then reassigned by the other): those whose trigger events meet the candidate's,
 * unless their routing paths provably never both fire on one lead — every pair of paths demands
 * different values of a lead or event field neither policy nor an assignment changes (`lead.region`
 * equal "east" against "south", `in` lists that share nothing). When unsure, it is an overlap.
 * The candidate's own key (its version now live) is never one; a candidate that is not a routing
 * policy has none. In the order of `live`.
 */
export function routingOverlaps(live: readonly OverlapPolicy[], candidate: OverlapPolicy): RoutingOverlap[] {
  if (candidate.kind !== 'routing') return [];
  const out: RoutingOverlap[] = [];
  for (const other of live) {
    if (other.kind !== 'routing' || other.key === candidate.key) continue;
    const events = candidate.trigger.events.filter((e, i, all) => other.trigger.events.includes(e) && all.indexOf(e) === i);
    if (events.length === 0 || provablyApart(candidate, other)) continue;
    const last = runOrder(candidate, other) > 0 ? candidate : other;
    out.push({ key: other.key, name: other.name, version: other.version, events, runsLast: last.key });
  }
  return out;
}

/** Facts a routing decision itself changes: what one policy sees of them is not what the next sees. */
const CHANGED_BY_ROUTING = new Set(['ownerId', 'poolId', 'ownedSince', 'status', 'locked']);
/** Beyond this many pairs of paths the check does not try: unsure, so an overlap. */
const MAX_PAIRS = 250_000;

/** Whether no routing path of `a` can fire on a lead some routing path of `b` fires on. */
function provablyApart(a: OverlapPolicy, b: OverlapPolicy): boolean {
  const pathsA = routingPaths(a);
  const pathsB = routingPaths(b);
  if (!pathsA || !pathsB) return false;
  if (pathsA.length * pathsB.length > MAX_PAIRS) return false;
  const unstable = new Set([...written(a), ...written(b)]);
  return pathsA.every((pa) => pathsB.every((pb) => contradict(pa, pb, unstable)));
}

type Constraint = { only?: Set<string>; not: Set<string> };
type PathConstraints = Map<string, Constraint>;

/**
 * Each rule that assigns, queues, pools or acts on the lead (scoring and notifications route
 * nothing), as what it demands of stable facts; undefined when the policy has no plan to read.
 */
function routingPaths(policy: OverlapPolicy): PathConstraints[] | undefined {
  if (!policy.rules || !policy.plan) return undefined;
  const targets = policy.plan.ruleTarget;
  const paths: PathConstraints[] = [];
  policy.rules.forEach((rule, i) => {
    const node = targets[i]?.node;
    if (node && (node.spec.category === 'scoring' || node.kind === 'notify')) return;
    paths.push(constraintsOf(rule.conditions));
  });
  return paths;
}

/** The lead fields the policy's own nodes write (a score, a grade): not stable between two policies. */
function written(policy: OverlapPolicy): string[] {
  if (!policy.plan) return [];
  return [...policy.plan.nodes.values()].flatMap((n) => n.spec.writes?.(n.config) ?? []).map((f) => f.replace(/^lead\./, ''));
}

/** A value as a set member: its type with its JSON, so "1" and 1 stay apart. */
const valueKey = (v: Scalar): string => `${typeof v}:${JSON.stringify(v)}`;

/** What a path's conjunction demands of each fact: equal / in narrow it, notEqual / notIn exclude. */
function constraintsOf(condition: Condition): PathConstraints {
  const out: PathConstraints = new Map();
  for (const atom of conjuncts(condition, false)) {
    const c = out.get(atom.fact) ?? { not: new Set<string>() };
    out.set(atom.fact, c);
    const values = (Array.isArray(atom.value) ? atom.value : [atom.value]).map(valueKey);
    if (atom.positive) c.only = new Set(c.only ? values.filter((v) => c.only!.has(v)) : values);
    else for (const v of values) c.not.add(v);
  }
  return out;
}

interface Atom {
  fact: string;
  positive: boolean;
  value: Scalar | Scalar[];
}

/**
 * The equality tests a condition demands as a conjunction (through all, not and De Morgan). Whatever
 * else it says (comparisons, an any of several, a fact on the right) is left out: a path then
 * demands less than it does, so it meets more paths, never fewer.
 */
function conjuncts(condition: Condition, negated: boolean): Atom[] {
  if ('not' in condition) return conjuncts(condition.not, !negated);
  if ('all' in condition || 'any' in condition) {
    const list = 'all' in condition ? condition.all : condition.any;
    const conjunctive = 'all' in condition !== negated;
    if (conjunctive) return list.flatMap((c) => conjuncts(c, negated));
    return list.length === 1 ? conjuncts(list[0]!, negated) : [];
  }
  const { fact, operator, value } = condition;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return [];
  const positive = operator === 'equal' || operator === 'in';
  if (!positive && operator !== 'notEqual' && operator !== 'notIn') return [];
  if ((operator === 'in' || operator === 'notIn') !== Array.isArray(value)) return [];
  return [{ fact, positive: positive !== negated, value }];
}

/** Whether some stable fact is demanded to be values the other path (or the path itself) rules out. */
function contradict(a: PathConstraints, b: PathConstraints, unstable: Set<string>): boolean {
  for (const fact of new Set([...a.keys(), ...b.keys()])) {
    if (!stable(fact, unstable)) continue;
    const ca = a.get(fact);
    const cb = b.get(fact);
    const onlies = [ca?.only, cb?.only].filter((s): s is Set<string> => s !== undefined);
    if (onlies.length === 0) continue;
    const excluded = new Set([...(ca?.not ?? []), ...(cb?.not ?? [])]);
    const allowed = [...onlies[0]!].filter((v) => onlies.every((s) => s.has(v)) && !excluded.has(v));
    if (allowed.length === 0) return true;
  }
  return false;
}

/** The event's own facts, and lead fields that neither routing nor the two policies' nodes change. */
function stable(fact: string, unstable: Set<string>): boolean {
  if (fact.startsWith('event.')) return true;
  if (!fact.startsWith('lead.')) return false;
  const field = fact.slice('lead.'.length);
  return !CHANGED_BY_ROUTING.has(field) && !unstable.has(field);
}
