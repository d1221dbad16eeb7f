import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireScope } from '../../auth/middleware.js';
import type { AppEnv } from '../../http/context.js';
import { writeAccess } from '../../http/responses.js';
import type { Handled } from '../../state/handle.js';
import { handleReportingReturns } from '../../state/returned.js';
import { dryRun } from '../../state/run.js';
import { decideRequestSchema, eventResponses } from './schemas.js';

const decideRoute = createRoute({
  operationId: 'decideEvent',
  method: 'post',
  path: '/v1/decide',
  tags: ['decisions'],
  summary: 'Decide on an event: run the live policies it wakes / 对事件做出决策：运行被该事件触发的上线策略',
  description: [
    'Runs every live policy whose trigger listens to the event type, in a fixed order (scoring, routing, reclaim, split, penalty; then by key), on one state: a scoring policy’s score and grade are what the routing policy reads. The lead data the event carries is stored first; every state change (owner, ownership history, open load, daily counts, round-robin pointers, penalties …) is applied in one transaction with the decisions and the outbox. Idempotent by event id: a retry returns the stored response and changes nothing twice; the same id with a different body is refused (409).',
    'dryRun: true decides without changing anything (routing preview). With dryRun, policyKey previews one policy: its live version, policyVersion (a published version) or draft: true (the current draft).',
    'Which instant decides: the event\'s at (and activity.at) says when what it reports happened; everything that depends on the time of the decision (shifts, out of office, daily caps and their local day, claim limits, penalties in force, reclaim and cascade clocks, reminders) reads the server clock. A dry run may set decideAt to preview another instant ("what happens to this lead at 22:00?"); the response\'s decidedAt says which instant was used. decideAt on a request that is not a dry run is refused (422).',
    'Events that only record facts (activity.logged, stage.changed, deal.won, deal.lost, lead.locked, lead.unlocked) may also be sent here; POST /v1/events is the same without the preview options.',
    '',
    '依次运行所有监听该事件类型的上线策略（评分、分配、回收、拆分、惩罚，再按 key），共用同一状态：评分策略写入的分数和等级即分配策略读取的值。先保存事件携带的线索数据；所有状态变更与决策记录、发件箱在同一事务中写入。按事件 id 幂等：重试返回已保存的响应且不会重复变更；同一 id 内容不同则拒绝（409）。dryRun: true 只计算不变更（分配预览）；配合 policyKey 可预览某个策略的上线版本、指定版本（policyVersion）或草稿（draft: true）。事件的 at（及 activity.at）表示所报告的事情发生的时间；凡取决于决策时刻的规则（班次、休假、每日上限及其本地日、领取限制、生效中的惩罚、回收与分级计时、提醒）都以服务器时钟为准。试运行可用 decideAt 预览另一时刻（“这条线索在 22:00 会怎样？”），响应中的 decidedAt 表明所用时刻；非试运行请求带 decideAt 会被拒绝（422）。',
  ].join('\n'),
  security: writeAccess,
  request: { body: { content: { 'application/json': { schema: decideRequestSchema } }, required: true } },
  responses: eventResponses,
});

export function registerDecide(app: OpenAPIHono<AppEnv>): void {
  app.openapi(decideRoute, async (c) => {
    const { decideAt, ...body } = c.req.valid('json');
    const auth = c.var.auth;
    // A preview changes nothing: editors may run one too (the editor's routing preview).
    if (!(body.dryRun && auth.scopes.has('edit'))) requireScope(auth, 'decide');
    const database = c.var.deps.database;
    if (!body.dryRun) return reply(c, await handleReportingReturns(database, auth.tenantId, body, c.var.deps.now()));
    // The preview's clock: the instant asked for, else the server's — the same `now` a real decision gets.
    const nowMs = decideAt === undefined ? c.var.deps.now() : Date.parse(decideAt);
    const { dryRun: _dry, policyKey, policyVersion, draft, ...event } = body;
    const response = await dryRun(database, auth.tenantId, event, { policyKey, policyVersion, draft }, nowMs);
    const { eventId, decisions, actions } = response;
    return reply(c, {
      body: JSON.stringify({ eventId, dryRun: true, decidedAt: new Date(nowMs).toISOString(), decisions, actions }),
      replayed: false,
      returned: [],
    });
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
