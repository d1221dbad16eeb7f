// `pnpm sluice …`: builds the CLI if its sources changed since the last build (build.mjs), then
// runs the built JavaScript in this same process, its arguments untouched.
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { buildCliIfStale, CLI_OUT_FILE } from './build.mjs';

try {
  await buildCliIfStale();
} catch (e) {
  // esbuild has already printed each error with its file and line.
  process.stderr.write(`sluice: the CLI could not be built / 无法构建命令行工具: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exit(1);
}
// As the server's simulation process (server/src/simulation/spawn.ts SIMULATION_V8_FLAGS): set
// before the CLI's code runs, so no allocation site has a decision yet.
v8.setFlagsFromString('--no-allocation-site-pretenuring');
await import(pathToFileURL(CLI_OUT_FILE).href);
