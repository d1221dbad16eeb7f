import { expect } from 'vitest';
import { compilePolicy, decide, decideReference, type CompiledPolicy, type Decision, type SluiceEvent, type StateView } from '../../src/index.js';

type NodeInput = { id: string; type: string; data?: unknown };
type EdgeInput = { source: string; target: string; sourceHandle?: string };

/** A small routing flow built in the test: nodes as given, edges numbered. */
export function flow(key: string, nodes: NodeInput[], edges: EdgeInput[]): unknown {
  return {
    key,
    kind: 'routing',
    name: key,
    nodes: nodes.map((n, i) => ({ ...n, position: { x: 0, y: i * 100 } })),
    edges: edges.map((e, i) => ({ id: `e${i + 1}`, ...e })),
  };
}

export function compile(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new Error(JSON.stringify(r.errors, null, 2));
  return r.policy;
}

/** The fast decision, after checking json-rules-engine reaches the very same one. */
export async function decideBoth(policy: CompiledPolicy, event: SluiceEvent, state: StateView, now: string): Promise<Decision> {
  const fast = decide(policy, event, state, now);
  const reference = await decideReference(policy, event, state, now);
  expect(reference).toEqual(fast);
  return fast;
}

export function visited(d: Decision, nodeId: string) {
  const v = d.explanation.visited.find((n) => n.nodeId === nodeId);
  if (!v) throw new Error(`node ${nodeId} not visited; visited: ${d.explanation.visited.map((n) => n.nodeId).join(', ')}`);
  return v;
}
