/** The server (or baseline) child process a bench target runs, bundled as the product runs it. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, bundleForNode, ENTRY as SERVER_ENTRY, isStale, OUT_FILE as SERVER_OUT_FILE } from '../build.mjs';
import { PROFILE_DIR, report, ROOT } from './common.js';

export interface Child {
  proc: ChildProcess;
  base: string;
  output(): string;
  exited: Promise<void>;
}

/** `--source`: run the children from their TypeScript through tsx instead of the bundles the product runs. */
const FROM_SOURCE = process.argv.includes('--source');
const bundled = new Map<string, Promise<string>>();

/**
 * The JavaScript a child runs for a TypeScript entry: the server as `pnpm start` runs it
 * (dist/main.js, rebuilt when stale), any other entry (the baseline) bundled the same way. Through
 * tsx a child paid its loader and tsx's kept function names (every function made in a hot path
 * wrapped), which the product does not pay — nor should the baseline it is compared with.
 */
function runnable(entry: string): Promise<string> {
  if (FROM_SOURCE || !entry.endsWith('.ts')) return Promise.resolve(entry);
  let out = bundled.get(entry);
  if (!out) {
    out =
      resolve(ROOT, entry) === SERVER_ENTRY
        ? (async () => {
            // Said on the correctness channel: with --json stdout holds only the result.
            if (isStale()) {
              report('building the server (packages/server/dist/main.js), as `pnpm start` would / 正在构建服务器');
              await build();
            }
            return SERVER_OUT_FILE;
          })()
        : (async () => {
            const name = basename(entry, '.ts');
            const outDir = join(ROOT, 'node_modules/.cache/sluice-bench', name);
            await bundleForNode({ entryPoints: { [name]: resolve(ROOT, entry) }, outDir });
            return join(outDir, `${name}.js`);
          })();
    bundled.set(entry, out);
  }
  return out;
}

export async function startChild(args: string[], env: NodeJS.ProcessEnv): Promise<Child> {
  const prof = PROFILE_DIR ? ['--cpu-prof', '--cpu-prof-dir', PROFILE_DIR] : [];
  const entry = await runnable(args[0]!);
  const loader = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc = spawn(process.execPath, [...prof, ...loader, entry, ...args.slice(1)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<void>((r) => proc.on('exit', () => r()));
  const base = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`${args[0]} did not start in 60 s:\n${out}`)), 60_000);
    const check = () => {
      const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]!);
      }
    };
    proc.stdout!.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      fail(new Error(`${args[0]} exited before listening:\n${out}`));
    });
  });
  return { proc, base, output: () => out, exited };
}

/** SIGTERM: the server closes its database cleanly before exiting. */
export async function stopChild(c: Child): Promise<void> {
  if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
  await c.exited;
}

export function serverEnv(url?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  return env;
}

export const baselineEnv = () => serverEnv();

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}
