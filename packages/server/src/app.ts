import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import type { AppEnv, ServerDeps } from './http/context.js';
import { problem, ProblemError } from './http/problem.js';
import { fieldErrors } from './http/fieldErrors.js';
import { bodyTooLarge, MAX_BODY_BYTES, readJson } from './http/body.js';
import { pathGuard } from './http/pathGuard.js';
import { notFoundOrMethodNotAllowed } from './http/methodNotAllowed.js';
import { editorFiles, isServerPath } from './http/editor.js';
import { requiredBodyGuard } from './http/requiredBody.js';
import { databaseUnavailable } from './http/unavailable.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { authenticate } from './auth/middleware.js';
import { registerSystem } from './routes/system/index.js';
import { registerKeys } from './routes/keys/index.js';
import { registerPolicies } from './routes/policies/index.js';
import { registerRoster } from './routes/roster/index.js';
import { isICalUpload, registerCalendarImport } from './routes/calendars/import.js';
import { registerTenants } from './routes/tenants/index.js';
import { registerAuth } from './routes/auth/index.js';
import { registerDecide } from './routes/decide/index.js';
import { registerEvents } from './routes/events/index.js';
import { registerClaims } from './routes/claims/index.js';
import { registerDecisions } from './routes/decisions/index.js';
import { registerWebhooks } from './routes/webhooks/index.js';
import { registerDemo } from './routes/demo/index.js';
import { isDatasetUpload, registerDatasets } from './routes/datasets/index.js';
import { registerSimulations } from './routes/simulations/index.js';
import { registerModels } from './routes/models/index.js';
import { z } from 'zod';

/** Routes that answer without credentials. */
const PUBLIC = new Set(['/health', '/ready', '/openapi.json', '/docs', '/v1/auth/login']);
/** Routes that answer without the database: their success says nothing about it. */
const WITHOUT_DATABASE = new Set(['/health', '/openapi.json', '/docs']);

export function createApp(deps: ServerDeps): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    // Validation failures become problem+json with the JSON path of every bad field.
    defaultHook: (result, c) => {
      if (!result.success) {
        // @hono/zod-validator hands the hook the value it validated as `data` (untyped on failure).
        const errors = fieldErrors(result.error.issues, 'data' in result ? result.data : undefined);
        return problem(c, 422, 'validation-failed', 'The request does not match the schema', { detailZh: '请求内容不符合要求', errors });
      }
      return undefined;
    },
  });

  app.onError((err, c) => {
    if (err instanceof ProblemError) return problem(c, err.status, err.code, err.title, err.extra);
    if (err instanceof HTTPException) {
      // The route validator's own refusal of a body it cannot parse (an empty one): the same problem as readJson's.
      if (err.status === 400 && /malformed json/i.test(err.message))
        return problem(c, 400, 'invalid-json', 'The body is not valid JSON', {
          detail: 'The body is empty or is not JSON: send a JSON object.',
          detailZh: '请求体为空或不是合法的 JSON：请发送一个 JSON 对象',
        });
      return problem(c, err.status as 400, 'http-error', err.message || 'Bad request', { detailZh: '请求无法处理' });
    }
    if (isDatabaseUnavailable(err)) {
      // Logged once per outage (db/outage.ts), not once per request.
      deps.database.outage.failed(err, true);
      return databaseUnavailable(c);
    }
    console.error('internal error', err);
    return problem(c, 500, 'internal', 'Internal error', { detailZh: '服务器内部错误' });
  });
  app.notFound(notFoundOrMethodNotAllowed(app));

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
    // During an outage, the first requests that work again end it (see db/outage.ts).
    if (deps.database.outage.down && c.res.status < 400 && !WITHOUT_DATABASE.has(c.req.path) && isServerPath(c.req.path)) {
      deps.database.outage.succeeded();
    }
  });
  app.use('*', pathGuard);
  // The built editor at `/` (GET only, never the API's paths): before authentication, as the sign-in page must load.
  app.use('*', editorFiles(deps.editorDir));
  const countedLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw bodyTooLarge();
    },
  });
  app.use('*', async (c, next) => {
    // A dataset file streams to storage under its own, larger limit (routes/datasets).
    if (isDatasetUpload(c)) return next();
    // A declared length is checked as a number; Hono's limiter counts the bytes of a chunked body
    // as they come, but turns every body into a stream to do so (a tenth of a decision's time).
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return countedLimit(c, next);
    if (Number(length) > MAX_BODY_BYTES) throw bodyTooLarge();
    await next();
  });
  // Every JSON body is checked (depth, prototype keys, syntax) before any route's schema sees it;
  // an iCalendar upload is the one text body (its route reads and checks it).
  app.use('*', async (c, next) => {
    if (
      c.req.method !== 'GET' &&
      c.req.method !== 'HEAD' &&
      (c.req.header('content-length') !== '0' || c.req.header('transfer-encoding')) &&
      !isICalUpload(c) &&
      !isDatasetUpload(c)
    ) {
      // Read once through Hono's body cache: the route's validator parses the same text.
      const text = await c.req.text();
      if (text.length > 0) await readJson(c, z.unknown());
    }
    await next();
  });
  app.use('*', async (c, next) => {
    if (PUBLIC.has(c.req.path) || c.req.path.startsWith('/editor')) return next();
    return authenticate(c, next);
  });
  const requiredBody = requiredBodyGuard();
  app.use('*', requiredBody.middleware);

  registerSystem(app);
  registerKeys(app);
  registerPolicies(app);
  registerRoster(app);
  registerCalendarImport(app);
  registerTenants(app);
  registerAuth(app);
  registerDecide(app);
  registerEvents(app);
  registerClaims(app);
  registerDecisions(app);
  registerWebhooks(app);
  registerDemo(app);
  registerDatasets(app);
  const runner = registerSimulations(app, deps);
  registerModels(app, runner);
  requiredBody.learn(app);
  return app;
}
