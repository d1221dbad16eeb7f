/**
 * Decision fingerprint: every example timeline through step() and the bench's lead stream through
 * decide()+apply, written out as JSON lines. A speed-up must leave this output byte-identical:
 * `npx tsx packages/engine/bench/fingerprint.ts > /tmp/a.jsonl` before, `> /tmp/b.jsonl` after, `cmp`.
 */
import { compilePolicy, decide, InMemoryState, stateSnapshotSchema, step, type SluiceEvent, type StepEvent } from '@sluice/engine';
import { examplePolicy, exampleScenarios, exampleScenarioState, exampleState, exampleTimeline } from '@sluice/examples';

const out = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

for (const scenario of exampleScenarios()) {
  const policies = scenario.policies.map((name) => {
    const r = compilePolicy(examplePolicy(name));
    if (!r.ok) throw new Error(`${name} does not compile`);
    return r.policy;
  });
  const state = InMemoryState.from(exampleScenarioState(scenario));
  const events = (exampleTimeline(scenario.timeline) as { events: StepEvent[] }).events;
  for (const event of events) {
    const result = step({ policies, state, event, now: Date.parse(event.at) });
    out({ scenario: scenario.timeline, event: event.id, result });
  }
  const leads = state.allLeads().map((l) => ({ lead: l, history: state.ownershipHistory(l.id), load: l.ownerId ? state.openLoad(l.ownerId) : null }));
  out({ scenario: scenario.timeline, leads, flags: state.flags, splits: state.splits, schedule: [...state.schedule] });
}

// The bench stream: the same lead twice over (the second pass sees the first's owners and loads).
const compiled = compilePolicy(examplePolicy('bench-routing-20'));
if (!compiled.ok) throw new Error('bench policy does not compile');
const state = new InMemoryState(stateSnapshotSchema.parse(exampleState('bench-roster')));
const regions = ['east', 'north', 'south', 'west', 'intl', undefined];
const products = ['crm', 'erp', 'bi', 'hr'];
for (let i = 0; i < 3000; i++) {
  const lead: Record<string, unknown> = { id: `L${i % 2000}`, product: products[(i >> 2) % 4], employees: (i * 37) % 3000 };
  if (regions[i % 6]) lead.region = regions[i % 6];
  const event = { id: `e${i}`, type: 'lead.created', at: new Date(Date.parse('2026-03-02T02:00:00Z') + i * 61_000).toISOString(), lead } as SluiceEvent;
  const d = decide(compiled.policy, event, state, event.at);
  state.apply(d.changes);
  out(d);
}
