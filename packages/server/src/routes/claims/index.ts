import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { requireScope } from '../../auth/middleware.js';
import { columnText } from '../../db/limits.js';
import { leads } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { writeAccess } from '../../http/responses.js';
import { problemResponse } from '../decide/schemas.js';
import { assignLead, claimLead, releaseLead } from './apply.js';

const id = columnText(leads.id).min(1);

const claimBody = z.strictObject({ leadId: id, repId: id });
const releaseBody = z.strictObject({ repId: id, poolId: id, reason: z.string().max(1000).optional() });
const assignBody = z.strictObject({ repId: id, managerId: id.optional() });

const result = z.object({
  decisionId: z.string(),
  leadId: z.string(),
  repId: z.string(),
  poolId: z.string().nullable(),
  at: z.string(),
  via: z.enum(['claimed', 'released', 'assigned']),
  action: z.looseObject({ type: z.string() }),
});

const responses = {
  200: {
    content: { 'application/json': { schema: result } },
    description: 'Done: the change as recorded (decision id for the audit trail) / 已完成：记录的变更（决策 id 可在审计记录中查询）',
  },
  401: problemResponse,
  403: problemResponse,
  404: problemResponse,
  409: problemResponse,
  422: problemResponse,
};

const claimRoute = createRoute({
  operationId: 'claimFromPool',
  method: 'post',
  path: '/v1/pools/{pool}/claim',
  tags: ['claims'],
  summary: 'A rep claims a lead from a pool / 销售从线索池领取线索',
  description: [
    'A pool or lead that does not exist is 404 (unknown-pool, then unknown-lead), as for a release. Then checks, in order, that the rep is known, the lead is in the pool and unowned, the rep is not suspended from claiming, the cooling period of a former owner is over, the daily claim limit (tenant-local day) and the owned-customer cap — each the pool’s own unless a row of `limits` sets it for the rep, the rep’s level or team (precedence rep > level > team > pool; `reason.source` says which applied); then the lead becomes the rep’s, recorded as claimed. Checks and change run in one transaction under the tenant’s lock, so simultaneous claims cannot both win and limits hold under concurrency. A refusal is 409 with `type` …/problems/<code> (unknownRep, notInPool, claimSuspended, formerOwnerCooling, dailyClaimLimit, ownedCap), the reason in `detail` / `detailZh` and its data in `reason`.',
    '',
    '线索池或线索不存在时返回 404（unknown-pool，其次 unknown-lead），与释放一致。然后依次检查：销售存在、线索在该池中且无人负责、未被暂停领取、原负责人冷却期已过、每日领取上限（按租户时区）、拥有客户上限（默认取线索池的值，limits 中可按销售、级别或团队单独设置，优先级 个人 > 级别 > 团队 > 线索池，reason.source 说明所用来源）；通过后线索归该销售（记为领取）。检查与变更在同一事务中并持有租户锁，并发领取不会同时成功，上限在并发下也不会被突破。拒绝时返回 409，type 以拒绝代码结尾，原因见 detail / detailZh，数据见 reason。',
  ].join('\n'),
  security: writeAccess,
  request: { params: z.object({ pool: id }), body: { content: { 'application/json': { schema: claimBody } }, required: true } },
  responses,
});

const releaseRoute = createRoute({
  operationId: 'releaseLead',
  method: 'post',
  path: '/v1/leads/{id}/release',
  tags: ['claims'],
  summary: 'The owner gives a lead back to a pool / 负责人将线索释放回线索池',
  description:
    'Only the current owner may release (409 notOwner otherwise). The ownership ends with reason released; a pool’s cooling period then applies to that rep. / 只有当前负责人可以释放（否则 409 notOwner）；负责关系以“释放”结束，之后该销售受线索池冷却期约束。',
  security: writeAccess,
  request: { params: z.object({ id }), body: { content: { 'application/json': { schema: releaseBody } }, required: true } },
  responses,
});

const assignRoute = createRoute({
  operationId: 'assignLead',
  method: 'post',
  path: '/v1/leads/{id}/assign',
  tags: ['claims'],
  summary: 'A manager assigns a lead by hand / 主管手动分配线索',
  description:
    'Gives the lead to the rep, replacing any owner, recorded as assigned with the acting key or user (and managerId, if given) in the decision record. Overrides with a reason and approver go through POST /v1/decide (decision.overridden). / 将线索分配给该销售（替换原负责人），记为手动分配，决策记录中包含操作者（及 managerId）。带理由和审批人的改判请通过 POST /v1/decide（decision.overridden）。',
  security: writeAccess,
  request: { params: z.object({ id }), body: { content: { 'application/json': { schema: assignBody } }, required: true } },
  responses,
});

export function registerClaims(app: OpenAPIHono<AppEnv>): void {
  app.openapi(claimRoute, async (c) => {
    requireScope(c.var.auth, 'decide');
    const { pool } = c.req.valid('param');
    const body = c.req.valid('json');
    const out = await claimLead(c.var.deps.database, c.var.auth.tenantId, { ...body, poolId: pool }, c.var.auth.actor, c.var.deps.now());
    return c.json(out, 200);
  });
  app.openapi(releaseRoute, async (c) => {
    requireScope(c.var.auth, 'decide');
    const { id: leadId } = c.req.valid('param');
    const body = c.req.valid('json');
    const out = await releaseLead(c.var.deps.database, c.var.auth.tenantId, { leadId, ...body }, c.var.auth.actor, c.var.deps.now());
    return c.json(out, 200);
  });
  app.openapi(assignRoute, async (c) => {
    requireScope(c.var.auth, 'decide');
    const { id: leadId } = c.req.valid('param');
    const body = c.req.valid('json');
    const out = await assignLead(c.var.deps.database, c.var.auth.tenantId, { leadId, ...body }, c.var.auth.actor, c.var.deps.now());
    return c.json(out, 200);
  });
}
