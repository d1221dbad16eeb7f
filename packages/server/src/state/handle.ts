import { createHash, randomUUID } from 'node:crypto';
import { decide, type Action, type CompiledPolicy, type Decision, type SluiceEvent, type StateChange } from '@sluice/engine';
import type { Database } from '../db/connect.js';
import { ProblemError } from '../http/problem.js';
import { buildState, type BuiltState } from './build.js';
import { isEngineEventType, type Preview, type ServerEvent } from './event.js';
import { applyFacts } from './facts.js';
import { loadCustomers, loadRows, type LoadedRows, type LoadScope } from './load.js';
import { leadMatchKeys } from './matchKeys.js';
import { livePlans } from './policies.js';
import { previewPlan } from './preview.js';
import { once, transact, type Query } from './sql.js';
import { Writes, writeAll } from './write.js';

export interface DecisionView {
  /** Null in a dry run: nothing was stored. */
  decisionId: string | null;
  policy: { key: string; version: number; kind: string };
  actions: Action[];
  explanation: Decision['explanation'];
}

export interface EventResponse {
  eventId: string;
  dryRun?: true;
  decisions: DecisionView[];
  /** Every decision's actions in run order. */
  actions: Action[];
}

export interface Handled {
  /** The response JSON exactly as first sent: a retry gets the same bytes. */
  body: string;
  replayed: boolean;
}

const DAY_MS = 86_400_000;

/**
 * One event, start to finish: on PostgreSQL in one transaction under the tenant's advisory lock
 * (decisions of a tenant are serialised across processes — round-robin pointers, loads and caps
 * are read and written by every routing decision), load the state, record the event's facts, run
 * the live policies it wakes in order, and write every change with the decisions, the outbox
 * rows and the event's stored response in one statement. Four round trips on PostgreSQL
 * (BEGIN+lock, load, write, COMMIT), plus one to fetch a policy version this process has not
 * compiled yet.
 */
export async function handleEvent(database: Database, tenantId: string, input: ServerEvent & Preview, nowMs: number): Promise<Handled> {
  const { dryRun, policyKey, policyVersion, draft, ...event } = input;
  if (dryRun) return { body: JSON.stringify(await dryRunEvent(database, tenantId, event, { policyKey, policyVersion, draft }, nowMs)), replayed: false };
  const hash = requestHash(event);
  const nowIso = new Date(nowMs).toISOString();
  return transact(database, tenantId, async (q) => {
    const rows = await loadRows(q, tenantId, scopeOf(event, nowMs, true));
    if (rows.stored) {
      if (rows.stored.hash !== hash) throw reusedId(event.id);
      return { body: rows.stored.body, replayed: true };
    }
    const built = await buildWithCustomers(q, tenantId, rows, event);
    const writes = new Writes(built.timeZone, event.lead?.id ?? event.leadId ?? null);
    const leadId = applyFacts(built, writes, event);
    const plans = isEngineEventType(event.type) ? await livePlans(q, tenantId, rows.live) : [];
    const response = runPlans(plans, event, leadId, built, nowMs, writes);
    const body = JSON.stringify(response);
    writes.event = { id: event.id, type: event.type, receivedAt: nowIso, response: { hash, body } };
    await writeAll(q, tenantId, writes.payload(built, nowIso));
    return { body, replayed: false };
  });
}

/** The same run on one consistent snapshot, writing nothing: what would happen now. */
async function dryRunEvent(database: Database, tenantId: string, event: ServerEvent, preview: Preview, nowMs: number): Promise<EventResponse> {
  const q: Query = (statement, params) => once(database, statement, params);
  const rows = await loadRows(q, tenantId, scopeOf(event, nowMs, false));
  const built = await buildWithCustomers(q, tenantId, rows, event);
  const writes = new Writes(built.timeZone, null);
  const leadId = applyFacts(built, writes, event);
  let plans: CompiledPolicy[];
  if (preview.policyKey) plans = [await previewPlan(q, tenantId, preview.policyKey, preview.policyVersion, preview.draft === true)];
  else plans = isEngineEventType(event.type) ? await livePlans(q, tenantId, rows.live) : [];
  return { ...runPlans(plans, event, leadId, built, nowMs, null), dryRun: true };
}

function scopeOf(event: ServerEvent, nowMs: number, checkRetry: boolean): LoadScope {
  const leadId = event.lead?.id ?? event.leadId ?? null;
  const utc = new Date(nowMs).toISOString().slice(0, 10);
  return {
    leadIds: leadId ? [leadId] : [],
    repId: event.repId ?? event.activity?.repId ?? null,
    customerKeys: leadMatchKeys(event.lead),
    now: new Date(nowMs).toISOString(),
    // Every zone's "today" is the UTC day or one either side.
    days: [new Date(nowMs - DAY_MS).toISOString().slice(0, 10), utc, new Date(nowMs + DAY_MS).toISOString().slice(0, 10)],
    eventId: checkRetry ? event.id : null,
    eventType: event.type,
  };
}

