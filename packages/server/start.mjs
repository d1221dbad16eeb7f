// `pnpm start`: builds the server if its sources changed since the last build, then runs the
// built JavaScript in this same process (flags such as --port pass straight through).
import { pathToFileURL } from 'node:url';
import { buildIfStale, OUT_FILE } from './build.mjs';

try {
  await buildIfStale();
} catch (e) {
  // esbuild has already printed each error with its file and line.
  console.error(`sluice-server: the server could not be built / 无法构建服务器: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  process.exit(1);
}
await import(pathToFileURL(OUT_FILE).href);
