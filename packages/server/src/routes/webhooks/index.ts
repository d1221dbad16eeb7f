import { randomUUID } from 'node:crypto';
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { and, desc, eq, lt } from 'drizzle-orm';
import { z } from 'zod';
import { requireScope } from '../../auth/middleware.js';
import { columnText, queryInt } from '../../db/limits.js';
import { outbox, webhookDeliveries, webhooks } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { fieldProblem } from '../../http/problem.js';
import { authProblems, iso, jsonContent, notFound, nowIso, problemResponse, readAccess, writeAccess } from '../../http/responses.js';
import { ALL_EVENTS, WEBHOOK_EVENT_TYPES } from '../../webhooks/events.js';
import { newSigningSecret } from '../../webhooks/sign.js';
import { checkWebhookUrl, WebhookTargetError } from '../../webhooks/target.js';

const eventType = z.enum([ALL_EVENTS, ...WEBHOOK_EVENT_TYPES]).describe('An event type, or "*" for all / 事件类型，"*" 表示全部');

const webhookView = z.object({ id: z.string(), url: z.string(), eventTypes: z.array(z.string()), createdAt: z.string() });

const deliveryView = z.object({
  id: z.number().int(),
  outboxId: z.number().int().describe('The x-sluice-delivery header / 即 x-sluice-delivery 请求头'),
  eventType: z.string().nullable(),
  attempt: z.number().int(),
  status: z.number().int().nullable().describe('HTTP status; null when no answer came / HTTP 状态码；无响应时为 null'),
  ok: z.boolean(),
  error: z.string().nullable(),
  at: z.string(),
});

const idParam = z.object({ id: columnText(webhooks.id, 100).min(1) });

const SIGNING =
  'Each delivery is a POST of {id, type, tenantId, createdAt, data} with headers x-sluice-event, x-sluice-delivery (the outbox id, the same on every retry), x-sluice-timestamp (Unix seconds) and x-sluice-signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>. A 2xx answer within 10 s counts as delivered; otherwise the subscriptions that failed are retried after 10 s, 20 s, 40 s … (at most 1 h apart, 12 attempts), and the others are not sent it again. A tenant’s events are sent in outbox id order; a retried event may arrive after later ones. / ' +
  '每次投递以 POST 发送 {id, type, tenantId, createdAt, data}，请求头含 x-sluice-event、x-sluice-delivery（outbox id，重试时不变）、x-sluice-timestamp（Unix 秒）和 x-sluice-signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + 原始请求体)>。10 秒内返回 2xx 即视为送达；否则仅对失败的订阅在 10 秒、20 秒、40 秒……后重试（间隔最长 1 小时，共 12 次），已成功的订阅不会重复收到。同一租户的事件按 outbox id 顺序发送；重试的事件可能晚于后续事件到达。';

const createRouteDef = createRoute({
  operationId: 'createWebhook',
  method: 'post',
  path: '/v1/webhooks',
  tags: ['webhooks'],
  summary: 'Subscribe a URL to events (the signing secret is shown once) / 订阅事件（签名密钥仅显示一次）',
  description:
    'The response carries the signing secret. It is stored as is on the server (it is needed to sign every delivery; there is no key management to encrypt it with) and is never returned again: keep it now. ' +
    SIGNING +
    ' / 响应中包含签名密钥。服务器按原样保存它（每次签名都需要它，目前没有用于加密它的密钥管理），之后不会再返回：请立即保存。',
  security: writeAccess,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.strictObject({
            url: z
              .string()
              .min(1)
              .max(2048)
              .describe(
                'http:// or https://, without a user name or password. Loopback, private, link-local and reserved addresses are refused (unless the server runs with --allow-private-webhooks), here for an IP address and at each delivery for the addresses a name resolves to. / ' +
                  '必须是 http:// 或 https://，且不含用户名或密码。回环、内网、链路本地和保留地址会被拒绝（除非服务器以 --allow-private-webhooks 启动）：IP 地址在此处检查，域名在每次投递时按其解析出的地址检查。',
              ),
            eventTypes: z.array(eventType).min(1).max(50),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    201: jsonContent(
      webhookView.extend({ secret: z.string() }),
      'The subscription and its signing secret; store the secret now / 订阅及签名密钥，请立即保存密钥',
    ),
    ...authProblems,
    422: problemResponse,
  },
});

const listRoute = createRoute({
  operationId: 'listWebhooks',
  method: 'get',
  path: '/v1/webhooks',
  tags: ['webhooks'],
  summary: 'List webhook subscriptions (never the secret) / 列出 Webhook 订阅（不含密钥）',
  security: readAccess,
  responses: { 200: jsonContent(z.object({ webhooks: z.array(webhookView) }), 'Subscriptions / 订阅列表'), ...authProblems },
});

const deleteRoute = createRoute({
  operationId: 'deleteWebhook',
  method: 'delete',
  path: '/v1/webhooks/{id}',
  tags: ['webhooks'],
  summary: 'Delete a webhook subscription and its delivery log / 删除 Webhook 订阅及其投递日志',
  description: 'Events not yet delivered to it are dropped. / 尚未送达该订阅的事件将不再投递。',
  security: writeAccess,
  request: { params: idParam },
  responses: { 204: { description: 'Deleted / 已删除' }, ...authProblems, 404: problemResponse },
});

const deliveriesRoute = createRoute({
  operationId: 'listWebhookDeliveries',
  method: 'get',
  path: '/v1/webhooks/{id}/deliveries',
  tags: ['webhooks'],
  summary: 'Delivery log of a subscription, newest first / 订阅的投递日志（按时间倒序）',
  description: 'One entry per HTTP attempt. Page with `before` = the last id seen. / 每次 HTTP 尝试一条；翻页时 before 取上一页最后一条的 id。',
  security: readAccess,
  request: {
    params: idParam,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100), before: queryInt(webhookDeliveries.id).optional() }),
  },
  responses: {
    200: jsonContent(z.object({ deliveries: z.array(deliveryView) }), 'Attempts / 投递记录'),
    ...authProblems,
    404: problemResponse,
    422: problemResponse,
  },
});

