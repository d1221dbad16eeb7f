import { expect } from 'vitest';
import { examplePolicy, exampleState, exampleTimeline } from '@sluice/examples';
import { compilePolicy, decide, decideReference, eventSchema, InMemoryState } from '../../src/index.js';
import type { CompiledPolicy, Decision, SluiceEvent, SluiceEventInput, StateSnapshotInput, VisitedNode } from '../../src/index.js';

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
 * One event through the policy as the server would do it: the CRM's lead data is stored, the
 * fast path decides, json-rules-engine must agree, and the decision's changes are applied.
 */
export async function step(policy: CompiledPolicy, state: InMemoryState, e: SluiceEvent, options: { reference?: boolean } = {}): Promise<Decision> {
  if (e.lead) state.upsertLead(e.lead);
  const decision = decide(policy, e, state, e.at);
  if (options.reference !== false) expect(await decideReference(policy, e, state, e.at)).toEqual(decision);
  state.apply(decision.changes);
  return decision;
}

export const visitedIds = (d: Decision): string[] => d.explanation.visited.map((v) => v.nodeId);

export function visit(d: Decision, nodeId: string): VisitedNode {
  const v = d.explanation.visited.find((x) => x.nodeId === nodeId);
  if (!v) throw new Error(`node ${nodeId} was not visited; visited: ${visitedIds(d).join(', ')}`);
  return v;
}

/** Candidate rows as `repId:status[:reason]`, the way a sales-ops reader scans the table. */
export const candidateVerdicts = (v: VisitedNode): string[] =>
  (v.candidates ?? []).map((c) => [c.repId, c.status, c.reason].filter(Boolean).join(':'));

export const assignedTo = (d: Decision): string[] => d.actions.flatMap((a) => (a.type === 'assign' ? [a.repId] : []));
