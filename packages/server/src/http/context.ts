import type { Database } from '../db/connect.js';
import type { Scope } from '../auth/keys.js';

export interface Auth {
  tenantId: string;
  scopes: ReadonlySet<Scope>;
  /** Who acts, for the audit trail: `user:<id>` or `key:<prefix>`. */
  actor: string;
  via: 'key' | 'session';
  userId?: string;
}

export interface ServerDeps {
  database: Database;
  /** The only clock in the server: tests pass their own. */
  now: () => number;
  /** Where the editor's built files are, if they are to be served. */
  editorDir?: string;
  /**
   * Let webhooks target loopback, private, link-local and reserved addresses (off by default:
   * such URLs are refused, an SSRF guard). For a server whose receivers are on its own network.
   */
  allowPrivateWebhooks?: boolean;
}

export type AppEnv = {
  Variables: { auth: Auth; deps: ServerDeps };
};
