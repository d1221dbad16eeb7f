import { localTime, type Lead, type StateChange } from '@sluice/engine';
import type { BuiltState } from './build.js';
import { leadKeyColumns } from '../db/leadKeys.js';
import { INT4 } from '../db/limits.js';
import { ALL_EVENTS } from '../webhooks/events.js';
import type { DueOf } from './nextDue.js';
import { statement, type Query } from './sql.js';

/** Rows a batch of events writes, gathered while they run and written in one statement at the end. */
export class Writes {
  /** Leads whose row is rewritten from the state at the end. */
  readonly touchedLeads = new Set<string>();
  /** Leads a tick visited: their next due is written even when nothing else of theirs is. */
  readonly revisited = new Set<string>();
  readonly loads = new Map<string, number>();
  readonly daily = new Map<string, { repId: string; day: string; assigned: number; claimed: number }>();
  readonly pointers = new Map<string, unknown>();
  readonly unschedule = new Set<string>();
  readonly records: Array<{ leadId: string; kind: string; data: unknown; at: string }> = [];
  readonly penalties: Array<{ repId: string; data: unknown; until: string }> = [];
  readonly activities: Array<{ leadId: string; repId: string; at: string; kind: string; stage: string | null }> = [];
  readonly decisions: Array<{
    id: string;
    eventId: string;
    leadId: string | null;
    policyKey: string;
    policyVersion: number;
    repIds: string[];
    at: string;
    decision: unknown;
  }> = [];
  /** Webhook events to send: only types some subscription asks for (see emit). */
  readonly outbox: Array<{ type: string; payload: unknown }> = [];
  /** Events handled, each with its response: the idempotency record. */
  readonly events: Array<{ id: string; type: string; receivedAt: string; response: { hash: string; decisions: string[] } }> = [];

  private readonly timeZone: string;
  private readonly subscribed: ReadonlySet<string>;

  constructor(built: Pick<BuiltState, 'timeZone' | 'subscribed'>) {
    this.timeZone = built.timeZone;
    this.subscribed = built.subscribed;
  }

  /**
   * A webhook event, written to the outbox with the change it reports. One nobody subscribes to
   * would be written only to be marked done unsent, so it is dropped here. A subscription sees
   * the events of transactions that start after it is made.
   */
  emit(type: string, payload: unknown): void {
    if (this.subscribed.has(ALL_EVENTS) || this.subscribed.has(type)) this.outbox.push({ type, payload });
  }

  /** Whether anything is to be written at all (a batch of retries writes nothing). */
  get empty(): boolean {
    return this.events.length === 0;
  }

  addLoad(repId: string | null | undefined, delta: number): void {
    if (!repId || delta === 0) return;
    this.loads.set(repId, (this.loads.get(repId) ?? 0) + delta);
  }

  /** A lead has at most one pending check: an assignment or a new schedule replaces the old one. */
  private dropSchedule(leadId: string): void {
    this.unschedule.add(leadId);
    for (let i = this.records.length - 1; i >= 0; i--) {
      const r = this.records[i]!;
      if (r.kind === 'schedule' && r.leadId === leadId) this.records.splice(i, 1);
    }
  }

