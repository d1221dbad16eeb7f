import type { Context } from 'hono';
import { TrieRouter } from 'hono/router/trie-router';
import type { AppEnv } from './context.js';
import { problem } from './problem.js';

/** The order `Allow` lists methods in: reads first, OPTIONS last. */
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/**
 * The app's not-found answer, which tells a wrong method from a wrong path: a path some route takes
 * with other methods answers 405 with `Allow` (RFC 9110 §15.5.6), so a client that sent DELETE
 * where only PUT is taken learns the path is right; OPTIONS on it answers 204 with the same
 * `Allow`. The methods are read from the app's own routes, with Hono's matching, so a route is
 * covered as soon as it is registered. Any other path stays 404.
 */
export function notFoundOrMethodNotAllowed(app: { readonly routes: ReadonlyArray<{ method: string; path: string }> }): (c: Context<AppEnv>) => Response {
  let router: TrieRouter<string> | undefined;
  const allowedOn = (path: string): string[] => {
    // Built at the first miss: the routes are registered after createApp sets this handler.
    if (!router) {
      router = new TrieRouter<string>();
      for (const route of app.routes) if (route.method !== 'ALL') router.add('ALL', route.path, route.method);
    }
    const methods = new Set(router.match('GET', path)[0].map(([method]) => method));
    if (methods.size === 0) return [];
    // Hono answers HEAD with the GET route; OPTIONS is answered here.
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    return [...methods].sort((a, b) => rank(a) - rank(b));
  };

  return (c) => {
    const { method, path } = c.req;
    const allowed = allowedOn(path);
    if (allowed.length === 0) return problem(c, 404, 'not-found', `No route ${method} ${path}`, { detailZh: '路径不存在' });
    const allow = allowed.join(', ');
    if (method === 'OPTIONS') return c.body(null, 204, { allow });
    c.header('allow', allow);
    return problem(c, 405, 'method-not-allowed', `Method ${method} is not allowed on ${path}`, {
      detail: `${path} takes ${allow}; it does not take ${method}.`,
      detailZh: `${path} 不支持 ${method} 方法，可用的方法：${allowed.join('、')}`,
    });
  };
}

function rank(method: string): number {
  const at = ORDER.indexOf(method);
  return at === -1 ? ORDER.length : at;
}
