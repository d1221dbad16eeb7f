import { expect } from 'vitest';
import { checkClaim, claimChanges, type ClaimCheck } from '../../src/runtime/claims.js';
import { decide, decideReference, tick, type CompiledPolicy, type Decision, type InMemoryState, type SluiceEvent, type TickResult } from '../../src/index.js';

/**
 * Plays a timeline of claims, activities and ticks against in-memory state the way the server
 * would for penalty policies (S27–S29): a claim is checked (limits, suspensions) and, when
 * allowed, becomes the rep's claimed ownership; an
 * activity is logged, a tick without a subject runs the policy over every subject, and any
 * other event goes through `decide`. Every decision is checked against json-rules-engine.
 */
export type Played =
  | { kind: 'claim'; event: SluiceEvent; check: ClaimCheck }
  | { kind: 'activity'; event: SluiceEvent; decision?: Decision }
  | { kind: 'tick'; event: SluiceEvent; result: TickResult }
  | { kind: 'event'; event: SluiceEvent; decision: Decision };

export interface PlayOptions {
  /** Log an activity before deciding on it (as a server that stores first would); default after. */
  storeActivityFirst?: boolean;
}

export async function play(policy: CompiledPolicy, state: InMemoryState, events: readonly SluiceEvent[], options: PlayOptions = {}): Promise<Played[]> {
  const out: Played[] = [];
  for (const e of events) out.push(await playOne(policy, state, e, options));
  return out;
}

export async function playOne(policy: CompiledPolicy, state: InMemoryState, e: SluiceEvent, options: PlayOptions = {}): Promise<Played> {
  if (e.lead) state.upsertLead(e.lead);
  switch (e.type) {
    case 'claim.requested': {
      const leadId = e.leadId ?? e.lead!.id;
      const poolId = typeof e.data?.poolId === 'string' ? e.data.poolId : (state.lead(leadId)?.poolId ?? '');
      const req = { leadId, repId: e.repId!, poolId };
      const check = checkClaim(state, req, e.at);
      if (check.ok) state.apply(claimChanges(state, req, e.at));
      return { kind: 'claim', event: e, check };
    }
    case 'activity.logged': {
      const activity = { leadId: e.leadId ?? e.lead!.id, repId: e.activity?.repId ?? e.repId!, at: e.activity?.at ?? e.at, kind: e.activity?.kind ?? 'follow_up' };
      if (options.storeActivityFirst) state.addActivity(activity);
      let decision: Decision | undefined;
      if (policy.trigger.events.includes('activity.logged')) decision = await decideBoth(policy, state, e);
      if (!options.storeActivityFirst) state.addActivity(activity);
      if (decision) state.apply(decision.changes);
      return { kind: 'activity', event: e, ...(decision ? { decision } : {}) };
    }
    case 'tick':
      if (!e.repId && !e.leadId) {
        const result = await tickBoth(policy, state, e.at);
        state.apply(result.changes);
        return { kind: 'tick', event: e, result };
      }
    // A tick about one subject is an ordinary decision.
    // falls through
    default: {
      const decision = await decideBoth(policy, state, e);
      state.apply(decision.changes);
      return { kind: 'event', event: e, decision };
    }
  }
}

async function decideBoth(policy: CompiledPolicy, state: InMemoryState, e: SluiceEvent): Promise<Decision> {
  const fast = decide(policy, e, state, e.at);
  expect(await decideReference(policy, e, state, e.at)).toEqual(fast);
  return fast;
}

/** A per-rep tick, with each rep's decision also reached by json-rules-engine. */
export async function tickBoth(policy: CompiledPolicy, state: InMemoryState, at: string): Promise<TickResult> {
  const result = tick(policy, state, at);
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
    a.type === 'toPool' ? `toPool:${a.leadId}:${a.poolId}:${a.previousOwnerId}` : a.type === 'notify' ? `notify:${a.to.map((r) => r.id).join('+')}` : a.type === 'assign' ? `assign:${a.leadId}:${a.repId}` : a.type,
  );

/** Claims the server refused, as `repId:leadId:code`. */
export const refusals = (played: readonly Played[]): string[] =>
  played.flatMap((p) => (p.kind === 'claim' && !p.check.ok ? [`${p.event.repId}:${p.event.leadId}:${p.check.code}`] : []));

export const ticks = (played: readonly Played[]): TickResult[] => played.flatMap((p) => (p.kind === 'tick' ? [p.result] : []));
