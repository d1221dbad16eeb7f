// `pnpm start`: builds the server if its sources changed since the last build, and the editor
// (packages/editor, served at `/`) if its build is missing or older than its sources, then runs
// the built JavaScript in this same process (flags such as --port pass straight through).
import { pathToFileURL } from 'node:url';
import { buildEditorIfStale, buildIfStale, OUT_FILE } from './build.mjs';

try {
  await buildIfStale();
} catch (e) {
  // esbuild has already printed each error with its file and line.
  console.error(`sluice-server: the server could not be built / 无法构建服务器: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
  process.exit(1);
}
// SLUICE_EDITOR_BUILD=skip: the API alone (the server's own process tests set it; they never open a page).
if (process.env.SLUICE_EDITOR_BUILD !== 'skip') {
  try {
    await buildEditorIfStale();
  } catch (e) {
    // Vite has already printed each error with its file and line. The API still starts: CRMs
    // calling it must not lose decisions because a page of the editor does not compile; `/`
    // keeps serving the previous build, or says that there is none.
    console.error(
      `sluice-server: the editor could not be built; the API starts without a new build / 无法构建编辑器，API 仍将启动: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
    );
  }
}
await import(pathToFileURL(OUT_FILE).href);
