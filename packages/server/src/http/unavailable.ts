import type { Context } from 'hono';
import { problem } from './problem.js';

/**
 * What a client should wait before trying again. Outages seen so far (a restart, a failover)
 * last seconds; a client retrying sooner only adds load to a database coming back.
 */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The answer while the database cannot serve: not a fault of the request nor a bug of the
 * server, so 503 and a time to retry (a load balancer may also send the retry to another
 * replica). A retried event is safe: events are applied once per id, so one whose commit did get
 * through before the connection broke is answered again as it was first.
 */
export function databaseUnavailable(c: Context) {
  c.header('retry-after', String(RETRY_AFTER_SECONDS));
  return problem(c, 503, 'database-unavailable', 'The database is unavailable', {
    detail: `The database cannot be reached or cannot store data right now. Retry the same request in ${RETRY_AFTER_SECONDS} seconds.`,
    detailZh: `数据库暂时无法连接或无法写入。请在 ${RETRY_AFTER_SECONDS} 秒后重试同一请求。`,
  });
}
