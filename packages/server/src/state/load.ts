import type { Roster, ScoreModel } from '@sluice/engine';
import { customersWithGroups } from './customerGroups.js';
import { heldModels, type HeldModels, modelsOf } from './modelCache.js';
import type { StoredResponse } from './response.js';
import { asked, countersOf, type CountersAsked, type CountersLoaded } from './counterCache.js';
import { heldRoster, rosterOf, type HeldRoster, type RosterRows } from './rosterCache.js';
import { statement, type Query } from './sql.js';

/** What a batch of events is about: everything else a decision may read is loaded around these. */
export interface LoadScope {
  /** Leads loaded in full: row, ownership history, activities, reminders, collaborators, overrides. */
  leadIds: string[];
  /** Reps the events name: their open leads and the ownerships they started are loaded too. */
  repIds: string[];
  /** Normalised customer match keys ('c:…', 'd:…', 'p:…'). */
  customerKeys: string[];
  /** Penalties still running at this instant are loaded. */
  now: string;
  /** Daily counts of these days (the UTC day ± 1 covers every zone's "today"). */
  days: string[];
  /** Events whose stored response (if any) makes them retries. */
  eventIds: string[];
  /** Live policies listening to any of these event types are listed. */
  eventTypes: string[];
}

export interface LoadedRows {
  /** The tenant's roster version at the load (roster_versions; '0' before its first roster write). */
  rosterVersion: string;
  /** The roster's rows, sent only when the version differs from the one this process holds. */
  rosterRows: RosterRows | null;
  /** The roster the decisions run on: rebuilt from `rosterRows`, or the one held (not part of the JSON). */
  roster: Roster;
  /** The tenant's model version at the load (model_versions; '0' before its first model). */
  modelVersion: string;
  /** The published smart-score models, sent only when the version differs from the one this process holds. */
  modelRows: unknown[] | null;
  /** The published models by key the decisions score with (not part of the JSON). */
  models: ReadonlyMap<string, ScoreModel>;
  /**
   * Reps' open loads that are not zero: sent by the load only when the counters this process holds
   * are not current (counterCache.ts), else copied from them — the same rows either way.
   */
  loads: Array<[repId: string, openLoad: number]>;
  /** The counters' version and this transaction's id, and whether the held counters were current. */
  counters: CountersLoaded;
  /** Events already handled, by id: the request hash and what rebuilds the response (see response.ts). */
  stored: Record<string, StoredResponse>;
  live: Array<[key: string, kind: string, version: number, events: string[]]>;
  leads: Array<Record<string, unknown> & { id: string }>;
  repLeads: Array<Record<string, unknown> & { id: string }>;
  ownership: OwnershipRow[];
  repOwnership: OwnershipRow[];
  activities: Array<{ leadId: string; repId: string; at: string; kind: string; stage: string | null }>;
  records: Array<{ leadId: string; kind: string; data: Record<string, unknown> }>;
  penalties: Record<string, unknown>[];
  pointers: Record<string, Record<string, unknown>>;
  /** Daily counts of the days asked, sent or copied as `loads`. */
  daily: Array<[repId: string, day: string, assigned: number]>;
  customers: Array<Record<string, unknown> & { id: string }>;
  /** Webhook event types the tenant's subscriptions ask for ('*' for every one). */
  subscribed: string[];
}

export interface OwnershipRow {
  id: number;
  leadId: string;
  repId: string;
  from: string;
  to: string | null;
  via: string | null;
  endReason: string | null;
}

const OWNERSHIP_JSON = `json_build_object('id', o.id, 'leadId', o.lead_id, 'repId', o.rep_id, 'from', o.from_at, 'to', o.to_at, 'via', o.via, 'endReason', o.end_reason)`;

/** At most this many leads are loaded because they share a match key with the batch's leads. */
export const MATCHED_LEADS = 500;

