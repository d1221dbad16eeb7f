import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, sluice } from './cliRunner.js';

const EXPORTS = join(ROOT, 'examples/exports');
const styles = existsSync(EXPORTS)
  ? readdirSync(EXPORTS)
      // The marketing export carries deliberately bad rows: examples/generator/marketing.test.ts checks it.
      .filter((f) => f.endsWith('.mapping.json') && !f.startsWith('marketing'))
      .map((f) => f.slice(0, -'.mapping.json'.length))
  : [];
const tmp = mkdtempSync(join(tmpdir(), 'sluice-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface ImportJson {
  summaries: Array<{ file: string; rowsRead: number; rowsUsed: number }>;
  rejects: unknown[];
}

function files(style: string): string[] {
  const args: string[] = [];
  for (const kind of ['leads', 'activities', 'stages', 'roster']) {
    const path = join(EXPORTS, `${style}-${kind}.csv`);
    if (existsSync(path)) args.push(`--${kind}`, path);
  }
  return args;
}

describe('the example CRM exports', () => {
  it('exist, in both styles', () => {
    expect(styles.sort()).toEqual(['en-crm', 'zh-crm']);
  });

  for (const style of styles) {
    it(`${style}: imports with its own mapping and rejects nothing`, async () => {
      const own = await sluice('import', ...files(style), '--mapping', join(EXPORTS, `${style}.mapping.json`), '--json');
      expect(own.code).toBe(0);
      const result = JSON.parse(own.stdout) as ImportJson;
      expect(result.rejects).toEqual([]);
      for (const s of result.summaries) expect(s.rowsUsed).toBe(s.rowsRead);
      expect(result.summaries[0]!.rowsRead).toBeGreaterThan(100);
    }, 60_000);

    it(`${style}: a mapping guessed from the files alone reads every row too`, async () => {
      // What a user who has never seen this export would do: guess, then import with the guess.
      const guessArgs = files(style).flatMap((a) => (a.startsWith('--') ? ['--guess'] : [a]));
      const guessed = await sluice('mapping', ...guessArgs);
      expect(guessed.code).toBe(0);
      const path = join(tmp, `${style}.guessed.json`);
      writeFileSync(path, guessed.stdout);
      const again = await sluice('import', ...files(style), '--mapping', path, '--json');
      expect(again.code).toBe(0);
      const second = JSON.parse(again.stdout) as ImportJson;
      expect(second.rejects).toEqual([]);
      for (const s of second.summaries) expect(s.rowsUsed).toBe(s.rowsRead);
    }, 90_000);
  }
});
