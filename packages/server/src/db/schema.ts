import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, integer, json, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * One Postgres schema for the embedded database (PGlite) and for PostgreSQL. Every row belongs to
 * a tenant and every key starts with the tenant id, so no query can reach across tenants by accident.
 * Domain records (reps, leads …) are kept as the engine's JSON plus the columns queries need.
 */
const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'string' });

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('UTC'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    name: text('name').notNull(),
    /** The first characters of the key, shown in lists so people can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key: keys are long random secrets, so a fast hash is enough. */
    hash: text('hash').notNull(),
    scopes: jsonb('scopes').$type<string[]>().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [uniqueIndex('api_keys_hash').on(t.hash)],
);

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id')
      .notNull()
      .references(() => tenants.id),
    email: text('email').notNull(),
    role: text('role').notNull(),
    /** scrypt: users choose passwords, so the hash must be slow. */
    passwordHash: text('password_hash').notNull(),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email').on(t.tenantId, t.email)],
);

export const sessions = pgTable('sessions', {
  /** SHA-256 of the session cookie value. */
  id: text('id').primaryKey(),
  userId: text('user_id')
    .notNull()
    .references(() => users.id),
  tenantId: text('tenant_id').notNull(),
  csrf: text('csrf').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const policies = pgTable(
  'policies',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    draft: jsonb('draft').notNull(),
    /** The published version that decides; null = never published or withdrawn. */
    liveVersion: integer('live_version'),
    /** Event types the live version listens to, for finding the policies an event wakes. */
    liveEvents: jsonb('live_events').$type<string[]>().notNull().default([]),
    /** The last change of any kind: a draft save, a publication or a rollback. */
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** Who made the last change (`user:<id>` or `key:<prefix>`); null on rows older than this column. */
    changedBy: text('changed_by'),
    /** What the last change was: 'save' | 'publish' | 'rollback'. */
    changeAction: text('change_action'),
    /** The last draft save, by whom: a publication does not change it. */
    draftSavedBy: text('draft_saved_by'),
    draftSavedAt: ts('draft_saved_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key] })],
);

export const policyVersions = pgTable(
  'policy_versions',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    document: jsonb('document').notNull(),
    note: text('note').notNull(),
    publishedBy: text('published_by').notNull(),
    publishedAt: ts('published_at').notNull().defaultNow(),
    /** The simulation the publisher attached as evidence (S31): { simulationId, label? }; null when none. */
    evidence: jsonb('evidence').$type<{ simulationId: string; label?: string }>(),
    /** Published past failing test cases (issue 14): who, when, why, which cases; null when all passed. */
    override: jsonb('override').$type<PublishOverride>(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.key, t.version] })],
);

/** Publications, rollbacks included: the change log (who, when, which version, why). */
export const policyLog = pgTable('policy_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  tenantId: text('tenant_id').notNull(),
  key: text('key').notNull(),
  version: integer('version').notNull(),
  action: text('action').notNull(),
  note: text('note').notNull(),
  actor: text('actor').notNull(),
  at: ts('at').notNull().defaultNow(),
  /** The publication's override of failing test cases, as on its version row. */
  override: jsonb('override').$type<PublishOverride>(),
});

/** A publisher's override of failing policy test cases. */
export interface PublishOverride {
  reason: string;
  actor: string;
  at: string;
  failing: string[];
}

export const reps = pgTable(
  'reps',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    data: jsonb('data').notNull(),
    openLoad: integer('open_load').notNull().default(0),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

export const teams = pgTable('teams', { tenantId: text('tenant_id').notNull(), id: text('id').notNull(), data: jsonb('data').notNull() }, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
]);

export const pools = pgTable('pools', { tenantId: text('tenant_id').notNull(), id: text('id').notNull(), data: jsonb('data').notNull() }, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
]);

