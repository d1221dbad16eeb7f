import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sluice } from './cliRunner.js';

const tmp = mkdtempSync(join(tmpdir(), 'sluice-cli-input-'));
function file(name: string, content: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

const RR = ['--policy', 'examples/policies/s06-round-robin.json', '--state', 'examples/states/ae-team.json'];
const S17 = ['--policy', 'examples/policies/s17-level-thresholds.json', '--state', 'examples/states/s17-banded-leads.json'];
const event = file('event.json', { id: 'ev-1', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L1' } });

/** A usage error: exit 2, the message on stderr, nothing on stdout, no stack trace. */
function refused(r: { code: number; stdout: string; stderr: string }): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).not.toContain('internal error');
  return r.stderr;
}

describe('the CLI reads instants and zones as the engine does', () => {
  it('refuses --at without an offset instead of reading it in this machine’s zone (decide and tick)', async () => {
    const [decide, tick] = await Promise.all([
      sluice('decide', ...RR, '--event', event, '--at', '2026-03-02T10:00:00'),
      sluice('tick', ...S17, '--at', '2026-03-11T10:00:00'),
    ]);
    expect(refused(decide)).toBe(
      'sluice: --at "2026-03-02T10:00:00" has no UTC offset: add one (Z or ±hh:mm, e.g. 2026-03-02T10:00:00+08:00) so the time does not depend on this machine\'s time zone / ' +
        '--at "2026-03-02T10:00:00" 缺少时区偏移：请加上 Z 或 ±hh:mm（如 2026-03-02T10:00:00+08:00），以免结果取决于本机时区\n',
    );
    expect(refused(tick)).toContain('--at "2026-03-11T10:00:00" has no UTC offset');
  });

  it('holds --at to the bounds of every instant: years 1970–9999, offsets within ±15:59', async () => {
    const [year0, offset20] = await Promise.all([
      sluice('tick', ...S17, '--at', '0000-01-01T00:00:00Z'),
      sluice('decide', ...RR, '--event', event, '--at', '2026-03-02T10:00:00+20:00'),
    ]);
    expect(refused(year0)).toBe(
      'sluice: --at "0000-01-01T00:00:00Z" is not a valid instant: year must be between 1970 and 9999 (as UTC) / --at "0000-01-01T00:00:00Z" 不是合法的时间：年份须在 1970 到 9999 之间（按 UTC 计）\n',
    );
    expect(refused(offset20)).toContain('UTC offset must be within ±15:59 / --at "2026-03-02T10:00:00+20:00" 不是合法的时间：时区偏移须在 ±15:59 以内');
  });

  it('a state file with a misspelt zone exits 2 naming the field, not 3 "internal error"', async () => {
    const state = file('typo-state.json', {
      timeZone: 'Asia/Shanghai',
      reps: [
        { id: 'ae-1', teams: ['ae'], timeZone: 'Asia/Shanghai', shifts: [{ days: [1], start: '09:00', end: '18:00' }] },
        { id: 'ae-2', teams: ['ae'], timeZone: 'Asia/Shangai', shifts: [{ days: [1], start: '09:00', end: '18:00' }] },
      ],
    });
    const r = await sluice('decide', '--policy', 'examples/policies/s06-round-robin.json', '--state', state, '--event', event);
    const err = refused(r);
    expect(err).toContain(`state file "${state}" is invalid`);
    expect(err).toContain(
      '✗ reps[1].timeZone: unknown time zone "Asia/Shangai" — did you mean "Asia/Shanghai"? / 未知时区 "Asia/Shangai"，是否为 "Asia/Shanghai"？',
    );
  });

  it('an event whose time is out of bounds exits 2 naming the field', async () => {
    const old = file('old-event.json', { id: 'ev-0', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L0', createdAt: '0000-01-01T00:00:00Z' } });
    expect(refused(await sluice('decide', ...RR, '--event', old))).toContain('✗ lead.createdAt: year must be between 1970 and 9999');
  });
});
