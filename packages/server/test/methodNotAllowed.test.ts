import { describe, expect, it } from 'vitest';
import { call, LANES, seedTenant, useServer } from './harness.js';

/**
 * A path the API has, asked with a method it does not take, answers 405 with `Allow` and a
 * bilingual problem naming the methods it takes; OPTIONS on it answers 204 with the same `Allow`.
 * A path the API does not have stays 404, whatever the method.
 */

describe.each(LANES)('wrong method on a known path (%s)', (lane) => {
  const env = useServer(lane);

  it('answers 405 with the methods the path takes, in the Allow header and in both languages; an unknown path 404', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const cases: Array<[string, string, string]> = [
      ['DELETE', '/v1/datasets/ds-1/mapping', 'PUT, OPTIONS'],
      ['PATCH', '/v1/policies', 'GET, HEAD, OPTIONS'],
      ['GET', '/v1/policies/routing/publish', 'POST, OPTIONS'],
      ['PUT', '/v1/datasets/ds-1', 'GET, HEAD, DELETE, OPTIONS'],
      ['POST', '/v1/simulations/sim-1', 'GET, HEAD, DELETE, OPTIONS'],
      ['DELETE', '/v1/decide', 'POST, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const r = await call(env.server.base, method, path, { key });
      expect(r.status, `${method} ${path}: ${r.text}`).toBe(405);
      expect(r.headers.get('allow'), path).toBe(allow);
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.json).toEqual({
        type: 'https://sluice.dev/problems/method-not-allowed',
        title: `Method ${method} is not allowed on ${path}`,
        detail: `${path} takes ${allow}; it does not take ${method}.`,
        detailZh: `${path} 不支持 ${method} 方法，可用的方法：${allow.split(', ').join('、')}`,
        status: 405,
      });
    }
    // A path the API does not have stays 404, whatever the method.
    for (const method of ['GET', 'POST', 'DELETE', 'OPTIONS']) {
      for (const path of ['/v1/nope', '/v1/datasets/ds-1/nope', '/v1/policies/routing/publish/now']) {
        const r = await call(env.server.base, method, path, { key });
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.headers.get('allow')).toBeNull();
        expect(r.json).toEqual({ type: 'https://sluice.dev/problems/not-found', title: `No route ${method} ${path}`, detailZh: '路径不存在', status: 404 });
      }
    }
  });

  it('answers a public path without credentials, and asks for them first on the others', async () => {
    const health = await call(env.server.base, 'POST', '/health');
    expect([health.status, health.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    const anonymous = await call(env.server.base, 'DELETE', '/v1/datasets/ds-1/mapping');
    expect([anonymous.status, anonymous.headers.get('allow')]).toEqual([401, null]);
  });

  it('HEAD follows GET; OPTIONS answers 204 with Allow', async () => {
    const { key } = await seedTenant(env.tdb.database);
    const head = await call(env.server.base, 'HEAD', '/v1/policies', { key });
    expect([head.status, head.text]).toEqual([200, '']);
    const headOnPost = await call(env.server.base, 'HEAD', '/v1/decide', { key });
    expect([headOnPost.status, headOnPost.headers.get('allow'), headOnPost.text]).toEqual([405, 'POST, OPTIONS', '']);
    const options = await call(env.server.base, 'OPTIONS', '/v1/datasets/ds-1/mapping', { key });
    expect([options.status, options.headers.get('allow'), options.text]).toEqual([204, 'PUT, OPTIONS', '']);
  });
});
