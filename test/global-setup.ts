import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Finds the PostgreSQL lane for the server suite: TEST_DATABASE_URL if set, else a local server on
 * 127.0.0.1:5432 (database `test`) if one answers. Without one, the suite runs on embedded PGlite
 * only and says so.
 */
async function findPostgresLane(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) return;
  for (const user of [userInfo().username, 'postgres']) {
    const url = `postgres://${encodeURIComponent(user)}@127.0.0.1:5432/test`;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      process.env.TEST_DATABASE_URL = url;
      console.log(`PostgreSQL lane: ${url}`);
      return;
    } catch {
      await client.end().catch(() => undefined);
    }
  }
  console.log('PostgreSQL lane skipped: no server at 127.0.0.1:5432 and TEST_DATABASE_URL is not set (embedded PGlite lane only).');
}

/**
 * The files of this run. Vitest records them before it runs global setups, in a state object
 * its types keep internal; if that ever changes, the browser tests prepare themselves, file by file.
 */
function filesOfThisRun(project: TestProject | undefined): string[] {
  try {
    const state = (project?.vitest as unknown as { state?: { getPaths?: () => string[] } } | undefined)?.state;
    return state?.getPaths?.() ?? [];
  } catch {
    return [];
  }
}

/** Only when CLI tests run: the CLI built once into a temp folder, which their child processes start. */
async function prepareCliTests(files: readonly string[]): Promise<() => Promise<void>> {
  if (!files.some((f) => f.replaceAll('\\', '/').includes('/packages/cli/test/'))) return async () => undefined;
  const { buildCliBundle, CLI_BUNDLE_ENV } = await import('../packages/cli/test/cliBundle.js');
  const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-bundle-'));
  try {
    process.env[CLI_BUNDLE_ENV] = await buildCliBundle(dir);
  } catch (e) {
    // The tests then start the CLI through tsx, as `pnpm sluice` does, and show what is wrong with it.
    console.warn(`CLI bundle not built, the CLI tests use tsx: ${e instanceof Error ? e.message : String(e)}`);
  }
  return async () => {
    delete process.env[CLI_BUNDLE_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * Only when server tests run on the PostgreSQL lane: one migrated, empty database that each test's
 * fresh database copies, instead of migrating its own (dbTemplate.ts).
 */
async function preparePostgresLane(files: readonly string[]): Promise<() => Promise<void>> {
  const url = process.env.TEST_DATABASE_URL;
  const serverTests = files.length === 0 || files.some((f) => f.replaceAll('\\', '/').includes('/packages/server/test/'));
  if (!url || !serverTests) return async () => undefined;
  const { preparePostgresTemplate } = await import('../packages/server/test/dbTemplate.js');
  try {
    return await preparePostgresTemplate(url);
  } catch (e) {
    // Each test's database is then migrated on its own, as without this run's setup.
    console.warn(`PostgreSQL template not made, each test migrates its own database: ${e instanceof Error ? e.message : String(e)}`);
    return async () => undefined;
  }
}

/**
 * Only when server or browser tests run: the simulation worker bundled once, which their servers'
 * simulation processes and helper threads start instead of loading the sources through tsx.
 */
async function prepareSimulationWorker(files: readonly string[]): Promise<() => Promise<void>> {
  const wanted = files.length === 0 || files.some((f) => /\/packages\/(server\/test|editor\/test\/e2e)\//.test(f.replaceAll('\\', '/')));
  if (!wanted) return async () => undefined;
  const { prepareWorkerBundle } = await import('../packages/server/test/workerBundle.js');
  try {
    return await prepareWorkerBundle();
  } catch (e) {
    console.warn(`Simulation worker not bundled, simulations start from source: ${e instanceof Error ? e.message : String(e)}`);
    return async () => undefined;
  }
}

export default async function setup(project?: TestProject): Promise<() => Promise<void>> {
  // A run that ends before its teardown (its event loop emptied: a setup step waiting on something
  // that will never come) must not exit 0 as if every test had passed.
  let tornDown = false;
  process.on('exit', (code) => {
    if (tornDown || code !== 0) return;
    process.stderr.write('\nSluice: the test run ended before its teardown (no test result is trustworthy): exit 1\n');
    process.exitCode = 1;
  });
  await findPostgresLane();
  const files = filesOfThisRun(project);
  const pgReady = preparePostgresLane(files);
  // One after the other: both bundle with the server's one esbuild service and stop it when done, and a
  // stop during the other's build left that build waiting for ever — vitest then ran out of work and
  // exited 0 having run no test.
  const cliDone = await prepareCliTests(files);
  const workerDone = await prepareSimulationWorker(files);
  const pgDone = await pgReady;
  let browserDone: () => Promise<void> = async () => undefined;
  // Only when browser tests run: the editor build (in the background) and one Chromium for all of them.
  // Imported only then: a run of the engine's tests does not load Playwright.
  if (files.some((f) => f.replaceAll('\\', '/').includes('/packages/editor/test/e2e/'))) {
    const { prepareBrowserTests } = await import('../packages/editor/test/e2e/prepare.js');
    browserDone = await prepareBrowserTests(files);
  }
  return async () => {
    tornDown = true;
    await browserDone();
    await cliDone();
    await pgDone();
    await workerDone();
  };
}
