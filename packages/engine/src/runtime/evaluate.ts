import { Engine } from 'json-rules-engine';
import type { CompiledPolicy, Plan } from '../compiler/types.js';
import { OPERATORS } from '../expression/operators.js';
import type { FactSlots } from '../expression/condition.js';

const UNKNOWN = 0;
const TRUE = 1;
const FALSE = 2;

/**
 * The fast path: one stratum's rules as plain synchronous closures. Guards shared by several
 * rules are evaluated once per stratum (memo), so a 20-way switch costs 20 comparisons, not 400.
 * Appends the rules that fire to `fired`, so callers need no temporary arrays.
 */
export function fireStratumInto(plan: Plan, stratum: number, slots: FactSlots, memo: Uint8Array, fired: number[], factsChanged = true): void {
  // Guard results stay valid across strata until an effect writes a fact.
  if (factsChanged) memo.fill(UNKNOWN);
  const rules = plan.strata[stratum]!.rules;
  const ruleGuards = plan.ruleGuards;
  const guards = plan.guards;
  for (let r = 0; r < rules.length; r++) {
    const rule = rules[r]!;
    const ruleGuardList = ruleGuards[rule]!;
    let ok = true;
    for (let g = 0; g < ruleGuardList.length; g++) {
      const gi = ruleGuardList[g]!;
      let m = memo[gi]!;
      if (m === UNKNOWN) {
        m = guards[gi]!.fn(slots) ? TRUE : FALSE;
        memo[gi] = m;
      }
      if (m === FALSE) {
        ok = false;
        break;
      }
    }
    if (ok) {
      const when = plan.ruleWhen[rule];
      if (when === undefined || when(slots)) fired.push(rule);
    }
  }
}

/** Evaluates a bare list of rules with the fast path: used by the benchmark and the differential test. */
export function fireAllFast(plan: Plan, slots: FactSlots): number[] {
  const memo = new Uint8Array(plan.guards.length);
  const fired: number[] = [];
  for (let s = 0; s < plan.strata.length; s++) fireStratumInto(plan, s, slots, memo, fired);
  return fired;
}

/** A json-rules-engine Engine with our extra operators, undefined facts allowed. */
export function referenceEngine(rules: unknown[] = []): Engine {
  const engine = new Engine(rules as never[], { allowUndefinedFacts: true });
  for (const op of OPERATORS.values()) if (!op.builtIn) engine.addOperator(op.name, op.evaluate);
  return engine;
}

/** The reference path: json-rules-engine on the same rule JSON, one engine per stratum. */
export async function fireStratumReference(policy: CompiledPolicy, stratum: number, slots: FactSlots): Promise<number[]> {
  const perStratum = (policy.referenceEngines ??= policy.plan.strata.map((s) => referenceEngine(s.rules.map((i) => structuredClone(policy.rules[i])))));
  const facts: Record<string, unknown> = {};
  policy.plan.facts.forEach((path, i) => {
    if (slots[i] !== undefined) facts[path] = slots[i];
  });
  const { results } = await perStratum[stratum]!.run(facts);
  const indexByName = new Map(policy.plan.strata[stratum]!.rules.map((i) => [policy.rules[i]!.name, i]));
  return results.map((r) => indexByName.get(r.name as string)!).sort((a, b) => a - b);
}
