import type { Query, Statement } from './sql.js';

/** What a decision is about: everything else it may read is loaded around these. */
export interface LoadScope {
  /** Leads loaded in full: row, ownership history, activities, reminders, collaborators, overrides. */
  leadIds: string[];
  /** A rep the event names: their open leads and the ownerships they started are loaded too. */
  repId: string | null;
  /** Normalised customer match keys ('c:…', 'd:…', 'p:…'). */
  customerKeys: string[];
  /** Penalties still running at this instant are loaded. */
  now: string;
  /** Daily counts of these days (the UTC day ± 1 covers every zone's "today"). */
  days: string[];
  /** The event whose stored response (if any) makes this a retry. */
  eventId: string | null;
  /** Live policies listening to this event type are listed. */
  eventType: string | null;
}

export interface LoadedRows {
  timeZone: string | null;
  /** The stored `{hash, body}` of an event already handled. */
  stored: { hash: string; body: string } | null;
  live: Array<[key: string, kind: string, version: number]>;
  reps: Array<[data: Record<string, unknown>, openLoad: number]>;
  teams: Record<string, unknown>[];
  pools: Record<string, unknown>[];
  leads: Record<string, unknown>[];
  ownership: Array<{ id: number; leadId: string; repId: string; from: string; to: string | null; via: string | null; endReason: string | null }>;
  activities: Array<{ leadId: string; repId: string; at: string; kind: string; stage: string | null }>;
  records: Array<{ leadId: string; kind: string; data: Record<string, unknown> }>;
  penalties: Record<string, unknown>[];
  pointers: Record<string, Record<string, unknown>>;
  daily: Array<[repId: string, day: string, assigned: number]>;
  customers: Record<string, unknown>[];
}

/**
 * Everything one decision may read, in one statement (one snapshot, one round trip). Each part is
 * an index lookup by tenant (and lead, rep or key); the roster parts are a tenant's whole roster,
 * which the candidate filters need anyway.
 */
export const LOAD: Statement = {
  name: 'sluice_load_v1',
  text: `
with s as (
  select
    array(select jsonb_array_elements_text($2::jsonb->'leadIds')) as lead_ids,
    $2::jsonb->>'repId' as rep_id,
    array(select jsonb_array_elements_text($2::jsonb->'customerKeys')) as keys,
    array(select jsonb_array_elements_text($2::jsonb->'days')) as days,
    ($2::jsonb->>'now')::timestamptz as now,
    $2::jsonb->>'eventId' as event_id,
    $2::jsonb->>'eventType' as event_type
)
select json_build_object(
  'timeZone', (select t.time_zone from tenants t where t.id = $1),
  'stored', (select e.response from events e, s where e.tenant_id = $1 and e.id = s.event_id),
  'live', (select coalesce(json_agg(json_build_array(p.key, p.kind, p.live_version) order by p.key), '[]'::json)
           from policies p, s where p.tenant_id = $1 and p.live_version is not null and p.live_events ? s.event_type),
  'reps', (select coalesce(json_agg(json_build_array(r.data, r.open_load)), '[]'::json) from reps r where r.tenant_id = $1),
  'teams', (select coalesce(json_agg(t.data), '[]'::json) from teams t where t.tenant_id = $1),
  'pools', (select coalesce(json_agg(p.data), '[]'::json) from pools p where p.tenant_id = $1),
  'leads', (select coalesce(json_agg(l.data), '[]'::json) from leads l, s
            where l.tenant_id = $1 and (l.id = any(s.lead_ids) or (s.rep_id is not null and l.owner_id = s.rep_id and l.status = 'open'))),
  'ownership', (select coalesce(json_agg(json_build_object('id', o.id, 'leadId', o.lead_id, 'repId', o.rep_id, 'from', o.from_at, 'to', o.to_at,
                  'via', o.via, 'endReason', o.end_reason) order by o.id), '[]'::json)
                from ownership o, s where o.tenant_id = $1 and (o.lead_id = any(s.lead_ids) or o.rep_id = s.rep_id)),
  'activities', (select coalesce(json_agg(json_build_object('leadId', a.lead_id, 'repId', a.rep_id, 'at', a.at, 'kind', a.kind, 'stage', a.stage)
                   order by a.at, a.id), '[]'::json)
                 from activities a, s where a.tenant_id = $1 and a.lead_id = any(s.lead_ids)),
  'records', (select coalesce(json_agg(json_build_object('leadId', r.lead_id, 'kind', r.kind, 'data', r.data) order by r.id), '[]'::json)
              from lead_records r, s where r.tenant_id = $1 and r.lead_id = any(s.lead_ids) and r.kind in ('reminder', 'collaborator', 'override')),
  'penalties', (select coalesce(json_agg(p.data order by p.id), '[]'::json) from penalties p, s where p.tenant_id = $1 and p.until > s.now),
  'pointers', (select coalesce(json_object_agg(p.key, p.data), '{}'::json) from pointers p where p.tenant_id = $1),
  'daily', (select coalesce(json_agg(json_build_array(d.rep_id, d.day, d.assigned)), '[]'::json)
            from daily_counts d, s where d.tenant_id = $1 and d.day = any(s.days)),
  'customers', (select coalesce(json_agg(c.data order by c.id), '[]'::json) from customers c, s
                where c.tenant_id = $1 and cardinality(s.keys) > 0 and c.match_keys ?| s.keys)
) as state`,
};

export async function loadRows(q: Query, tenantId: string, scope: LoadScope): Promise<LoadedRows> {
  const [row] = await q<{ state: LoadedRows }>(LOAD, [tenantId, JSON.stringify(scope)]);
  return row!.state;
}

/** Customers for keys found only after loading (the event named a stored lead without its data). */
export const CUSTOMERS: Statement = {
  name: 'sluice_customers_v1',
  text: `select coalesce(json_agg(c.data order by c.id), '[]'::json) as customers from customers c
         where c.tenant_id = $1 and c.match_keys ?| array(select jsonb_array_elements_text($2::jsonb))`,
};

export async function loadCustomers(q: Query, tenantId: string, keys: string[]): Promise<Record<string, unknown>[]> {
  const [row] = await q<{ customers: Record<string, unknown>[] }>(CUSTOMERS, [tenantId, JSON.stringify(keys)]);
  return row!.customers;
}

/** Documents of policy versions not compiled yet in this process. */
export const VERSIONS: Statement = {
  name: 'sluice_versions_v1',
  text: `select v.key, v.version, v.document from policy_versions v
         join jsonb_to_recordset($2::jsonb) as w(key text, version int) on w.key = v.key and w.version = v.version
         where v.tenant_id = $1`,
};
