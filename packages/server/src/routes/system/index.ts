import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { databaseUnavailable } from '../../http/unavailable.js';
import { docsPage } from './docsPage.js';
import { databaseAnswers } from './ready.js';
import { registerOpenApi } from './openapi.js';

export function registerSystem(app: OpenAPIHono<AppEnv>): void {
  // Liveness: the process answers. It stays 200 while the database is away (restarting the
  // server would not bring it back); readiness below says whether to send it traffic.
  app.get('/health', (c) => c.json({ ok: true, database: c.var.deps.database.kind }));
  app.get('/ready', async (c) => {
    const database = c.var.deps.database;
    const failure = await databaseAnswers(database);
    if (failure === undefined) return c.json({ database: 'ok' as const }, 200);
    // Not a refused request: a load balancer polling it would swell the outage's count.
    database.outage.failed(failure);
    return databaseUnavailable(c);
  });
  registerOpenApi(app);
  app.get('/docs', (c) => c.html(docsPage()));
}
