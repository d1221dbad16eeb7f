import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '../src');
const sources = (readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(SRC, f));

/**
 * The engine's tsconfig (no Node types) already refuses `process` or `Buffer`; these are the ways
 * round it that still type-check: a module import of Node's I/O, the fixture corpus, a clock read.
 */
const FORBIDDEN: Array<[string, RegExp]> = [
  ['a Node built-in import', /from\s+['"](node:|fs['"]|path['"]|os['"]|child_process['"]|http['"]|net['"])/],
  ['the example corpus (a dev-only dependency)', /from\s+['"]@sluice\/examples['"]/],
  ['a clock read', /Date\.now\(|new Date\(\s*\)|performance\.now\(/],
  ['a deep import into another package', /from\s+['"]@sluice\/[a-z]+\/|from\s+['"](\.\.\/){3,}/],
];

describe('the engine cannot do I/O', () => {
  it('finds its source files', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it.each(FORBIDDEN)('no source file contains %s', (_what, pattern) => {
    const offenders = sources.filter((f) => pattern.test(readFileSync(f, 'utf8'))).map((f) => relative(SRC, f));
    expect(offenders).toEqual([]);
  });

  it('the patterns catch what they are for', () => {
    expect(FORBIDDEN[0]![1].test("import { readFileSync } from 'node:fs';")).toBe(true);
    expect(FORBIDDEN[1]![1].test("import { examplePolicy } from '@sluice/examples';")).toBe(true);
    expect(FORBIDDEN[2]![1].test('const t = Date.now();')).toBe(true);
    expect(FORBIDDEN[2]![1].test("new Date('2026-03-02T00:00:00Z')")).toBe(false);
    expect(FORBIDDEN[3]![1].test("import x from '../../../server/src/x.js';")).toBe(true);
  });

  it('its tsconfig leaves Node and DOM types out', () => {
    const raw = readFileSync(join(import.meta.dirname, '../tsconfig.json'), 'utf8').replace(/^\s*\/\/.*$/gm, '');
    const config = JSON.parse(raw) as { compilerOptions: { types: string[]; lib: string[] }; include: string[] };
    expect(config.compilerOptions.types).toEqual([]);
    expect(config.compilerOptions.lib.some((l) => /dom/i.test(l))).toBe(false);
    expect(config.include).toEqual(['src/**/*']);
  });
});