/**
 * Everything a batch of decisions may read, in one statement (one snapshot, one round trip).
 * Each part is an index lookup by tenant and lead, rep, day or key. The roster (reps, teams,
 * pools, calendars, zone) comes only when the tenant's roster version differs from $9, the one
 * this process holds: read in the same statement, so the version and the rows are of one
 * snapshot, and a roster edit committed by any replica is seen by the very next decision.
 * Parameters: $1 tenant, $2 lead ids, $3 rep ids, $4 customer keys, $5 now, $6 days,
 * $7 event ids, $8 event types, $9 the held roster version ('' when none), $10 the held model
 * version ('' when none): the tenant's published smart-score models come, as the roster does, only
 * when their version (model_versions) differs; $11 the held counters' version ('' when none),
 * $12 the txid of this process's last write on top of it ('-' when none, '' when the load is not to
 * hold counters: it then needs no txid of its own).
 * The open loads and daily counts (O(roster) rows at a busy tenant) come only when the held ones
 * are not current: the version is as loaded, or the last writer was our own transaction $12 and
 * the version it replaced is the one we hold (counter_versions keeps both; see counterCache.ts).
 *
 * The keys looked for (\`k\`) are the events' lead keys ($4), their parent-company family keys
 * (the engine's familyLookupKeys: 'p' before a company key) and the stored keys of the named
 * leads (\`find_keys\`: a claim names a lead without its data). Leads holding one of them
 * (\`match_keys\`, GIN) are loaded in full beside the named ones (\`ids\`), as the engine's
 * StateView.findLeads would find them on the whole state: a conflict's rival holder.
 * Every match-key search compares \`tenant_id || ''\`, which no index serves, so the GIN index on
 * the keys is the one path: PGlite's tables are never analyzed, and without statistics the planner
 * took \`tenant_id = $1\` for a selective condition and ANDed a bitmap of the tenant's every lead
 * (63 of a 70 ms load at 1,000,000 stored), or walked the tenant's primary key in id order for the
 * LIMIT. The keys are the tenant's own leads' (a company's normalised name, a domain): the few
 * rows they find are then checked for the tenant.
 */
export const LOAD = statement(
  'sluice_load_v13',
  ['text', 'text[]', 'text[]', 'text[]', 'timestamptz', 'text[]', 'text[]', 'text[]', 'text', 'text', 'text', 'text'],
  `with v as (
  select coalesce((select r.version::text from roster_versions r where r.tenant_id = $1), '0') as version
),
mv as (
  select coalesce((select m.version::text from model_versions m where m.tenant_id = $1), '0') as version
),
c as (
  select coalesce(x.version::text, '0') as version,
    $11 <> '' and (coalesce(x.version::text, '0') = $11 or (x.txid::text = $12 and coalesce(x.prior::text, '0') = $11)) as fresh
  from (select 1) one left join counter_versions x on x.tenant_id = $1
),
k as (
  select array(select unnest($4::text[])
    union select 'p' || x from unnest($4::text[]) x where x ~ '^[csb]:'
    union select jsonb_array_elements_text(l.find_keys) from leads l where l.tenant_id = $1 and l.id = any($2::text[])) as keys
),
ids as (
  select array(select unnest($2::text[]) union
    select m.id from (select m.id from leads m where (select cardinality(k.keys) from k) > 0 and m.tenant_id || '' = $1
                      and m.match_keys ?| (select k.keys from k) order by m.id limit ${MATCHED_LEADS}) m) as ids
)
select json_build_object(
  'rosterVersion', (select version from v),
  'rosterRows', (select case when v.version = $9 then null else json_build_object(
    'timeZone', (select t.time_zone from tenants t where t.id = $1),
    'reps', (select coalesce(json_agg(r.data), '[]'::json) from reps r where r.tenant_id = $1),
    'teams', (select coalesce(json_agg(t.data), '[]'::json) from teams t where t.tenant_id = $1),
    'pools', (select coalesce(json_agg(p.data), '[]'::json) from pools p where p.tenant_id = $1),
    'calendars', (select coalesce(json_agg(c.data order by c.id), '[]'::json) from calendars c where c.tenant_id = $1)) end from v),
  'modelVersion', (select version from mv),
  'modelRows', (select case when mv.version = $10 then null else
    (select coalesce(json_agg(s.model order by s.key), '[]'::json) from score_models s where s.tenant_id = $1 and s.status = 'published') end from mv),
  'counters', (select json_build_object('version', c.version, 'fresh', c.fresh, 'txid', case when $12 = '' then '' else txid_current()::text end) from c),
  'loads', (select coalesce(json_agg(json_build_array(r.id, r.open_load)), '[]'::json) from reps r, c
            where not c.fresh and r.tenant_id = $1 and r.open_load <> 0),
  'stored', (select coalesce(json_object_agg(e.id, json_build_object('hash', e.response->'hash', 'body', e.response->'body', 'decisionIds', e.response->'decisions', 'decisions',
               (select coalesce(json_agg(d.decision), '[]'::json) from decisions d
                where d.tenant_id = $1 and d.id in (select jsonb_array_elements_text(e.response->'decisions'))))), '{}'::json)
             from events e where e.tenant_id = $1 and e.id = any($7::text[])),
  'live', (select coalesce(json_agg(json_build_array(p.key, p.kind, p.live_version, p.live_events) order by p.key), '[]'::json)
           from policies p where p.tenant_id = $1 and p.live_version is not null and p.live_events ?| $8::text[]),
  'leads', (select coalesce(json_agg(l.data), '[]'::json) from leads l where l.tenant_id = $1 and l.id = any((select ids from ids)::text[])),
  'repLeads', (select coalesce(json_agg(l.data), '[]'::json) from leads l
               where cardinality($3::text[]) > 0 and l.tenant_id = $1 and l.owner_id = any($3::text[]) and l.status = 'open'),
  'ownership', (select coalesce(json_agg(${OWNERSHIP_JSON} order by o.id), '[]'::json)
                from ownership o where o.tenant_id = $1 and o.lead_id = any((select ids from ids)::text[])),
  'repOwnership', (select coalesce(json_agg(${OWNERSHIP_JSON} order by o.id), '[]'::json)
                   from ownership o where cardinality($3::text[]) > 0 and o.tenant_id = $1 and o.rep_id = any($3::text[])),
  'activities', (select coalesce(json_agg(json_build_object('leadId', a.lead_id, 'repId', a.rep_id, 'at', a.at, 'kind', a.kind, 'stage', a.stage)
                   order by a.at, a.id), '[]'::json)
                 from activities a where a.tenant_id = $1 and a.lead_id = any((select ids from ids)::text[])),
  'records', (select coalesce(json_agg(json_build_object('leadId', r.lead_id, 'kind', r.kind, 'data', r.data) order by r.id), '[]'::json)
              from lead_records r where r.tenant_id = $1 and r.lead_id = any((select ids from ids)::text[]) and r.kind in ('reminder', 'collaborator', 'override')),
  'penalties', (select coalesce(json_agg(p.data order by p.id), '[]'::json) from penalties p where p.tenant_id = $1 and p.until > $5::timestamptz),
  'pointers', (select coalesce(json_object_agg(p.key, p.data), '{}'::json) from pointers p where p.tenant_id = $1),
  'daily', (select coalesce(json_agg(json_build_array(d.rep_id, d.day, d.assigned)), '[]'::json)
            from daily_counts d, c where not c.fresh and d.tenant_id = $1 and d.day = any($6::text[])),
  'customers', ${customersWithGroups('(select k.keys from k)', '(select cardinality(k.keys) from k) > 0')},
  'subscribed', (select coalesce(json_agg(distinct t.type), '[]'::json)
                 from webhooks w, jsonb_array_elements_text(w.event_types) as t(type) where w.tenant_id = $1)
)::text as state`,
);

