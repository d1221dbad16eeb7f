import { examplePolicy, exampleState } from '@sluice/examples';
import { compilePolicy, decide, InMemoryState } from '@sluice/engine';

/** Replays six new leads through the round-robin example and prints who got each, and why. */
export function runDemo(): string {
  const compiled = compilePolicy(examplePolicy('s06-round-robin'));
  if (!compiled.ok) return `example policy does not compile: ${JSON.stringify(compiled.errors)}\n`;
  const state = InMemoryState.from(exampleState('ae-team') as never);
  const lines = [`Sluice demo — policy "${compiled.policy.name}" (${compiled.policy.rules.length} rules)`, ''];
  const start = Date.parse('2026-03-02T01:00:00Z');
  for (let i = 1; i <= 6; i++) {
    const at = new Date(start + i * 600_000).toISOString();
    const d = decide(compiled.policy, { id: `demo-${i}`, type: 'lead.created', at, lead: { id: `L-${i}`, createdAt: at } }, state, at);
    state.apply(d.changes);
    lines.push(`${at}  ${d.explanation.summary.en}`, `${' '.repeat(at.length)}  ${d.explanation.summary.zh}`);
  }
  lines.push('', 'Next: `pnpm sluice decide --policy examples/policies/s06-round-robin.json --state examples/states/ae-team.json --event <event.json>`', '');
  return lines.join('\n');
}
