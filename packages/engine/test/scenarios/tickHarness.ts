import { expect } from 'vitest';
import { decide, decideReference, tick } from '../../src/index.js';
import type { CompiledPolicy, Decision, InMemoryState, SluiceEvent, TickResult } from '../../src/index.js';
import { checkClaim, claimChanges, type ClaimCheck } from '../../src/runtime/claims.js';
import { step } from './harness.js';

/**
 * Timelines with clock ticks and claims, fed the way the server would: a tick runs the policy
 * over every owned lead; a follow-up is recorded on the lead first; a claim is checked and, when
 * allowed, applied. Changes are applied between steps.
 */
export type Outcome = { event: SluiceEvent; tick?: TickResult; decision?: Decision; claim?: ClaimCheck };

export async function runTimelineWithTicks(policy: CompiledPolicy, state: InMemoryState, events: readonly SluiceEvent[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const e of events) out.push(await feed(policy, state, e));
  return out;
}

export async function feed(policy: CompiledPolicy, state: InMemoryState, e: SluiceEvent): Promise<Outcome> {
  if (e.type === 'tick' && !e.leadId && !e.repId) return { event: e, tick: await tickStep(policy, state, e.at) };
  if (e.type === 'claim.requested' && e.leadId && e.repId) {
    const request = { leadId: e.leadId, repId: e.repId, poolId: String(e.data?.poolId ?? '') };
    const claim = checkClaim(state, request, e.at);
    if (claim.ok) state.apply(claimChanges(state, request, e.at));
    return { event: e, claim };
  }
  if (e.type === 'activity.logged' && e.leadId) {
    state.addActivity({ leadId: e.leadId, repId: e.activity?.repId ?? e.repId ?? 'unknown', at: e.activity?.at ?? e.at, kind: e.activity?.kind ?? 'follow_up' });
  }
  return { event: e, decision: await step(policy, state, e) };
}

/**
 * One tick, checked two ways before its changes are applied: the shortcut must not change the
 * answer (every owned lead decided in full gives the same acting decisions), and json-rules-engine
 * must agree with the fast path on every acting lead.
 */
export async function tickStep(policy: CompiledPolicy, state: InMemoryState, at: string): Promise<TickResult> {
  const result = tick(policy, state, at);
  const full: Decision[] = [];
  const base = `tick:${policy.key}:${result.at}`;
  // Every subject of the tick's scope decided in full, as the tick would without its shortcut.
  const subjects: SluiceEvent[] =
    result.scope === 'reps'
      ? state.reps().map((r) => ({ id: `${base}:${r.id}`, type: 'tick', at: result.at, repId: r.id }))
      : result.scope === 'once'
        ? [{ id: base, type: 'tick', at: result.at }]
        : [...(result.scope === 'scheduledLeads' ? state.scheduledLeads() : [...state.ownedLeads()].map((l) => l.id))].map((id) => ({ id: `${base}:${id}`, type: 'tick', at: result.at, leadId: id }));
  const byId = new Map(subjects.map((e) => [e.id, e]));
  for (const e of subjects) {
    const d = decide(policy, e, state, at);
    if (d.actions.length > 0 || d.changes.length > 0) full.push(d);
  }
  expect(result.decisions).toEqual(full);
  for (const d of result.decisions) {
    expect(await decideReference(policy, byId.get(d.eventId)!, state, at)).toEqual(d);
  }
  state.apply(result.changes);
  return result;
}

/** The reclaim node's view of one decision: outcome and the note in both languages. */
export function reclaimNote(d: Decision, nodeId = 'reclaim'): { leadId: string | null; outcome: string; en: string; zh: string } {
  const v = d.explanation.visited.find((x) => x.nodeId === nodeId);
  if (!v) throw new Error(`node ${nodeId} not visited`);
  return { leadId: d.leadId, outcome: v.result, en: v.note?.en ?? '', zh: v.note?.zh ?? '' };
}

/** The lead decided on its own at `at`, as an event would (the explanation of a kept or exempt lead). */
export function decideLead(policy: CompiledPolicy, state: InMemoryState, leadId: string, at: string): Decision {
  return decide(policy, { id: `probe:${leadId}:${at}`, type: 'tick', at, leadId }, state, at);
}
