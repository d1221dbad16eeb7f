import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { leads } from '../src/db/schema.js';
import type { Database } from '../src/db/connect.js';
import { publishPolicy, seedRoster, team } from './fixtures.js';
import { call, LANES, POSTGRES_URL, seedTenant, useTwoReplicas } from './harness.js';
import { OFFERED, scoreModel } from './modelFixtures.js';
import { useTwoProcesses } from './support/twoProcesses.js';

/**
 * The smart score on the decision path (issue #15): a routing policy's `score.model` node scores
 * with the tenant's published version, every decision records which version it used and the lead
 * keeps its smart score; a publication or rollback on one replica is used by the next decision on
 * any replica; another tenant's model is never used.
 */

const T0 = Date.parse('2026-09-01T02:00:00Z');

/** Hot leads (smart score ≥ 50) to the senior team, the rest to the AEs. */
const SMART_ROUTING = {
  key: 'smart-routing',
  kind: 'routing',
  name: 'Smart-score routing / 按智能评分分配',
  nodes: [
    { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created'] } },
    { id: 'smart', type: 'score.model', position: { x: 0, y: 100 }, data: { model: 'lead-win', explainTop: 2 } },
    { id: 'hot', type: 'condition', position: { x: 0, y: 200 }, data: { condition: { fact: 'lead.smartScore', operator: 'greaterThanInclusive', value: 50 } } },
    { id: 'senior', type: 'assign.roundRobin', position: { x: -100, y: 300 }, data: { teams: ['senior'] } },
    { id: 'ae', type: 'assign.roundRobin', position: { x: 100, y: 300 }, data: { teams: ['ae'] } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'smart' },
    { id: 'e2', source: 'smart', target: 'hot' },
    { id: 'e3', source: 'hot', sourceHandle: 'true', target: 'senior' },
    { id: 'e4', source: 'hot', sourceHandle: 'false', target: 'ae' },
  ],
};

/**
 * The 0–100 score of the fixture model for a referral lead whose employees count makes the numeric
 * feature exactly average (log1p(e³ − 1) = 3 = its mean): σ(intercept + 0.8), one decimal.
 */
const referralScore = (intercept: number) => Math.round(1000 / (1 + Math.exp(-(intercept + 0.8)))) / 10;
const AVERAGE_EMPLOYEES = Math.exp(3) - 1;

/** A tenant with one senior rep and one AE, routing by SMART_ROUTING. */
async function smartTenant(database: Database) {
  const t = await seedTenant(database);
  await seedRoster(database, t.tenantId, { reps: [...team('sen', 1, {}, 'senior'), ...team('ae', 1)], teams: [{ id: 'senior' }, { id: 'ae' }] });
  await publishPolicy(database, t.tenantId, SMART_ROUTING);
  return t;
}

async function storedLead(database: Database, tenantId: string, id: string): Promise<Record<string, unknown>> {
  const [row] = await database.db
    .select({ data: leads.data })
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)));
  return row!.data as Record<string, unknown>;
}

