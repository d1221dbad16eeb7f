import type { CompiledPolicy } from '../compiler/types.js';
import type { TickScope } from '../nodes/trigger.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Lead, SluiceEvent } from '../types/domain.js';
import type { Action, Decision, Labels } from '../types/decision.js';
import { decide, type Instant } from './decide.js';
import { localStamp } from '../types/localTime.js';

export interface TickResult {
  at: string;
  policy: { key: string; version: number; kind: string };
  scope: TickScope;
  /** Subjects the tick covered (owned leads, reps …), including those the shortcut ruled out. */
  checked: number;
  /** Subjects whose flow actually ran. */
  evaluated: number;
  /** One decision per subject that did something, in subject order. */
  decisions: Decision[];
  actions: Action[];
  changes: StateChange[];
  summary: Labels;
}

/**
 * A clock tick: runs the policy's flow for every subject in its tick scope against one
 * snapshot of the state, and returns every resulting decision with all changes to apply.
 * Subjects are independent: nothing one subject's decision changes is seen by another's.
 */
export function tick(policy: CompiledPolicy, state: StateView, now: Instant): TickResult {
  const nowMs = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(nowMs)) throw new RangeError(`not a valid instant: ${String(now)}`);
  const at = new Date(nowMs).toISOString();
  const scope = tickScopeOf(policy);
  const result: TickResult = {
    at,
    policy: { key: policy.key, version: policy.version, kind: policy.kind },
    scope,
    checked: 0,
    evaluated: 0,
    decisions: [],
    actions: [],
    changes: [],
    summary: { en: '', zh: '' },
  };
  if (!policy.trigger.events.includes('tick')) {
    result.summary = { en: `policy ${policy.key} does not run on ticks`, zh: `策略 ${policy.key} 不响应定时检查` };
    return result;
  }
  const shortcut = tickShortcut(policy);
  const run = (event: SluiceEvent) => {
    result.evaluated++;
    const d = decide(policy, event, state, nowMs);
    if (d.actions.length > 0 || d.changes.length > 0) {
      result.decisions.push(d);
      for (const a of d.actions) result.actions.push(a);
      for (const c of d.changes) result.changes.push(c);
    }
  };
  const base = `tick:${policy.key}:${at}`;
  switch (scope) {
    case 'ownedLeads':
      for (const lead of state.ownedLeads()) {
        result.checked++;
        if (shortcut && !shortcut(lead, nowMs, state)) continue;
        run({ id: `${base}:${lead.id}`, type: 'tick', at, leadId: lead.id });
      }
      break;
    case 'scheduledLeads':
      for (const leadId of state.scheduledLeads()) {
        result.checked++;
        const lead = state.lead(leadId);
        if (shortcut && lead && !shortcut(lead, nowMs, state)) continue;
        run({ id: `${base}:${leadId}`, type: 'tick', at, leadId });
      }
      break;
    case 'reps':
      for (const rep of state.reps()) {
        result.checked++;
        run({ id: `${base}:${rep.id}`, type: 'tick', at, repId: rep.id });
      }
      break;
    case 'once':
      result.checked = 1;
      run({ id: base, type: 'tick', at });
      break;
  }
  // The tenant's wall clock in the words; `at` stays ISO.
  const shown = localStamp(nowMs, state.timeZone());
  result.summary = {
    en: `tick at ${shown}: ${result.checked} checked, ${result.decisions.length} acted, ${result.actions.length} actions`,
    zh: `${shown} 定时检查：检查 ${result.checked} 项，${result.decisions.length} 项有动作，共 ${result.actions.length} 个动作`,
  };
  return result;
}

/**
 * What the policy's whole tick walks: the scope the compiler worked out (the trigger's, else the
 * one its nodes need: compiler/tickScope.ts); for a plan made otherwise, the trigger's, else owned leads.
 */
export function tickScopeOf(policy: Pick<CompiledPolicy, 'plan'> & { trigger?: { tickScope?: TickScope } }): TickScope {
  if (policy.trigger?.tickScope) return policy.trigger.tickScope;
  for (const node of policy.plan.nodes.values()) {
    if (node.spec.category === 'trigger') return (node.config as { tickScope?: TickScope }).tickScope ?? 'ownedLeads';
  }
  return 'ownedLeads';
}

/** The OR of every effect node's tick filter, or none when any effect node has no filter. */
type LeadFilter = (lead: Lead, nowMs: number, state?: StateView) => boolean;

function tickShortcut(policy: CompiledPolicy): LeadFilter | undefined {
  const filters: LeadFilter[] = [];
  for (const node of policy.plan.nodes.values()) {
    if (!node.spec.emits) continue;
    if (!node.spec.tickFilter) return undefined;
    filters.push(node.spec.tickFilter(node.config));
  }
  if (filters.length === 0) return undefined;
  if (filters.length === 1) return filters[0];
  return (lead, nowMs, state) => filters.some((f) => f(lead, nowMs, state));
}