  /**
   * Translates a decision's state changes into row writes (lead rows come from the final state).
   * `eventLeadId`: the lead a rep flag is filed under (flags are about reps, the table is by lead).
   */
  record(changes: readonly StateChange[], eventLeadId: string | null): void {
    for (const c of changes) {
      switch (c.type) {
        case 'lead.assign': {
          this.touchedLeads.add(c.leadId);
          this.addLoad(c.repId, 1);
          this.addLoad(c.previousOwnerId, -1);
          const day = localDay(Date.parse(c.at), this.timeZone);
          const key = `${c.repId}\u0000${day}`;
          const row = this.daily.get(key) ?? { repId: c.repId, day, assigned: 0, claimed: 0 };
          row.assigned++;
          if (c.via === 'claimed') row.claimed++;
          this.daily.set(key, row);
          this.dropSchedule(c.leadId);
          break;
        }
        case 'lead.toPool':
          this.touchedLeads.add(c.leadId);
          this.addLoad(c.previousOwnerId, -1);
          break;
        case 'lead.queue':
        case 'lead.facts':
          this.touchedLeads.add(c.leadId);
          break;
        case 'lead.schedule':
          this.touchedLeads.add(c.leadId);
          this.dropSchedule(c.leadId);
          if (c.step >= 0) this.records.push({ leadId: c.leadId, kind: 'schedule', data: { due: c.due, nodeId: c.nodeId, step: c.step }, at: c.due });
          break;
        case 'pointer.set':
          this.pointers.set(c.key, c.pointer);
          break;
        case 'lead.remind':
          this.records.push({ leadId: c.leadId, kind: 'reminder', data: { window: c.window, repId: c.repId, nodeId: c.nodeId }, at: c.at });
          break;
        case 'penalty.add':
          this.penalties.push({ repId: c.penalty.repId, data: c.penalty, until: c.penalty.until });
          break;
        case 'rep.flag': {
          const { type: _t, ...flag } = c;
          this.records.push({ leadId: eventLeadId ?? '', kind: 'flag', data: flag, at: c.at });
          break;
        }
        case 'lead.collaborator':
          this.records.push({ leadId: c.collaborator.leadId, kind: 'collaborator', data: c.collaborator, at: c.collaborator.since });
          break;
        case 'lead.override':
          this.records.push({ leadId: c.override.leadId, kind: 'override', data: c.override, at: c.override.at });
          break;
        case 'deal.split': {
          const { type: _t, ...split } = c;
          this.records.push({ leadId: c.leadId, kind: 'split', data: split, at: c.at });
          break;
        }
        case 'lead.upsert':
          this.touchedLeads.add(c.lead.id);
          break;
        case 'lead.reported':
          this.touchedLeads.add(c.leadId);
          break;
        case 'activity.add':
          this.activities.push({ ...c.activity, stage: c.activity.stage ?? null });
          this.touchedLeads.add(c.activity.leadId);
          break;
        case 'load.settle':
          this.addLoad(c.repId, c.delta);
          break;
        default: {
          const _never: never = c;
          throw new Error(`no row written for state change ${JSON.stringify(_never)}`);
        }
      }
    }
  }

  /**
   * The one write statement's parameters: final lead rows and ownership edits come from the state.
   * The decisions' JSON goes apart, joined by U+001E (JSON.stringify escapes every control
   * character, so none occurs inside): inside the jsonb parameter it would be a string to escape,
   * parse and unescape, a third of the write's time.
   * `dueOf`: the next due of each lead written (the tenant's tick clocks); without it the due is
   * unknown (NULL), which the next tick works out.
   */
  payload(built: BuiltState, now: string, dueOf?: DueOf): WritePayload {
    type Row = {
      id: string;
      data: Lead;
      ownerId: string | null;
      poolId: string | null;
      status: string;
      matchKeys: string[];
      findKeys: string[];
      nextDue: string | null;
    };
    const leads: Row[] = [];
    const dues: Array<{ id: string; due: string | null }> = [];
    const dueOfLead = (lead: Lead) => (dueOf ? dueOf(lead, built.state) : null);
    const ownEnd: Array<{ id: number; to: string; reason: string | null }> = [];
    const ownNew: Array<{ leadId: string; repId: string; from: string; to: string | null; via: string | null; reason: string | null }> = [];
    for (const id of this.touchedLeads) {
      const lead = built.state.lead(id);
      if (lead)
        leads.push({
          id,
          data: lead,
          ownerId: lead.ownerId ?? null,
          poolId: lead.poolId ?? null,
          status: lead.status ?? 'open',
          ...leadKeyColumns(lead),
          nextDue: dueOfLead(lead),
        });
      for (const o of built.state.ownershipHistory(id)) {
        const known = built.ownershipRows.get(o);
        if (!known) ownNew.push({ leadId: o.leadId, repId: o.repId, from: o.from, to: o.to ?? null, via: o.via ?? null, reason: o.endReason ?? null });
        else if (o.to !== known.to && o.to) ownEnd.push({ id: known.id, to: o.to, reason: o.endReason ?? null });
      }
    }
    // A lead's row is updated once per statement: a rewritten one carries its due already.
    for (const id of this.revisited) {
      const lead = this.touchedLeads.has(id) ? undefined : built.state.lead(id);
      if (lead) dues.push({ id, due: dueOfLead(lead) });
    }
    const json = JSON.stringify({
      now,
      leads,
      dues,
      loads: [...this.loads].filter(([, d]) => d !== 0).map(([id, delta]) => ({ id, delta })),
      ownEnd,
      ownNew,
      daily: [...this.daily.values()],
      pointers: [...this.pointers].map(([key, data]) => ({ key, data })),
      // Only a lead that was ever scheduled (its row carries the cascade) can have a schedule row to delete.
      unschedule: [...this.unschedule].filter((id) => built.state.lead(id)?.cascade !== undefined),
      records: this.records,
      penalties: this.penalties,
      activities: this.activities,
      decisions: this.decisions.map(({ decision: _d, ...d }, i) => ({ ...d, n: i + 1 })),
      outbox: this.outbox,
      events: this.events,
    });
    // As text: the json column keeps it exactly as the response carried it.
    return { json, decisions: this.decisions.map((d) => JSON.stringify(d.decision)).join(DECISION_SEPARATOR) };
  }
}

