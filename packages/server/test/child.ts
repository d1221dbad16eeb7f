import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The real server as a child process (start.mjs, exactly what `pnpm start` runs: the built
 * main.ts, rebuilt first if a source changed), for the tests that must kill it or start a second one.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const MAIN = 'packages/server/start.mjs';

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  /** Everything it printed so far. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Where the child keeps its data: an embedded folder, or a PostgreSQL URL. */
export type Storage = { dataDir: string } | { url: string };

export function spawnServer(storage: Storage, extraArgs: string[] = []): { child: ChildProcess; output(): string; exited: ServerProcess['exited'] } {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  // These tests speak to the API only: building the editor (start.mjs does when stale) is not theirs to wait for.
  env.SLUICE_EDITOR_BUILD = 'skip';
  if ('url' in storage) env.DATABASE_URL = storage.url;
  const args = [MAIN, '--port', '0', ...('dataDir' in storage ? ['--data', storage.dataDir] : []), ...extraArgs];
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('exit', (code, signal) => r({ code, signal })));
  return { child, output: () => out, exited };
}

/** Starts the server and waits for its "listening" line (the port is the one it printed). */
export async function startServerProcess(storage: Storage, timeoutMs = 60_000): Promise<ServerProcess> {
  const p = spawnServer(storage);
  try {
    const base = await new Promise<string>((resolvePort, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${p.output()}`)), timeoutMs);
      const check = () => {
        const m = /listening on (http:\/\/[\d.]+:\d+)/.exec(p.output());
        if (m) {
          clearTimeout(timer);
          resolvePort(m[1]!);
        }
      };
      p.child.stdout!.on('data', check);
      void p.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`server exited (${code ?? signal}) before listening:\n${p.output()}`));
      });
    });
    return { ...p, base };
  } catch (e) {
    // Never leave a half-started server behind (it would hold the data folder or its sessions
    // on a database the test is about to drop).
    await killServerProcess(p);
    throw e;
  }
}

const running = (p: Pick<ServerProcess, 'child'>) => p.child.exitCode === null && p.child.signalCode === null;

/**
 * SIGTERM (a clean stop that closes the database) and waits for the exit; a server that has not
 * stopped after `graceMs` is SIGKILLed.
 */
export async function stopServerProcess(p: Pick<ServerProcess, 'child' | 'exited'>, graceMs = 15_000): Promise<void> {
  if (running(p)) p.child.kill('SIGTERM');
  const timer = setTimeout(() => {
    if (running(p)) p.child.kill('SIGKILL');
  }, graceMs);
  try {
    await p.exited;
  } finally {
    clearTimeout(timer);
  }
}

/** SIGKILL (no clean-up at all) and waits for the exit. */
export async function killServerProcess(p: Pick<ServerProcess, 'child' | 'exited'>): Promise<void> {
  if (running(p)) p.child.kill('SIGKILL');
  await p.exited;
}