export const leads = pgTable(
  'leads',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    data: jsonb('data').notNull(),
    ownerId: text('owner_id'),
    poolId: text('pool_id'),
    status: text('status').notNull().default('open'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    /** What other leads find this one by (the engine's leadIndexKeys: 'c:…', 'd:…', 'pc:…' for its parent company). */
    matchKeys: jsonb('match_keys').$type<string[]>().notNull().default([]),
    /** What this lead looks for (the engine's lookup and family keys): read by id, so not indexed. */
    findKeys: jsonb('find_keys').$type<string[]>().notNull().default([]),
    /**
     * When an owned-leads tick could first act on this lead (the engine's nextDueAt over the live
     * tick policies): a tick loads only leads due by now. NULL: not known yet, due at once;
     * '-infinity': a policy acts on every tick; 'infinity': not until something changes the lead.
     * Kept by every lead write, reset to NULL for the tenant when its clocks change (see 0009).
     */
    nextDueAt: ts('next_due_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('leads_owner').on(t.tenantId, t.ownerId),
    index('leads_next_due').on(t.tenantId, t.nextDueAt, t.id),
    index('leads_pool').on(t.tenantId, t.poolId),
    index('leads_keys').using('gin', t.matchKeys).with({ fastupdate: false }),
  ],
);

export const customers = pgTable(
  'customers',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    data: jsonb('data').notNull(),
    /** Normalised match keys ('c:acme', 'd:acme.com', 'p:13800000000'). */
    matchKeys: jsonb('match_keys').$type<string[]>().notNull().default([]),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('customers_keys').using('gin', t.matchKeys).with({ fastupdate: false }),
    // A matched customer's subsidiaries, read to load its group (state/customerGroups.ts).
    index('customers_parent').on(t.tenantId, sql`(${t.data}->>'parentId')`),
  ],
);

export const ownership = pgTable(
  'ownership',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    leadId: text('lead_id').notNull(),
    repId: text('rep_id').notNull(),
    from: ts('from_at').notNull(),
    to: ts('to_at'),
    via: text('via'),
    endReason: text('end_reason'),
  },
  (t) => [index('ownership_lead').on(t.tenantId, t.leadId), index('ownership_rep').on(t.tenantId, t.repId, t.from)],
);

export const activities = pgTable(
  'activities',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    leadId: text('lead_id').notNull(),
    repId: text('rep_id').notNull(),
    at: ts('at').notNull(),
    kind: text('kind').notNull(),
    stage: text('stage'),
  },
  (t) => [index('activities_lead').on(t.tenantId, t.leadId, t.at)],
);

export const penalties = pgTable(
  'penalties',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    repId: text('rep_id').notNull(),
    data: jsonb('data').notNull(),
    until: ts('until').notNull(),
  },
  (t) => [index('penalties_rep').on(t.tenantId, t.repId, t.until)],
);

export const pointers = pgTable('pointers', { tenantId: text('tenant_id').notNull(), key: text('key').notNull(), data: jsonb('data').notNull() }, (t) => [
  primaryKey({ columns: [t.tenantId, t.key] }),
]);

/** Leads received per rep per tenant-local day: daily caps and claim limits. */
export const dailyCounts = pgTable(
  'daily_counts',
  {
    tenantId: text('tenant_id').notNull(),
    repId: text('rep_id').notNull(),
    day: text('day').notNull(),
    assigned: integer('assigned').notNull().default(0),
    claimed: integer('claimed').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.repId, t.day] })],
);

export const leadNotes = pgTable(
  'lead_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    leadId: text('lead_id').notNull(),
    /** reminder | collaborator | override | split | flag | schedule */
    kind: text('kind').notNull(),
    data: jsonb('data').notNull(),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('lead_records_lead').on(t.tenantId, t.leadId, t.kind)],
);

/** Every event received, by its id: a retry returns the stored decision and changes nothing twice. */
export const events = pgTable(
  'events',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    type: text('type').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** `{hash, decisions: [decision ids]}`: the response is rebuilt from the decisions (rows before 0002: `{hash, body}`). */
    response: jsonb('response').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/**
 * What an event's decisions read (issue 14): the event as decided, the instant, and a compact state
 * snapshot (the lead before, the reps weighed, pointers and counters as they were), so a decision
 * can be turned into a policy test case. Written with the decisions, never read on the decide path.
 */
export const decisionInputs = pgTable(
  'decision_inputs',
  {
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    decidedAt: ts('decided_at').notNull(),
    event: jsonb('event').notNull(),
    state: jsonb('state').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.eventId] }), index('decision_inputs_decided_at').on(t.decidedAt)],
);

export const decisions = pgTable(
  'decisions',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    eventId: text('event_id').notNull(),
    leadId: text('lead_id'),
    policyKey: text('policy_key').notNull(),
    policyVersion: integer('policy_version').notNull(),
    repIds: jsonb('rep_ids').$type<string[]>().notNull().default([]),
    at: ts('at').notNull(),
    // json, not jsonb: kept as written (key order included), so a retried event's response can be
    // rebuilt from its decisions byte for byte, and nothing ever queries inside it.
    decision: json('decision').notNull(),
  },
  (t) => [
    index('decisions_lead').on(t.tenantId, t.leadId, t.at),
    index('decisions_policy').on(t.tenantId, t.policyKey, t.at),
    index('decisions_at').on(t.tenantId, t.at),
    // "Decisions about rep X" (repIds @> '["X"]'): without it, a scan of the tenant's decisions.
    index('decisions_reps').using('gin', sql`${t.repIds} jsonb_path_ops`),
  ],
);