const DECISION_SEPARATOR = '\u001e';

export interface WritePayload {
  json: string;
  /** The decisions' JSON texts, in payload order, joined by U+001E. */
  decisions: string;
}

/**
 * Every write of a batch of events in one statement: data-modifying CTEs all see the same snapshot and
 * touch disjoint rows (the payload is aggregated per row beforehand), so order does not matter for
 * what is written. It matters for what a refused write costs: PostgreSQL runs such CTEs last
 * declared first, so the rows made of what clients send (leads, activities, records, events) go
 * first and a bad one stops the statement before the decisions and the outbox — the bulk of the
 * work — are written only to be rolled back (run.ts then writes the batch again without it).
 * Open load saturates at the column's maximum: a rep synced there still takes a lead.
 * A lead row is replaced by the engine's whole lead, never merged: the lead was loaded in full and
 * the batch holds the tenant's lock, so the state's lead is the row's next value, and a key the
 * engine removed (`queueId` when a queued lead is assigned) must go with it.
 * Ended ownerships are found by id through the primary key (the ids as one array, which the
 * planner takes for a few rows), the tenant only checked: matched on the tenant without
 * statistics, the update read all of the tenant's ownership rows (50-150 ms at 100,000 owned leads).
 */
export const WRITE = statement(
  'sluice_write_v8',
  ['text', 'jsonb', 'text'],
  `with p as (select $2::jsonb as j),
w_decisions as (
  insert into decisions (id, tenant_id, event_id, lead_id, policy_key, policy_version, rep_ids, at, decision)
  select x.id, $1, x."eventId", x."leadId", x."policyKey", x."policyVersion", x."repIds", x.at, (select string_to_array($3, chr(30)) as a)[x.n]::json
  from p, jsonb_to_recordset(p.j->'decisions') as x(id text, "eventId" text, "leadId" text, "policyKey" text, "policyVersion" int, "repIds" jsonb, at timestamptz, n int)
),
w_outbox as (
  insert into outbox (tenant_id, type, payload, created_at, next_attempt_at)
  select $1, x.type, x.payload, (p.j->>'now')::timestamptz, (p.j->>'now')::timestamptz from p, jsonb_to_recordset(p.j->'outbox') as x(type text, payload jsonb)
),
w_penalties as (
  insert into penalties (tenant_id, rep_id, data, until)
  select $1, x."repId", x.data, x.until from p, jsonb_to_recordset(p.j->'penalties') as x("repId" text, data jsonb, until timestamptz)
),
w_unschedule as (
  delete from lead_records r using p
  where r.tenant_id = $1 and r.kind = 'schedule' and r.lead_id in (select jsonb_array_elements_text(p.j->'unschedule'))
),
w_pointers as (
  insert into pointers (tenant_id, key, data)
  select $1, x.key, x.data from p, jsonb_to_recordset(p.j->'pointers') as x(key text, data jsonb)
  on conflict (tenant_id, key) do update set data = excluded.data
),
w_daily as (
  insert into daily_counts as d (tenant_id, rep_id, day, assigned, claimed)
  select $1, x."repId", x.day, x.assigned, x.claimed
  from p, jsonb_to_recordset(p.j->'daily') as x("repId" text, day text, assigned int, claimed int)
  on conflict (tenant_id, rep_id, day) do update set assigned = d.assigned + excluded.assigned, claimed = d.claimed + excluded.claimed
),
w_loads as (
  update reps r set open_load = least(${INT4.max}, greatest(0, r.open_load::bigint + x.delta))
  from p, jsonb_to_recordset(p.j->'loads') as x(id text, delta int)
  where r.tenant_id = $1 and r.id = x.id
),
w_own_end as (
  update ownership o set to_at = x."to", end_reason = x.reason
  from p, jsonb_to_recordset(p.j->'ownEnd') as x(id bigint, "to" timestamptz, reason text)
  where o.id = any((select array_agg((e->>'id')::bigint) from p, jsonb_array_elements(p.j->'ownEnd') as e)::bigint[])
    and o.id = x.id and (o.tenant_id || '') = $1
),
w_own_new as (
  insert into ownership (tenant_id, lead_id, rep_id, from_at, to_at, via, end_reason)
  select $1, x."leadId", x."repId", x."from", x."to", x.via, x.reason
  from p, jsonb_to_recordset(p.j->'ownNew') as x("leadId" text, "repId" text, "from" timestamptz, "to" timestamptz, via text, reason text)
),
w_event as (
  insert into events (tenant_id, id, type, received_at, response)
  select $1, x.id, x.type, x."receivedAt", x.response
  from p, jsonb_to_recordset(p.j->'events') as x(id text, type text, "receivedAt" timestamptz, response jsonb)
),
w_records as (
  insert into lead_records (tenant_id, lead_id, kind, data, at)
  select $1, x."leadId", x.kind, x.data, x.at from p, jsonb_to_recordset(p.j->'records') as x("leadId" text, kind text, data jsonb, at timestamptz)
),
w_activities as (
  insert into activities (tenant_id, lead_id, rep_id, at, kind, stage)
  select $1, x."leadId", x."repId", x.at, x.kind, x.stage
  from p, jsonb_to_recordset(p.j->'activities') as x("leadId" text, "repId" text, at timestamptz, kind text, stage text)
),
w_dues as (
  update leads l set next_due_at = x.due
  from p, jsonb_to_recordset(p.j->'dues') as x(id text, due timestamptz)
  where l.tenant_id = $1 and l.id = x.id
),
w_leads as (
  insert into leads as l (tenant_id, id, data, owner_id, pool_id, status, updated_at, match_keys, find_keys, next_due_at)
  select $1, x.id, x.data, x."ownerId", x."poolId", x.status, (p.j->>'now')::timestamptz, x."matchKeys", x."findKeys", x."nextDue"
  from p, jsonb_to_recordset(p.j->'leads') as x(id text, data jsonb, "ownerId" text, "poolId" text, status text, "matchKeys" jsonb, "findKeys" jsonb, "nextDue" timestamptz)
  on conflict (tenant_id, id) do update
    set data = excluded.data, owner_id = excluded.owner_id, pool_id = excluded.pool_id, status = excluded.status, updated_at = excluded.updated_at,
      match_keys = excluded.match_keys, find_keys = excluded.find_keys, next_due_at = excluded.next_due_at
)
select 1 as ok`,
);

/**
 * The transaction's last statement: on PostgreSQL it goes with the COMMIT. After a savepoint: if
 * the database refuses a row, the batch goes on without the event that brought it (run.ts).
 */
export async function writeAll(q: Query, tenantId: string, payload: WritePayload): Promise<void> {
  await q(WRITE, [tenantId, payload.json, payload.decisions], { commit: true, retryable: true });
}

/** YYYY-MM-DD in the zone: the day a daily cap counts an assignment on (the engine's own reckoning, so they agree). */
export function localDay(epochMs: number, timeZone: string): string {
  return localTime(epochMs, timeZone).day;
}
