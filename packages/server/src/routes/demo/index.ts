import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { TEMPLATES } from '@sluice/examples';
import { eq, sql } from 'drizzle-orm';
import { needs } from '../../auth/middleware.js';
import { policies } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, jsonContent, problemResponse, writeAccess } from '../../http/responses.js';
import { eventBodySchema } from '../../state/event.js';
import { handleEvent } from '../../state/handle.js';
import { demoEvents } from './events.js';
import { demoRoster } from './roster.js';

const NOTE = 'Demo data: published from a template / 演示数据：由模板发布';

const loaded = z.object({
  policies: z.array(z.object({ key: z.string(), version: z.number().int(), template: z.string() })),
  reps: z.number().int(),
  teams: z.number().int(),
  pools: z.number().int(),
  events: z.number().int().describe('Events sent through the decision path / 经决策流程处理的事件数'),
  refused: z.number().int().describe('Events the decision path refused (e.g. an activity on a lead nobody owns) / 被拒绝的事件数'),
  decisions: z.number().int().describe('Decisions recorded / 记录的决策数'),
});

const demoRoute = createRoute({
  operationId: 'loadDemoData',
  tags: ['tenants'],
  method: 'post',
  path: '/v1/demo',
  summary: 'Start with demo data: a roster, the templates as published policies, a few hundred decisions / 载入演示数据：名册、以模板发布的策略和数百条决策',
  description:
    'For a tenant with no policies yet (a first run). Writes the roster through the roster endpoints, saves and publishes every template through the policy endpoints (note: "' +
    NOTE +
    '"), then sends a few weeks of CRM events through the same decision path as POST /v1/events. Refused (409) once the tenant has any policy. / 仅用于尚无策略的租户（首次使用）：经名册接口写入名册，经策略接口保存并发布全部模板，再经与 POST /v1/events 相同的决策流程处理数周的 CRM 事件。租户已有策略时拒绝（409）。',
  security: writeAccess,
  middleware: [needs('admin')],
  responses: { 201: jsonContent(loaded, 'Loaded'), ...authProblems, 409: problemResponse, 422: problemResponse },
});

export function registerDemo(app: OpenAPIHono<AppEnv>): void {
  app.openapi(demoRoute, async (c) => {
    const auth = c.var.auth;
    const database = c.var.deps.database;
    const [{ n }] = (await database.db.select({ n: sql<number>`count(*)::int` }).from(policies).where(eq(policies.tenantId, auth.tenantId))) as [{ n: number }];
    if (n > 0) {
      throw new ProblemError(409, 'tenant-not-empty', 'This tenant already has policies: demo data is only for a first run', {
        detailZh: '本租户已有策略：演示数据仅用于首次使用',
      });
    }

    // The caller's own credentials on every inner request: the roster and policy endpoints check
    // and store exactly what they would for the admin doing it by hand (actor, CSRF, validation).
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const name of ['authorization', 'cookie', 'x-csrf-token']) {
      const value = c.req.header(name);
      if (value !== undefined) headers[name] = value;
    }
    const send = async (method: string, path: string, body: unknown) => {
      const res = await app.request(path, { method, headers, body: JSON.stringify(body) }, c.env);
      if (res.status >= 300) {
        const problem = (await res.json().catch(() => ({}))) as { detail?: string; detailZh?: string };
        throw new ProblemError(422, 'demo-failed', `Loading the demo data stopped at ${method} ${path}: ${problem.detail ?? res.status}`, {
          detailZh: `载入演示数据在 ${method} ${path} 处中止：${problem.detailZh ?? res.status}`,
        });
      }
    };

    await send('POST', '/v1/teams/bulk', { items: demoRoster.teams });
    await send('POST', '/v1/pools/bulk', { items: demoRoster.pools });
    await send('POST', '/v1/reps/bulk', { items: demoRoster.reps });

    const published: Array<{ key: string; version: number; template: string }> = [];
    for (const template of TEMPLATES) {
      for (const policy of template.policies) {
        await send('PUT', `/v1/policies/${policy.key}/draft`, policy);
        await send('POST', `/v1/policies/${policy.key}/publish`, { note: NOTE });
        published.push({ key: policy.key, version: 1, template: template.id });
      }
    }

    let events = 0;
    let refused = 0;
    let decisions = 0;
    // Who owns each lead after the routing decisions: an activity needs someone to have logged it.
    const owners = new Map<string, string>();
    for (const phase of demoEvents(c.var.deps.now())) {
      const sent = phase.filter((e) => e.type !== 'activity.logged' || owners.has(e.leadId as string));
      // All at once: the tenant's queue (state/handle.ts) runs them in batches, in this order.
      const outcomes = await Promise.allSettled(sent.map((e) => handleEvent(database, auth.tenantId, eventBodySchema.parse(e), c.var.deps.now())));
      for (const o of outcomes) {
        events++;
        if (o.status === 'rejected') {
          // A refusal of one event (a problem with a status) is counted; a failure of the server is not hidden.
          if (!(o.reason instanceof ProblemError)) throw o.reason;
          refused++;
          continue;
        }
        const body = JSON.parse(o.value.body) as {
          decisions: Array<{ decisionId: string | null }>;
          actions: Array<{ type: string; leadId?: string; repId?: string }>;
        };
        decisions += body.decisions.filter((d) => d.decisionId !== null).length;
        for (const a of body.actions) {
          if (a.type === 'assign' && a.leadId && a.repId) owners.set(a.leadId, a.repId);
          else if ((a.type === 'toPool' || a.type === 'queue') && a.leadId) owners.delete(a.leadId);
        }
      }
    }
    return c.json(
      { policies: published, reps: demoRoster.reps.length, teams: demoRoster.teams.length, pools: demoRoster.pools.length, events, refused, decisions },
      201,
    );
  });
}
