import { examplePolicy } from '@sluice/examples';
import type { Database } from '../../src/db/connect.js';
import { publishPolicy, seedRoster } from '../fixtures.js';
import { seedTenant } from '../harness.js';
import { NEW_PASSWORD, userSession } from '../session.js';
import { must, type TestClock, type Client } from './client.js';

/**
 * What the valid requests refer to: the system tenant (so the tenant routes work too) with an
 * admin key of every scope, a team of reps, pools, a customer, a live routing policy the fuzzer
 * edits and publishes, a live reclaim policy that reads lead dates, decisions, a webhook and two
 * editor accounts (one to log in with, one holding a session).
 */

export const NOW = '2026-03-02T02:00:00.000Z';
export const TENANT = 'default';
/** The policy the fuzzer edits: the corpus's round robin under its own key. */
export const POLICY = 'bf-policy';
export const REPS = ['bf-ae-1', 'bf-ae-2', 'bf-ae-3'];
export const POOL = 'bf-pool';
export const LOGIN_EMAIL = 'bf-login@example.com';

/** A rep as a CRM would sync it: every field set, on shift all day, in the tenant's zone. */
export const fullRep = (id: string) => ({
  id,
  name: `Rep ${id} 销售`,
  teams: ['ae'],
  roles: ['AE'],
  weight: 1,
  cap: 100_000,
  dailyCap: 100_000,
  active: true,
  timeZone: 'Asia/Shanghai',
  shifts: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }],
  outOfOffice: [{ from: '2026-01-01T00:00:00+08:00', to: '2026-01-02T00:00:00+08:00' }],
  level: 'senior',
  skills: ['saas'],
  languages: ['zh'],
  industries: ['software'],
  regions: ['east'],
  products: ['crm'],
  conversionRate: 0.3,
  throughput: [3, 4, 5],
  openLoad: 0,
});

export const policyDocument = () => ({ ...(structuredClone(examplePolicy('s06-round-robin')) as Record<string, unknown>), key: POLICY });

export interface World extends Client {
  clock: TestClock;
  /** The session user's password now (the password route changes it). */
  password: string;
  sessionUserId: string;
  loginPassword: string;
  decisionId: string;
  cursor: string;
  webhookId: string;
  /**
   * A key of a second tenant, for probes that write thousands of rows (a bulk at maxItems): every
   * decision loads its tenant's whole roster, so they would slow every later request.
   */
  scratchKey: string;
  /** Fields already tried with the whole table (see run.ts): name and schema. */
  exhausted: Set<string>;
  /** Ids an operation's setup made for its valid request (the key, user or webhook it deletes). */
  ids: Record<string, string>;
  /** A number no other request of this run used: fresh event and lead ids. */
  next(): number;
}

export async function seedWorld(database: Database, base: string, clock: TestClock): Promise<World> {
  const { key } = await seedTenant(database, TENANT);
  await seedRoster(database, TENANT, {
    timeZone: 'Asia/Shanghai',
    reps: REPS.map((id) => ({
      id,
      teams: ['ae'],
      roles: ['AE'],
      timeZone: 'Asia/Shanghai',
      shifts: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '23:59' }],
    })),
    teams: [{ id: 'ae', name: 'AE', managerId: 'mgr-1' }],
    pools: [{ id: POOL }, { id: 'public' }],
    customers: [{ id: 'bf-cust', company: 'Acme' }],
  });
  // Reclaim on lead.updated reads every date a lead carries.
  await publishPolicy(database, TENANT, 's19-exemptions');
  const client: Client = { base, key };
  await must(client, 'PUT', `/v1/policies/${POLICY}/draft`, policyDocument());
  await must(client, 'POST', `/v1/policies/${POLICY}/publish`, { note: 'v1' });
  await must(client, 'POST', `/v1/policies/${POLICY}/publish`, { note: 'v2' });
  let n = 0;
  const next = () => ++n;
  const first = await must(client, 'POST', '/v1/decide', { id: 'bf-seed-1', type: 'lead.created', at: NOW, lead: { id: 'bf-lead', createdAt: NOW } });
  await must(client, 'POST', '/v1/decide', { id: 'bf-seed-2', type: 'lead.created', at: NOW, lead: { id: 'bf-lead-2', createdAt: NOW } });
  const page = await must(client, 'GET', '/v1/decisions?limit=1');
  const { session, userId } = await userSession(base, key, TENANT, 'bf-session@example.com', 'admin');
  const loginUser = await must(client, 'POST', '/v1/users', { email: LOGIN_EMAIL, role: 'viewer' });
  const hook = await must(client, 'POST', '/v1/webhooks', { url: 'http://127.0.0.1:9/bf-hook', eventTypes: ['decision.made'] });
  if (!page.nextCursor) throw new Error('setup: expected a second page of decisions');
  return {
    base,
    key,
    session,
    clock,
    password: NEW_PASSWORD,
    sessionUserId: userId,
    loginPassword: loginUser.password,
    decisionId: first.decisions[0].decisionId,
    cursor: page.nextCursor,
    webhookId: hook.id,
    scratchKey: (await seedTenant(database, 'bf-scratch')).key,
    exhausted: new Set(),
    ids: {},
    next,
  };
}

/** A new lead, assigned by the live round robin: its id and owner. */
export async function ownedLead(w: World): Promise<{ leadId: string; owner: string }> {
  const leadId = `bf-owned-${w.next()}`;
  const r = await must(w, 'POST', '/v1/decide', { id: `bf-ev-${w.next()}`, type: 'lead.created', at: NOW, lead: { id: leadId, createdAt: NOW } });
  const owner = r.actions.find((a: { type: string }) => a.type === 'assign')?.repId as string | undefined;
  if (!owner) throw new Error(`setup: lead ${leadId} was not assigned: ${JSON.stringify(r.actions)}`);
  return { leadId, owner };
}

/** A new lead, assigned and then released to the pool: what a claim takes. */
export async function pooledLead(w: World): Promise<{ leadId: string; formerOwner: string }> {
  const { leadId, owner } = await ownedLead(w);
  await must(w, 'POST', `/v1/leads/${leadId}/release`, { repId: owner, poolId: POOL, reason: 'seed' });
  return { leadId, formerOwner: owner };
}
