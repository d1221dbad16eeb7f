import type { CompiledPolicy, PlanEdge, PlanNode } from '../compiler/types.js';
import type { TickScope } from '../nodes/trigger.js';
import { tickScopeOf } from './tick.js';
import type { Lead } from '../types/domain.js';
import type { StateView } from '../types/state.js';

/**
 * One tick policy's calendar of due instants: when a tick could first make it act for a lead
 * (a lower bound, see NodeSpec.nextDue), and what its tick walks — a lead's own tick (`ownedLeads`,
 * `scheduledLeads`) or the per-rep tick of the reps who hold or held it (`reps`).
 */
export interface DueClock {
  policy: CompiledPolicy;
  scope: TickScope;
  /** Epoch ms; undefined: never until an event changes the lead; -Infinity: any tick may act (a node with no clock). */
  due(lead: Lead, state: StateView): number | undefined;
}

/**
 * The due clocks of the policies that listen to ticks, worked out once (the graph walk below) for
 * callers that ask about many leads: the server's next-due column, the simulator's queue.
 */
export function dueClocks(policies: readonly CompiledPolicy[]): DueClock[] {
  const out: DueClock[] = [];
  for (const policy of policies) {
    if (!policy.trigger.events.includes('tick')) continue;
    out.push(dueClock(policy));
  }
  return out;
}

/**
 * The earliest instant any tick policy could act for the lead: the minimum of their next dues.
 * Undefined when none ever will until an event changes the lead; -Infinity when a policy has an
 * effect on every tick (a node with no clock of its own), so no calendar can skip it.
 */
export function nextDueAt(policies: readonly CompiledPolicy[], lead: Lead, state: StateView): number | undefined {
  let best: number | undefined;
  for (const clock of dueClocks(policies)) {
    const d = clock.due(lead, state);
    if (d !== undefined && (best === undefined || d < best)) best = d;
  }
  return best;
}

function dueClock(policy: CompiledPolicy): DueClock {
  const { plan } = policy;
  const trigger = [...plan.nodes.values()].find((n) => n.spec.category === 'trigger')!;
  const scope = tickScopeOf(policy);
  const timed = timedNodes(policy, trigger);
  if (timed === 'unbounded' || scope === 'once') return { policy, scope, due: () => Number.NEGATIVE_INFINITY };
  // A node whose subjects this tick does not walk (a cascade under an owned-leads tick, warned of when
  // compiled) is never acted on by a whole tick: its clock books nothing, as the server's scheduler never visits it.
  const dues = timed
    .filter((n) => n.spec.tickScope === undefined || n.spec.tickScope === scope)
    .map((n) => n.spec.nextDue!(n.config, { policyKey: policy.key, nodeId: n.id }));
  return {
    policy,
    scope,
    due(lead, state) {
      let best: number | undefined;
      for (const d of dues) {
        const at = d(lead, state);
        if (at !== undefined && (best === undefined || at < best)) best = at;
      }
      return best;
    },
  };
}

/**
 * The nodes whose clocks bound the policy: every node with a `nextDue`. A node that acts (emits)
 * with no clock of its own is bounded only when every path to it from the trigger leaves a clocked
 * node by one of its acting handles (`dueOutcomes`): a manager queue after a cascade's "exhausted"
 * runs only when the cascade acts. Reached any other way, it may act on every tick: unbounded.
 */
function timedNodes(policy: CompiledPolicy, trigger: PlanNode): PlanNode[] | 'unbounded' {
  const { plan } = policy;
  const outgoing = new Map<string, PlanEdge[]>();
  for (const edges of plan.incoming.values()) {
    for (const e of edges) {
      const list = outgoing.get(e.source);
      if (list) list.push(e);
      else outgoing.set(e.source, [e]);
    }
  }
  const seen = new Set<string>([trigger.id]);
  const queue: PlanNode[] = [trigger];
  while (queue.length > 0) {
    const node = queue.shift()!;
    const acting = node.spec.nextDue ? new Set(node.spec.dueOutcomes ?? []) : undefined;
    if (!acting && node.spec.emits && node !== trigger) return 'unbounded';
    for (const e of outgoing.get(node.id) ?? []) {
      if (acting?.has(e.handle) || seen.has(e.target)) continue;
      seen.add(e.target);
      queue.push(plan.nodes.get(e.target)!);
    }
  }
  return [...plan.nodes.values()].filter((n) => n.spec.nextDue !== undefined);
}
