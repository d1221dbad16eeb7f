import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Decision, StepEvent } from '@sluice/engine';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireScope } from '../../auth/middleware.js';
import { columnText } from '../../db/limits.js';
import { decisionInputs, decisions } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { iso, nowIso, writeAccess } from '../../http/responses.js';
import { problemResponse } from '../decide/schemas.js';
import type { DecidedEvent } from '../policies/caseBuilder.js';
import { caseResponse } from '../policies/testRoutes.js';
import { pinCase } from '../policies/testRun.js';
import { decisionById } from './query.js';

const testCaseRoute = createRoute({
  operationId: 'decisionTestCase',
  method: 'post',
  path: '/v1/decisions/{id}/test-case',
  tags: ['decisions'],
  summary: 'Save a decision as a policy test case: the state it read, its event, its outcome as expectations / 将决策保存为策略测试用例',
  description:
    "given is what the decision read (the lead as it was, the reps it weighed with their load, counts and penalties, their teams, the pointers and pools it touched), when[0] is its event decided at the instant the server decided it, and the expectations are its outcome (who got the lead or where it went, the deciding node, who was skipped and why, splits, penalties, reminders, notifications). Run against the version that decided, the case passes. Decisions of clock ticks, claims, releases and manual assignments, and those made before this was recorded, kept no such state (409). addToDraft appends the case to the policy's draft (needs edit). / given 为决策当时读取的状态，when[0] 为其事件（按服务器决策时刻），预期为其结果；在做出该决策的版本上运行即通过。定时、领取、释放、手动分配的决策以及记录此信息之前的决策没有保存状态（409）。addToDraft 将用例追加到策略草稿（需 edit 权限）。",
  security: writeAccess,
  request: {
    params: z.object({ id: columnText(decisions.id, 100).min(1) }),
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            name: z
              .strictObject({ en: z.string().trim().min(1).max(200).optional(), zh: z.string().trim().min(1).max(200).optional() })
              .optional()
              .describe("The case's name; what is missing is written from the decision / 用例名称；未给出的部分根据决策生成"),
            addToDraft: z.boolean().optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: { 200: caseResponse, 401: problemResponse, 403: problemResponse, 404: problemResponse, 409: problemResponse, 422: problemResponse },
});

export function registerDecisionTestCase(app: OpenAPIHono<AppEnv>): void {
  app.openapi(testCaseRoute, async (c) => {
    const auth = c.var.auth;
    const { name, addToDraft } = c.req.valid('json');
    requireScope(auth, addToDraft ? 'edit' : 'read');
    const database = c.var.deps.database;
    const d = await decisionById(database.db, auth.tenantId, c.req.valid('param').id);
    if (!d) throw new ProblemError(404, 'not-found', 'No such decision in this tenant', { detailZh: '本租户没有这条决策' });
    const eventId = d.eventId as string;
    const policy = d.policy as { key: string };
    const [input] = await database.db
      .select()
      .from(decisionInputs)
      .where(and(eq(decisionInputs.tenantId, auth.tenantId), eq(decisionInputs.eventId, eventId)));
    if (!input) {
      throw new ProblemError(409, 'no-decision-input', 'This decision kept no record of the state it read, so it cannot become a test case', {
        detail:
          'Only decisions on events sent to /v1/decide or /v1/events keep it (not clock ticks, claims, releases or manual assignments), since this was added. Make a case from a try-it preview instead (POST /v1/policies/{key}/tests/from-preview).',
        detailZh:
          '只有发往 /v1/decide 或 /v1/events 的事件所做的决策（自本功能上线起）会保存当时读取的状态；定时、领取、释放、手动分配的决策不会保存。可改用试运行生成用例（POST /v1/policies/{key}/tests/from-preview）。',
      });
    }
    // Every decision of that event by this policy (a tick may decide on several leads; an event, once).
    const stored = await database.db
      .select({ decision: decisions.decision })
      .from(decisions)
      .where(and(eq(decisions.tenantId, auth.tenantId), eq(decisions.eventId, eventId), eq(decisions.policyKey, policy.key)))
      .orderBy(asc(decisions.at));
    const decided: DecidedEvent = {
      state: input.state as DecidedEvent['state'],
      event: input.event as StepEvent & Record<string, unknown>,
      decidedAt: iso(input.decidedAt),
      decisions: stored.map((s) => s.decision as Decision),
    };
    return c.json(await pinCase(database, auth.tenantId, policy.key, decided, name, addToDraft === true, auth.actor, nowIso(c)), 200);
  });
}
