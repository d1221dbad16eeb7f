/**
 * The naive baseline for bench/server.bench.ts: a bare Hono handler that runs json-rules-engine on
 * the same compiled rules as the bench policy and stores nothing, so the cost of durability (state
 * load, transaction, decision log, outbox) shows against it. Run as its own process:
 * `node --import tsx packages/server/bench/baseline.ts <policy-key>`; prints "listening on <url>".
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { compilePolicy, referenceEngine } from '@sluice/engine';
import { examplePolicy } from '@sluice/examples';

const key = process.argv[2] ?? 's06-round-robin';
const compiled = compilePolicy(examplePolicy(key));
if (!compiled.ok) throw new Error(`${key} does not compile`);
const { rules, plan } = compiled.policy;
const engine = referenceEngine(rules.map((r) => structuredClone(r)));

/** Fact paths read from the event (`lead.x`, `event.x`); outcomes of effect nodes count as done. */
function factsOf(event: Record<string, unknown>): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const path of plan.facts) {
    const [head, ...rest] = path.split('.');
    if (head === 'outcome') {
      facts[path] = 'assigned';
      continue;
    }
    let v: unknown = head === 'lead' ? event.lead : head === 'event' ? event : undefined;
    for (const part of rest) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
    if (v !== undefined) facts[path] = v;
  }
  return facts;
}

const app = new Hono();
app.post('/v1/decide', async (c) => {
  const event = (await c.req.json()) as Record<string, unknown>;
  const { events } = await engine.run(factsOf(event));
  return c.json({ eventId: event.id, actions: events.map((e) => e.type) });
});

serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => console.log(`baseline listening on http://127.0.0.1:${info.port}`));
process.on('SIGTERM', () => process.exit(0));
