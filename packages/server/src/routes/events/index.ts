import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { requireScope } from '../../auth/middleware.js';
import type { AppEnv } from '../../http/context.js';
import { writeAccess } from '../../http/responses.js';
import { eventBodySchema } from '../../state/event.js';
import { handleReportingReturns } from '../../state/returned.js';
import { reply } from '../decide/index.js';
import { eventResponses } from '../decide/schemas.js';

const eventsRoute = createRoute({
  operationId: 'recordEvent',
  method: 'post',
  path: '/v1/events',
  tags: ['decisions'],
  summary:
    'Record a CRM event (activity, stage, won/lost, lock) and run the policies it wakes / 记录 CRM 事件（活动、阶段、赢单/输单、锁定）并运行被触发的策略',
  description: [
    'The same handling as POST /v1/decide (one code path, one idempotency space of event ids), without the preview options. What each event records before any policy runs:',
    '- activity.logged: an activity row (activity.kind, activity.at or at, activity.repId or repId or the owner); lead.lastActivityAt moves forward — the no-follow-up reclaim clock restarts.',
    '- stage.changed: lead.stage = stage.to. Entering an opportunity stage (anything but new/lead/MQL/SQL/nurture/contacted/qualified/unqualified and closed stages; data.opportunity: true|false overrides) sets openOpportunity and, when none was open, lastOpportunityAt.',
    '- deal.won: status won, signed, lastDealAt, no open opportunity; the lead stops counting towards its owner’s open load. deal.lost: status lost, likewise.',
    '- lead.locked / lead.unlocked: lead.locked (reclaim exemption).',
    'activity.logged, stage.changed and deal.won then run the live policies listening to them; deal.lost and the lock events only record facts.',
    'Refused with 422 and the field named: an event of any type but tick without lead or leadId ($.leadId); a negative amount ($.amount) or lead.expectedAmount; a rep the tenant’s roster does not know, when it has one ($.repId, $.activity.repId, or $.lead.ownerId for a lead nobody owns); a pool the tenant does not have, reported for a lead nobody holds ($.lead.poolId). A lead.poolId for a lead no owner, pool or queue holds (and no lead.ownerId) puts the lead in that pool.',
    '',
    '与 POST /v1/decide 相同的处理（同一代码路径、同一事件 id 幂等空间），不含预览选项。activity.logged 记录一条活动并更新最近跟进时间；stage.changed 更新阶段，进入商机阶段时记录商机；deal.won / deal.lost 更新成交状态（不再计入负责人的在手线索数）；lead.locked / lead.unlocked 设置锁定。之后运行监听该事件的上线策略。以下情况返回 422 并指明字段：除 tick 外的事件未提供 lead 或 leadId；amount 或 lead.expectedAmount 为负数；租户已有销售名单时，事件中的销售（repId、activity.repId，或无人负责线索的 lead.ownerId）不在名单中；为无人持有的线索报告的线索池（lead.poolId）在本租户不存在。无人持有（无负责人、不在线索池或待分配队列中，且未提供 lead.ownerId）的线索若带有 lead.poolId，即放入该线索池。',
  ].join('\n'),
  security: writeAccess,
  request: { body: { content: { 'application/json': { schema: eventBodySchema } }, required: true } },
  responses: eventResponses,
});

export function registerEvents(app: OpenAPIHono<AppEnv>): void {
  app.openapi(eventsRoute, async (c) => {
    requireScope(c.var.auth, 'decide');
    return reply(c, await handleReportingReturns(c.var.deps.database, c.var.auth.tenantId, c.req.valid('json'), c.var.deps.now()));
  });
}
