import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, decideReference, InMemoryState } from '../src/index.js';
import { examplePolicy, exampleState } from '@sluice/examples';

describe('round robin end to end', () => {
  it('cycles through the AE team and agrees with json-rules-engine', async () => {
    const compiled = compilePolicy(examplePolicy('s06-round-robin'));
    if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
    const state = InMemoryState.from(exampleState('ae-team') as never);
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const event = { id: `e${i}`, type: 'lead.created' as const, at: '2026-03-02T02:00:00Z', lead: { id: `L${i}`, createdAt: '2026-03-02T02:00:00Z' } };
      const d = decide(compiled.policy, event, state, event.at);
      const ref = await decideReference(compiled.policy, event, state, event.at);
      expect(ref).toEqual(d);
      state.apply(d.changes);
      owners.push(d.actions.find((a) => a.type === 'assign')!.repId);
    }
    expect(owners).toEqual(['ae-1', 'ae-2', 'ae-3', 'ae-1', 'ae-2', 'ae-3']);
  });
});
