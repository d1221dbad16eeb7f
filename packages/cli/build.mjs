// Builds the `sluice` CLI into packages/cli/dist as the server is built (one bundle, plain `node`
// starts it). Through tsx every `sluice` process spent ~1.4 CPU-seconds compiling before doing
// anything, and ran a replay ~30 % slower (tsx keeps function names by wrapping every function
// made in a hot loop); `pnpm sluice` (run.mjs) builds only when a source changed since the last build.
import { existsSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode, isStale, withDirLock } from '../server/build.mjs';

const CLI = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(CLI, '../..');
export const CLI_ENTRY = join(CLI, 'src/main.ts');
export const CLI_DIST = join(CLI, 'dist');
/** Dated from before the build read its sources: a source saved meanwhile makes the next run rebuild. */
export const CLI_OUT_FILE = join(CLI_DIST, 'main.js');
const SOURCE_DIRS = [join(CLI, 'src'), join(ROOT, 'packages/engine/src'), join(ROOT, 'packages/simulator/src'), join(ROOT, 'examples')];
const INPUTS = [fileURLToPath(import.meta.url), join(ROOT, 'packages/server/build.mjs'), join(ROOT, 'pnpm-lock.yaml')];

/** Builds main.ts and what it imports into `outDir` (lazy imports stay lazy chunks); returns the entry's path. */
export async function buildCli(outDir) {
  const startedAt = new Date();
  await bundleForNode({ entryPoints: { main: CLI_ENTRY }, outDir, splitting: true });
  const entry = join(outDir, 'main.js');
  utimesSync(entry, startedAt, startedAt);
  return entry;
}

export function isCliStale(outFile = CLI_OUT_FILE) {
  return isStale(outFile, SOURCE_DIRS, INPUTS);
}

/**
 * Builds packages/cli/dist when stale. Built into a folder beside it and swapped in, so a `sluice`
 * already running keeps its chunks; several starting at once build once (a lock), the rest wait.
 * Says so on stderr: stdout is often redirected into a file (`mapping --guess > mapping.json`).
 */
export async function buildCliIfStale() {
  if (!isCliStale()) return false;
  return withDirLock(`${CLI_DIST}.lock`, 5 * 60_000, async () => {
    if (!isCliStale()) return false;
    const t0 = Date.now();
    const tmp = `${CLI_DIST}.${process.pid}.tmp`;
    const old = `${CLI_DIST}.${process.pid}.old`;
    rmSync(tmp, { recursive: true, force: true });
    try {
      await buildCli(tmp);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    if (existsSync(CLI_DIST)) renameSync(CLI_DIST, old);
    renameSync(tmp, CLI_DIST);
    rmSync(old, { recursive: true, force: true });
    process.stderr.write(`Built the CLI into ${CLI_DIST} in ${Date.now() - t0} ms / 已构建命令行工具\n`);
    return true;
  });
}
