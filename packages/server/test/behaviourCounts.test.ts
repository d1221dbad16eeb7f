import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { leads } from '../src/db/schema.js';
import { fixedClock } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * S3 through the API: a visit or download the CRM reports as an activity with no rep counts on the
 * lead (visits, downloads …), and a scoring policy's per-unit points score it — the CRM need not keep
 * running totals. The lead row keeps the counts.
 */

const NOW = '2026-03-02T02:00:00.000Z';
const node = (id: string, type: string, data: unknown) => ({ id, type, position: { x: 0, y: 0 }, data });

describe.each(LANES)('behaviour logged through Sluice is scored (%s)', (lane) => {
  const env = useServer(lane, fixedClock(NOW));

  it('three visits and a download lift a budget lead from 20 to 45 points, kept on the lead row', async () => {
    const { key, tenantId } = await seedTenant(env.tdb.database);
    const base = env.server.base;
    const doc = {
      key: 'scoring',
      kind: 'scoring',
      name: 'Behaviour scoring',
      nodes: [
        node('t', 'trigger', { events: ['lead.created', 'activity.logged'] }),
        node('s', 'score', {
          criteria: [{ kind: 'attribute', label: 'has budget', when: { fact: 'lead.budget', operator: 'exists', value: true }, points: 20 }],
          perUnit: [
            { fact: 'lead.visits', points: 5, max: 20, label: 'visits' },
            { fact: 'lead.downloads', points: 10, label: 'downloads' },
          ],
        }),
      ],
      edges: [{ id: 'e', source: 't', target: 's' }],
    };
    expect((await call(base, 'PUT', '/v1/policies/scoring/draft', { key, body: doc })).status).toBe(201);
    expect((await call(base, 'POST', '/v1/policies/scoring/publish', { key, body: { note: 'S3' } })).status).toBe(201);
    const send = (body: Record<string, unknown>) => call(base, 'POST', '/v1/events', { key, body: { at: NOW, ...body } });
    expect((await send({ id: 'c', type: 'lead.created', lead: { id: 'B1', createdAt: NOW, budget: 50000 } })).status).toBe(200);
    for (const [i, kind] of ['visit', 'visit', 'visit', 'download'].entries()) {
      const r = await send({ id: `a${i}`, type: 'activity.logged', leadId: 'B1', activity: { kind } });
      expect(r.status, JSON.stringify(r.json)).toBe(200);
    }
    const [row] = await env.tdb.database.db
      .select()
      .from(leads)
      .where(and(eq(leads.tenantId, tenantId), eq(leads.id, 'B1')));
    expect(row!.data).toMatchObject({ visits: 3, downloads: 1, score: 45 });
  });
});