export function registerWebhooks(app: OpenAPIHono<AppEnv>): void {
  app.openapi(createRouteDef, async (c) => {
    requireScope(c.var.auth, 'admin');
    const body = c.req.valid('json');
    checkUrl(body.url, c.var.deps.allowPrivateWebhooks === true);
    const row = {
      id: randomUUID(),
      tenantId: c.var.auth.tenantId,
      url: body.url,
      eventTypes: [...new Set(body.eventTypes)],
      secret: newSigningSecret(),
      createdAt: nowIso(c),
    };
    await c.var.deps.database.db.insert(webhooks).values(row);
    return c.json({ id: row.id, url: row.url, eventTypes: row.eventTypes, createdAt: row.createdAt, secret: row.secret }, 201);
  });

  app.openapi(listRoute, async (c) => {
    requireScope(c.var.auth, 'admin');
    const rows = await c.var.deps.database.db
      .select({ id: webhooks.id, url: webhooks.url, eventTypes: webhooks.eventTypes, createdAt: webhooks.createdAt })
      .from(webhooks)
      .where(eq(webhooks.tenantId, c.var.auth.tenantId))
      .orderBy(webhooks.createdAt, webhooks.id);
    return c.json({ webhooks: rows.map((r) => ({ ...r, createdAt: iso(r.createdAt) })) }, 200);
  });

  app.openapi(deleteRoute, async (c) => {
    requireScope(c.var.auth, 'admin');
    const { id } = c.req.valid('param');
    const tenantId = c.var.auth.tenantId;
    const gone = await c.var.deps.database.db.transaction(async (tx) => {
      const deleted = await tx
        .delete(webhooks)
        .where(and(eq(webhooks.id, id), eq(webhooks.tenantId, tenantId)))
        .returning({ id: webhooks.id });
      if (deleted.length > 0) await tx.delete(webhookDeliveries).where(and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.webhookId, id)));
      return deleted.length > 0;
    });
    if (!gone) throw notFound('webhook', 'Webhook 订阅');
    return c.body(null, 204);
  });

  app.openapi(deliveriesRoute, async (c) => {
    requireScope(c.var.auth, 'admin');
    const { id } = c.req.valid('param');
    const { limit, before } = c.req.valid('query');
    const tenantId = c.var.auth.tenantId;
    const db = c.var.deps.database.db;
    const [hook] = await db
      .select({ id: webhooks.id })
      .from(webhooks)
      .where(and(eq(webhooks.id, id), eq(webhooks.tenantId, tenantId)));
    if (!hook) throw notFound('webhook', 'Webhook 订阅');
    const rows = await db
      .select({ d: webhookDeliveries, eventType: outbox.type })
      .from(webhookDeliveries)
      .leftJoin(outbox, eq(outbox.id, webhookDeliveries.outboxId))
      .where(
        and(eq(webhookDeliveries.tenantId, tenantId), eq(webhookDeliveries.webhookId, id), before === undefined ? undefined : lt(webhookDeliveries.id, before)),
      )
      .orderBy(desc(webhookDeliveries.id))
      .limit(limit);
    const deliveries = rows.map(({ d, eventType }) => ({
      id: d.id,
      outboxId: d.outboxId,
      eventType,
      attempt: d.attempt,
      status: d.status,
      ok: d.status !== null && d.status >= 200 && d.status < 300,
      error: d.error,
      at: iso(d.at),
    }));
    return c.json({ deliveries }, 200);
  });
}

/**
 * Only http(s) without credentials in the URL: a webhook is a signed POST to a web server. Unless
 * the server allows private targets, an IP literal (or localhost) in a loopback, private,
 * link-local or reserved range is refused too; names are checked again when delivering.
 */
function checkUrl(url: string, allowPrivate: boolean): void {
  try {
    checkWebhookUrl(url, { allowPrivate });
  } catch (e) {
    if (!(e instanceof WebhookTargetError)) throw e;
    throw fieldProblem('$.url', e.message, e.messageZh);
  }
}
