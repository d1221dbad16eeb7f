import type { CompiledPolicy } from '../compiler/types.js';
import { tick, type TickResult } from '../runtime/tick.js';
import type { Decision } from '../types/decision.js';
import type { StateChange } from '../types/state.js';
import { runOrder } from './order.js';
import type { StepResult, WorkingState } from './types.js';

/**
 * A clock tick about no one subject: every live policy listening to ticks runs its tick over its
 * whole scope, in run order, each on the state the previous left (a reclaim tick's returns are
 * what a later penalty tick counts). Within one policy the subjects are independent: each is
 * decided on the state as the tick found it (runtime/tick.ts).
 */
export function wholeTick(policies: readonly CompiledPolicy[], state: WorkingState, nowMs: number): StepResult {
  const decisions: Decision[] = [];
  const changes: StateChange[] = [];
  const ticks: TickResult[] = [];
  for (const policy of policies.filter((p) => p.trigger.events.includes('tick')).sort(runOrder)) {
    const result = tick(policy, state, nowMs);
    state.apply(result.changes);
    changes.push(...result.changes);
    decisions.push(...result.decisions);
    ticks.push(result);
  }
  return { ok: true, decisions, changes, ticks };
}
