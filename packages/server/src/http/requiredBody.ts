import type { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { ProblemError } from './problem.js';

/**
 * Refuses a request without a body on a route whose OpenAPI definition requires one. Hono's
 * validator reads JSON only when the content type says so and otherwise validates `{}`: a PUT
 * whose fields are all optional took "no body at all" as "replace with the defaults" (and the
 * roster route, reading the raw body, answered 500).
 */
export function requiredBodyGuard(): { middleware: MiddlewareHandler<AppEnv>; learn(app: OpenAPIHono<AppEnv>): void } {
  const routes: Array<{ method: string; path: RegExp; types: string[] }> = [];
  return {
    learn(app) {
      for (const d of app.openAPIRegistry.definitions) {
        if (d.type !== 'route' || !d.route.request?.body?.required) continue;
        const pattern = d.route.path.replaceAll(/[.*+?^$()|[\]\\]/g, '\\$&').replaceAll(/\{\w+\}/g, '[^/]+');
        routes.push({ method: d.route.method.toUpperCase(), path: new RegExp(`^${pattern}$`), types: Object.keys(d.route.request.body.content ?? {}) });
      }
    },
    middleware: async (c, next) => {
      const route = c.req.header('content-type') === undefined ? routes.find((r) => r.method === c.req.method && r.path.test(c.req.path)) : undefined;
      if (route) {
        // A file upload says the file types it takes; every other route reads JSON.
        const types = route.types.filter((t) => t !== 'application/json');
        if (types.length > 0) {
          throw new ProblemError(415, 'unsupported-media-type', `This request needs a body: send the file as ${types.join(', ')}`, {
            detailZh: `此请求需要请求体：请以 ${types.join('、')} 上传文件`,
          });
        }
        throw new ProblemError(415, 'unsupported-media-type', 'This request needs a JSON body: send it as application/json', {
          detailZh: '此请求需要 JSON 请求体，请以 application/json 发送',
        });
      }
      await next();
    },
  };
}
