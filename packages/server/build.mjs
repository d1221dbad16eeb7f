// Builds the decision server into one JavaScript file (dist/main.js) that plain `node` starts:
// compiling TypeScript at every start (tsx) cost about a second and 70 MB of memory that an idle
// server kept. `node packages/server/build.mjs` builds; `pnpm start` builds only when stale.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SERVER = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(SERVER, '../..');

/** How the server and its workers are bundled for Node (the test run's worker bundle uses the same). */
export const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@electric-sql/pglite', 'pg-native'],
  // CommonJS dependencies (pg) call require() on Node's built-ins.
  banner: { js: "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);" },
};
/**
 * Bundles TypeScript entries for Node as the server is bundled (NODE_BUNDLE) into `outDir`, for
 * the CLI and the benchmarks: they then run the code the product runs, not tsx's transform, whose
 * `keepNames` wraps every function made in a hot loop (about 30 % of a replay's time). A module
 * that finds its files beside itself (examples/index.ts) keeps its own location.
 */
export async function bundleForNode({ entryPoints, outDir, splitting = false }) {
  const esbuild = await import('esbuild');
  try {
    const result = await esbuild.build({
      absWorkingDir: ROOT,
      entryPoints,
      outdir: outDir,
      ...NODE_BUNDLE,
      splitting,
      write: false,
      logLevel: 'warning',
      plugins: [ownImportMeta],
    });
    writeAside(result.outputFiles);
  } finally {
    await esbuild.stop();
  }
}

/** Writes esbuild's output files aside and renames them, so a process starting meanwhile never reads half a file. */
function writeAside(outputFiles) {
  for (const file of outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    writeFileSync(`${file.path}.${process.pid}.tmp`, file.contents);
    renameSync(`${file.path}.${process.pid}.tmp`, file.path);
  }
}

const ownImportMeta = {
  name: 'own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.')) return undefined;
      const contents = text
        .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
        .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
        .replaceAll('import.meta.filename', JSON.stringify(args.path));
      return { contents, loader: 'ts' };
    });
  },
};
export const ENTRY = join(SERVER, 'src/main.ts');
export const OUT_FILE = join(SERVER, 'dist/main.js');
/** The simulation worker thread's entry (src/simulation/spawn.ts loads it from beside main.js). */
export const WORKER_ENTRY = join(SERVER, 'src/simulation/worker.ts');
export const WORKER_OUT_FILE = 'simulation-worker.js';
/** The embedded database's thread (src/db/pgliteThread.ts loads it from beside main.js). */
export const PGLITE_WORKER_ENTRY = join(SERVER, 'src/db/pgliteWorker.ts');
export const PGLITE_WORKER_OUT_FILE = 'pglite-worker.js';

/** Folders whose TypeScript goes into the build (the workspace packages the server imports). */
export const SOURCE_DIRS = [join(SERVER, 'src'), join(ROOT, 'packages/engine/src'), join(ROOT, 'packages/simulator/src'), join(ROOT, 'examples')];

/** Other files that change what the build produces: this script, and the dependencies it bundles. */
export const BUILD_INPUTS = [fileURLToPath(import.meta.url), join(ROOT, 'pnpm-lock.yaml')];

const isServerSource = (name) => name.endsWith('.ts');

/** The newest modification time (ms) of a source file (`counts`) under `dirs` or of `files` (missing ones are ignored). */
export function newestSourceTime(dirs, files = [], counts = isServerSource) {
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
      else if (counts(e.name)) newest = Math.max(newest, statSync(path).mtimeMs);
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
export function isStale(outFile = OUT_FILE, dirs = SOURCE_DIRS, files = BUILD_INPUTS, counts = isServerSource) {
  let built;
  try {
    built = statSync(outFile).mtimeMs;
  } catch {
    return true;
  }
  return newestSourceTime(dirs, files, counts) > built;
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
      // Named entries into one folder: the workers land beside main.js, where spawn.ts and pgliteThread.ts look for them.
      entryPoints: {
        [basename(outFile, '.js')]: ENTRY,
        [basename(WORKER_OUT_FILE, '.js')]: WORKER_ENTRY,
        [basename(PGLITE_WORKER_OUT_FILE, '.js')]: PGLITE_WORKER_ENTRY,
      },
      outdir: dirname(outFile),
      ...NODE_BUNDLE,
      sourcemap: 'linked',
      write: false,
      logLevel: 'warning',
    });
    writeAside(result.outputFiles);
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

// ---- The editor (packages/editor): built by Vite into packages/editor/dist, served by the server at `/`.