/** `holdCounters`: offer and keep the counters this process holds (a caller that applies its writes after commit: counterCache.ts). */
export async function loadRows(q: Query, tenantId: string, s: LoadScope, holdCounters = false): Promise<LoadedRows> {
  return parseLoaded(await loadRowsText(q, tenantId, s, holdCounters));
}

/** A load as it came: its JSON text, and the roster and counters this process held when it was sent. */
export interface LoadedText {
  tenantId: string;
  text: string;
  held: HeldRoster | undefined;
  heldModels: HeldModels | undefined;
  counters: CountersAsked;
  days: string[];
  holdCounters: boolean;
}

/**
 * The rows as JSON text (the drivers would parse a json column the same way): a batch that has to
 * run again without an event parses it once more (parseLoaded), so nothing the first run changed
 * in memory survives, without loading again. The roster is shared: the engine never changes it.
 */
export async function loadRowsText(q: Query, tenantId: string, s: LoadScope, holdCounters = false): Promise<LoadedText> {
  const held = heldRoster(tenantId);
  const models = heldModels(tenantId);
  const counters = asked(tenantId, s.days, holdCounters);
  const [row] = await q<{ state: string }>(LOAD, [
    tenantId,
    s.leadIds,
    s.repIds,
    s.customerKeys,
    s.now,
    s.days,
    s.eventIds,
    s.eventTypes,
    held?.version ?? '',
    models?.version ?? '',
    counters.version,
    counters.wroteIn,
  ]);
  return { tenantId, text: row!.state, held, heldModels: models, counters, days: s.days, holdCounters };
}

