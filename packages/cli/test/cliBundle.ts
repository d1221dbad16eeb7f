import { buildCli, CLI_ENTRY } from '../build.mjs';

/**
 * The CLI as the product builds it (packages/cli/build.mjs), built once per test run into a temp
 * folder for the CLI tests' child processes: the same bundle `pnpm sluice` runs, without racing
 * a developer's packages/cli/dist. One test still starts `pnpm sluice`'s own entry (run.mjs).
 */
export { CLI_ENTRY };
/** Set by the run's global setup: the built CLI, which cliRunner.ts starts instead of tsx. */
export const CLI_BUNDLE_ENV = 'SLUICE_CLI_BUNDLE';

/** Builds main.ts and what it imports into `outDir`; returns the entry's path. */
export function buildCliBundle(outDir: string): Promise<string> {
  return buildCli(outDir);
}
