import { spawn } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PGlite } from '@electric-sql/pglite';

/**
 * PGlite's start-up parameters. Postgres' default 128 MB of shared buffers live in the
 * WebAssembly heap, which never gives memory back: about 100 MB of an idle server for a cache
 * that the operating system's page cache duplicates anyway (PGlite reads its files through the
 * host file system). 32 MB keep the hot rows of a team's routing.
 */
export const PGLITE_START_PARAMS: readonly string[] = [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'];

/**
 * Creates the Postgres data folder `pgDir` if it does not exist yet, in a short-lived child
 * process. PGlite's initdb runs a second Postgres and an initdb WebAssembly instance whose heaps
 * (about 500 MB) are never released by the process that ran them: done here, a fresh server
 * would idle at three times the memory of a restarted one. The folder appears only once
 * complete, so a start killed half-way leaves nothing that looks like a database.
 */
export async function createDataFolderIfMissing(pgDir: string): Promise<void> {
  if (existsSync(pgDir)) return;
  const partial = `${pgDir}.new`;
  rmSync(partial, { recursive: true, force: true });
  // Resolved here so the child finds the same PGlite from the source tree or from dist/main.js.
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script =
    'const [entry, dir, params] = process.argv.slice(1);' +
    'require(entry).PGlite.create(dir, { startParams: JSON.parse(params) })' +
    '.then((db) => db.close())' +
    '.catch((e) => { console.error(e && e.message ? e.message : String(e)); process.exit(1); });';
  const child = spawn(process.execPath, ['-e', script, entry, partial, JSON.stringify(PGLITE_START_PARAMS)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  if (exit.code !== 0) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error(`cannot create the embedded database in ${pgDir} (${exit.code ?? exit.signal}): ${stderr.trim()}`);
  }
  renameSync(partial, pgDir);
}
