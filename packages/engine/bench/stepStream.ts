/**
 * A step-only measurement for the simulator's event shape (issue #12): the bench history's
 * arrivals, follow-ups and closes in time order, each through `step` on one InMemoryState, and
 * after each the lead's next due from `dueClocks` (what a replay books). No replay calendar, no
 * behaviour: the engine's own cost per event, and with `verify` a digest of every change, decision and
 * lead (as JSON) to show two engine versions give identical results. Feed it `streamOf(...)` of
 * simulator/bench/simHistory.ts's history (issue #12 work; no pnpm script of its own yet).
 */
import {
  compilePolicy,
  dueClocks,
  InMemoryState,
  step,
  stateSnapshotSchema,
  type CompiledPolicy,
  type PolicyDocument,
  type StepEvent,
  type WorkingState,
} from '@sluice/engine';

export interface StreamLead {
  id: string;
  createdAt: string;
  attributes: Record<string, unknown>;
}
export interface StreamEvent {
  atMs: number;
  event: StepEvent;
}

/** Events in time order (stable: arrivals before what happens to them at the same instant). */
export function streamOf(
  leads: readonly StreamLead[],
  follow: ReadonlyArray<{ leadId: string; repId?: string; at: string; type: string }>,
  closes: ReadonlyArray<{ leadId: string; at: string; won: boolean }>,
): StreamEvent[] {
  const out: Array<StreamEvent & { order: number }> = [];
  let n = 0;
  for (const l of leads)
    out.push({
      atMs: Date.parse(l.createdAt),
      order: n++,
      event: { id: `c-${l.id}`, type: 'lead.created', at: l.createdAt, lead: { ...l.attributes, id: l.id, createdAt: l.createdAt } as StepEvent['lead'] },
    });
  for (const a of follow)
    out.push({
      atMs: Date.parse(a.at),
      order: n++,
      event: {
        id: `a-${n}`,
        type: 'activity.logged',
        at: a.at,
        leadId: a.leadId,
        ...(a.repId ? { repId: a.repId } : {}),
        activity: { kind: a.type, at: a.at, ...(a.repId ? { repId: a.repId } : {}) },
      },
    });
  for (const c of closes)
    out.push({ atMs: Date.parse(c.at), order: n++, event: { id: `x-${c.leadId}`, type: c.won ? 'deal.won' : 'deal.lost', at: c.at, leadId: c.leadId } });
  out.sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  return out;
}

export interface StreamResult {
  events: number;
  cpuSeconds: number;
  eventsPerCpuSec: number;
  /** A digest of every change and due, so two engines can be compared for identical results. */
  digest: string;
}

export function runStream(
  documents: readonly PolicyDocument[],
  snapshot: unknown,
  events: readonly StreamEvent[],
  verify = false,
  explain = false,
  inPlace = false,
  /** A caller's own working state over the engine's (the simulator's replay state), to show it decides the same. */
  wrap: (state: InMemoryState) => WorkingState = (state) => state,
): StreamResult {
  const policies: CompiledPolicy[] = documents.map((d) => {
    const r = compilePolicy(d);
    if (!r.ok) throw new Error(`policy ${d.key} does not compile`);
    return r.policy;
  });
  const clocks = dueClocks(policies);
  const engineState = new InMemoryState(stateSnapshotSchema.parse(snapshot));
  if (inPlace) engineState.editLeadsInPlace();
  const state = wrap(engineState);
  let h = 0x811c9dc5;
  const mix = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  };
  const cpu = process.cpuUsage();
  for (const { atMs, event } of events) {
    const r = step({ policies, state, event, now: atMs, explain });
    if (!r.ok) {
      mix(r.refusal.code);
      continue;
    }
    for (const c of r.changes) mix(verify ? JSON.stringify(c) : c.type);
    if (verify) for (const d of r.decisions) mix(JSON.stringify(d));
    const leadId = event.lead?.id ?? event.leadId!;
    const lead = state.lead(leadId)!;
    mix(verify ? JSON.stringify(lead) : (lead.ownerId ?? '-'));
    for (const c of clocks) mix(String(c.due(lead, state)));
  }
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return { events: events.length, cpuSeconds, eventsPerCpuSec: Math.round(events.length / cpuSeconds), digest: (h >>> 0).toString(16) };
}
