import type { Credentials, Reply, Request } from './client.js';
import { must, send } from './client.js';
import { OFFERED, scoreModel } from '../modelFixtures.js';
import { fullRep, LOGIN_EMAIL, NOW, ownedLead, policyDocument, POLICY, pooledLead, POOL, REPS, TENANT, type World } from './seed.js';

/**
 * A valid request for every operation, so that a boundary value put into one field meets an
 * otherwise valid request and reaches the code (and the database) behind validation. An operation
 * with no entry here gets one built from its schema (see `exampleOf`); the fuzzer's first request
 * of every operation is its valid request, which must succeed, so a route added without a valid
 * request that works is noticed.
 */

type Valid = Partial<Request>;
type Variant = (w: World) => Valid | Promise<Valid>;

export interface Spec {
  /**
   * Valid requests; a field is tried in the first variant that has it, else in the first that
   * has its parent (so `activity.at` is tried in an activity event, `policyVersion` in a preview).
   */
  variants: Variant[];
  credentials?: Credentials;
  /** Runs once before the operation's requests (things the valid request deletes or changes). */
  setup?: (w: World) => Promise<void>;
  /** One request at a time: the operation changes what its next request needs. */
  sequential?: boolean;
  /**
   * What may break after a boundary value was accepted, checked by a decision right after it:
   * `newLead` a lead routed over the roster, `sameLead` the lead the event was about (reclaim
   * reads its dates), `draft` a preview of the edited draft. One request at a time, then.
   */
  canary?: 'newLead' | 'sameLead' | 'draft';
  /** After the batch, send the valid request again: what later operations read is valid again. */
  restore?: boolean;
  /** A path parameter and a top-level body field that must carry the same value (PUT /v1/reps/{id} and `id`). */
  linked?: Array<{ path: string; body: string }>;
  /** Sent as the scratch tenant (World.scratchKey): the valid request needs a tenant without policies (demo data). */
  scratch?: boolean;
  /** What a 2xx to a request changed in the world (a new password). */
  accepted?: (w: World, sent: Request, reply: Reply) => void;
}

const at = NOW;
const leadFacts = (id: string) => ({
  id,
  createdAt: '2026-03-01T09:00:00+08:00',
  status: 'open',
  score: 42,
  grade: 'B',
  stage: 'MQL',
  lastActivityAt: '2026-03-01T10:00:00+08:00',
  company: 'Acme 科技',
  parentCompany: 'Acme Holdings',
  email: 'buyer@acme.example',
  phone: '+86 21 5555 0100',
  ownedSince: '2026-03-01T09:30:00+08:00',
  lastOpportunityAt: '2026-02-20T10:00:00+08:00',
  lastDealAt: '2025-12-01T10:00:00+08:00',
  level: 'KA',
  locked: false,
  signed: false,
  openOpportunity: false,
  expectedAmount: 120000,
  reportedAt: '2026-03-01T08:00:00+08:00',
  discoveredAt: '2026-03-01T08:30:00+08:00',
  region: 'east',
});
const fresh = (w: World, prefix: string) => `${prefix}-${w.next()}`;
const WITHDRAWN = 'bf-withdrawn';
const withdrawnDocument = {
  key: WITHDRAWN,
  kind: 'routing',
  name: 'To withdraw 待下线',
  nodes: [
    { id: 'start', type: 'trigger', data: { events: ['lead.qualified'] } },
    { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'rr' }],
};
const CALENDAR = {
  name: { en: 'Mainland 2026', zh: '中国大陆 2026' },
  timeZone: 'Asia/Shanghai',
  weekend: [6, 7],
  holidays: [{ from: '2026-10-01', to: '2026-10-07', name: { en: 'National Day', zh: '国庆节' } }],
  makeUpDays: [{ date: '2026-09-20', worksAs: 3, name: { en: 'Make-up day', zh: '调休上班' } }],
};
const LEAD_FIELD = {
  type: 'enum',
  values: ['east', 'west', { value: '华东', label: { en: 'East China', zh: '华东' } }],
  label: { en: 'Sales region', zh: '销售区域' },
};
/** An iCalendar file: 国庆 off, one make-up day, one timed event the import skips. */
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//bf//holidays//CN',
  'BEGIN:VEVENT',
  'UID:nd',
  'DTSTART;VALUE=DATE:20261001',
  'DTEND;VALUE=DATE:20261008',
  'SUMMARY:国庆节',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:mk',
  'DTSTART;VALUE=DATE:20261010',
  'SUMMARY:国庆补班',
  'END:VEVENT',
  'BEGIN:VEVENT',
  'UID:mt',
  'DTSTART:20261009T020000Z',
  'SUMMARY:Meeting',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

