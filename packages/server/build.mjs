// Builds the decision server into one JavaScript file (dist/main.js) that plain `node` starts:
// compiling TypeScript at every start (tsx) cost about a second and 70 MB of memory that an idle
// server kept. `node packages/server/build.mjs` builds; `pnpm start` builds only when stale.
import { readdirSync, renameSync, statSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVER = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(SERVER, '../..');

export const ENTRY = join(SERVER, 'src/main.ts');
export const OUT_FILE = join(SERVER, 'dist/main.js');

/** Folders whose TypeScript goes into the build (the workspace packages the server imports). */
export const SOURCE_DIRS = [join(SERVER, 'src'), join(ROOT, 'packages/engine/src'), join(ROOT, 'examples')];

/** Other files that change what the build produces: this script, and the dependencies it bundles. */
export const BUILD_INPUTS = [fileURLToPath(import.meta.url), join(ROOT, 'pnpm-lock.yaml')];

/** The newest modification time (ms) of any .ts file under `dirs` or of `files` (missing ones are ignored). */
export function newestSourceTime(dirs, files = []) {
  let newest = 0;
  const visit = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name === 'node_modules' || e.name === 'dist') continue;
      const path = join(dir, e.name);
      if (e.isDirectory()) visit(path);
      else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  for (const dir of dirs) visit(dir);
  for (const file of files) {
    try {
      newest = Math.max(newest, statSync(file).mtimeMs);
    } catch {
      // not there: nothing to be newer than the build
    }
  }
  return newest;
}

/** Whether `outFile` is missing or older than any of its sources. */
export function isStale(outFile = OUT_FILE, dirs = SOURCE_DIRS, files = BUILD_INPUTS) {
  let built;
  try {
    built = statSync(outFile).mtimeMs;
  } catch {
    return true;
  }
  return newestSourceTime(dirs, files) > built;
}

/**
 * Bundles the server with the workspace packages and the dependencies it imports. PGlite stays
 * outside: it loads its .wasm and .data files from its own package folder.
 */
export async function build(outFile = OUT_FILE) {
  const esbuild = await import('esbuild');
  // A source saved while this runs must still make the next start rebuild: the output is dated
  // from before the sources were read.
  const startedAt = new Date();
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints: [ENTRY],
      outfile: outFile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['@electric-sql/pglite', 'pg-native'],
      // CommonJS dependencies (pg) call require() on Node's built-ins.
      banner: { js: "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);" },
      sourcemap: 'linked',
      write: false,
      logLevel: 'warning',
    });
    mkdirSync(dirname(outFile), { recursive: true });
    // Written aside and renamed, so a server starting meanwhile never reads half a file.
    for (const file of result.outputFiles) {
      writeFileSync(`${file.path}.${process.pid}.tmp`, file.contents);
      renameSync(`${file.path}.${process.pid}.tmp`, file.path);
    }
    utimesSync(outFile, startedAt, startedAt);
  } finally {
    await esbuild.stop();
  }
}

/** Builds when the output is missing or stale; says so, since it makes this start a little slower. */
export async function buildIfStale(outFile = OUT_FILE) {
  if (!isStale(outFile)) return false;
  const t0 = Date.now();
  await build(outFile);
  console.log(`Built the server into ${outFile} in ${Date.now() - t0} ms.`);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await build();
