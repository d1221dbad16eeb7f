import type { CompiledPolicy } from '../compiler/types.js';
import type { StateView } from '../types/state.js';
import type { SluiceEvent } from '../types/domain.js';
import type { Decision } from '../types/decision.js';
import { fireStratumInto, fireStratumReference } from './evaluate.js';
import { toMs, type Instant } from './instant.js';
import { DecisionRun, type DecideOptions } from './run.js';

export type { Instant } from './instant.js';
export type { DecideOptions } from './run.js';

/**
 * The engine's one entry point: pure and synchronous. Same policy, event, state and time →
 * the same decision, whose `changes` the caller applies to its state. `{ explain: false }` leaves
 * out the walk of visited nodes and the summary (see DecideOptions); everything else is the same.
 */
export function decide(policy: CompiledPolicy, event: SluiceEvent, state: StateView, now: Instant, options?: DecideOptions): Decision {
  const run = new DecisionRun(policy, event, state, toMs(now), options);
  if (run.triggered) {
    // One list for every stratum's fired rules: applyStratum reads it and keeps none of it. Made
    // with room for one and emptied by pop, which keeps the room: a first push onto `[]` takes room
    // for 16, and setting `length` is a builtin call (most strata fire one rule or none).
    const fired: number[] = [0];
    fired.pop();
    for (let s = 0; s < policy.plan.strata.length; s++) {
      while (fired.length !== 0) fired.pop();
      fireStratumInto(policy.plan, s, run.slots, run.memo, fired, run.takeFactsChanged());
      run.applyStratum(fired);
    }
  }
  return run.finish();
}

/** The same decision with json-rules-engine evaluating the rules: the reference for tests. */
export async function decideReference(policy: CompiledPolicy, event: SluiceEvent, state: StateView, now: Instant, options?: DecideOptions): Promise<Decision> {
  const run = new DecisionRun(policy, event, state, toMs(now), options);
  if (run.triggered) {
    for (let s = 0; s < policy.plan.strata.length; s++) run.applyStratum(await fireStratumReference(policy, s, run.slots));
  }
  return run.finish();
}
