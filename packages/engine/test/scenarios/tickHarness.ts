import { expect } from 'vitest';
import { decide, decideReference, step as engineStep, stepKind, tick } from '../../src/index.js';
import type { ClaimCheck, CompiledPolicy, Decision, InMemoryState, SluiceEvent, StepRefusal, TickResult } from '../../src/index.js';
import { stepOrRefusal } from './harness.js';

/**
 * Timelines with clock ticks and claims, fed through the engine's `step` as the server feeds
 * them: a tick about no subject runs the policy over its whole scope; a claim naming its pool is
 * checked and, when allowed, applied; any other event is recorded and decided (harness.ts), or
 * refused as the server refuses it (`refusal`, nothing changed).
 */
export type Outcome = { event: SluiceEvent; tick?: TickResult; decision?: Decision; claim?: ClaimCheck; refusal?: StepRefusal };

export async function runTimelineWithTicks(policy: CompiledPolicy, state: InMemoryState, events: readonly SluiceEvent[]): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const e of events) out.push(await feed(policy, state, e));
  return out;
}

export async function feed(policy: CompiledPolicy, state: InMemoryState, e: SluiceEvent): Promise<Outcome> {
  switch (stepKind(e)) {
    case 'tick':
      return { event: e, tick: await tickStep(policy, state, e.at) };
    case 'claim':
      return { event: e, claim: claimStep(state, e) };
    default:
      return { event: e, ...(await stepOrRefusal(policy, state, e)) };
  }
}

/** A claim through `step`, answered as the claim checks answer (runtime/claims.ts). */
export function claimStep(state: InMemoryState, e: SluiceEvent): ClaimCheck {
  const result = engineStep({ policies: [], state, event: e, now: e.at });
  if (result.ok) return { ok: true };
  return asCheck(result.refusal);
}

function asCheck(r: StepRefusal): ClaimCheck {
  return { ok: false, code: r.code as Extract<ClaimCheck, { ok: false }>['code'], message: r.message, detail: r.reason ?? {} };
}

/**
 * One whole tick through `step`, checked two ways on the state it started from: its shortcut must
 * not change the answer (every subject of the scope decided in full gives the same acting
 * decisions), and json-rules-engine must agree with the fast path on every acting subject.
 */
export async function tickStep(policy: CompiledPolicy, state: InMemoryState, at: string): Promise<TickResult> {
  const before = state.clone();
  const stepped = engineStep({ policies: [policy], state, event: { id: `tick:${at}`, type: 'tick', at }, now: at });
  if (!stepped.ok) throw new Error(`tick refused: ${stepped.refusal.message.en}`);
  // A policy that does not listen to ticks is not run: the engine's tick says so, with nothing to do.
  const result = stepped.ticks?.[0] ?? tick(policy, before, at);
  expect(stepped.decisions).toEqual(result.decisions);
  expect(stepped.changes).toEqual(result.changes);
  const full: Decision[] = [];
  const base = `tick:${policy.key}:${result.at}`;
  // Every subject of the tick's scope decided in full, as the tick would without its shortcut.
  const subjects: SluiceEvent[] =
    result.scope === 'reps'
      ? before.reps().map((r) => ({ id: `${base}:${r.id}`, type: 'tick', at: result.at, repId: r.id }))
      : result.scope === 'once'
        ? [{ id: base, type: 'tick', at: result.at }]
        : [...(result.scope === 'scheduledLeads' ? before.scheduledLeads() : [...before.ownedLeads()].map((l) => l.id))].map((id) => ({
            id: `${base}:${id}`,
            type: 'tick',
            at: result.at,
            leadId: id,
          }));
  const byId = new Map(subjects.map((s) => [s.id, s]));
  for (const s of subjects) {
    const d = decide(policy, s, before, at);
    if (d.actions.length > 0 || d.changes.length > 0) full.push(d);
  }
  expect(result.decisions).toEqual(full);
  for (const d of result.decisions) {
    expect(await decideReference(policy, byId.get(d.eventId)!, before, at)).toEqual(d);
  }
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
