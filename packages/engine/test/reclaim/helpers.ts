import { compilePolicy, type CompiledPolicy } from '../../src/index.js';

/** A tick-triggered policy with one `reclaim.rule` node (id `reclaim`) configured as given. */
export function compileReclaim(key: string, config: Record<string, unknown>): CompiledPolicy {
  const r = compilePolicy({
    key,
    kind: 'reclaim',
    name: key,
    nodes: [
      { id: 'start', type: 'trigger', data: { events: ['tick'] } },
      { id: 'reclaim', type: 'reclaim.rule', data: config },
    ],
    edges: [{ id: 'e', source: 'start', target: 'reclaim' }],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