/** When the event names a stored lead without its data, its match keys are known only now. */
async function buildWithCustomers(q: Query, tenantId: string, rows: LoadedRows, event: ServerEvent): Promise<BuiltState> {
  const leadId = event.lead?.id ?? event.leadId;
  if (leadId) {
    const stored = rows.leads.find((l) => l.id === leadId);
    if (stored) {
      const asked = new Set(leadMatchKeys(event.lead));
      const more = leadMatchKeys({ ...stored, ...event.lead }).filter((k) => !asked.has(k));
      if (more.length > 0) {
        const have = new Set(rows.customers.map((c) => c.id));
        for (const c of await loadCustomers(q, tenantId, more)) if (!have.has(c.id)) rows.customers.push(c);
      }
    }
  }
  return buildState(rows);
}

/**
 * Runs the plans in order on one state: each decision's changes are applied before the next
 * policy runs, so a scoring policy's grade is what the routing policy reads.
 */
function runPlans(plans: CompiledPolicy[], event: ServerEvent, leadId: string | null, built: BuiltState, nowMs: number, writes: Writes | null): EventResponse {
  const decisions: DecisionView[] = [];
  const actions: Action[] = [];
  const { lead: _sent, ...rest } = event;
  for (const plan of plans) {
    // The lead as it stands now (stored + the CRM's data + earlier policies' facts).
    const current = leadId ? built.state.lead(leadId) : undefined;
    const engineEvent = (current ? { ...rest, lead: current } : rest) as SluiceEvent;
    const d = decide(plan, engineEvent, built.state, nowMs);
    built.state.apply(d.changes);
    const decisionId = writes ? randomUUID() : null;
    if (writes && decisionId) {
      writes.record(d.changes);
      writes.decisions.push({
        id: decisionId,
        eventId: event.id,
        leadId: d.leadId,
        policyKey: d.policy.key,
        policyVersion: d.policy.version,
        repIds: repsOf(event, d),
        at: d.at,
        decision: { decisionId, ...d },
      });
      outboxRows(writes, decisionId, d);
    }
    decisions.push({ decisionId, policy: d.policy, actions: d.actions, explanation: d.explanation });
    for (const a of d.actions) actions.push(a);
  }
  return { eventId: event.id, decisions, actions };
}

/** Reps a decision is about, for "decisions by rep": who gained, lost, was credited or penalised. */
function repsOf(event: ServerEvent, d: Decision): string[] {
  const reps = new Set<string>();
  if (event.repId) reps.add(event.repId);
  for (const a of d.actions) {
    if (a.type === 'assign') reps.add(a.repId);
    if ((a.type === 'assign' || a.type === 'toPool') && a.previousOwnerId) reps.add(a.previousOwnerId);
    if (a.type === 'split') for (const s of [...a.shares, ...a.overlay]) reps.add(s.repId);
  }
  for (const c of d.changes) {
    if (c.type === 'penalty.add') reps.add(c.penalty.repId);
    else if (c.type === 'rep.flag' || c.type === 'lead.remind') reps.add(c.repId);
    else if (c.type === 'lead.collaborator') reps.add(c.collaborator.repId);
  }
  return [...reps].sort();
}

const ACTION_EVENTS: Record<Action['type'], (a: Action) => string> = {
  assign: () => 'lead.assigned',
  toPool: (a) => ((a as Extract<Action, { type: 'toPool' }>).previousOwnerId ? 'lead.reclaimed' : 'lead.pooled'),
  queue: () => 'lead.queued',
  score: () => 'lead.scored',
  notify: (a) => {
    const mode = (a as Extract<Action, { type: 'notify' }>).mode;
    return mode === 'escalate' ? 'escalation' : mode === 'task' ? 'task.created' : 'notification';
  },
  schedule: () => 'lead.scheduled',
  split: () => 'deal.split',
};

const CHANGE_EVENTS: Partial<Record<StateChange['type'], string>> = { 'penalty.add': 'penalty.applied', 'lead.remind': 'reminder.due', 'rep.flag': 'rep.flagged' };

/** Webhook events, written with the change they report (the outbox): one per decision, action and notable change. */
function outboxRows(writes: Writes, decisionId: string, d: Decision): void {
  const head = { decisionId, eventId: d.eventId, eventType: d.eventType, leadId: d.leadId, at: d.at, policy: d.policy };
  writes.outbox.push({ type: 'decision.made', payload: { ...head, actions: d.actions, summary: d.explanation.summary } });
  for (const action of d.actions) writes.outbox.push({ type: ACTION_EVENTS[action.type](action), payload: { ...head, action } });
  for (const change of d.changes) {
    const type = CHANGE_EVENTS[change.type];
    if (type) writes.outbox.push({ type, payload: { ...head, change } });
  }
}

/** What identifies a request for idempotency: the event as validated. */
function requestHash(event: ServerEvent): string {
  return createHash('sha256').update(JSON.stringify(event)).digest('base64url');
}

function reusedId(id: string): ProblemError {
  return new ProblemError(409, 'event-id-reused', `Event ${id} was already handled with a different body`, {
    detail: 'An event id names one event: a retry must send the same body. Use a new id for a new event.',
    detailZh: `事件 ${id} 已按不同的内容处理过：重试必须发送相同的内容；新事件请使用新的 id。`,
    errors: [{ path: '$.id', message: 'event id already used for a different event', messageZh: '该事件 id 已用于另一个事件' }],
  });
}
