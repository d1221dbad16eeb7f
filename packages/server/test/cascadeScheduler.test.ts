import { examplePolicy } from '@sluice/examples';
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decisions, leads } from '../src/db/schema.js';
import { startScheduler } from '../src/scheduler/index.js';
import { seedRoster } from './fixtures.js';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * The shipped S13 tiered cascade (examples/policies/s13-tiered-cascade.json), published through the
 * API and driven by nothing but the server's own scheduler loop: no CRM tick names a lead. A lead
 * waiting in a pool has no owner, so an owned-leads tick (what a trigger without a tickScope used
 * to get) never visited it and the lead sat in the premium pool for ever. The policy's tick now
 * walks the leads with a check due, so the lead moves exactly when each tier's wait is up.
 */

const START = Date.parse('2026-03-02T01:00:00Z');
const HOUR = 3_600_000;

describe.each(LANES)('S13 cascade on the scheduler (%s)', (lane) => {
  // The test's clock: still while the leads are created and claimed; once the scheduler runs, it runs on
  // from wherever the test last set it (so each pass's lease, one interval long, runs out).
  let clock = START;
  let setAt = Date.now();
  let running = false;
  const now = () => (running ? clock + (Date.now() - setAt) : clock);
  const setClock = (ms: number) => {
    clock = ms;
    setAt = Date.now();
  };
  const env = useServer(lane, now);

  // As shipped (tickScope "scheduledLeads"), and as a user who never touched the field draws it: the scope then comes from the cascade node.
  it.each([
    ['as shipped', false],
    ['with its trigger’s tickScope left unset', true],
  ])(
    'the S13 example %s moves an unclaimed lead premium → standard → manager queue, and leaves a claimed one with its owner',
    async (_how, unset) => {
      const { key, tenantId } = await seedTenant(env.tdb.database);
      const base = env.server.base;
      const doc = structuredClone(examplePolicy('s13-tiered-cascade')) as {
        key: string;
        nodes: Array<{ type: string; data: Record<string, unknown> }>;
        tests: Array<{ given: Record<string, unknown> }>;
      };
      expect(doc.nodes[0]!.data.tickScope).toBe('scheduledLeads');
      if (unset) delete doc.nodes[0]!.data.tickScope;
      // The roster the example's own cases run on: the premium and standard teams, their pools, the sales manager.
      const given = doc.tests[0]!.given as { timeZone: string; reps: unknown[]; teams: unknown[]; pools: unknown[] };
      await seedRoster(env.tdb.database, tenantId, { timeZone: given.timeZone, reps: given.reps, teams: given.teams, pools: given.pools } as never);
      expect((await call(base, 'PUT', `/v1/policies/${doc.key}/draft`, { key, body: doc })).status).toBe(201);
      const published = await call(base, 'POST', `/v1/policies/${doc.key}/publish`, { key, body: { note: 'S13 live' } });
      expect(published.status).toBe(201);

      const create = (id: string, at: number) =>
        call(base, 'POST', '/v1/decide', {
          key,
          body: { id: `c-${id}`, type: 'lead.created', at: new Date(at).toISOString(), lead: { id, createdAt: new Date(at).toISOString() } },
        });
      running = false;
      setClock(START);
      const first = await create('L-A', START);
      expect(first.status).toBe(200);
      expect(first.json.actions).toContainEqual({ type: 'schedule', leadId: 'L-A', due: '2026-03-03T01:00:00.000Z', nodeId: 'cascade', step: 0 });
      await create('L-B', START);

      const row = async (id: string) => {
        const [r] = await env.tdb.database.db
          .select()
          .from(leads)
          .where(and(eq(leads.tenantId, tenantId), eq(leads.id, id)));
        return { ownerId: r!.ownerId, poolId: r!.poolId, queueId: (r!.data as { queueId?: string | null }).queueId ?? null };
      };
      expect(await row('L-A')).toEqual({ ownerId: null, poolId: 'premium-pool', queueId: null });

      // L-B is claimed from the premium pool 7 hours in: progress, so its check ends the cascade.
      setClock(START + 7 * HOUR);
      const claimed = await call(base, 'POST', '/v1/pools/premium-pool/claim', { key, body: { leadId: 'L-B', repId: 'premium-2' } });
      expect(claimed.status).toBe(200);

      // The scheduler's own loop, every 20 ms of real time, reading the test's clock: nothing else ticks.
      const scheduler = startScheduler({ database: env.tdb.database, now, intervalMs: 20, replicaId: `s13-${lane}-${String(unset)}` });
      const until = async (what: () => Promise<boolean>, label: string) => {
        const deadline = Date.now() + 20_000;
        while (!(await what())) {
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${label}`);
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      running = true;
      try {
        // A minute before the 24 hours are up, passes run and nothing moves.
        setClock(START + 24 * HOUR - 60_000);
        await new Promise((r) => setTimeout(r, 300));
        expect(await row('L-A')).toEqual({ ownerId: null, poolId: 'premium-pool', queueId: null });

        setClock(START + 24 * HOUR);
        await until(async () => (await row('L-A')).poolId === 'standard-pool', 'L-A in the standard pool');
        expect(await row('L-A')).toEqual({ ownerId: null, poolId: 'standard-pool', queueId: null });

        setClock(START + 72 * HOUR);
        await until(async () => (await row('L-A')).queueId === 'sales-manual', 'L-A in the manager queue');
        expect(await row('L-A')).toEqual({ ownerId: null, poolId: null, queueId: 'sales-manual' });
      } finally {
        await scheduler.stop();
      }
      expect(await row('L-B')).toEqual({ ownerId: 'premium-2', poolId: null, queueId: null });

      // The decisions the scheduler recorded for L-A: the move to the standard pool (with the team told), then the queue.
      const made = await env.tdb.database.db
        .select()
        .from(decisions)
        .where(and(eq(decisions.tenantId, tenantId), eq(decisions.leadId, 'L-A')));
      const ticked = made
        .filter((d) => d.eventId.startsWith('tick:'))
        .map((d) =>
          (d.decision as { actions: Array<{ type: string; poolId?: string; queueId?: string }> }).actions.map((a) => [a.type, a.poolId ?? a.queueId ?? null]),
        )
        .sort((a, b) => a.length - b.length);
      expect(ticked).toEqual([
        [['queue', 'sales-manual']],
        [
          ['toPool', 'standard-pool'],
          ['schedule', null],
          ['notify', null],
        ],
      ]);
    },
    120_000,
  );
});
