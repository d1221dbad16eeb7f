import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CLI_BUNDLE_ENV, CLI_ENTRY } from './cliBundle.js';

const run = promisify(execFile);
export const ROOT = join(import.meta.dirname, '../../..');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function capture(args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * Runs the real `sluice` CLI in a child process and returns its exit code and output: the run's
 * build of it when the global setup made one (see cliBundle.ts), else main.ts through tsx.
 */
export function sluice(...args: string[]): Promise<CliResult> {
  const bundle = process.env[CLI_BUNDLE_ENV];
  return capture(bundle ? [bundle, ...args] : ['--import', 'tsx', CLI_ENTRY, ...args]);
}

/** Exactly as `pnpm sluice` starts it: run.mjs, which builds packages/cli/dist when stale. */
export function sluiceAsPnpmStartsIt(...args: string[]): Promise<CliResult> {
  return capture([join(ROOT, 'packages/cli/run.mjs'), ...args]);
}
