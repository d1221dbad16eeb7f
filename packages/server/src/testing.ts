/**
 * The server's entry point for other packages' tests and benchmarks (the editor's browser tests
 * start the real product in-process): what they may use, so none of them reaches into `src/`.
 */
export { createApp } from './app.js';
export { bootstrap, SYSTEM_TENANT } from './bootstrap.js';
export { openDatabase, type Database } from './db/connect.js';
export { apiKeys } from './db/schema.js';
export { newApiKey } from './auth/keys.js';
export { listen } from './http/listen.js';
export { startWebhookWorker } from './webhooks/deliver.js';
