import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { docsPage } from './docsPage.js';

export function registerSystem(app: OpenAPIHono<AppEnv>): void {
  app.get('/health', (c) => c.json({ ok: true, database: c.var.deps.database.kind }));
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Sluice decision API',
      version: '1',
      description: 'Lead circulation decisions for CRMs: routing, reclaim, split, penalty. 线索流转决策接口。',
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', { type: 'http', scheme: 'bearer', description: 'API key: Bearer slk_…' });
  app.get('/docs', (c) => c.html(docsPage()));
}