/**
 * Written in the same transaction as the change it reports, so a crash loses no webhook. The
 * webhook worker (src/webhooks) claims due rows with a lease, posts them, then records the result.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    /** Delivery attempts started (a claim counts, so an event that kills workers cannot loop forever). */
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
    /** When the row left the queue: every subscription answered 2xx, or gave_up_at is set too. */
    deliveredAt: ts('delivered_at'),
    /** Subscriptions still owed this event, fixed at the first attempt (null = not dispatched yet). */
    pending: jsonb('pending').$type<string[]>(),
    /** A worker is delivering the row until then; after it, another may take it over. */
    leaseUntil: ts('lease_until'),
    leaseHolder: text('lease_holder'),
    /** Set when the last attempt failed: the subscriptions left in `pending` never got the event. */
    gaveUpAt: ts('gave_up_at'),
  },
  (t) => [
    index('outbox_due').on(t.nextAttemptAt).where(sql`delivered_at is null`),
    // The webhook worker's: open rows in id order, and the few rows leased right now.
    index('outbox_open').on(t.id).where(sql`delivered_at is null`),
    index('outbox_leased').on(t.tenantId).where(sql`lease_until is not null`),
  ],
);

/** The signing secret is stored as is: it is needed to sign, and no key management exists to wrap it. */
export const webhooks = pgTable(
  'webhooks',
  {
    id: text('id').primaryKey(),
    tenantId: text('tenant_id').notNull(),
    url: text('url').notNull(),
    eventTypes: jsonb('event_types').$type<string[]>().notNull(),
    secret: text('secret').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('webhooks_tenant').on(t.tenantId)],
);

/** One row per HTTP attempt (the delivery log), kept after the worker gives up. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    webhookId: text('webhook_id').notNull(),
    outboxId: bigint('outbox_id', { mode: 'number' }).notNull(),
    attempt: integer('attempt').notNull(),
    status: integer('status'),
    error: text('error'),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_hook').on(t.tenantId, t.webhookId, t.id)],
);

/** Scheduler leases: one replica runs a due job at a time; an expired lease is taken over. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

/**
 * Failed password attempts by (tenant, e-mail), shared by every replica so a guesser gets one budget,
 * not one per process. Rows older than an hour are forgotten (and deleted as new failures come in).
 */
export const loginThrottle = pgTable(
  'login_throttle',
  {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    lastFailureAt: ts('last_failure_at').notNull(),
  },
  (t) => [index('login_throttle_last').on(t.lastFailureAt)],
);

/**
 * Working-day calendars (工作日历): holidays and make-up working days (调休) per tenant, one row per
 * calendar (a tenant may keep one per region). `data` is the engine's calendar document.
 */
export const calendars = pgTable('calendars', { tenantId: text('tenant_id').notNull(), id: text('id').notNull(), data: jsonb('data').notNull() }, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
]);

/**
 * The tenant's lead-field catalog (线索字段目录): one row per lead field the CRM sends, keyed by
 * the field's name; `data` is the engine's field description (type, allowed values, zh/en label).
 */
export const leadFields = pgTable('lead_fields', { tenantId: text('tenant_id').notNull(), id: text('id').notNull(), data: jsonb('data').notNull() }, (t) => [
  primaryKey({ columns: [t.tenantId, t.id] }),
]);

/** Facts about the stored data itself, e.g. which version of the company-name normaliser built customers.match_keys. */
export const serverMeta = pgTable('server_meta', { key: text('key').primaryKey(), value: text('value').notNull() });

/**
 * A tenant's demo-data load (POST /v1/demo): the row is the claim that makes two clicks load it
 * once. `eventsFrom` fixes the demo's clock, so a load finished after a failure sends the very
 * same events (replayed by their ids, never decided twice).
 */
export const demoLoads = pgTable('demo_loads', {
  tenantId: text('tenant_id').primaryKey(),
  /** 'loading' | 'failed' | 'loaded'. */
  state: text('state').notNull(),
  /** The roster and the published templates are in (committed together). */
  published: boolean('published').notNull().default(false),
  actor: text('actor').notNull(),
  eventsFrom: ts('events_from').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** A CRM export and its mapping (issue #12), stored per tenant for previews and simulations. */
export const datasets = pgTable(
  'datasets',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    /** The mapping file's JSON as last saved (validated by the simulator's schema); null until saved. */
    mapping: jsonb('mapping'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] })],
);

