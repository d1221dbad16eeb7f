import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The CLI as one JavaScript file, built once per test run for the CLI tests' child processes.
 * Through tsx, every `sluice` process spent about 1.4 CPU-seconds starting (the loader, then
 * resolving and evaluating the engine's TypeScript module by module) before doing anything;
 * the bundle starts in about 0.45, and the CLI tests start some fifty of them. Same sources,
 * same esbuild transform tsx uses; one test still runs the `pnpm sluice` entry through tsx.
 */
const ROOT = join(import.meta.dirname, '../../..');
export const CLI_ENTRY = join(ROOT, 'packages/cli/src/main.ts');
/** Set by the run's global setup: the built CLI, which cliRunner.ts starts instead of tsx. */
export const CLI_BUNDLE_ENV = 'SLUICE_CLI_BUNDLE';

/** What this file uses of esbuild's API (its types belong to the server package, which depends on it). */
interface Esbuild {
  build(options: Record<string, unknown> & { plugins: EsbuildPlugin[] }): Promise<unknown>;
  stop(): void | Promise<void>;
}
interface EsbuildPlugin {
  name: string;
  setup(build: { onLoad(options: { filter: RegExp }, load: (args: { path: string }) => Promise<{ contents: string; loader: 'ts' } | undefined>): void }): void;
}

/** Builds main.ts and what it imports into `outDir` (lazy imports stay lazy chunks); returns the entry's path. */
export async function buildCliBundle(outDir: string): Promise<string> {
  // The server's esbuild (it bundles the server the same way): the CLI itself needs none.
  const esbuild = createRequire(join(ROOT, 'packages/server/package.json'))('esbuild') as Esbuild;
  await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: { main: CLI_ENTRY },
    outdir: outDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // CommonJS dependencies (cli-progress, json-rules-engine) call require() on Node's built-ins.
    banner: { js: "import { createRequire as __sluiceRequire } from 'node:module'; const require = __sluiceRequire(import.meta.url);" },
    logLevel: 'warning',
    plugins: [
      {
        // A module that finds its files next to itself (examples/index.ts) must still see its own
        // location, not the bundle's.
        name: 'own-import-meta',
        setup(build) {
          build.onLoad({ filter: /\.ts$/ }, async (args) => {
            const text = await readFile(args.path, 'utf8');
            if (!text.includes('import.meta.')) return undefined;
            const contents = text
              .replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            return { contents, loader: 'ts' };
          });
        },
      },
    ],
  });
  await esbuild.stop();
  return join(outDir, 'main.js');
}
