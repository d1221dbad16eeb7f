import type { OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { SESSION_COOKIE } from '../../auth/middleware.js';
import type { AppEnv } from '../../http/context.js';
import { publicAccess } from '../../http/responses.js';

/**
 * The contract CRMs generate clients from. Every operation names itself (operationId) and says who
 * may call it (security); test/openapi.test.ts lints the whole document with Redocly's recommended
 * rules and walks the README's tour through a client generated from it.
 */
const TAGS = [
  { name: 'decisions', description: 'Decide on CRM events and query the audit trail / 对 CRM 事件做出决策并查询审计记录' },
  { name: 'claims', description: 'Reps claim and release pool leads; managers assign by hand / 销售领取与释放公海线索，主管手动分配' },
  { name: 'policies', description: 'Drafts, published versions, diffs and the change log / 策略草稿、已发布版本、差异与变更日志' },
  { name: 'roster', description: 'Reps, teams, pools and customers synced from the CRM / 从 CRM 同步的销售、团队、线索池与客户' },
  {
    name: 'simulations',
    description: 'CRM export datasets and policy simulations (A/B/n replays of history) / CRM 导出数据集与策略模拟（基于历史的 A/B/n 回放）',
  },
  {
    name: 'models',
    description:
      'Smart-score models (智能评分): training jobs, versions with their evaluation, publication and rollback / 智能评分模型：训练任务、带评估的版本、发布与回滚',
  },
  { name: 'webhooks', description: 'Signed deliveries of decisions to your endpoints / 将决策签名推送到你的接口' },
  { name: 'auth', description: 'Editor sessions: log in, log out, change password / 编辑器会话：登录、退出、修改密码' },
  { name: 'users', description: 'Editor accounts of this tenant (admins) / 本租户的编辑器账号（管理员）' },
  { name: 'keys', description: 'API keys for CRMs and scripts / 供 CRM 与脚本使用的 API 密钥' },
  { name: 'tenants', description: 'Tenants of this installation and their settings / 本安装的租户及其设置' },
  { name: 'system', description: 'Probes and this document; no credentials needed / 探针与本文档，无需凭证' },
];

/** The document's own fields; the operations come from the routes. */
const DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'Sluice decision API',
    version: '1',
    description: 'Lead circulation decisions for CRMs: routing, reclaim, split, penalty. 线索流转决策接口。',
  },
  // Relative: the server is wherever this document was fetched from (OpenAPI 3.1 §4.8.5), so the
  // same document is right on 127.0.0.1:8787, behind a proxy, or on any port; generators that need
  // an absolute base take it as an option (openapi-fetch: createClient({ baseUrl })).
  servers: [{ url: '/', description: 'The server that serves this document (default http://127.0.0.1:8787) / 提供本文档的服务器' }],
  tags: TAGS,
};

export function registerOpenApi(app: OpenAPIHono<AppEnv>): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'API key: `Authorization: Bearer slk_…` (POST /v1/keys)',
  });
  registry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: SESSION_COOKIE,
    description: 'Editor session set by POST /v1/auth/login (HttpOnly, SameSite=Strict) / 登录后设置的编辑器会话 Cookie',
  });
  registry.registerComponent('securitySchemes', 'csrf', {
    type: 'apiKey',
    in: 'header',
    name: 'x-csrf-token',
    description: 'The csrfToken of the login answer: a session’s POST/PUT/PATCH/DELETE must echo it / 登录响应中的 csrfToken：会话的写请求必须带上',
  });

  // Served by plain handlers (system/index.ts), declared here so the document lists every public route.
  registry.registerPath({
    method: 'get',
    path: '/health',
    operationId: 'getHealth',
    tags: ['system'],
    summary: 'Liveness: the process answers / 存活探针：进程能够响应',
    security: publicAccess,
    responses: { 200: { description: 'Alive / 存活', content: { 'application/json': { schema: z.looseObject({ ok: z.boolean() }) } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/ready',
    operationId: 'getReadiness',
    tags: ['system'],
    summary: 'Readiness: the database answers; a load balancer sends traffic only on 200 / 就绪探针：数据库可用时返回 200',
    security: publicAccess,
    responses: {
      200: { description: 'Ready / 就绪', content: { 'application/json': { schema: z.object({ database: z.literal('ok') }) } } },
      503: {
        description: 'The database cannot be reached: try another replica, or again after Retry-After / 数据库不可用：请换一个副本，或在 Retry-After 之后重试',
        headers: { 'retry-after': { description: 'Seconds to wait / 等待秒数', schema: { type: 'integer' } } },
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      },
    },
  });
  registry.registerPath({
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    tags: ['system'],
    summary: 'This document (OpenAPI 3.1) / 本文档（OpenAPI 3.1）',
    security: publicAccess,
    responses: { 200: { description: 'The document / 接口描述文档', content: { 'application/json': { schema: z.looseObject({ openapi: z.string() }) } } } },
  });
  registry.registerPath({
    method: 'get',
    path: '/docs',
    operationId: 'getApiReference',
    tags: ['system'],
    summary: 'This document as a web page / 本文档的网页版',
    security: publicAccess,
    responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } } },
  });

  registry.registerComponent('responses', 'Problem', {
    description:
      'Any other answer is problem+json too: e.g. 400 a malformed URL or JSON body, 413 a body over the limit, 415 a body that is not JSON, 429 too many attempts, 503 the database cannot be reached (with Retry-After). / 其他错误同样以 problem+json 返回。',
    content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
  });

  // Built once, on first request, when every route has registered; the same bytes thereafter.
  let served: string | undefined;
  app.get('/openapi.json', (c) => {
    served ??= JSON.stringify(withCommonAnswers(app.getOpenAPI31Document(DOCUMENT)));
    return c.body(served, 200, { 'content-type': 'application/json; charset=utf-8' });
  });
}

type Document = ReturnType<OpenAPIHono<AppEnv>['getOpenAPI31Document']>;

/**
 * Every answer of every route besides its own is problem+json (the app's onError and notFound):
 * declared once, as each operation's `default` response, so a generated client types every error.
 */
function withCommonAnswers(document: Document): Document {
  for (const item of Object.values(document.paths ?? {})) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) operation.responses = { ...operation.responses, default: { $ref: '#/components/responses/Problem' } };
    }
  }
  return document;
}
