/**
 * The explanation tells a field the CRM did not send apart from one it sent as null: both fail
 * `exists`, but one is an integration gap or a typo and the other an empty field.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, decideReference, InMemoryState, type CompiledPolicy, type SluiceEvent } from '../../src/index.js';
import { conditionPolicy } from './helpers.js';

function policy(): CompiledPolicy {
  const r = compilePolicy(
    conditionPolicy({
      not: {
        any: [
          { fact: 'lead.budget', operator: 'exists', value: false },
          { fact: 'event.amount', operator: 'lessThan', value: 10 },
        ],
      },
    }),
  );
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

async function visitedC(lead: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  const event = { id: 'e', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L', ...lead }, ...extra } as SluiceEvent;
  const state = InMemoryState.from({});
  const d = decide(policy(), event, state, event.at);
  expect(await decideReference(policy(), event, state, event.at)).toStrictEqual(d);
  return d.explanation.visited.find((v) => v.nodeId === 'c')!;
}

describe('missing vs null in the explanation', () => {
  it('says a field that was not sent is missing', async () => {
    const c = await visitedC({}, { amount: 50 });
    expect(c.absentFacts).toEqual([
      { fact: 'lead.budget', is: 'missing', message: { en: 'lead.budget is missing (not sent)', zh: 'lead.budget 缺失（未传入）' } },
    ]);
  });

  it('says a field sent as null is null', async () => {
    const c = await visitedC({ budget: null }, { amount: 50 });
    expect(c.absentFacts).toEqual([{ fact: 'lead.budget', is: 'null', message: { en: 'lead.budget is null', zh: 'lead.budget 为空值（null）' } }]);
  });

  it('lists every absent fact the node tests, lead and event alike, and nothing when all are there', async () => {
    const both = await visitedC({ budget: null });
    expect(both.absentFacts?.map((a) => [a.fact, a.is])).toEqual([
      ['lead.budget', 'null'],
      ['event.amount', 'missing'],
    ]);
    const filled = await visitedC({ budget: '800k CNY' }, { amount: 50 });
    expect(filled.absentFacts).toBeUndefined();
    // An empty string is a value the CRM sent: not absent, though `exists` treats it as empty.
    expect((await visitedC({ budget: '' }, { amount: 50 })).absentFacts).toBeUndefined();
  });
});