/** One file of a dataset (leads, activities, stages or roster): which upload holds its bytes. */
export const datasetFiles = pgTable(
  'dataset_files',
  {
    tenantId: text('tenant_id').notNull(),
    datasetId: text('dataset_id').notNull(),
    kind: text('kind').notNull(),
    /** The upload whose chunks are the file: a new upload replaces the file only once complete. */
    uploadId: text('upload_id').notNull(),
    fileName: text('file_name'),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    uploadedAt: ts('uploaded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.datasetId, t.kind] })],
);

/** The bytes of uploads, in pieces written as the body streams in (the same in PGlite and PostgreSQL). */
export const datasetChunks = pgTable(
  'dataset_chunks',
  {
    tenantId: text('tenant_id').notNull(),
    uploadId: text('upload_id').notNull(),
    seq: integer('seq').notNull(),
    /** Base64: a text column reads the same from pg and PGlite, and needs no new column kind in db/limits.ts. */
    dataBase64: text('data_base64').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.uploadId, t.seq] })],
);

/** A simulation job (issue #12): candidates against a dataset, run in a worker thread. */
export const simulations = pgTable(
  'simulations',
  {
    tenantId: text('tenant_id').notNull(),
    id: text('id').notNull(),
    datasetId: text('dataset_id').notNull(),
    /** simulate | train-model (issue #15): both kinds share the runner's queue, heartbeat and cancel. */
    kind: text('kind').notNull().default('simulate'),
    /** queued | running | done | failed | cancelled. */
    status: text('status').notNull(),
    progress: jsonb('progress').$type<{ done: number; total: number; phase: string; label?: string }>().notNull(),
    /** As asked: [{ label, policies: [{ key, version: n | 'live' | 'draft' }] }], with the versions resolved at start. */
    candidates: jsonb('candidates').notNull(),
    seed: integer('seed').notNull(),
    report: jsonb('report'),
    /** { en, zh } when failed. */
    error: jsonb('error').$type<{ en: string; zh: string }>(),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    startedAt: ts('started_at'),
    finishedAt: ts('finished_at'),
    /** Last sign of life from the process running or queueing it: a start fails jobs whose owner went quiet. */
    heartbeatAt: ts('heartbeat_at'),
    /** A training job's request (model key, horizon, points policy, seed); null for a simulation. */
    params: jsonb('params'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('simulations_status').on(t.status)],
);

/**
 * Smart-score models (issue #15): one immutable row per version of a tenant's model key, trained
 * by a job or uploaded. `status`: draft | published | retired; at most one published per key (the
 * decision path scores with it). A change to these rows gives the tenant a new `model_versions`
 * version (a trigger, migration 0012), so every replica reloads its published models.
 */
export const scoreModels = pgTable(
  'score_models',
  {
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    /** The engine's ScoreModel document, its `version` set to this row's. */
    model: jsonb('model').notNull(),
    /** The evaluation report (ModelReport) it was trained or uploaded with; null when none came. */
    report: jsonb('report'),
    status: text('status').notNull(),
    /** trained | uploaded. */
    source: text('source').notNull(),
    /** The training job (a `simulations` row of kind train-model) that made it. */
    jobId: text('job_id'),
    datasetId: text('dataset_id'),
    dataHash: text('data_hash'),
    rows: integer('rows'),
    /** The training leads' period as the trainer wrote it (provenance from/to). */
    periodFrom: text('period_from'),
    periodTo: text('period_to'),
    settings: jsonb('settings'),
    /** The report's verdict: does it beat the points score out of sample? null without a report. */
    offered: boolean('offered'),
    createdBy: text('created_by').notNull(),
    createdAt: ts('created_at').notNull(),
    /** The latest publication of this version (a rollback publishes an older one again). */
    publishedBy: text('published_by'),
    publishedAt: ts('published_at'),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.key, t.version] }),
    uniqueIndex('score_models_published').on(t.tenantId, t.key).where(sql`${t.status} = 'published'`),
  ],
);

/** Model publications and rollbacks: who, when, which version, why (and past which verdict). */
export const modelLog = pgTable(
  'model_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    tenantId: text('tenant_id').notNull(),
    key: text('key').notNull(),
    version: integer('version').notNull(),
    /** publish | rollback. */
    action: text('action').notNull(),
    note: text('note').notNull(),
    actor: text('actor').notNull(),
    at: ts('at').notNull(),
    /** Published although the report did not offer it: { reason, actor, at }; null otherwise. */
    override: jsonb('override').$type<{ reason: string; actor: string; at: string }>(),
  },
  (t) => [index('model_log_key').on(t.tenantId, t.key, t.id)],
);
