import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isStale, newestSourceTime } from '../build.mjs';

/** `pnpm start` rebuilds dist/main.js exactly when a file the build reads is newer than it. */
describe('build staleness', () => {
  const root = mkdtempSync(join(tmpdir(), 'sluice-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const at = (path: string, seconds: number, content = '') => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, content);
    utimesSync(path, seconds, seconds);
  };
  const src = join(root, 'src');
  const engine = join(root, 'engine');
  const out = join(root, 'dist', 'main.js');
  const lockfile = join(root, 'pnpm-lock.yaml');
  const stale = () => isStale(out, [src, engine], [lockfile]);

  it('is stale while nothing was built', () => {
    at(join(src, 'main.ts'), 1_000);
    expect(stale()).toBe(true);
  });

  it('is fresh once built after every source', () => {
    at(join(engine, 'deep', 'rule.ts'), 1_500);
    at(lockfile, 1_200);
    at(out, 2_000);
    expect(newestSourceTime([src, engine], [lockfile])).toBe(1_500_000);
    expect(stale()).toBe(false);
  });

  it('ignores what the build does not read: other file types, node_modules, dist, a missing extra file', () => {
    at(join(src, 'notes.md'), 3_000);
    at(join(src, 'node_modules', 'dep', 'index.ts'), 3_000);
    at(join(engine, 'dist', 'old.ts'), 3_000);
    expect(isStale(out, [src, engine], [lockfile, join(root, 'absent.json')])).toBe(false);
  });

  it('is stale when a source deep in a source folder was saved after the build', () => {
    at(join(engine, 'deep', 'rule.ts'), 2_001);
    expect(stale()).toBe(true);
    at(out, 2_002);
    expect(stale()).toBe(false);
  });

  it('is stale when a new source file appears after the build', () => {
    at(join(src, 'routes', 'new.ts'), 2_500);
    expect(stale()).toBe(true);
    at(out, 2_600);
    expect(stale()).toBe(false);
  });

  it('is stale when the dependencies changed (lockfile)', () => {
    at(lockfile, 2_700);
    expect(stale()).toBe(true);
  });
});
