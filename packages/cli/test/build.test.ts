import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCli, isCliStale } from '../build.mjs';

const dir = mkdtempSync(join(tmpdir(), 'sluice-cli-build-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the CLI build (what `pnpm sluice` runs)', () => {
  it('is fresh once built, stale when missing or older than its sources, and runs under plain node', async () => {
    expect(isCliStale(join(dir, 'missing', 'main.js'))).toBe(true);
    const entry = await buildCli(join(dir, 'out'));
    expect(isCliStale(entry)).toBe(false);
    const { stdout } = await promisify(execFile)(process.execPath, [entry, 'compile', 'examples/policies/s06-round-robin.json'], {
      cwd: join(import.meta.dirname, '../../..'),
    });
    expect(JSON.parse(stdout).key).toBe('s06-round-robin');
    // Dated before any source was written: a source newer than the build makes it stale.
    utimesSync(entry, new Date(0), new Date(0));
    expect(isCliStale(entry)).toBe(true);
  });
});
