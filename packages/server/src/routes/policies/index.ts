import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../http/context.js';
import { saveDraft } from './draft.js';
import { publish, rollback } from './publish.js';
import { withdraw, withdrawRoute } from './withdraw.js';
import { diffVersions, getPolicy, getVersion, listPolicies, listVersions, policyLogEntries } from './read.js';
import * as r from './routes.js';
import * as tr from './testRoutes.js';
import { fromPreview, runTests } from './testRun.js';

/** The policy routes: drafts, publication, rollback and withdrawal, versions, diffs, the change log and test cases. */
export function registerPolicies(app: OpenAPIHono<AppEnv>): void {
  app.openapi(r.saveDraft, saveDraft);
  app.openapi(r.list, listPolicies);
  app.openapi(r.get, getPolicy);
  app.openapi(r.publish, publish);
  app.openapi(r.rollback, rollback);
  app.openapi(withdrawRoute, withdraw);
  app.openapi(r.versions, listVersions);
  app.openapi(r.version, getVersion);
  app.openapi(r.diff, diffVersions);
  app.openapi(r.log, policyLogEntries);
  app.openapi(tr.runTests, runTests);
  app.openapi(tr.fromPreview, fromPreview);
}
