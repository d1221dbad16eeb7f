import { expect } from 'vitest';
import {
  decideReference,
  step as engineStep,
  stepKind,
  tick,
  type ClaimCheck,
  type CompiledPolicy,
  type Decision,
  type InMemoryState,
  type SluiceEvent,
  type TickResult,
} from '../../src/index.js';
import { step } from './harness.js';
import { claimStep } from './tickHarness.js';

/**
 * Plays a timeline of claims, activities and ticks through the engine's `step`, as the server
 * does for penalty policies (S27–S29): a claim naming its pool is checked (limits, suspensions)
 * and, when allowed, becomes the rep's claimed ownership; an activity is recorded before the
 * policies that listen to it decide; a tick without a subject runs the policy over every subject.
 * Every decision is checked against json-rules-engine.
 */
export type Played =
  | { kind: 'claim'; event: SluiceEvent; check: ClaimCheck }
  | { kind: 'activity'; event: SluiceEvent; decision?: Decision }
  | { kind: 'tick'; event: SluiceEvent; result: TickResult }
  | { kind: 'event'; event: SluiceEvent; decision: Decision };

export async function play(policy: CompiledPolicy, state: InMemoryState, events: readonly SluiceEvent[]): Promise<Played[]> {
  const out: Played[] = [];
  for (const e of events) out.push(await playOne(policy, state, e));
  return out;
}

export async function playOne(policy: CompiledPolicy, state: InMemoryState, e: SluiceEvent): Promise<Played> {
  switch (stepKind(e)) {
    case 'claim':
      return { kind: 'claim', event: e, check: claimStep(state, e) };
    case 'tick': {
      const result = await tickBoth(policy, state, e.at);
      state.apply(result.changes);
      return { kind: 'tick', event: e, result };
    }
    default: {
      const decision = await step(policy, state, e);
      if (e.type === 'activity.logged') return { kind: 'activity', event: e, ...(decision.triggered ? { decision } : {}) };
      return { kind: 'event', event: e, decision };
    }
  }
}

/**
 * A whole tick as `step` runs it, on a copy of `state` (the caller applies its changes), each
 * rep's decision also reached by json-rules-engine.
 */
export async function tickBoth(policy: CompiledPolicy, state: InMemoryState, at: string): Promise<TickResult> {
  const stepped = engineStep({ policies: [policy], state: state.clone(), event: { id: `tick:${at}`, type: 'tick', at }, now: at });
  if (!stepped.ok) throw new Error(`tick refused: ${stepped.refusal.message.en}`);
  // A policy that does not listen to ticks is not run: the engine's tick says so, with nothing to do.
  const result = stepped.ticks?.[0] ?? tick(policy, state, at);
  if (result.scope === 'reps') {
    for (const rep of state.reps()) {
      const e: SluiceEvent = { id: `tick:${policy.key}:${result.at}:${rep.id}`, type: 'tick', at: result.at, repId: rep.id };
      const reference = await decideReference(policy, e, state, at);
      const fast = result.decisions.find((d) => d.eventId === e.id);
      if (reference.actions.length > 0 || reference.changes.length > 0) expect(fast).toEqual(reference);
      else expect(fast).toBeUndefined();
    }
  }
  return result;
}

/** Actions as short strings a reader can scan: `toPool:L-1:public`, `notify:ae-1+mgr`. */
export const brief = (actions: readonly Decision['actions'][number][]): string[] =>
  actions.map((a) =>
    a.type === 'toPool'
      ? `toPool:${a.leadId}:${a.poolId}:${a.previousOwnerId}`
      : a.type === 'notify'
        ? `notify:${a.to.map((r) => r.id).join('+')}`
        : a.type === 'assign'
          ? `assign:${a.leadId}:${a.repId}`
          : a.type,
  );

/** Claims the server refused, as `repId:leadId:code`. */
export const refusals = (played: readonly Played[]): string[] =>
  played.flatMap((p) => (p.kind === 'claim' && !p.check.ok ? [`${p.event.repId}:${p.event.leadId}:${p.check.code}`] : []));

export const ticks = (played: readonly Played[]): TickResult[] => played.flatMap((p) => (p.kind === 'tick' ? [p.result] : []));
