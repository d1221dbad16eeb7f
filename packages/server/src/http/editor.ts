import { readFileSync, type Stats, statSync } from 'node:fs';
import { extname, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from './context.js';
import { problem } from './problem.js';

/**
 * Serves the built editor (packages/editor/dist) at `/` on the API's own origin, so the session
 * cookie and CSRF token work as they are. Vite names every bundled file by its content hash under
 * assets/: those are cached for a year and never revalidated; index.html is revalidated on every
 * load, so a new build is picked up at the next visit. Any other GET outside the API answers
 * index.html (the editor's router handles /policies/…, /decisions/…); the API's paths never do.
 */

/** Paths the server itself answers: never the editor's. */
const SERVER_PATHS = new Set(['/health', '/ready', '/docs', '/openapi.json']);

export function isServerPath(path: string): boolean {
  return path === '/v1' || path.startsWith('/v1/') || SERVER_PATHS.has(path);
}

/**
 * No inline script, no eval and no other origin. style-src allows inline styles: Monaco writes its
 * theme and decorations into <style> elements it creates at run time (without 'unsafe-inline' it
 * logs hundreds of violations and draws unstyled); scripts stay locked to the editor's own files,
 * and img/font/connect sources to this origin, so an injected style can neither run code nor send
 * data anywhere. Monaco's workers are bundled files of this origin (worker-src 'self', no blob:).
 */
export const EDITOR_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt']);

interface Loaded {
  body: Buffer;
  gzip: Buffer | undefined;
  etag: string;
}

export function editorFiles(editorDir: string | undefined): MiddlewareHandler<AppEnv> {
  if (!editorDir) return async (_c, next) => next();
  const root = resolve(editorDir);
  // Files are read once per (path, size, mtime): a rebuild swaps dist/ and changes both.
  const cache = new Map<string, Loaded & { key: string }>();
  const load = (file: string): Loaded | undefined => {
    let st: Stats;
    try {
      st = statSync(file);
    } catch {
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const key = `${st.size}-${Math.trunc(st.mtimeMs)}`;
    const hit = cache.get(file);
    if (hit?.key === key) return hit;
    const body = readFileSync(file);
    const gzip = COMPRESSIBLE.has(extname(file)) && body.length > 512 ? gzipSync(body, { level: 9 }) : undefined;
    const loaded = { key, body, gzip, etag: `W/"${key}"` };
    cache.set(file, loaded);
    return loaded;
  };

  return async (c, next) => {
    const method = c.req.method;
    const path = c.req.path;
    if ((method !== 'GET' && method !== 'HEAD') || isServerPath(path)) return next();
    const wanted = resolve(root, `.${path}`);
    const inside = wanted === root || wanted.startsWith(root + sep);
    const hidden = path.split('/').some((s) => s.startsWith('.'));
    if (inside && !hidden && wanted !== root) {
      const file = load(wanted);
      if (file) return send(c, file, extname(wanted), path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    }
    // A missing bundled file is a 404, not the page: a stale tab asking for an old chunk must see
    // the failure (and reload) rather than parse HTML as JavaScript.
    if (path.startsWith('/assets/') || extname(path) in TYPES) {
      return problem(c, 404, 'not-found', `No file ${path}`, {
        detail: `No file ${path} in this build of the editor`,
        detailZh: `此版本的编辑器中没有文件 ${path}`,
      });
    }
    const index = load(resolve(root, 'index.html'));
    if (!index) {
      return problem(c, 503, 'editor-not-built', 'The editor is not built', {
        detail: 'The editor is not built: run `pnpm start` (it builds it) or `pnpm build`',
        detailZh: '编辑器尚未构建：请运行 `pnpm start`（会自动构建）或 `pnpm build`',
      });
    }
    return send(c, index, '.html', REVALIDATE);
  };
}

function send(c: Context<AppEnv>, file: Loaded, ext: string, cacheControl: string): Response {
  const headers: Record<string, string> = {
    'content-type': TYPES[ext] ?? 'application/octet-stream',
    'cache-control': cacheControl,
    etag: file.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (ext === '.html') {
    headers['content-security-policy'] = EDITOR_CSP;
    headers['referrer-policy'] = 'same-origin';
    headers['x-frame-options'] = 'DENY';
  }
  const match = c.req.header('if-none-match');
  if (match?.split(',').some((t) => t.trim() === file.etag)) return c.body(null, 304, headers);
  const gzip = file.gzip && /\bgzip\b/.test(c.req.header('accept-encoding') ?? '');
  const body = gzip ? file.gzip! : file.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  headers['content-length'] = String(body.length);
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  return c.body(new Uint8Array(body.buffer as ArrayBuffer, body.byteOffset, body.length), 200, headers);
}
