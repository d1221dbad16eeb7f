import type { CompiledPolicy } from '../compiler/types.js';
import type { StateView } from '../types/state.js';
import type { SluiceEvent } from '../types/domain.js';
import type { Decision } from '../types/decision.js';
import { fireStratumFast, fireStratumReference } from './evaluate.js';
import { DecisionRun } from './run.js';

export type Instant = string | number | Date;

function toMs(now: Instant): number {
  const ms = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(now)}`);
  return ms;
}

/**
 * The engine's one entry point: pure and synchronous. Same policy, event, state and time →
 * the same decision, whose `changes` the caller applies to its state.
 */
export function decide(policy: CompiledPolicy, event: SluiceEvent, state: StateView, now: Instant): Decision {
  const run = new DecisionRun(policy, event, state, toMs(now));
  if (run.triggered) {
    for (let s = 0; s < policy.plan.strata.length; s++) run.applyStratum(fireStratumFast(policy.plan, s, run.slots, run.memo, run.takeFactsChanged()));
  }
  return run.finish();
}

/** The same decision with json-rules-engine evaluating the rules: the reference for tests. */
export async function decideReference(policy: CompiledPolicy, event: SluiceEvent, state: StateView, now: Instant): Promise<Decision> {
  const run = new DecisionRun(policy, event, state, toMs(now));
  if (run.triggered) {
    for (let s = 0; s < policy.plan.strata.length; s++) run.applyStratum(await fireStratumReference(policy, s, run.slots));
  }
  return run.finish();
}
