import { tickScopeOf as engineTickScope, type CompiledPolicy, type TickScope } from '@sluice/engine';
import { buildState, type BuiltState } from './build.js';
import type { CountersLoaded } from './counterCache.js';
import { loadRows, type LoadedRows, type LoadScope } from './load.js';
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

/**
 * The tenant's live tick policies, read again inside the tick's transaction (they may have changed
 * since the list): the one ticking, and the clocks of all of them for the leads' next dues.
 */
export const TICK_POLICIES_OF = statement(
  'sluice_tick_policies_of_v1',
  ['text'],
  `select json_build_array(p.key, p.kind, p.live_version, p.live_events) as live from policies p
   where p.tenant_id = $1 and p.live_version is not null and p.live_events ? 'tick' order by p.key`,
);

/**
 * Leads of unknown due one tick works out at most. After a tick policy goes live every owned lead's
 * due is unknown (migration 0009's triggers), and working one out runs the engine on it: a million
 * owned leads would make one tick of tens of minutes. The backfill is spread over ticks instead,
 * this many a tick (the due ones always come first, whole); until a lead's turn comes its due is
 * unknown, so a lead that fell due meanwhile is acted on a few ticks late, never skipped.
 */
export const UNKNOWN_DUES_PER_TICK = 10_000;

/**
 * A page of the open owned leads due by $2, after the cursor ($3 due, $4 id: the last page's last
 * lead), in leads_next_due's order (tenant, due, id), at most $5: one range scan of the index.
 */
export const DUE_PAGE = statement(
  'sluice_due_page_v1',
  ['text', 'timestamptz', 'timestamptz', 'text', 'int'],
  `select coalesce(json_agg(json_build_array(d.id, d.due) order by d.due, d.id), '[]'::json) as page from (
  select l.id, l.next_due_at as due from leads l
  where l.tenant_id = $1 and (l.next_due_at, l.id) > ($3, $4) and l.next_due_at <= $2 and l.owner_id is not null and l.status = 'open'
  order by l.next_due_at, l.id limit $5
) d`,
);

/**
 * A page of the open owned leads whose due is not known yet (NULL), by id after $2, at most $3.
 * Ordered by the due too (all NULL): the planner then reads the index in its order, with no sort.
 */
export const UNKNOWN_DUE_PAGE = statement(
  'sluice_unknown_due_page_v1',
  ['text', 'text', 'int'],
  `select coalesce(json_agg(d.id order by d.id), '[]'::json) as ids from (
  select l.id from leads l
  where l.tenant_id = $1 and l.next_due_at is null and l.id > $2 and l.owner_id is not null and l.status = 'open'
  order by l.next_due_at, l.id limit $3
) d`,
);

/**
 * What a tick runs over, by scope (owned leads come from DuePages, a page a chunk): the leads
 * whose scheduled check is due (with the schedule, which the state does not keep in a snapshot),
 * or every rep. A per-rep check
 * reads the leads the reps took lately and whether they were followed up (hoarding: a colleague's
 * note is no follow-up), so those leads come in full, activities included; "lately" is
 * REP_LOOKBACK_DAYS, longer than any look-back window a per-rep policy is given in practice.
 * Parameters: $1 tenant, $2 scope, $3 now.
 */
export const TICK_SUBJECTS = statement(
  'sluice_tick_subjects_v3',
  ['text', 'text', 'timestamptz'],
  `select json_build_object(
  'scheduled', case when $2 = 'scheduledLeads' then (select coalesce(json_agg(json_build_object('leadId', r.lead_id, 'data', r.data) order by r.lead_id, r.id), '[]'::json)
                from lead_records r where r.tenant_id = $1 and r.kind = 'schedule' and r.at <= $3) else '[]'::json end,
  'reps', case when $2 = 'reps' then (select coalesce(json_agg(r.id order by r.id), '[]'::json) from reps r where r.tenant_id = $1) else '[]'::json end,
  'taken', case when $2 = 'reps' then (select coalesce(json_agg(distinct o.lead_id), '[]'::json) from ownership o, reps r
            where r.tenant_id = $1 and o.tenant_id = $1 and o.rep_id = r.id and o.from_at >= $3::timestamptz - interval '${REP_LOOKBACK_DAYS} days') else '[]'::json end
) as subjects`,
);

interface Subjects {
  scheduled: Array<{ leadId: string; data: { due: string; nodeId: string; step: number } }>;
  reps: string[];
  /** Leads the reps started owning within the look-back: a per-rep check reads their activities. */
  taken: string[];
}

/**
 * A batch's load scope with what a tick naming one rep (and no lead) reads besides that rep: their
 * team-mates and the leads every rep took lately, as the scheduler's per-rep tick loads them
 * (TICK_SUBJECTS). A hoarding check compares the rep's claims with their peers' median; loaded
 * alone, the peers had no claims, the median read 0 and any claimer was flagged. Other batches are
 * returned as they are (no statement run).
 */
export async function withRepTickPeers(
  q: Query,
  tenantId: string,
  scope: LoadScope,
  events: ReadonlyArray<{ type: string; repId?: string | undefined; leadId?: string | undefined; lead?: unknown }>,
): Promise<LoadScope> {
  if (!events.some((e) => e.type === 'tick' && e.repId !== undefined && e.leadId === undefined && e.lead === undefined)) return scope;
  const [row] = await q<{ subjects: Subjects }>(TICK_SUBJECTS, [tenantId, 'reps', scope.now]);
  const { reps, taken } = row!.subjects;
  return { ...scope, repIds: [...new Set([...scope.repIds, ...reps])], leadIds: [...new Set([...scope.leadIds, ...taken])] };
}

