// Ad-hoc profiler driver for decide(): `node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof packages/engine/bench/profile-decide.ts [apply] [lean]`
// (`lean`: decide with `{ explain: false }`). tsx reports every position as line 1: for per-line ticks, bundle
// this file with esbuild (sourcemaps off) into /tmp and profile the bundle.
import { compilePolicy, decide, InMemoryState, stateSnapshotSchema } from '@sluice/engine';
import { readFileSync } from 'node:fs';

const examplePolicy = (n: string) => JSON.parse(readFileSync(`examples/policies/${n}.json`, 'utf8'));
const exampleState = (n: string) => JSON.parse(readFileSync(`examples/states/${n}.json`, 'utf8'));

const compiled = compilePolicy(examplePolicy('bench-routing-20'));
if (!compiled.ok) throw new Error('bench policy does not compile');
const snapshot = stateSnapshotSchema.parse(exampleState('bench-roster'));
const regions = ['east', 'north', 'south', 'west', 'intl'];
const products = ['crm', 'erp', 'bi', 'hr'];
const events = Array.from({ length: 10_000 }, (_, i) => ({
  id: `e${i}`,
  type: 'lead.created' as const,
  at: new Date(Date.parse('2026-03-02T02:00:00Z') + i * 1000).toISOString(),
  lead: { id: `L${i}`, region: regions[i % 5], product: products[(i >> 2) % 4], employees: (i * 37) % 3000 },
}));
const apply = process.argv.includes('apply');
const options = process.argv.includes('lean') ? { explain: false } : undefined;
let state = new InMemoryState(snapshot);
let n = 0;
const t0 = performance.now();
const c0 = process.cpuUsage();
while (performance.now() - t0 < 4000) {
  for (let i = 0; i < events.length; i++) {
    const d = decide(compiled.policy, events[i]!, state, events[i]!.at, options);
    if (apply) state.apply(d.changes);
    n++;
  }
  state = new InMemoryState(snapshot);
}
const cpu = process.cpuUsage(c0);
console.log(
  `${apply ? 'decide+apply' : 'decide'}${options ? ' (explain: false)' : ''}: ${Math.round(n / ((performance.now() - t0) / 1000))}/s wall, ${Math.round(n / ((cpu.user + cpu.system) / 1e6))}/s per CPU second`,
);
