import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sluice } from './cliRunner.js';
import { describe, expect, it } from 'vitest';

const tmp = mkdtempSync(join(tmpdir(), 'sluice-cli-tick-'));
const S17 = ['--policy', 'examples/policies/s17-level-thresholds.json', '--state', 'examples/states/s17-banded-leads.json'];

describe('sluice tick', () => {
  it('prints the tick: which leads to reclaim, which owners to remind, each explained', async () => {
    const r = await sluice('tick', ...S17, '--at', '2026-03-11T02:00:00Z');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      at: '2026-03-11T02:00:00.000Z',
      policy: { key: 's17-level-thresholds', version: 0, kind: 'reclaim' },
      scope: 'ownedLeads',
      checked: 8,
      evaluated: 5,
    });
    // Four reclaims (toPool + notify each) and one reminder.
    expect(out.actions.map((a: { type: string; leadId: string }) => `${a.type}:${a.leadId}`).sort()).toEqual([
      'notify:L-1701',
      'notify:L-1704',
      'notify:L-1705',
      'notify:L-1706',
      'notify:L-1708',
      'toPool:L-1701',
      'toPool:L-1705',
      'toPool:L-1706',
      'toPool:L-1708',
    ]);
    expect(out.changes.filter((c: { type: string }) => c.type === 'lead.remind')).toEqual([
      { type: 'lead.remind', leadId: 'L-1704', repId: 'ae-2', window: '2026-03-12T01:00:00.000Z', at: '2026-03-11T02:00:00.000Z', nodeId: 'reclaim' },
    ]);
    const l1701 = out.decisions.find((d: { leadId: string }) => d.leadId === 'L-1701');
    expect(l1701.explanation.visited[1].note).toEqual({
      en: 'reclaimed from ae-1 to pool public: no follow-up since 2026-03-02, 9 days > 7 for level B',
      zh: '已从 ae-1 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > B 级客户的 7 天',
    });
    expect(out.summary).toEqual({
      en: 'tick at 2026-03-11 10:00: 8 checked, 5 acted, 9 actions',
      zh: '2026-03-11 10:00 定时检查：检查 8 项，5 项有动作，共 9 个动作',
    });
  });

  it('takes --at with an offset: 10:00 in Shanghai is the same tick as 02:00 UTC', async () => {
    const [utc, local] = await Promise.all([
      sluice('tick', ...S17, '--at', '2026-03-11T02:00:00Z'),
      sluice('tick', ...S17, '--at', '2026-03-11T10:00:00+08:00'),
    ]);
    expect(JSON.parse(local.stdout)).toEqual(JSON.parse(utc.stdout));
  });

  it('a week earlier nothing is due: only the two 3-day leads get their reminder', async () => {
    const r = await sluice('tick', ...S17, '--at', '2026-03-04T02:00:00Z');
    const out = JSON.parse(r.stdout);
    expect(out.decisions.map((d: { leadId: string }) => d.leadId)).toEqual(['L-1705', 'L-1706']);
    expect(out.actions.map((a: { type: string }) => a.type)).toEqual(['notify', 'notify']);
  });

  it('says so when the policy does not run on ticks', async () => {
    const r = await sluice(
      'tick',
      '--policy',
      'examples/policies/s06-round-robin.json',
      '--state',
      'examples/states/ae-team.json',
      '--at',
      '2026-03-11T02:00:00Z',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.checked).toBe(0);
    expect(out.decisions).toEqual([]);
    expect(out.summary).toEqual({ en: 'policy s06-round-robin does not run on ticks', zh: '策略 s06-round-robin 不响应定时检查' });
  });

  it('refuses missing or bad arguments with exit code 2 and no stack trace', async () => {
    const noAt = await sluice('tick', ...S17);
    expect(noAt.code).toBe(2);
    expect(noAt.stderr).toContain(
      'sluice: tick: missing --at (usage below) / tick：缺少 --at（用法见下）\n  sluice tick --policy <p.json> --state <state.json> --at <iso>\n',
    );
    const badAt = await sluice('tick', ...S17, '--at', 'next tuesday');
    expect(badAt.code).toBe(2);
    expect(badAt.stderr).toContain('--at "next tuesday" is not a valid instant: an ISO-8601 instant with an offset (Z or ±hh:mm)');
    expect(badAt.stderr).toContain('--at "next tuesday" 不是合法的时间：须为带时区偏移');
    const badState = join(tmp, 'state.json');
    writeFileSync(badState, JSON.stringify({ timeZone: 'Asia/Shanghai', leads: [{ id: 'L-1', ownedSince: 'last week' }] }));
    const invalid = await sluice('tick', '--policy', 'examples/policies/s17-level-thresholds.json', '--state', badState, '--at', '2026-03-11T02:00:00Z');
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('leads[0].ownedSince');
    for (const r of [noAt, badAt, invalid]) {
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });
});
