import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/index.js';
import { examplePolicy } from '@sluice/examples';
import { compiledExample, stateFrom, timelineEvents } from './harness.js';
import { decideLead, reclaimNote, runTimelineWithTicks } from './tickHarness.js';

// S17: thresholds by band, first matching row wins: amount ≥ 1,000,000 → 30 days, level A → 14,
// 1,000+ staff → 10, level B → 7, others → 3. Every lead was last followed up 2026-03-02 09:00 Shanghai.
const policy = compiledExample('s17-level-thresholds');

async function run() {
  const state = stateFrom('s17-banded-leads');
  return { state, outcomes: await runTimelineWithTicks(policy, state, timelineEvents('s17-banded-ticks')) };
}

const sorted = <T extends { leadId: string | null }>(xs: T[]) => [...xs].sort((a, b) => (a.leadId! < b.leadId! ? -1 : 1));

describe('S17 thresholds by level, size and amount', () => {
  it('reclaims the small and level-B leads, reminds the large level-B customer, keeps level A and key accounts', async () => {
    const { outcomes } = await run();
    const first = outcomes[0]!.tick!;
    expect(first.checked).toBe(8);
    expect(first.evaluated).toBe(5);
    expect(sorted(first.decisions.map((d) => reclaimNote(d)))).toEqual([
      {
        leadId: 'L-1701',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-1 to pool public: no follow-up since 2026-03-02, 9 days > 7 for level B',
        zh: '已从 ae-1 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > B 级客户的 7 天',
      },
      {
        leadId: 'L-1704',
        outcome: 'reminded',
        en: 'reminded ae-2: reclaim to pool public due 2026-03-12 09:00, 1 day left; no follow-up since 2026-03-02, 9 days < 10 for companies with 1,000+ staff',
        zh: '已提醒 ae-2：将于 2026-03-12 09:00 回收到线索池 public，还剩 1 天；自 2026-03-02 起未跟进，9 天 < 千人以上企业的 10 天',
      },
      {
        leadId: 'L-1705',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-3 to pool public: no follow-up since 2026-03-02, 9 days > 3 for other customers',
        zh: '已从 ae-3 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > 其他客户的 3 天',
      },
      {
        leadId: 'L-1706',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-3 to pool public: no follow-up since 2026-03-02, 9 days > 3 for other customers',
        zh: '已从 ae-3 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > 其他客户的 3 天',
      },
      {
        leadId: 'L-1708',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-2 to pool public: no follow-up since 2026-03-02, 9 days > 7 for level B',
        zh: '已从 ae-2 回收到线索池 public：自 2026-03-02 起未跟进，9 天 > B 级客户的 7 天',
      },
    ]);
    const reminder = first.decisions.find((d) => d.leadId === 'L-1704')!;
    expect(reminder.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-1704',
        nodeId: 'reclaim',
        mode: 'notify',
        to: [{ kind: 'rep', id: 'ae-2' }],
        message: {
          en: 'Lead L-1704 goes back to pool public on 2026-03-12 09:00 (1 day left): no follow-up since 2026-03-02, 9 days < 10 for companies with 1,000+ staff',
          zh: '线索 L-1704 将于 2026-03-12 09:00（1 天后）回收到线索池 public：自 2026-03-02 起未跟进，9 天 < 千人以上企业的 10 天',
        },
      },
    ]);
    expect(reminder.changes).toEqual([
      { type: 'lead.remind', leadId: 'L-1704', repId: 'ae-2', window: '2026-03-12T01:00:00.000Z', at: '2026-03-11T02:00:00.000Z', nodeId: 'reclaim' },
    ]);
  });

  it('an expected amount of exactly 1,000,000 is a key account (min is inclusive); 999,999 is not', () => {
    const state = stateFrom('s17-banded-leads');
    const key = decideLead(policy, state, 'L-1707', '2026-03-11T02:00:00Z');
    expect(reclaimNote(key).en).toBe(
      'not due: no follow-up since 2026-03-02, 9 days < 30 for key accounts (expected ≥ 1,000,000); no deal since the owner got it on 2026-02-01, 38 days < 365 for key accounts (expected ≥ 1,000,000); reclaim due 2026-04-01 09:00',
    );
    expect(key.explanation.visited[1]!.detail).toMatchObject({
      band: { index: 0, label: { en: 'key accounts (expected ≥ 1,000,000)', zh: '重点客户（预计金额 ≥ 100 万）' } },
    });
    const notKey = decideLead(policy, state, 'L-1706', '2026-03-11T02:00:00Z');
    expect(notKey.explanation.visited[1]!.detail).toMatchObject({ band: { index: null, label: { en: 'other customers', zh: '其他客户' } } });
  });

  it('level A keeps 14 days; a level-B lead with 999 staff is not in the 1,000+ row', () => {
    const state = stateFrom('s17-banded-leads');
    expect(reclaimNote(decideLead(policy, state, 'L-1702', '2026-03-11T02:00:00Z')).zh).toBe(
      '未到期：自 2026-03-02 起未跟进，9 天 < A 级客户的 14 天；自 2026-02-01 接手以来未成交，38 天 < A 级客户的 90 天；预计 2026-03-16 09:00 回收',
    );
    expect(decideLead(policy, state, 'L-1708', '2026-03-11T02:00:00Z').explanation.visited[1]!.detail).toMatchObject({ band: { index: 3 } });
  });

  it('the next day the reminded customer is reclaimed at its own 10-day threshold', async () => {
    const { state, outcomes } = await run();
    const second = outcomes[1]!.tick!;
    expect(second.checked).toBe(4);
    expect(second.decisions.map((d) => reclaimNote(d))).toEqual([
      {
        leadId: 'L-1704',
        outcome: 'reclaimed',
        en: 'reclaimed from ae-2 to pool public: no follow-up since 2026-03-02, 10 days ≥ 10 for companies with 1,000+ staff',
        zh: '已从 ae-2 回收到线索池 public：自 2026-03-02 起未跟进，10 天 ≥ 千人以上企业的 10 天',
      },
    ]);
    expect([...state.ownedLeads()].map((l) => l.id).sort()).toEqual(['L-1702', 'L-1703', 'L-1707']);
  });

  it('refuses a band table that cannot work, naming the field', () => {
    const doc = structuredClone(examplePolicy('s17-level-thresholds')) as { nodes: Array<{ id: string; data: Record<string, unknown> }> };
    const data = doc.nodes.find((n) => n.id === 'reclaim')!.data as { bands: Array<Record<string, unknown>>; remindDaysBefore: number };
    data.bands.push({ label: { en: 'everyone', zh: '所有人' }, days: { noOpportunity: 5 } });
    data.remindDaysBefore = 3;
    const result = compilePolicy(doc);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => [e.code, e.nodeId, e.field])).toEqual([
      ['invalidConfig', 'reclaim', 'bands[4]'],
      ['invalidConfig', 'reclaim', 'bands[4].days.noOpportunity'],
      ['invalidConfig', 'reclaim', 'remindDaysBefore'],
    ]);
    expect(result.errors[2]!.message.zh).toBe('提前提醒天数（3 天）必须小于最短期限 3 天，否则刚接手就会收到提醒');
  });
});
