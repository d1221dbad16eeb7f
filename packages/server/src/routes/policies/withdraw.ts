import { createRoute, type RouteHandler } from '@hono/zod-openapi';
import { z } from 'zod';
import { needs } from '../../auth/middleware.js';
import { policyLog } from '../../db/schema.js';
import type { AppEnv } from '../../http/context.js';
import { ProblemError } from '../../http/problem.js';
import { authProblems, jsonContent, nowIso, problemResponse, writeAccess } from '../../http/responses.js';
import { liveTransaction } from './live.js';
import { keyParam, note } from './routes.js';
import { lockPolicy, makeLive } from './store.js';

export const withdrawRoute = createRoute({
  tags: ['policies'],
  operationId: 'withdrawPolicy',
  security: writeAccess,
  middleware: [needs('publish')],
  method: 'post',
  path: '/v1/policies/{key}/withdraw',
  summary: 'Take the live version offline: no version of the policy decides any more / 下线策略：不再有任何版本生效',
  description:
    'The policy stays, with its draft and every version; none is live, so decisions no longer run it (409 not-live when none was). The change log records the withdrawal with its note; a rollback or a publication makes a version live again. Should the database give it up for a concurrent change of the same policy, the answer is 409 publish-conflict (nothing changed: send it again). / 策略本身及其草稿和所有版本均保留，但没有生效版本，决策不再运行它（本来就没有生效版本时返回 409 not-live）。变更日志记录下线及其说明；回滚或发布可使某个版本重新生效。若数据库因对同一策略的并发修改而放弃本次操作，返回 409 publish-conflict（未做任何更改，请重试）。',
  request: { params: keyParam, body: { content: { 'application/json': { schema: z.strictObject({ note }) } }, required: true } },
  responses: {
    200: jsonContent(
      z.object({
        key: z.string(),
        version: z.number().int().describe('The version that was live / 下线前的生效版本'),
        liveVersion: z.null(),
        liveEvents: z.array(z.string()).describe('Empty: the policy listens to no event now / 为空：策略不再监听任何事件'),
        action: z.literal('withdraw'),
        note: z.string(),
        at: z.string(),
      }),
      'Withdrawn',
    ),
    ...authProblems,
    404: problemResponse,
    409: problemResponse,
    422: problemResponse,
  },
});

/**
 * `POST /v1/policies/{key}/withdraw`: the live version goes offline and none replaces it. The
 * draft and every version stay; a rollback or a publication makes one live again. Decisions list
 * the live policies afresh from the policies table at every load (state/load.ts) and cache only
 * compiled versions, which never change: with no live version, the very next decision skips it.
 */
export const withdraw: RouteHandler<typeof withdrawRoute, AppEnv> = async (c) => {
  const auth = c.var.auth;
  const { key } = c.req.valid('param');
  const { note: why } = c.req.valid('json');
  const at = nowIso(c);
  const version = await liveTransaction(c.var.deps.database.db, [key], async (tx) => {
    // The same row lock as publish and rollback: a withdrawal and a publication of one key run one after the other.
    const row = await lockPolicy(tx, auth.tenantId, key);
    if (row.liveVersion === null) {
      throw new ProblemError(409, 'not-live', `Policy "${key}" has no live version to withdraw`, {
        detailZh: `策略 "${key}" 没有生效版本，无法下线`,
      });
    }
    await makeLive(tx, auth.tenantId, key, { version: null, events: [], at, actor: auth.actor, action: 'withdraw' });
    // The log names the version that was live: what the withdrawal took offline.
    await tx.insert(policyLog).values({ tenantId: auth.tenantId, key, version: row.liveVersion, action: 'withdraw', note: why, actor: auth.actor, at });
    return row.liveVersion;
  });
  return c.json({ key, version, liveVersion: null, liveEvents: [], action: 'withdraw' as const, note: why, at }, 200);
};
