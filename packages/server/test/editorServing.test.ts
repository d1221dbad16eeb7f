import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { listen } from '../src/http/listen.js';
import { call, freshDatabase, seedTenant, type TestDatabase } from './harness.js';

/**
 * The built editor is served at `/` beside the API: hashed assets cached for a year, index.html
 * revalidated, client routes answered with index.html under a strict Content-Security-Policy, and
 * the API's own paths untouched (problem+json, never the page). Static files do not depend on the
 * database, so one lane is enough.
 */
describe('serving the editor', () => {
  const root = mkdtempSync(join(tmpdir(), 'sluice-editor-'));
  const dist = join(root, 'dist');
  const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>';
  const ENTRY = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  let tdb: TestDatabase;
  let base: string;
  let key: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), INDEX);
    writeFileSync(join(dist, 'assets', 'index-Ab12Cd34.js'), ENTRY);
    writeFileSync(join(dist, 'assets', 'index-Ef56Gh78.css'), 'body{margin:0}');
    writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(dist, '.env'), 'SECRET=dist');
    writeFileSync(join(root, 'secret.txt'), 'outside the editor folder');
    tdb = await freshDatabase('embedded');
    const app = createApp({ database: tdb.database, now: () => Date.now(), editorDir: dist });
    const server = await listen(app.fetch);
    base = server.base;
    close = server.close;
    key = (await seedTenant(tdb.database)).key;
  }, 120_000);
  afterAll(async () => {
    await close?.();
    await tdb?.drop();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(base + path, { headers });

  it('answers / with index.html, revalidated on every load, under the CSP', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toBe(INDEX);
    const csp = res.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['worker-src']).toEqual(["'self'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    // No directive names another origin: every source is a keyword, data: or blob:.
    for (const [name, values] of Object.entries(directives)) {
      for (const v of values as string[]) expect(["'self'", "'none'", "'unsafe-inline'", 'data:', 'blob:'], `${name} ${v}`).toContain(v);
    }
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers client routes (deep links, reloads) with index.html', async () => {
    for (const path of ['/signin', '/policies', '/policies/round-robin', '/decisions/0190f-abc', '/policies/lead.router']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(res.headers.get('content-security-policy'), path).toContain("script-src 'self'");
      expect(await res.text(), path).toBe(INDEX);
    }
  });

  it('caches hashed assets for a year, immutably, and sends them gzipped when asked', async () => {
    const plain = await get('/assets/index-Ab12Cd34.js', { 'accept-encoding': 'identity' });
    expect(plain.status).toBe(200);
    expect(plain.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(ENTRY);

    // Node's fetch would unzip by itself: read the raw bytes with a plain HTTP request instead.
    const { request } = await import('node:http');
    const raw = await new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
      request(`${base}/assets/index-Ab12Cd34.js`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      })
        .on('error', reject)
        .end();
    });
    expect(raw.headers['content-encoding']).toBe('gzip');
    expect(raw.body.length).toBeLessThan(ENTRY.length / 10);
    expect(gunzipSync(raw.body).toString()).toBe(ENTRY);

    const css = await get('/assets/index-Ef56Gh78.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('revalidates unhashed files and answers 304 to a matching ETag', async () => {
    const first = await get('/favicon.svg');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/svg+xml');
    expect(first.headers.get('cache-control')).toBe('no-cache');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"\d+-\d+"$/);
    const again = await get('/favicon.svg', { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const index = await get('/', { 'if-none-match': (await get('/')).headers.get('etag')! });
    expect(index.status).toBe(304);
  });

  it('answers a missing asset with a 404 problem, not the page', async () => {
    const res = await call(base, 'GET', '/assets/index-Old00000.js');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.json.type).toBe('https://sluice.dev/problems/not-found');
    const map = await call(base, 'GET', '/missing.js');
    expect(map.status).toBe(404);
  });

  it('never serves files outside the editor folder or hidden files', async () => {
    for (const path of ['/..%2fsecret.txt', '/assets/..%2f..%2fsecret.txt', '/%2e%2e/secret.txt', '/.env', '/assets/../.env']) {
      const res = await get(path);
      const text = await res.text();
      expect(text, path).not.toContain('outside the editor folder');
      expect(text, path).not.toContain('SECRET');
    }
  });

  it('leaves the API alone: unknown /v1 paths, missing credentials and writes answer problem+json', async () => {
    const unknown = await call(base, 'GET', '/v1/nope', { key });
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toContain('application/problem+json');
    expect(unknown.json.type).toBe('https://sluice.dev/problems/not-found');

    const noCredentials = await call(base, 'GET', '/v1/policies');
    expect(noCredentials.status).toBe(401);
    expect(noCredentials.headers.get('content-type')).toContain('application/problem+json');

    const bare = await call(base, 'GET', '/v1');
    expect(bare.headers.get('content-type')).toContain('application/problem+json');

    // Not a GET: the page is never an answer to a write.
    const post = await call(base, 'POST', '/policies', { body: {} });
    expect(post.headers.get('content-type')).toContain('application/problem+json');
    expect(post.text).not.toContain('<!doctype html>');

    const health = await call(base, 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.json.ok).toBe(true);
    const openapi = await call(base, 'GET', '/openapi.json');
    expect(openapi.json.openapi).toMatch(/^3\./);
  });

  it('still refuses an undecodable path with the path guard’s 400', async () => {
    const res = await call(base, 'GET', '/policies/%FF');
    expect(res.status).toBe(400);
    expect(res.json.type).toBe('https://sluice.dev/problems/invalid-path');
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await fetch(`${base}/assets/index-Ab12Cd34.js`, { method: 'HEAD', headers: { 'accept-encoding': 'identity' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(ENTRY)));
    expect(await res.text()).toBe('');
  });

  it('says the editor is not built, in both languages, when index.html is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'sluice-editor-empty-'));
    const app = createApp({ database: tdb.database, now: () => Date.now(), editorDir: empty });
    const server = await listen(app.fetch);
    try {
      const res = await call(server.base, 'GET', '/policies');
      expect(res.status).toBe(503);
      expect(res.json.type).toBe('https://sluice.dev/problems/editor-not-built');
      expect(res.json.detail).toContain('pnpm start');
      expect(res.json.detailZh).toContain('编辑器尚未构建');
    } finally {
      await server.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
