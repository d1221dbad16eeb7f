import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const PACKAGES = readdirSync(join(ROOT, 'packages'));

/** Source files under `dir`; node_modules and dist are never entered (listing them cost 60,000 entries). */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx|mts|mjs)$/.test(e.name)) out.push(path);
  }
  return out;
}

/**
 * Imports that reach into another workspace package's `src/` instead of its declared entry points
 * (`@sluice/engine`, `@sluice/server/testing`, …). Test helpers shared between test folders are not internals.
 */
function crossings(): string[] {
  const out: string[] = [];
  for (const pkg of PACKAGES) {
    const home = join(ROOT, 'packages', pkg);
    for (const file of sourceFiles(home)) {
      for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1]!;
        const deep = /^@sluice\/[a-z]+\/src\//.test(spec);
        const target = spec.startsWith('.') ? resolve(dirname(file), spec) : '';
        const elsewhere = target !== '' && relative(home, target).startsWith('..') && /^packages\/[a-z]+\/src\//.test(relative(ROOT, target));
        if (deep || elsewhere) out.push(`${relative(ROOT, file)} → ${spec}`);
      }
    }
  }
  return out;
}

describe('packages meet only at their entry points', () => {
  it('no package imports another package’s src/ by path', () => {
    expect(crossings()).toEqual([]);
  });

  it('the check sees a crossing when there is one', () => {
    const file = join(ROOT, 'packages/editor/test/e2e/x.ts');
    const target = resolve(dirname(file), '../../../server/src/app.js');
    expect(relative(join(ROOT, 'packages/editor'), target).startsWith('..')).toBe(true);
  });
});
