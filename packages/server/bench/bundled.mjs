// `node [node flags] packages/server/bench/bundled.mjs <entry.ts> [args…]`: runs a benchmark as the
// product runs its code — bundled by esbuild with the server's options (build.mjs bundleForNode),
// as the server's simulation worker and `pnpm sluice` are — not through tsx, whose transform keeps
// function names by wrapping every function made in a hot loop (a replay ran ~30 % slower). The
// bundle goes to node_modules/.cache/sluice-bench/ and runs in this process, so node flags given
// here (heap sizes) are the benchmark's.
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleForNode } from '../build.mjs';

const entry = process.argv[2];
if (!entry) {
  process.stderr.write('usage: node packages/server/bench/bundled.mjs <entry.ts> [args…] / 用法：node packages/server/bench/bundled.mjs <入口.ts> [参数…]\n');
  process.exit(2);
}
const name = basename(entry).replace(/\.ts$/, '');
const outDir = resolve(import.meta.dirname, '../../../node_modules/.cache/sluice-bench', name);
await bundleForNode({ entryPoints: { [name]: resolve(entry) }, outDir });
const outFile = join(outDir, `${name}.js`);
// The benchmark reads its own arguments from argv[2] on, as if started directly.
process.argv.splice(1, 2, outFile);
await import(pathToFileURL(outFile).href);