/** The rows of a load, parsed afresh, with the roster they run on (built once per roster version). */
export function parseLoaded(loaded: LoadedText): LoadedRows {
  const rows = JSON.parse(loaded.text) as LoadedRows;
  // A batch run again parses the same text: the roster built from its rows the first time is held by then.
  const sent = loaded.held?.version === rows.rosterVersion ? null : rows.rosterRows;
  rows.roster = rosterOf(loaded.tenantId, loaded.held, rows.rosterVersion, sent);
  if (sent) loaded.held = { version: rows.rosterVersion, roster: rows.roster };
  rows.rosterRows = null;
  const sentModels = loaded.heldModels?.version === rows.modelVersion ? null : rows.modelRows;
  rows.models = modelsOf(loaded.tenantId, loaded.heldModels, rows.modelVersion, sentModels);
  if (sentModels) loaded.heldModels = { version: rows.modelVersion, models: rows.models };
  rows.modelRows = null;
  const counters = countersOf(loaded.tenantId, loaded.counters, rows.counters, rows, loaded.days, loaded.holdCounters);
  rows.loads = counters.loads;
  rows.daily = counters.daily;
  // A batch run again parses the same text: the held counters are adopted under its version by then.
  if (rows.counters.fresh) loaded.counters = { ...loaded.counters, version: rows.counters.version, wroteIn: '-' };
  return rows;
}

/** Customers for keys found only after loading (an event named a stored lead without its data). */
export const CUSTOMERS = statement('sluice_customers_v4', ['text', 'text[]'], `select ${customersWithGroups('$2::text[]', 'true')} as customers`);

export async function loadCustomers(q: Query, tenantId: string, keys: string[]): Promise<Array<Record<string, unknown> & { id: string }>> {
  const [row] = await q<{ customers: Array<Record<string, unknown> & { id: string }> }>(CUSTOMERS, [tenantId, keys]);
  return row!.customers;
}

/**
 * Leads holding keys that live policies' account relations make a lead search for (the engine's
 * relationLookupKeys), loaded in full as LOAD loads matched leads — row, ownership, activities,
 * records — except those already loaded ($3); and the customers holding those keys or keys found
 * only after loading ($4). One indexed statement, run only when a live policy relates companies.
 */
export const RELATED = statement(
  'sluice_related_v3',
  ['text', 'text[]', 'text[]', 'text[]'],
  `with ids as (
  select array(select m.id from leads m where cardinality($2::text[]) > 0 and m.tenant_id || '' = $1 and m.match_keys ?| $2::text[]
               and m.id <> all($3::text[]) order by m.id limit ${MATCHED_LEADS}) as ids
)
select json_build_object(
  'leads', (select coalesce(json_agg(l.data), '[]'::json) from leads l where l.tenant_id = $1 and l.id = any((select ids from ids)::text[])),
  'ownership', (select coalesce(json_agg(${OWNERSHIP_JSON} order by o.id), '[]'::json)
                from ownership o where o.tenant_id = $1 and o.lead_id = any((select ids from ids)::text[])),
  'activities', (select coalesce(json_agg(json_build_object('leadId', a.lead_id, 'repId', a.rep_id, 'at', a.at, 'kind', a.kind, 'stage', a.stage)
                   order by a.at, a.id), '[]'::json)
                 from activities a where a.tenant_id = $1 and a.lead_id = any((select ids from ids)::text[])),
  'records', (select coalesce(json_agg(json_build_object('leadId', r.lead_id, 'kind', r.kind, 'data', r.data) order by r.id), '[]'::json)
              from lead_records r where r.tenant_id = $1 and r.lead_id = any((select ids from ids)::text[]) and r.kind in ('reminder', 'collaborator', 'override')),
  'customers', ${customersWithGroups('$4::text[]', 'cardinality($4::text[]) > 0')}
)::text as rows`,
);

export type RelatedRows = Pick<LoadedRows, 'leads' | 'ownership' | 'activities' | 'records' | 'customers'>;

export async function loadRelated(q: Query, tenantId: string, leadKeys: string[], loadedIds: string[], customerKeys: string[]): Promise<RelatedRows> {
  const [row] = await q<{ rows: string }>(RELATED, [tenantId, leadKeys, loadedIds, customerKeys]);
  return JSON.parse(row!.rows) as RelatedRows;
}

/** Documents of policy versions this process has not compiled yet. */
export const VERSIONS = statement(
  'sluice_versions_v2',
  ['text', 'jsonb'],
  `select v.key, v.version, v.document from policy_versions v
   join jsonb_to_recordset($2::jsonb) as w(key text, version int) on w.key = v.key and w.version = v.version
   where v.tenant_id = $1`,
);
