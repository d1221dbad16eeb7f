import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { examplePolicy, exampleState } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, decideReference, InMemoryState, type CompiledPolicy } from '../src/index.js';

const SRC = join(import.meta.dirname, '../src');

/**
 * The module-level tables the engine may fill as it runs: memos of pure functions of their keys
 * (a time zone's formatter and offsets, a path's fact reader, a calendar's compiled form). The same
 * key always gives the same value, so they change how fast an answer comes, never which answer.
 * Anything a decision needs per policy lives on the compiled policy instead.
 */
const PURE_MEMOS = [
  'types/time.ts: known',
  'types/time.ts: nearest',
  'types/localTime.ts: formatters',
  'types/localTime.ts: zones',
  'types/localTime.ts: clocks',
  'fields/derived.ts: readers',
  'calendar/workingTime.ts: compiled',
  'calendar/workingTime.ts: plainWeeks',
  'scoreModel/score.ts: compiled',
];

/** Module-level `let`s and collections created empty (to be filled later), as `file: name`. */
function moduleTables(): string[] {
  const files = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const out: string[] = [];
  for (const file of files) {
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const m of text.matchAll(/^(?:export\s+)?(?:let|var)\s+([A-Za-z_$][\w$]*)/gm)) out.push(`${file}: ${m[1]}`);
    for (const m of text.matchAll(/^(?:export\s+)?const\s+([A-Za-z_$][\w$]*)[^=\n]*=\s*new\s+(?:Weak)?(?:Map|Set)\s*(?:<[^\n]*>)?\(\s*\)/gm))
      out.push(`${file}: ${m[1]}`);
  }
  return out.sort();
}

function compiled(key: string): CompiledPolicy {
  const r = compilePolicy(examplePolicy(key));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

describe('no globals: what a decision reuses lives on the compiled policy', () => {
  it('the only module-level tables are memos of pure functions', () => {
    expect(moduleTables()).toEqual([...PURE_MEMOS].sort());
  });

  it('the fact readers, the guard memo and the explanation walk come with the plan', () => {
    const policy = compiled('s06-round-robin');
    const { plan } = policy;
    expect(plan.readers).toHaveLength(plan.facts.length);
    expect(plan.guardMemo).toBeInstanceOf(Uint8Array);
    expect(plan.guardMemo.length).toBe(plan.guards.length);
    expect(plan.explainWalk.steps.map((s) => s.node.id)).toEqual(plan.order.map((n) => n.id));
    // Two compilations of one document share nothing a decision writes to.
    const again = compiled('s06-round-robin');
    expect(again.plan.guardMemo).not.toBe(plan.guardMemo);
    expect(again.plan.explainWalk).not.toBe(plan.explainWalk);
  });

  it('json-rules-engine engines are built on the first reference decision and kept on that policy only', async () => {
    const policy = compiled('s06-round-robin');
    const other = compiled('s06-round-robin');
    const state = InMemoryState.from(exampleState('ae-team') as never);
    const at = '2026-03-02T02:00:00Z';
    const event = { id: 'e-1', type: 'lead.created', at, lead: { id: 'L-1', createdAt: at } } as const;
    expect(policy.referenceEngines).toBeUndefined();
    const fast = decide(policy, event, state, at);
    expect(policy.referenceEngines).toBeUndefined();
    expect(await decideReference(policy, event, state, at)).toStrictEqual(fast);
    const engines = policy.referenceEngines;
    expect(engines).toHaveLength(policy.plan.strata.length);
    await decideReference(policy, event, state, at);
    expect(policy.referenceEngines).toBe(engines);
    expect(other.referenceEngines).toBeUndefined();
  });
});
