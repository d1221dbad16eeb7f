import { expect } from 'vitest';
import { examplePolicy, exampleState, exampleTimeline } from '@sluice/examples';
import { compilePolicy, decide, decideReference, eventAsDecided, eventSchema, InMemoryState, step as engineStep, stepKind } from '../../src/index.js';
import type { CompiledPolicy, Decision, SluiceEvent, SluiceEventInput, StateSnapshotInput, StepRefusal, VisitedNode } from '../../src/index.js';

/** Shared steps of the scenario tests: load fixtures, feed events the way a CRM would, read explanations. */

export function compiledExample(name: string): CompiledPolicy {
  const result = compilePolicy(examplePolicy(name));
  if (!result.ok) throw new Error(`${name} does not compile: ${JSON.stringify(result.errors, null, 2)}`);
  return result.policy;
}

export function stateFrom(name: string, patch: (s: StateSnapshotInput) => StateSnapshotInput = (s) => s): InMemoryState {
  return InMemoryState.from(patch(structuredClone(exampleState(name)) as StateSnapshotInput));
}

export function timelineEvents(name: string): SluiceEvent[] {
  const file = exampleTimeline(name) as { events: unknown[] };
  return file.events.map((e) => eventSchema.parse(e));
}

export const event = (input: SluiceEventInput): SluiceEvent => eventSchema.parse(input);

/**
 * One event through the policy exactly as the server does it: the engine's `step` (the event's
 * facts, then the policy if its trigger listens), and json-rules-engine must reach the same
 * decision on the state the policy saw. A refused event fails the test with the refusal's words.
 * Returns the policy's decision; for an event it does not listen to, the "not triggered" one.
 */
export async function step(policy: CompiledPolicy, state: InMemoryState, e: SluiceEvent, options: { reference?: boolean } = {}): Promise<Decision> {
  const out = await stepOrRefusal(policy, state, e, options);
  if ('refusal' in out) throw new Error(`${e.id} refused (${out.refusal.code}): ${out.refusal.message.en}`);
  return out.decision;
}

/** As `step`, with a refusal (which changes nothing) answered as the server answers it: as data. */
export async function stepOrRefusal(
  policy: CompiledPolicy,
  state: InMemoryState,
  e: SluiceEvent,
  options: { reference?: boolean } = {},
): Promise<{ decision: Decision } | { refusal: StepRefusal }> {
  if (stepKind(e) !== 'event') throw new Error(`${e.id} is a ${stepKind(e)}, not an event a policy decides: use tickHarness's feed`);
  const before = options.reference !== false ? state.clone() : undefined;
  const result = engineStep({ policies: [policy], state, event: e, now: e.at });
  if (!result.ok) return { refusal: result.refusal };
  const decision = result.decisions[0];
  if (!decision) {
    const untriggered = decide(policy, eventAsDecided(e, state), state, e.at);
    expect(untriggered).toMatchObject({ triggered: false, changes: [] });
    return { decision: untriggered };
  }
  if (before) {
    // The policy decided on the state after the event's facts: replay those, then ask the reference.
    before.apply(result.changes.slice(0, result.changes.length - decision.changes.length));
    // With what step tells a policy on a new or updated lead: its owner before the step and the one the event named.
    const leadId = e.lead?.id ?? e.leadId;
    const options =
      leadId && (e.type === 'lead.created' || e.type === 'lead.updated')
        ? { ownerBeforeEvent: before.lead(leadId)?.ownerId ?? null, ownerReported: e.lead?.ownerId ?? null }
        : undefined;
    expect(await decideReference(policy, eventAsDecided(e, before), before, e.at, options)).toEqual(decision);
  }
  return { decision };
}

export const visitedIds = (d: Decision): string[] => d.explanation.visited.map((v) => v.nodeId);

export function visit(d: Decision, nodeId: string): VisitedNode {
  const v = d.explanation.visited.find((x) => x.nodeId === nodeId);
  if (!v) throw new Error(`node ${nodeId} was not visited; visited: ${visitedIds(d).join(', ')}`);
  return v;
}

/** Candidate rows as `repId:status[:reason]`, the way a sales-ops reader scans the table. */
export const candidateVerdicts = (v: VisitedNode): string[] => (v.candidates ?? []).map((c) => [c.repId, c.status, c.reason].filter(Boolean).join(':'));

export const assignedTo = (d: Decision): string[] => d.actions.flatMap((a) => (a.type === 'assign' ? [a.repId] : []));
