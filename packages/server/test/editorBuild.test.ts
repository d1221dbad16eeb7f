import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EDITOR_INPUTS, EDITOR_SOURCE_DIRS, isEditorStale, newestEditorSourceTime } from '../build.mjs';

/** `pnpm start` runs `vite build` exactly when a file the editor's bundle is made from is newer than the build. */
describe('editor build staleness', () => {
  const root = mkdtempSync(join(tmpdir(), 'sluice-editor-build-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const at = (path: string, seconds: number) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, '');
    utimesSync(path, seconds, seconds);
  };
  const src = join(root, 'editor', 'src');
  const engine = join(root, 'engine', 'src');
  const indexHtml = join(root, 'editor', 'index.html');
  const viteConfig = join(root, 'editor', 'vite.config.ts');
  const stamp = join(root, 'editor', 'dist', 'index.html');
  const stale = () => isEditorStale(stamp, [src, engine], [indexHtml, viteConfig]);

  it('reads the editor sources, the engine, the page and the Vite config of the real repository', () => {
    expect(EDITOR_SOURCE_DIRS.some((d) => d.endsWith(join('packages', 'editor', 'src')))).toBe(true);
    expect(EDITOR_SOURCE_DIRS.some((d) => d.endsWith(join('packages', 'engine', 'src')))).toBe(true);
    expect(EDITOR_INPUTS.some((f) => f.endsWith(join('packages', 'editor', 'index.html')))).toBe(true);
    expect(EDITOR_INPUTS.some((f) => f.endsWith(join('packages', 'editor', 'vite.config.ts')))).toBe(true);
  });

  it('is stale while there is no build', () => {
    at(join(src, 'main.tsx'), 1_000);
    at(indexHtml, 900);
    at(viteConfig, 900);
    expect(stale()).toBe(true);
  });

  it('is fresh once built after every source', () => {
    at(join(src, 'app', 'App.tsx'), 1_500);
    at(join(engine, 'nodes', 'rule.ts'), 1_400);
    at(stamp, 2_000);
    expect(newestEditorSourceTime([src, engine], [indexHtml, viteConfig])).toBe(1_500_000);
    expect(stale()).toBe(false);
  });

  it('ignores what is not bundled: tests beside the code, notes, node_modules, dist, a missing input', () => {
    at(join(src, 'app', 'App.test.tsx'), 3_000);
    at(join(src, 'i18n', 'i18n.test.ts'), 3_000);
    at(join(src, 'README.md'), 3_000);
    at(join(src, 'node_modules', 'dep', 'index.ts'), 3_000);
    at(join(src, 'dist', 'old.js'), 3_000);
    expect(isEditorStale(stamp, [src, engine], [indexHtml, viteConfig, join(root, 'absent.json')])).toBe(false);
  });

  it('is stale when a stylesheet deep in src was saved after the build', () => {
    at(join(src, 'policy', 'canvas', 'policy.css'), 2_001);
    expect(stale()).toBe(true);
    at(stamp, 2_002);
    expect(stale()).toBe(false);
  });

  it('is stale when a new page appears, or the engine it imports changes', () => {
    at(join(src, 'roster', 'RosterPage.tsx'), 2_100);
    expect(stale()).toBe(true);
    at(stamp, 2_200);
    at(join(engine, 'nodes', 'rule.ts'), 2_300);
    expect(stale()).toBe(true);
    at(stamp, 2_400);
  });

  it('is stale when index.html or vite.config.ts changed', () => {
    expect(stale()).toBe(false);
    at(indexHtml, 2_500);
    expect(stale()).toBe(true);
    at(stamp, 2_600);
    at(viteConfig, 2_700);
    expect(stale()).toBe(true);
  });
});