/**
 * Events as a CRM sends them: a new lead with every fact, an activity, a stage change. Each about
 * a lead of its own, so an odd value one request stored is blamed on that request (by the canary
 * that reads the lead again), not on the next one about the same lead.
 */
const newLead: Variant = (w) => ({
  body: { id: fresh(w, 'bf-ev'), type: 'lead.created', at, lead: leadFacts(fresh(w, 'bf-L')), amount: 1000, data: { source: 'web' } },
});
const activity: Variant = (w) => ({
  body: { id: fresh(w, 'bf-ev'), type: 'activity.logged', at, lead: { id: fresh(w, 'bf-L') }, activity: { kind: 'call', at, repId: REPS[0] } },
});
const stage: Variant = (w) => {
  const leadId = fresh(w, 'bf-L');
  return { body: { id: fresh(w, 'bf-ev'), type: 'stage.changed', at, lead: { id: leadId }, leadId, repId: REPS[0], stage: { from: 'MQL', to: 'SQL' } } };
};
const preview: Variant = (w) => ({
  body: { id: fresh(w, 'bf-ev'), type: 'lead.created', at, lead: { id: fresh(w, 'bf-L') }, dryRun: true, policyKey: POLICY, policyVersion: 1, draft: false },
});

const roster = (plural: string, id: string, item: Record<string, unknown>): Record<string, Spec> => ({
  [`GET /v1/${plural}`]: { variants: [() => ({ query: { limit: '10', after: 'a' } })] },
  [`GET /v1/${plural}/{id}`]: { variants: [() => ({ path: { id } })] },
  [`PUT /v1/${plural}/{id}`]: {
    variants: [() => ({ path: { id }, body: { ...item, id } })],
    canary: 'newLead',
    restore: true,
    linked: [{ path: 'id', body: 'id' }],
  },
  [`DELETE /v1/${plural}/{id}`]: { variants: [() => ({ path: { id: 'bf-doomed' } })], setup: (w) => must(w, 'PUT', `/v1/${plural}/bf-doomed`, {}) },
  // The bulk's first item is the same row the PUT edits: what it stores is what routing reads.
  [`POST /v1/${plural}/bulk`]: { variants: [() => ({ body: { items: [{ ...item, id }] } })], canary: 'newLead', restore: true },
});

/** A small CRM export and its mapping: the datasets and simulations operations need one stored. */
const EXPORT_CSV = ['Lead ID,Created,Owner,Status', 'L1,2026-03-01 09:00,r-a,Won', 'L2,2026-03-01 10:00,r-b,Lost', 'L3,2026-03-02 09:00,r-a,Open'].join('\n');
const EXPORT_MAPPING = {
  version: 1,
  timeZone: 'Asia/Shanghai',
  leads: {
    columns: { id: 'Lead ID', createdAt: 'Created', owner: 'Owner', outcome: 'Status' },
    outcomeValues: { won: ['Won'], lost: ['Lost'], open: ['Open'] },
  },
};
const CANDIDATES = [
  { label: 'live', policies: [{ key: POLICY, version: 'live' }] },
  { label: 'v1', policies: [{ key: POLICY, version: 1 }] },
];

/** A dataset with its file and mapping, made once. */
async function dataset(w: World): Promise<string> {
  if (w.ids.dataset) return w.ids.dataset;
  const id = (await must(w, 'POST', '/v1/datasets', { name: 'bf export' })).id as string;
  const r = await send(
    w,
    { method: 'PUT', path: '/v1/datasets/{id}/files/{kind}' },
    { path: { id, kind: 'leads' }, query: {}, body: EXPORT_CSV, contentType: 'text/csv' },
  );
  if (r.status !== 200) throw new Error(`setup: upload → ${r.status} ${r.text.slice(0, 300)}`);
  await must(w, 'PUT', `/v1/datasets/${id}/mapping`, { mapping: EXPORT_MAPPING });
  w.ids.dataset = id;
  return id;
}

