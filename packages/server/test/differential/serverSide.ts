import { eq } from 'drizzle-orm';
import type { Database } from '../../src/db/connect.js';
import { decisions } from '../../src/db/schema.js';
import { tickPolicy } from '../../src/scheduler/index.js';
import { publishPolicy } from '../fixtures.js';
import { call, seedTenant } from '../harness.js';
import { byEventId } from './engineSide.js';
import { deliveryOf, isManual, poolOf, PUBLISHED_VERSION, type Loaded, type ManualDelivery, type Outcome } from './scenario.js';
import { runOrder, type StepEvent } from '@sluice/engine';
import { seedSnapshot } from './seed.js';

/** The server under test: its HTTP address, its database, and the clock it reads (set per event). */
export interface ServerUnderTest {
  base: string;
  database: Database;
  clock: { now: number };
}

const PROBLEM_PREFIX = 'https://sluice.dev/problems/';

/**
 * The timeline through the server as a CRM drives it, in a tenant of its own: the state seeded
 * into its rows, the policies published, then each event at its own instant (the server's clock
 * is set to the event's `at`) — POST /v1/events, a pool claim through POST /v1/pools/{pool}/claim,
 * a subject-less tick as the scheduler's pass over each live tick policy. Decisions are read back
 * from the decisions table: the engine's decision as stored, whatever the response left out.
 */
export async function playOnServer(
  s: Loaded,
  server: ServerUnderTest,
  afterSeed: (tenantId: string) => Promise<void> = async () => {},
): Promise<{ tenantId: string; outcomes: Outcome[] }> {
  const { database, base, clock } = server;
  const { tenantId, key } = await seedTenant(database);
  await seedSnapshot(database, tenantId, s.snapshot);
  await afterSeed(tenantId);
  for (const name of s.scenario.policies) await publishPolicy(database, tenantId, name, PUBLISHED_VERSION);
  // The scheduler's work list, per tenant in the engine's run order: kind, then key (scheduler/index.ts).
  const tickKeys = s.policies
    .filter((p) => p.trigger.events.includes('tick'))
    .sort(runOrder)
    .map((p) => p.key);
  const seen = new Set<string>();
  const stored = async (): Promise<Array<{ id: string; decision: Record<string, unknown> & { eventId: string } }>> => {
    const rows = await database.db.select({ id: decisions.id, decision: decisions.decision }).from(decisions).where(eq(decisions.tenantId, tenantId));
    const fresh = rows.filter((r) => !seen.has(r.id));
    for (const r of fresh) seen.add(r.id);
    return fresh as Array<{ id: string; decision: Record<string, unknown> & { eventId: string } }>;
  };

  const outcomes: Outcome[] = [];
  for (const [index, e] of s.raw.entries()) {
    clock.now = Date.parse(e.at);
    // Which route: decided on the event as the engine parses it (the server parses the same JSON).
    const delivery = deliveryOf(s.events[index]!);
    const head = { index, eventId: e.id, delivery };
    if (isManual(delivery)) {
      const r = await call(base, 'POST', manualRoute(delivery, s.events[index]!), { key, body: manualBody(delivery, s.events[index]!) });
      const fresh = await stored();
      if (r.status === 200) {
        const own = fresh.find((d) => d.id === r.json.decisionId);
        if (!own || fresh.length !== 1) throw new Error(`${e.id}: a ${delivery} should store exactly its own decision, found ${fresh.length}`);
        outcomes.push({ ...head, delivery, manual: { ok: true, record: own.decision } });
      } else if (r.status === 404 || r.status === 409) {
        if (fresh.length > 0) throw new Error(`${e.id}: refused (${r.status}) yet ${fresh.length} decisions were stored`);
        outcomes.push({
          ...head,
          delivery,
          manual: { ok: false, status: r.status, code: String(r.json.type).replace(PROBLEM_PREFIX, ''), message: null, reason: r.json.reason },
        });
      } else throw new Error(`${e.id}: ${delivery} answered ${r.status} ${r.text}`);
      continue;
    }
    if (delivery === 'scheduled-tick') {
      for (const policyKey of tickKeys) {
        const report = await tickPolicy(database, tenantId, policyKey, 'differential-test', clock.now, 0);
        if (!report.ran && report.error) throw new Error(`${e.id}: tick of ${policyKey} failed: ${report.error}`);
      }
      outcomes.push({ ...head, decisions: (await stored()).map((r) => r.decision).sort(byEventId) });
      continue;
    }
    const r = await call(base, 'POST', '/v1/events', { key, body: e });
    const fresh = await stored();
    if (r.status === 200) {
      const ids: string[] = r.json.decisions.map((d: { decisionId: string }) => d.decisionId);
      const byId = new Map(fresh.map((d) => [d.id, d.decision]));
      if (fresh.length !== ids.length) throw new Error(`${e.id}: the response names ${ids.length} decisions, ${fresh.length} were stored`);
      outcomes.push({ ...head, decisions: ids.map((id) => byId.get(id)) });
    } else if (r.status >= 400 && r.status < 500 && r.json?.type) {
      if (fresh.length > 0) throw new Error(`${e.id}: refused (${r.status}) yet ${fresh.length} decisions were stored`);
      const errors = (r.json.errors ?? []).map((x: { path: string; message: string; messageZh: string }) => ({ path: x.path, en: x.message, zh: x.messageZh }));
      outcomes.push({ ...head, refused: { status: r.status, message: { en: r.json.title, zh: r.json.detailZh }, errors } });
    } else throw new Error(`${e.id}: POST /v1/events answered ${r.status} ${r.text}`);
  }
  return { tenantId, outcomes };
}

const leadOf = (e: StepEvent): string => e.leadId ?? e.lead?.id ?? '';
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The route a person's request goes to, and its body from the event (`data` carries the pool, reason, manager). */
function manualRoute(d: ManualDelivery, e: StepEvent): string {
  if (d === 'pool-claim') return `/v1/pools/${encodeURIComponent(poolOf(e))}/claim`;
  return `/v1/leads/${encodeURIComponent(leadOf(e))}/${d}`;
}

function manualBody(d: ManualDelivery, e: StepEvent): Record<string, unknown> {
  if (d === 'pool-claim') return { leadId: leadOf(e), repId: e.repId };
  if (d === 'release') return { repId: e.repId, poolId: text(e.data?.poolId) ?? '', ...(text(e.data?.reason) ? { reason: text(e.data?.reason) } : {}) };
  return { repId: e.repId, ...(text(e.data?.managerId) ? { managerId: text(e.data?.managerId) } : {}) };
}
