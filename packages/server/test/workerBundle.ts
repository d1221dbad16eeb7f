import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_BUNDLE, WORKER_ENTRY, WORKER_OUT_FILE } from '../build.mjs';

/**
 * The simulation worker (simulations, model training, dataset previews) as one JavaScript file,
 * built once per test run the way the server's build makes dist/simulation-worker.js. From source
 * every child process and helper thread spent about 2 CPU-seconds in tsx loading the engine and
 * the simulator module by module before its task (2–6 s of wall time on a loaded machine); the
 * bundle starts in about 0.4. Same sources, same esbuild transform tsx uses.
 */
export const WORKER_BUNDLE_ENV = 'SLUICE_SIMULATION_WORKER';

/**
 * Builds it into a folder under the server package (its external PGlite resolves from there);
 * sets WORKER_BUNDLE_ENV for the run's workers and returns the removal.
 */
export async function prepareWorkerBundle(): Promise<() => Promise<void>> {
  const esbuild = await import('esbuild');
  const dir = mkdtempSync(join(WORKER_ENTRY, '../../../node_modules/.sluice-test-worker-'));
  try {
    await esbuild.build({
      entryPoints: { [WORKER_OUT_FILE.replace(/\.js$/, '')]: WORKER_ENTRY },
      outdir: dir,
      ...NODE_BUNDLE,
      logLevel: 'warning',
    });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    await esbuild.stop();
  }
  process.env[WORKER_BUNDLE_ENV] = join(dir, WORKER_OUT_FILE);
  return async () => {
    delete process.env[WORKER_BUNDLE_ENV];
    rmSync(dir, { recursive: true, force: true });
  };
}
