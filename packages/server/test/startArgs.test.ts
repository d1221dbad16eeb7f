import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnServer } from './child.js';

/** Start-up flags: a bad value stops the server at once (exit 2) with a message naming the flag, in both languages. */
describe('server start flags', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-args-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    [['--tick-seconds', '0'], '--tick-seconds must be a number of seconds from 1 to 86400, not "0"', '--tick-seconds 须为 1 到 86400 之间的秒数'],
    [['--tick-seconds', 'soon'], 'not "soon"', '秒数'],
    [['--port', '70000'], '--port must be a port number, not "70000"', undefined],
    [
      ['--decision-inputs-days', '0'],
      '--decision-inputs-days must be a whole number of days from 1 to 36500, not "0"',
      '--decision-inputs-days 须为 1 到 36500 之间的整数天数',
    ],
  ])(
    '%j',
    async (args, en, zh) => {
      // The flags are checked before the database is opened: the folder stays empty.
      // A later --port overrides the helper's --port 0 (the last value wins).
      const p = spawnServer({ dataDir }, args);
      const exited = await p.exited;
      expect(exited).toEqual({ code: 2, signal: null });
      expect(p.output()).toContain(en);
      if (zh) expect(p.output()).toContain(zh);
      expect(p.output()).not.toMatch(/\n\s+at /);
      expect(existsSync(dataDir) ? readdirSync(dataDir) : []).toEqual([]);
    },
    60_000,
  );
});
