import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import { isDatabaseUnavailable } from '../../db/unavailable.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, jsonContent, problemResponse, writeAccess } from '../../http/responses.js';
import { claimDemo, finishDemo, markPublished, releaseDemo } from './claim.js';
import { loadRosterAndTemplates, NOTE, sendDemoEvents, templatePolicies } from './load.js';
import { demoRoster } from './roster.js';

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
    '"), then sends a few weeks of CRM events through the same decision path as POST /v1/events. The roster and the policies are written in one transaction: all of them or none. The events are sent once each (by their ids): a load stopped among them is finished, not repeated, by the next call. One load per tenant at a time: a second call meanwhile gets 409 `demo-loading`; once the tenant has any policy, 409 `tenant-not-empty`. / 仅用于尚无策略的租户（首次使用）：经名册接口写入名册，经策略接口保存并发布全部模板（名册与策略在同一事务中写入：要么全部成功，要么全部不写），再经与 POST /v1/events 相同的决策流程处理数周的 CRM 事件（每个事件按其 id 只处理一次：中途停止的载入由下一次调用补完，不会重复）。同一租户同一时间只能载入一次：期间的第二次调用得到 409 `demo-loading`；租户已有策略时得到 409 `tenant-not-empty`。',
  security: writeAccess,
  middleware: [needs('admin')],
  responses: { 201: jsonContent(loaded, 'Loaded'), ...authProblems, 409: problemResponse, 422: problemResponse },
});

export function registerDemo(app: OpenAPIHono<AppEnv>): void {
  app.openapi(demoRoute, async (c) => {
    const auth = c.var.auth;
    const { database, now } = c.var.deps;
    const claim = await claimDemo(database.db, auth.tenantId, auth.actor, now());

    if (!claim.published) {
      try {
        await database.db.transaction(async (tx) => {
          await loadRosterAndTemplates(c, tx);
          await markPublished(tx, auth.tenantId, now());
        });
      } catch (e) {
        // Rolled back: nothing of the demo is in, so the tenant may try again.
        await releaseDemo(database.db, auth.tenantId).catch(() => undefined);
        throw e;
      }
    }

    let counts: Awaited<ReturnType<typeof sendDemoEvents>>;
    try {
      counts = await sendDemoEvents(database, auth.tenantId, claim.eventsFrom, now);
    } catch (e) {
      await finishDemo(database.db, auth.tenantId, 'failed', now()).catch(() => undefined);
      if (isDatabaseUnavailable(e)) throw e;
      console.error('demo data: sending the events failed', e);
      throw new ProblemError(500, 'demo-incomplete', 'Loading the demo data stopped while sending its sample events; load it again to finish', {
        detail: 'The roster and policies are in. Loading again sends the remaining events; none is decided twice.',
        detailZh: '载入演示数据时，在发送示例事件的过程中中止。名册与策略已载入；再次载入会补发其余事件，不会重复决策。',
      });
    }
    await finishDemo(database.db, auth.tenantId, 'loaded', now());
    return c.json(
      {
        policies: templatePolicies(),
        reps: demoRoster.reps.length,
        teams: demoRoster.teams.length,
        pools: demoRoster.pools.length,
        ...counts,
      },
      201,
    );
  });
}
