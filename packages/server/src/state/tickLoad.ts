import type { CompiledPolicy, TickScope } from '@sluice/engine';
import { buildState, type BuiltState } from './build.js';
import { loadRows, type LoadedRows } from './load.js';
import { statement, type Query } from './sql.js';

const DAY_MS = 86_400_000;
/** How far back a per-rep tick loads the leads the reps took (see TICK_SUBJECTS). */
export const REP_LOOKBACK_DAYS = 90;

/** Every tenant's live policies whose trigger listens to $1 (the scheduler's work list). */
export const TICK_POLICIES = statement(
  'sluice_tick_policies_v2',
  ['text'],
  `select p.tenant_id as "tenantId", p.key, p.kind from policies p where p.live_version is not null and p.live_events ? $1 order by p.tenant_id, p.key`,
);

/** One policy's live row, read again inside the tick's transaction (it may have changed since the list). */
export const TICK_POLICY = statement(
  'sluice_tick_policy_v1',
  ['text', 'text'],
  `select json_build_array(p.key, p.kind, p.live_version, p.live_events) as live from policies p
   where p.tenant_id = $1 and p.key = $2 and p.live_version is not null and p.live_events ? 'tick'`,
);

/**
 * What a tick runs over, by scope: the open owned leads, the leads whose scheduled check is due
 * (with the schedule, which the state does not keep in a snapshot), or every rep. A per-rep check
 * reads the leads the reps took lately and whether they were followed up (hoarding: a colleague's
 * note is no follow-up), so those leads come in full, activities included; "lately" is
 * REP_LOOKBACK_DAYS, longer than any look-back window a per-rep policy is given in practice.
 * Parameters: $1 tenant, $2 scope, $3 now.
 */
export const TICK_SUBJECTS = statement(
  'sluice_tick_subjects_v2',
  ['text', 'text', 'timestamptz'],
  `select json_build_object(
  'owned', case when $2 = 'ownedLeads' then (select coalesce(json_agg(l.id order by l.id), '[]'::json) from leads l
            where l.tenant_id = $1 and l.owner_id is not null and l.status = 'open') else '[]'::json end,
  'scheduled', case when $2 = 'scheduledLeads' then (select coalesce(json_agg(json_build_object('leadId', r.lead_id, 'data', r.data) order by r.lead_id, r.id), '[]'::json)
                from lead_records r where r.tenant_id = $1 and r.kind = 'schedule' and r.at <= $3) else '[]'::json end,
  'reps', case when $2 = 'reps' then (select coalesce(json_agg(r.id order by r.id), '[]'::json) from reps r where r.tenant_id = $1) else '[]'::json end,
  'taken', case when $2 = 'reps' then (select coalesce(json_agg(distinct o.lead_id), '[]'::json) from ownership o, reps r
            where r.tenant_id = $1 and o.tenant_id = $1 and o.rep_id = r.id and o.from_at >= $3::timestamptz - interval '${REP_LOOKBACK_DAYS} days') else '[]'::json end
) as subjects`,
);

interface Subjects {
  owned: string[];
  scheduled: Array<{ leadId: string; data: { due: string; nodeId: string; step: number } }>;
  reps: string[];
  /** Leads the reps started owning within the look-back: a per-rep check reads their activities. */
  taken: string[];
}

/** The live row of a tick policy in the shape `livePlans` takes, or none if it is no longer live on ticks. */
export async function loadTickPolicy(q: Query, tenantId: string, key: string): Promise<LoadedRows['live']> {
  const rows = await q<{ live: LoadedRows['live'][number] }>(TICK_POLICY, [tenantId, key]);
  return rows.map((r) => r.live);
}

export function tickScopeOf(plan: CompiledPolicy): TickScope {
  const trigger = [...plan.plan.nodes.values()].find((n) => n.spec.category === 'trigger');
  return (trigger?.config as { tickScope?: TickScope } | undefined)?.tickScope ?? 'ownedLeads';
}

/**
 * The state a tick of `scope` reads, loaded through the decision path's own statement: the
 * subjects as the leads (or reps) of a batch, so each comes with its history, activities and records.
 */
export async function loadTickState(q: Query, tenantId: string, scope: TickScope, nowMs: number): Promise<BuiltState> {
  const now = new Date(nowMs).toISOString();
  const [row] = await q<{ subjects: Subjects }>(TICK_SUBJECTS, [tenantId, scope, now]);
  const { owned, scheduled, reps, taken } = row!.subjects;
  const leadIds = [...new Set([...owned, ...scheduled.map((s) => s.leadId), ...taken])];
  const rows = await loadRows(q, tenantId, {
    leadIds,
    repIds: reps,
    customerKeys: [],
    now,
    days: [nowMs - DAY_MS, nowMs, nowMs + DAY_MS].map((ms) => new Date(ms).toISOString().slice(0, 10)),
    eventIds: [],
    eventTypes: ['tick'],
  });
  const built = buildState(rows);
  // A snapshot has no schedule: put the due checks back (not recorded as changes, so nothing is rewritten).
  for (const s of scheduled) built.state.apply([{ type: 'lead.schedule', leadId: s.leadId, due: s.data.due, nodeId: s.data.nodeId, step: s.data.step }]);
  return built;
}