describe.each(LANES)('smart score on the decision path (%s)', (lane) => {
  let clock = T0;
  const env = useTwoReplicas(lane, () => clock);

  it('decides with the published version on every replica, records it, keeps the lead’s score, and follows publications and rollbacks', async () => {
    const { database } = env.tdb;
    const { key, tenantId } = await smartTenant(database);
    let n = 0;
    const decide = async (base: string) => {
      n += 1;
      clock += 60_000;
      const at = new Date(clock).toISOString();
      const leadId = `L${n}`;
      const res = await call(base, 'POST', '/v1/decide', {
        key,
        body: { id: `ev-${n}`, type: 'lead.created', at, lead: { id: leadId, createdAt: at, source: 'referral', employees: AVERAGE_EMPLOYEES } },
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      const d = res.json.decisions[0];
      const repId = d.actions.find((a: { type: string }) => a.type === 'assign')?.repId;
      const stored = await call(base, 'GET', `/v1/decisions/${d.decisionId}`, { key });
      expect(stored.status).toBe(200);
      return { leadId, models: d.models, storedModels: stored.json.models, repId, decision: d };
    };

    // Nothing published yet: the node warns, writes nothing, and the lead goes on to the AEs.
    const before = await decide(env.a.base);
    expect(before.models).toBeUndefined();
    expect(before.repId).toBe('ae-01');
    expect(JSON.stringify(before.decision)).toContain('lead-win');

    for (const intercept of [1, -3]) {
      const up = await call(env.a.base, 'POST', '/v1/models/lead-win/versions', { key, body: { model: scoreModel('lead-win', intercept), report: OFFERED } });
      expect(up.status).toBe(201);
    }
    expect((await call(env.a.base, 'POST', '/v1/models/lead-win/versions/1/publish', { key, body: { note: 'v1' } })).status).toBe(200);

    const v1 = await decide(env.a.base);
    expect(v1.models).toEqual([{ key: 'lead-win', version: 1 }]);
    expect(v1.storedModels).toEqual([{ key: 'lead-win', version: 1 }]);
    expect(v1.repId).toBe('sen-01');
    expect((await storedLead(database, tenantId, v1.leadId)).smartScore).toBe(referralScore(1));
    // The explanation names the feature that pushed it, in both languages.
    const summary = JSON.stringify(v1.decision.explanation);
    expect(summary).toContain('来源=referral');
    expect(summary).toContain('Source = referral');
    // The other replica (its own process state on PostgreSQL's lane) scores with the same version.
    expect((await decide(env.b.base)).models).toEqual([{ key: 'lead-win', version: 1 }]);

    // Published on replica B: replica A's next decision uses it.
    expect((await call(env.b.base, 'POST', '/v1/models/lead-win/versions/2/publish', { key, body: { note: 'v2' } })).status).toBe(200);
    const v2 = await decide(env.a.base);
    expect(v2.models).toEqual([{ key: 'lead-win', version: 2 }]);
    expect(v2.repId).toBe('ae-01');
    expect((await storedLead(database, tenantId, v2.leadId)).smartScore).toBe(referralScore(-3));
    expect((await decide(env.b.base)).models).toEqual([{ key: 'lead-win', version: 2 }]);

    // Rolled back on A: both replicas go back to version 1.
    const back = await call(env.a.base, 'POST', '/v1/models/lead-win/versions/1/publish', { key, body: { note: 'v2 sends hot leads to the AEs' } });
    expect(back.json.action).toBe('rollback');
    for (const base of [env.b.base, env.a.base]) {
      const again = await decide(base);
      expect(again.models).toEqual([{ key: 'lead-win', version: 1 }]);
      expect(again.repId).toBe('sen-01');
    }
  });

  it('lists the decisions that used a model, or one version of it, and only this tenant’s', async () => {
    const { database } = env.tdb;
    const owner = await smartTenant(database);
    const other = await smartTenant(database);
    for (const t of [owner, other]) {
      await call(env.a.base, 'POST', '/v1/models/lead-win/versions', { key: t.key, body: { model: scoreModel('lead-win', 1), report: OFFERED } });
      await call(env.a.base, 'POST', '/v1/models/lead-win/versions', { key: t.key, body: { model: scoreModel('lead-win', -3), report: OFFERED } });
    }
    const decide = async (key: string, leadId: string) => {
      clock += 60_000;
      const at = new Date(clock).toISOString();
      const res = await call(env.b.base, 'POST', '/v1/decide', {
        key,
        body: { id: `ev-${leadId}`, type: 'lead.created', at, lead: { id: leadId, createdAt: at, source: 'referral' } },
      });
      expect(res.status, res.text).toBe(200);
    };
    const publish = async (key: string, version: number) =>
      expect((await call(env.a.base, 'POST', `/v1/models/lead-win/versions/${version}/publish`, { key, body: { note: `v${version}` } })).status).toBe(200);

    // Owner: M0 before any publication, M1 and M2 on v1, M3 on v2. The other tenant: O1 on its own v1.
    await decide(owner.key, 'M0');
    await publish(owner.key, 1);
    await decide(owner.key, 'M1');
    await decide(owner.key, 'M2');
    await publish(owner.key, 2);
    await decide(owner.key, 'M3');
    await publish(other.key, 1);
    await decide(other.key, 'O1');

    const leads = async (key: string, query: string) => {
      const r = await call(env.a.base, 'GET', `/v1/decisions?${query}`, { key });
      expect(r.status, r.text).toBe(200);
      return r.json.decisions.map((d: { leadId: string; models?: unknown }) => [d.leadId, d.models]);
    };
    const v1 = [{ key: 'lead-win', version: 1 }];
    const v2 = [{ key: 'lead-win', version: 2 }];
    expect(await leads(owner.key, 'model=lead-win')).toEqual([
      ['M3', v2],
      ['M2', v1],
      ['M1', v1],
    ]);
    expect(await leads(owner.key, 'model=lead-win&modelVersion=1')).toEqual([
      ['M2', v1],
      ['M1', v1],
    ]);
    expect(await leads(owner.key, 'model=lead-win&modelVersion=2&leadId=M3')).toEqual([['M3', v2]]);
    expect(await leads(owner.key, 'model=lead-win&modelVersion=3')).toEqual([]);
    expect(await leads(owner.key, 'model=other-model')).toEqual([]);
    // Unfiltered, the decision made before any publication lists no models.
    expect((await leads(owner.key, 'leadId=M0'))[0]).toEqual(['M0', undefined]);
    expect(await leads(other.key, 'model=lead-win')).toEqual([['O1', v1]]);

    // The export takes the same filter.
    const exported = await call(env.a.base, 'GET', '/v1/decisions/export?format=jsonl&model=lead-win&modelVersion=1', { key: owner.key });
    expect(exported.status).toBe(200);
    const lines = exported.text
      .trim()
      .split('\n')
      .map((l: string) => JSON.parse(l));
    expect(lines.filter((l: { leadId?: string }) => l.leadId).map((l: { leadId: string }) => l.leadId)).toEqual(['M1', 'M2']);
    expect(lines.at(-1)).toEqual({ end: { rows: 2 } });
  });

  it("never scores with another tenant's model of the same key", async () => {
    const { database } = env.tdb;
    const owner = await smartTenant(database);
    const other = await smartTenant(database);
    await call(env.a.base, 'POST', '/v1/models/lead-win/versions', { key: owner.key, body: { model: scoreModel('lead-win', 1), report: OFFERED } });
    expect((await call(env.a.base, 'POST', '/v1/models/lead-win/versions/1/publish', { key: owner.key, body: { note: 'mine' } })).status).toBe(200);
    expect((await call(env.a.base, 'POST', '/v1/models/lead-win/versions/1/publish', { key: other.key, body: { note: 'theirs' } })).status).toBe(404);

    clock += 60_000;
    const at = new Date(clock).toISOString();
    const res = await call(env.b.base, 'POST', '/v1/decide', {
      key: other.key,
      body: { id: 'ev-other', type: 'lead.created', at, lead: { id: 'X1', createdAt: at, source: 'referral', employees: AVERAGE_EMPLOYEES } },
    });
    expect(res.status).toBe(200);
    expect(res.json.decisions[0].models).toBeUndefined();
    expect(res.json.decisions[0].actions.find((a: { type: string }) => a.type === 'assign')?.repId).toBe('ae-01');
    expect((await storedLead(database, other.tenantId, 'X1')).smartScore).toBeUndefined();
  });
});

/**
 * Two real server processes on one PostgreSQL database: B holds version 1 of the model in its
 * memory after deciding with it, A publishes version 2, and B's very next decision scores with 2.
 */
describe.skipIf(!POSTGRES_URL)('a model published on replica A is used by replica B at once (postgres, two processes)', () => {
  const replicas = useTwoProcesses();

  it("B's next decision after A's publication records the new version, and again after A's rollback", async () => {
    const { a, b, database } = replicas;
    const { key } = await smartTenant(database);
    for (const intercept of [1, -3]) {
      const up = await call(a, 'POST', '/v1/models/lead-win/versions', { key, body: { model: scoreModel('lead-win', intercept), report: OFFERED } });
      expect(up.status, up.text).toBe(201);
    }
    const publish = async (version: number) => {
      const r = await call(a, 'POST', `/v1/models/lead-win/versions/${version}/publish`, { key, body: { note: `v${version}` } });
      expect(r.status, r.text).toBe(200);
    };
    let n = 0;
    const decideOnB = async () => {
      const at = new Date().toISOString();
      n += 1;
      const r = await call(b, 'POST', '/v1/decide', {
        key,
        body: { id: `ev-p${n}`, type: 'lead.created', at, lead: { id: `P${n}`, createdAt: at, source: 'referral', employees: AVERAGE_EMPLOYEES } },
      });
      expect(r.status, r.text).toBe(200);
      const d = r.json.decisions[0];
      const stored = await call(b, 'GET', `/v1/decisions/${d.decisionId}`, { key });
      return { models: stored.json.models, repId: d.actions.find((x: { type: string }) => x.type === 'assign')?.repId };
    };

    await publish(1);
    // B decides twice with version 1: the second is served from what it holds.
    expect(await decideOnB()).toEqual({ models: [{ key: 'lead-win', version: 1 }], repId: 'sen-01' });
    expect(await decideOnB()).toEqual({ models: [{ key: 'lead-win', version: 1 }], repId: 'sen-01' });
    await publish(2);
    expect(await decideOnB()).toEqual({ models: [{ key: 'lead-win', version: 2 }], repId: 'ae-01' });
    await publish(1);
    expect(await decideOnB()).toEqual({ models: [{ key: 'lead-win', version: 1 }], repId: 'sen-01' });
  }, 120_000);
});