/** The tenant's live tick policies' rows in the shape `livePlans` takes. */
export async function loadTickPolicies(q: Query, tenantId: string): Promise<LoadedRows['live']> {
  const rows = await q<{ live: LoadedRows['live'][number] }>(TICK_POLICIES_OF, [tenantId]);
  return rows.map((r) => r.live);
}

/** Sets whether the planner may use bitmap scans for the rest of the transaction; returns the setting it replaced. */
const BITMAP_SCANS = statement(
  'sluice_bitmap_scans_v1',
  ['text'],
  `select current_setting('enable_bitmapscan') as before, set_config('enable_bitmapscan', $1, true) as now`,
);

/**
 * The leads one owned-leads tick visits, read a page per chunk inside the chunk's own transaction
 * (so the tick's first transaction lists nothing, and a page is as cheap as the chunk is small):
 * those due by `nowIso`, then up to `unknownAtMost` of unknown due. The cursor is the last lead
 * read: a visited lead gets its next due written, so a page never starts again from the front. A
 * lead whose new due falls again within the range still ahead comes back; the tick skips the leads
 * it has visited (`visited`), as one listing at the start visited each lead once.
 * Plain index scans, never bitmaps: without statistics the planner takes the filter on owner and
 * status for one row and reads the whole range ahead as a bitmap, then sorts it (O(due leads) a
 * page). And every write of a lead's due leaves its old index entry behind until VACUUM, which the
 * embedded database never runs; a bitmap scan rechecks each stale entry against the table on every
 * tick, a plain index scan marks those it meets dead and later ones skip them.
 */
export class DuePages {
  private due: { at: string; id: string } | undefined = { at: '-infinity', id: '' };
  private unknownAfter = '';
  private unknownLeft: number;
  /** False once a page came back short: every lead of the tick has been handed out. */
  more = true;
  readonly visited = new Set<string>();

  constructor(
    private readonly tenantId: string,
    private readonly nowIso: string,
    unknownAtMost = UNKNOWN_DUES_PER_TICK,
  ) {
    this.unknownLeft = unknownAtMost;
  }

  /** The next at most `n` leads not visited yet, in id order; sets `more`. One lead past `n` is read to know whether another page follows. */
  async next(q: Query, n: number): Promise<string[]> {
    const ids: string[] = [];
    this.more = false;
    // Put back before the chunk's load, whose match-key search needs a bitmap scan (GIN has no other).
    const [set] = await q<{ before: string }>(BITMAP_SCANS, ['off']);
    if (this.due) {
      const [row] = await q<{ page: Array<[string, string]> }>(DUE_PAGE, [this.tenantId, this.nowIso, this.due.at, this.due.id, n + 1]);
      const page = row!.page;
      for (const [id, at] of page.slice(0, n)) {
        this.due = { at, id };
        if (!this.visited.has(id)) ids.push(id);
      }
      if (page.length > n) this.more = true;
      else this.due = undefined;
    }
    const room = Math.min(n - ids.length, this.unknownLeft);
    if (!this.more && this.unknownLeft > 0) {
      const [row] = await q<{ ids: string[] }>(UNKNOWN_DUE_PAGE, [this.tenantId, this.unknownAfter, room + 1]);
      const page = row!.ids;
      for (const id of page.slice(0, room)) {
        this.unknownAfter = id;
        this.unknownLeft--;
        if (!this.visited.has(id)) ids.push(id);
      }
      this.more = page.length > room && this.unknownLeft > 0;
    }
    await q(BITMAP_SCANS, [set!.before]);
    for (const id of ids) this.visited.add(id);
    return ids.sort();
  }
}

/** What the plan's whole tick walks, as the engine's tick and due clocks read it (the compiler works it out from the trigger, else its nodes). */
export function tickScopeOf(plan: CompiledPolicy): TickScope {
  return engineTickScope(plan);
}

/**
 * The state a tick of `scope` reads, loaded through the decision path's own statement: the
 * subjects as the leads (or reps) of a batch, so each comes with its history, activities and records.
 */
export async function loadTickState(q: Query, tenantId: string, scope: TickScope, nowMs: number): Promise<BuiltState> {
  const now = new Date(nowMs).toISOString();
  const [row] = await q<{ subjects: Subjects }>(TICK_SUBJECTS, [tenantId, scope, now]);
  const { scheduled, reps, taken } = row!.subjects;
  const leadIds = [...new Set([...scheduled.map((s) => s.leadId), ...taken])];
  const built = await loadSubjects(q, tenantId, leadIds, reps, nowMs);
  // A snapshot has no schedule: put the due checks back (not recorded as changes, so nothing is rewritten).
  for (const s of scheduled) built.state.apply([{ type: 'lead.schedule', leadId: s.leadId, due: s.data.due, nodeId: s.data.nodeId, step: s.data.step }]);
  return built;
}

/**
 * Leads (each with its history, activities and records) and reps, loaded as a decision batch's.
 * `holdCounters`: the counters this process holds are used and kept (an owned-leads chunk, which
 * applies what it wrote after its commit: counterCache.ts), so a chunk does not load every rep's.
 */
export async function loadSubjects(
  q: Query,
  tenantId: string,
  leadIds: string[],
  reps: string[],
  nowMs: number,
  holdCounters = false,
): Promise<BuiltState & { counters: CountersLoaded }> {
  const now = new Date(nowMs).toISOString();
  const rows = await loadRows(
    q,
    tenantId,
    {
      leadIds,
      repIds: reps,
      customerKeys: [],
      now,
      days: [nowMs - DAY_MS, nowMs, nowMs + DAY_MS].map((ms) => new Date(ms).toISOString().slice(0, 10)),
      eventIds: [],
      eventTypes: ['tick'],
    },
    holdCounters,
  );
  return Object.assign(buildState(rows), { counters: rows.counters });
}
