// Runs pgliteWorker.ts from source (tests, tsx): a worker thread does not inherit its parent's
// TypeScript loader, and Node 20 does not take `--import` in a worker's execArgv.
import { register } from 'tsx/esm/api';

register();
await import('./pgliteWorker.ts');
