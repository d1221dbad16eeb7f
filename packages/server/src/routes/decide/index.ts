import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireScope } from '../../auth/middleware.js';
import type { AppEnv } from '../../http/context.js';
import { writeAccess } from '../../http/responses.js';
import { decideBodySchema } from '../../state/event.js';
import { handleEvent, type Handled } from '../../state/handle.js';
import { eventResponses } from './schemas.js';

const decideRoute = createRoute({
  operationId: 'decideEvent',
  method: 'post',
  path: '/v1/decide',
  tags: ['decisions'],
  summary: 'Decide on an event: run the live policies it wakes / 对事件做出决策：运行被该事件触发的上线策略',
  description: [
    'Runs every live policy whose trigger listens to the event type, in a fixed order (scoring, routing, reclaim, split, penalty; then by key), on one state: a scoring policy’s score and grade are what the routing policy reads. The lead data the event carries is stored first; every state change (owner, ownership history, open load, daily counts, round-robin pointers, penalties …) is applied in one transaction with the decisions and the outbox. Idempotent by event id: a retry returns the stored response and changes nothing twice; the same id with a different body is refused (409).',
    'dryRun: true decides without changing anything (routing preview). With dryRun, policyKey previews one policy: its live version, policyVersion (a published version) or draft: true (the current draft).',
    'Events that only record facts (activity.logged, stage.changed, deal.won, deal.lost, lead.locked, lead.unlocked) may also be sent here; POST /v1/events is the same without the preview options.',
    '',
    '依次运行所有监听该事件类型的上线策略（评分、分配、回收、拆分、惩罚，再按 key），共用同一状态：评分策略写入的分数和等级即分配策略读取的值。先保存事件携带的线索数据；所有状态变更与决策记录、发件箱在同一事务中写入。按事件 id 幂等：重试返回已保存的响应且不会重复变更；同一 id 内容不同则拒绝（409）。dryRun: true 只计算不变更（分配预览）；配合 policyKey 可预览某个策略的上线版本、指定版本（policyVersion）或草稿（draft: true）。',
  ].join('\n'),
  security: writeAccess,
  request: { body: { content: { 'application/json': { schema: decideBodySchema } }, required: true } },
  responses: eventResponses,
});

export function registerDecide(app: OpenAPIHono<AppEnv>): void {
  app.openapi(decideRoute, async (c) => {
    const body = c.req.valid('json');
    const auth = c.var.auth;
    // A preview changes nothing: editors may run one too (the editor's routing preview).
    if (!(body.dryRun && auth.scopes.has('edit'))) requireScope(auth, 'decide');
    return reply(c, await handleEvent(c.var.deps.database, auth.tenantId, body, c.var.deps.now()));
  });
}

/**
 * The stored bytes, as they are: a retry must get exactly what the first call got. (Typed as
 * never: the route's typed-JSON responses do not cover a body that is already serialised.)
 */
export function reply(c: Context<AppEnv>, handled: Handled): never {
  return c.body(handled.body, 200, {
    'content-type': 'application/json; charset=utf-8',
    ...(handled.replayed ? { 'idempotent-replayed': 'true' } : {}),
  }) as never;
}