/** A simulation run to the end, made once: its report and event stream are what the reads need. */
async function doneSimulation(w: World): Promise<string> {
  if (w.ids.simulation) return w.ids.simulation;
  const id = (await must(w, 'POST', '/v1/simulations', { datasetId: await dataset(w), seed: 1, candidates: CANDIDATES })).id as string;
  for (let i = 0; i < 600; i++) {
    const job = await must(w, 'GET', `/v1/simulations/${id}`);
    if (job.status === 'done') {
      w.ids.simulation = id;
      return id;
    }
    if (job.status === 'failed' || job.status === 'cancelled') throw new Error(`setup: simulation ${job.status}: ${JSON.stringify(job.error)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('setup: the simulation did not finish in 120 s');
}

/** A started simulation is cancelled at once: the fuzzer's accepted requests must not queue minutes of work. */
const cancelStarted = (w: World, _sent: Request, reply: Reply) => {
  if (reply.json?.id) void must(w, 'POST', `/v1/simulations/${reply.json.id}/cancel`).catch(() => undefined);
};

/** The smart-score model the models' operations read: one version, with a drawable report, made once. */
const MODEL = 'bf-model';
const modelBody = () => ({ model: scoreModel(MODEL), report: OFFERED });
async function storedModel(w: World): Promise<string> {
  if (!w.ids.model) w.ids.model = String((await must(w, 'POST', `/v1/models/${MODEL}/versions`, modelBody())).version);
  return w.ids.model;
}

/** A training job run to its end (the tiny export is too small to learn from: it fails, in both languages). */
async function endedTraining(w: World): Promise<string> {
  if (w.ids.training) return w.ids.training;
  const id = (await must(w, 'POST', `/v1/models/${MODEL}/train`, { datasetId: await dataset(w) })).id as string;
  for (let i = 0; i < 600; i++) {
    const job = await must(w, 'GET', `/v1/models/${MODEL}/jobs/${id}`);
    if (job.status !== 'queued' && job.status !== 'running') {
      w.ids.training = id;
      return id;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('setup: the training did not end in 120 s');
}

/** A started training is cancelled at once, as a started simulation is. */
const cancelTraining = (w: World, _sent: Request, reply: Reply) => {
  if (reply.json?.id) void must(w, 'POST', `/v1/models/${MODEL}/jobs/${reply.json.id}/cancel`).catch(() => undefined);
};

const modelSpecs: Record<string, Spec> = {
  'POST /v1/models/{key}/versions': { variants: [() => ({ path: { key: MODEL }, body: modelBody() })] },
  'GET /v1/models/{key}/versions': { variants: [() => ({ path: { key: MODEL } })], setup: async (w) => void (await storedModel(w)) },
  'GET /v1/models/{key}/versions/{version}': {
    variants: [(w) => ({ path: { key: MODEL, version: w.ids.model ?? '1' } })],
    setup: async (w) => void (await storedModel(w)),
  },
  'GET /v1/models/{key}/versions/{version}/report.html': {
    variants: [(w) => ({ path: { key: MODEL, version: w.ids.model ?? '1' }, query: { lang: 'zh' } })],
    setup: async (w) => void (await storedModel(w)),
  },
  // Only a version not published yet can be published: each valid request stores its own.
  'POST /v1/models/{key}/versions/{version}/publish': {
    variants: [
      async (w) => ({
        path: { key: MODEL, version: String((await must(w, 'POST', `/v1/models/${MODEL}/versions`, modelBody())).version) },
        body: { note: 'bf' },
      }),
    ],
    sequential: true,
  },
  'GET /v1/models/{key}/log': { variants: [() => ({ path: { key: MODEL } })], setup: async (w) => void (await storedModel(w)) },
  'POST /v1/models/{key}/train': {
    variants: [(w) => ({ path: { key: MODEL }, body: { datasetId: w.ids.dataset ?? 'none', horizonHours: 24, seed: 1 } })],
    setup: async (w) => void (await dataset(w)),
    sequential: true,
    accepted: cancelTraining,
  },
  'GET /v1/models/{key}/jobs': { variants: [() => ({ path: { key: MODEL } })], setup: async (w) => void (await endedTraining(w)) },
  'GET /v1/models/{key}/jobs/{id}': {
    variants: [(w) => ({ path: { key: MODEL, id: w.ids.training ?? 'none' } })],
    setup: async (w) => void (await endedTraining(w)),
  },
  'GET /v1/models/{key}/jobs/{id}/events': {
    variants: [(w) => ({ path: { key: MODEL, id: w.ids.training ?? 'none' } })],
    setup: async (w) => void (await endedTraining(w)),
  },
  'POST /v1/models/{key}/jobs/{id}/cancel': {
    variants: [async (w) => ({ path: { key: MODEL, id: (await must(w, 'POST', `/v1/models/${MODEL}/train`, { datasetId: await dataset(w) })).id } })],
    setup: async (w) => void (await dataset(w)),
    sequential: true,
  },
};

export const SPECS: Record<string, Spec> = {
  ...modelSpecs,
  'POST /v1/keys': { variants: [() => ({ body: { name: 'bf-key', scopes: ['read'] } })] },
  'GET /v1/keys': { variants: [() => ({})] },
  'DELETE /v1/keys/{id}': {
    variants: [(w) => ({ path: { id: w.ids.doomedKey ?? 'none' } })],
    setup: async (w) => {
      w.ids.doomedKey = (await must(w, 'POST', '/v1/keys', { name: 'doomed', scopes: ['read'] })).id;
    },
  },
  'PUT /v1/policies/{key}/draft': {
    variants: [() => ({ path: { key: POLICY }, body: policyDocument() })],
    canary: 'draft',
    restore: true,
    linked: [{ path: 'key', body: 'key' }],
  },
  'GET /v1/policies': { variants: [() => ({})] },
  'GET /v1/policies/{key}': { variants: [() => ({ path: { key: POLICY } })] },
  'POST /v1/policies/{key}/publish': { variants: [() => ({ path: { key: POLICY }, body: { note: 'publish 发布' } })], sequential: true },
  // Version 2 is live after the seed: the first rollback to 1 succeeds, later ones find it live (409).
  'POST /v1/policies/{key}/rollback': { variants: [() => ({ path: { key: POLICY }, body: { version: 1, note: 'rollback 回滚' } })], sequential: true },
  // Its own routing policy on lead.qualified (nothing else routes on it), live again before every
  // request (a rollback to 1; 409 when it already is), so each probe meets a live policy.
  'POST /v1/policies/{key}/withdraw': {
    variants: [
      async (w) => {
        await send(
          w,
          { method: 'POST', path: '/v1/policies/{key}/rollback' },
          { path: { key: WITHDRAWN }, query: {}, body: { version: 1, note: 'live again' } },
        );
        return { path: { key: WITHDRAWN }, body: { note: 'withdraw 下线' } };
      },
    ],
    setup: async (w) => {
      await must(w, 'PUT', `/v1/policies/${WITHDRAWN}/draft`, withdrawnDocument);
      await must(w, 'POST', `/v1/policies/${WITHDRAWN}/publish`, { note: 'to withdraw 待下线' });
    },
    sequential: true,
  },
  'GET /v1/policies/{key}/versions': { variants: [() => ({ path: { key: POLICY } })] },
  'GET /v1/policies/{key}/versions/{n}': { variants: [() => ({ path: { key: POLICY, n: '1' } })] },
  'GET /v1/policies/{key}/diff': { variants: [() => ({ path: { key: POLICY }, query: { from: '1', to: '2' } })] },
  'GET /v1/policies/{key}/log': { variants: [() => ({ path: { key: POLICY } })] },
  // Test runs write nothing; a case made from a preview is not added to the draft here (the draft's fields are fuzzed above).
  'POST /v1/policies/{key}/tests/run': {
    variants: [() => ({ path: { key: POLICY }, body: { version: 1 } }), () => ({ path: { key: POLICY }, body: { cases: [] } })],
  },
  'POST /v1/policies/{key}/tests/from-preview': {
    variants: [
      (w) => ({
        path: { key: POLICY },
        body: {
          id: fresh(w, 'bf-ev'),
          type: 'lead.created',
          at,
          lead: { id: fresh(w, 'bf-L') },
          dryRun: true,
          policyKey: POLICY,
          policyVersion: 1,
          name: { en: 'case', zh: '用例' },
        },
      }),
    ],
  },
  'POST /v1/decisions/{id}/test-case': { variants: [(w) => ({ path: { id: w.decisionId }, body: { name: { en: 'case', zh: '用例' }, addToDraft: false } })] },
  ...roster('reps', REPS[0]!, fullRep(REPS[0]!)),
  ...roster('teams', 'ae', { name: 'AE 组', managerId: 'mgr-1', poolId: POOL }),
  ...roster('pools', POOL, { name: 'Pool 公海', dailyClaimLimit: 100, coolingDays: 7, ownedCap: 100_000, countSigned: false }),
  ...roster('customers', 'bf-cust', {
    company: 'Acme 科技',
    emailDomains: ['acme.example'],
    phones: ['+86 21 5555 0100'],
    ownerId: REPS[1],
    parentId: null,
    reportedAt: '2026-03-01T08:00:00+08:00',
    discoveredAt: '2026-03-01T08:30:00+08:00',
  }),
  ...roster('calendars', 'bf-cal', CALENDAR),
  // A lead field's id is its name (letters, digits, _): the roster's default ids are not field names.
  ...roster('leadFields', 'bfRegion', LEAD_FIELD),
  'GET /v1/leadFields/{id}': { variants: [() => ({ path: { id: 'bfRegion' } })], setup: (w) => must(w, 'PUT', '/v1/leadFields/bfRegion', LEAD_FIELD) },
  'DELETE /v1/leadFields/{id}': { variants: [() => ({ path: { id: 'bfDoomed' } })], setup: (w) => must(w, 'PUT', '/v1/leadFields/bfDoomed', LEAD_FIELD) },
  // The seed has no calendar: the read makes its own first.
  'GET /v1/calendars/{id}': { variants: [() => ({ path: { id: 'bf-cal' } })], setup: (w) => must(w, 'PUT', '/v1/calendars/bf-cal', CALENDAR) },
  // A calendar needs its zone: the roster's generic "PUT {}" cannot make the doomed one.
  'DELETE /v1/calendars/{id}': {
    variants: [() => ({ path: { id: 'bf-doomed' } })],
    setup: (w) => must(w, 'PUT', '/v1/calendars/bf-doomed', { timeZone: 'UTC' }),
  },
  'POST /v1/calendars/{id}/import': {
    variants: [
      () => ({ path: { id: 'bf-ics' }, query: { timeZone: 'Asia/Shanghai', name: 'Holidays', nameZh: '节假日' }, body: ICS, contentType: 'text/calendar' }),
    ],
    canary: 'newLead',
  },
  'POST /v1/tenants': { variants: [(w) => ({ body: { id: fresh(w, 'bf-t'), name: 'Tenant 租户', timeZone: 'Asia/Shanghai', adminEmail: 'admin' } })] },
  'GET /v1/tenants': { variants: [() => ({})] },
  'GET /v1/tenant': { variants: [() => ({})] },
  'PATCH /v1/tenant': { variants: [() => ({ body: { name: TENANT, timeZone: 'Asia/Shanghai' } })], canary: 'newLead', restore: true },
  'POST /v1/auth/login': {
    variants: [(w) => ({ body: { tenant: TENANT, email: LOGIN_EMAIL, password: w.loginPassword } })],
    credentials: 'none',
    sequential: true,
  },
  'POST /v1/auth/logout': { variants: [() => ({})], credentials: 'session', sequential: true },
  'POST /v1/auth/password': {
    variants: [(w) => ({ body: { currentPassword: w.password, newPassword: `bf new password ${w.next()}` } })],
    credentials: 'session',
    sequential: true,
    accepted: (w, sent) => {
      w.password = (sent.body as { newPassword: string }).newPassword;
    },
  },
  'GET /v1/auth/me': { variants: [() => ({})], credentials: 'session' },
  'POST /v1/users': { variants: [(w) => ({ body: { email: `bf-user-${w.next()}@example.com`, role: 'viewer' } })] },
  'GET /v1/users': { variants: [() => ({})] },
  'GET /v1/users/{id}': { variants: [(w) => ({ path: { id: w.sessionUserId } })] },
  'PATCH /v1/users/{id}': {
    variants: [(w) => ({ path: { id: w.ids.patchedUser ?? 'none' }, body: { role: 'editor' } })],
    setup: async (w) => {
      w.ids.patchedUser = (await must(w, 'POST', '/v1/users', { email: 'bf-patched@example.com', role: 'viewer' })).id;
    },
  },
  'DELETE /v1/users/{id}': {
    variants: [(w) => ({ path: { id: w.ids.doomedUser ?? 'none' } })],
    setup: async (w) => {
      w.ids.doomedUser = (await must(w, 'POST', '/v1/users', { email: 'bf-doomed@example.com', role: 'viewer' })).id;
    },
  },
  'POST /v1/decide': { variants: [newLead, preview, activity, stage], canary: 'sameLead' },
  'POST /v1/events': { variants: [newLead, activity, stage], canary: 'sameLead' },
  'POST /v1/pools/{pool}/claim': {
    variants: [
      async (w) => {
        const { leadId, formerOwner } = await pooledLead(w);
        return { path: { pool: POOL }, body: { leadId, repId: REPS.find((r) => r !== formerOwner)! } };
      },
    ],
  },
  'POST /v1/leads/{id}/release': {
    variants: [
      async (w) => {
        const { leadId, owner } = await ownedLead(w);
        return { path: { id: leadId }, body: { repId: owner, poolId: POOL, reason: 'not my region 不是我的区域' } };
      },
    ],
  },
  'POST /v1/leads/{id}/assign': {
    variants: [
      async (w) => {
        const { leadId, owner } = await ownedLead(w);
        return { path: { id: leadId }, body: { repId: REPS.find((r) => r !== owner)!, managerId: 'mgr-1' } };
      },
    ],
  },
  'GET /v1/decisions': {
    variants: [
      (w) => ({
        query: {
          leadId: 'bf-lead',
          repId: REPS[0]!,
          policyKey: POLICY,
          from: '2026-01-01T00:00:00+08:00',
          to: '2027-01-01T00:00:00Z',
          limit: '10',
          cursor: w.cursor,
        },
      }),
    ],
  },
  'GET /v1/decisions/export': {
    variants: [
      () => ({
        query: { leadId: 'bf-lead', repId: REPS[0]!, policyKey: POLICY, from: '2026-01-01T00:00:00+08:00', to: '2027-01-01T00:00:00Z', format: 'jsonl' },
      }),
    ],
  },
  'GET /v1/decisions/{id}': { variants: [(w) => ({ path: { id: w.decisionId } })] },
  'POST /v1/webhooks': { variants: [() => ({ body: { url: 'http://127.0.0.1:9/bf-hook', eventTypes: ['decision.made', 'lead.assigned'] } })] },
  'GET /v1/webhooks': { variants: [() => ({})] },
  // Demo data is for a first run: the seeded tenant has policies (409), the scratch tenant none.
  'POST /v1/demo': { variants: [() => ({})], scratch: true, sequential: true },
  'DELETE /v1/webhooks/{id}': {
    variants: [(w) => ({ path: { id: w.ids.doomedHook ?? 'none' } })],
    setup: async (w) => {
      w.ids.doomedHook = (await must(w, 'POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/doomed', eventTypes: ['*'] })).id;
    },
  },
  'GET /v1/datasets/{id}': { variants: [(w) => ({ path: { id: w.ids.dataset ?? 'none' } })], setup: async (w) => void (await dataset(w)) },
  'DELETE /v1/datasets/{id}': {
    variants: [(w) => ({ path: { id: w.ids.doomedDataset ?? 'none' } })],
    setup: async (w) => {
      w.ids.doomedDataset = (await must(w, 'POST', '/v1/datasets', { name: 'doomed' })).id;
    },
  },
  // Its own dataset: a boundary value of `kind` may store an activities file the shared mapping does not map.
  'PUT /v1/datasets/{id}/files/{kind}': {
    variants: [(w) => ({ path: { id: w.ids.uploadDataset ?? 'none', kind: 'leads' }, body: EXPORT_CSV, contentType: 'text/csv' })],
    setup: async (w) => {
      w.ids.uploadDataset = (await must(w, 'POST', '/v1/datasets', { name: 'bf uploads' })).id;
    },
    sequential: true,
  },
  'PUT /v1/datasets/{id}/mapping': {
    variants: [(w) => ({ path: { id: w.ids.dataset ?? 'none' }, body: { mapping: EXPORT_MAPPING } })],
    setup: async (w) => void (await dataset(w)),
    sequential: true,
    restore: true,
  },
  'POST /v1/datasets/{id}/guess': { variants: [(w) => ({ path: { id: w.ids.dataset ?? 'none' } })], setup: async (w) => void (await dataset(w)) },
  'POST /v1/datasets/{id}/columns': {
    variants: [(w) => ({ path: { id: w.ids.dataset ?? 'none' }, body: { files: { leads: { encoding: 'utf-8', delimiter: ',' } } } })],
    setup: async (w) => void (await dataset(w)),
  },
  'POST /v1/datasets/{id}/preview': {
    variants: [(w) => ({ path: { id: w.ids.dataset ?? 'none' }, body: { mapping: EXPORT_MAPPING } })],
    setup: async (w) => void (await dataset(w)),
  },
  'POST /v1/simulations': {
    variants: [(w) => ({ body: { datasetId: w.ids.dataset ?? 'none', seed: 1, candidates: CANDIDATES } })],
    setup: async (w) => void (await dataset(w)),
    sequential: true,
    accepted: cancelStarted,
  },
  'GET /v1/simulations/{id}': { variants: [(w) => ({ path: { id: w.ids.simulation ?? 'none' } })], setup: async (w) => void (await doneSimulation(w)) },
  'GET /v1/simulations/{id}/report.html': {
    variants: [(w) => ({ path: { id: w.ids.simulation ?? 'none' } })],
    setup: async (w) => void (await doneSimulation(w)),
  },
  'GET /v1/simulations/{id}/events': { variants: [(w) => ({ path: { id: w.ids.simulation ?? 'none' } })], setup: async (w) => void (await doneSimulation(w)) },
  // Only a queued or running job can be cancelled: each valid request starts its own.
  'POST /v1/simulations/{id}/cancel': {
    variants: [
      async (w) => ({ path: { id: (await must(w, 'POST', '/v1/simulations', { datasetId: await dataset(w), seed: 1, candidates: CANDIDATES })).id } }),
    ],
    setup: async (w) => void (await dataset(w)),
    sequential: true,
  },
  // Only an ended simulation can be deleted: each valid request starts one and cancels it.
  'DELETE /v1/simulations/{id}': {
    variants: [
      async (w) => {
        const id = (await must(w, 'POST', '/v1/simulations', { datasetId: await dataset(w), seed: 1, candidates: CANDIDATES })).id as string;
        await must(w, 'POST', `/v1/simulations/${id}/cancel`);
        return { path: { id } };
      },
    ],
    setup: async (w) => void (await dataset(w)),
    sequential: true,
  },
  'GET /v1/webhooks/{id}/deliveries': { variants: [(w) => ({ path: { id: w.webhookId }, query: { limit: '10', before: '1000' } })] },
};

/** Operations that end what later ones need (the session): run last. */
export const LAST = ['POST /v1/auth/logout'];
/** Run before the rest: demo data needs a tenant with no policy yet, and heavy probes draft policies in the scratch tenant. */
export const FIRST = ['POST /v1/demo'];

/** Path parameters of an operation nobody wrote a valid request for, by name. */
const PARAMS: Record<string, string> = { id: REPS[0]!, key: POLICY, n: '1', pool: POOL };

/**
 * A valid request from the schema alone: required fields only, each from its example, default,
 * first enum value or a plain value of its type. Good enough for simple operations; the first
 * request of the batch says whether it is.
 */
export function exampleOf(schema: Record<string, any> | undefined): unknown {
  if (!schema) return undefined;
  if (schema.example !== undefined) return schema.example;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum)) return schema.enum[0];
  const branch = schema.anyOf?.[0] ?? schema.oneOf?.[0];
  if (branch) return exampleOf(branch);
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k: string) => [k, exampleOf(schema.properties?.[k])]));
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => exampleOf(schema.items));
    case 'integer':
    case 'number':
      return Math.max(schema.minimum ?? 1, 1);
    case 'boolean':
      return true;
    case 'string':
      return schema.format === 'date-time' ? NOW : 'bf'.padEnd(schema.minLength ?? 2, 'x');
    default:
      return {};
  }
}

export function genericSpec(op: {
  method: string;
  params: Array<{ in: string; name: string; required: boolean; schema: Record<string, any> }>;
  body?: Record<string, any> | undefined;
}): Spec {
  const path = Object.fromEntries(op.params.filter((p) => p.in === 'path').map((p) => [p.name, PARAMS[p.name] ?? String(exampleOf(p.schema))]));
  const query = Object.fromEntries(op.params.filter((p) => p.in === 'query' && p.required).map((p) => [p.name, String(exampleOf(p.schema))]));
  const body = op.body ? exampleOf(op.body) : undefined;
  return {
    variants: [() => ({ path, query, ...(body !== undefined ? { body } : {}) })],
    sequential: op.method !== 'GET',
    restore: op.method === 'PUT' || op.method === 'PATCH',
    ...(op.method !== 'GET' ? { canary: 'newLead' as const } : {}),
  };
}
