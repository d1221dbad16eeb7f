import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, decideReference, eventSchema, InMemoryState } from '../src/index.js';

// Placeholders in notifications: values as a person reads them, blanks named in the explanation.
const policy = (() => {
  const r = compilePolicy({
    key: 'notify-placeholders',
    kind: 'routing',
    name: 'placeholders',
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
      {
        id: 'tell',
        type: 'notify',
        data: {
          to: [{ kind: 'team', id: 'sales' }],
          message: { en: 'tags={{lead.tags}} research={{lead.research}} n={{lead.n}} gone={{lead.gone}} empty={{lead.empty}}', zh: '标签 {{lead.tags}}' },
        },
      },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'tell' }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
})();

describe('notify placeholders', () => {
  it('renders lists as lists, records as JSON, and names missing values', async () => {
    const event = eventSchema.parse({
      id: 'e',
      type: 'lead.created',
      at: '2026-03-02T02:00:00Z',
      lead: { id: 'L1', tags: ['vip', 'expo'], research: { budget: '1M' }, n: 0, empty: '' },
    });
    const state = InMemoryState.from({});
    const d = decide(policy, event, state, event.at);
    expect(await decideReference(policy, event, state, event.at)).toEqual(d);
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L1',
        nodeId: 'tell',
        mode: 'notify',
        to: [{ kind: 'team', id: 'sales' }],
        message: { en: 'tags=vip, expo research={"budget":"1M"} n=0 gone= empty=', zh: '标签 vip, expo' },
      },
    ]);
    expect(d.explanation.visited[1]!.detail).toEqual({ mode: 'notify', to: [{ kind: 'team', id: 'sales' }], missing: ['lead.gone', 'lead.empty'] });
  });
});