export const EDITOR = join(ROOT, 'packages/editor');
export const EDITOR_DIST = join(EDITOR, 'dist');
/** Written last by a build and dated from before it started: its date is the build's. */
export const EDITOR_STAMP = join(EDITOR_DIST, 'index.html');
/** What goes into the editor's bundle: its sources, and the engine and examples it imports. */
export const EDITOR_SOURCE_DIRS = [join(EDITOR, 'src'), join(ROOT, 'packages/engine/src'), join(ROOT, 'packages/simulator/src'), join(ROOT, 'examples')];
export const EDITOR_INPUTS = [join(EDITOR, 'index.html'), join(EDITOR, 'vite.config.ts'), join(ROOT, 'pnpm-lock.yaml')];
/** File kinds Vite bundles; tests beside the code (`*.test.tsx`) are not bundled and do not count. */
const EDITOR_EXTENSIONS = ['.ts', '.tsx', '.css', '.json', '.svg', '.html'];

const isEditorSource = (name) => EDITOR_EXTENSIONS.some((x) => name.endsWith(x)) && !/\.test\.tsx?$/.test(name);

/** The newest modification time (ms) of a bundled file under `dirs` or of `files` (missing ones ignored). */
export function newestEditorSourceTime(dirs = EDITOR_SOURCE_DIRS, files = EDITOR_INPUTS) {
  return newestSourceTime(dirs, files, isEditorSource);
}

/** Whether the editor's build is missing or older than any of its sources. */
export function isEditorStale(stamp = EDITOR_STAMP, dirs = EDITOR_SOURCE_DIRS, files = EDITOR_INPUTS) {
  return isStale(stamp, dirs, files, isEditorSource);
}

/**
 * Runs `vite build` into a folder beside dist/ and swaps it in, so a server already serving dist/
 * never sees it half written. Vite runs as a child process: its memory is not kept by the server.
 */
export async function buildEditor({ quiet = false } = {}) {
  const startedAt = new Date();
  const tmp = `${EDITOR_DIST}.${process.pid}.tmp`;
  const old = `${EDITOR_DIST}.${process.pid}.old`;
  rmSync(tmp, { recursive: true, force: true });
  const vite = join(EDITOR, 'node_modules/vite/bin/vite.js');
  const output = [];
  const code = await new Promise((resolveExit, reject) => {
    // --bypass-lock: Vite refuses a second build of the project at once; this one writes to its
    // own folder and our lock (buildEditorIfStale) already lets one of our processes build at a time.
    const args = [vite, 'build', '--outDir', tmp, '--emptyOutDir', '--bypass-lock', '--logLevel', quiet ? 'warn' : 'info'];
    const child = spawn(process.execPath, args, {
      cwd: EDITOR,
      // Under vitest NODE_ENV is "test", and Vite would then bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (d) => (quiet ? output.push(d) : process.stdout.write(d)));
    child.stderr.on('data', (d) => (quiet ? output.push(d) : process.stderr.write(d)));
    child.on('error', reject);
    child.on('exit', (c) => resolveExit(c));
  });
  if (code !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new Error(`vite build failed (exit ${code})${quiet ? `\n${Buffer.concat(output).toString()}` : ''}`);
  }
  utimesSync(join(tmp, 'index.html'), startedAt, startedAt);
  if (existsSync(EDITOR_DIST)) renameSync(EDITOR_DIST, old);
  renameSync(tmp, EDITOR_DIST);
  rmSync(old, { recursive: true, force: true });
}

/**
 * Builds the editor when stale. Several processes may ask at once (test files run in parallel):
 * one builds under a lock folder, the others wait for it and then find the build fresh.
 */
export async function buildEditorIfStale({ quiet = false } = {}) {
  if (!isEditorStale()) return false;
  return withDirLock(`${EDITOR_DIST}.lock`, 10 * 60_000, async () => {
    if (!isEditorStale()) return false;
    const t0 = Date.now();
    if (!quiet) console.log('Building the editor (packages/editor) / 正在构建编辑器…');
    await buildEditor({ quiet });
    if (!quiet) console.log(`Built the editor into ${EDITOR_DIST} in ${Date.now() - t0} ms.`);
    return true;
  });
}

/**
 * Runs `work` holding a lock between processes: a folder made with mkdir (atomic on every file
 * system). A lock older than `staleMs` was left by a process that died, and is taken over.
 */
export async function withDirLock(lock, staleMs, work) {
  const deadline = Date.now() + staleMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > staleMs) rmSync(lock, { recursive: true, force: true });
      } catch {
        // removed meanwhile
      }
      if (Date.now() > deadline) throw new Error(`waited too long for ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await build();
  await buildEditor();
}
