import { NODE_KINDS } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import { kindInfo } from './catalog';
import { EXAMPLE_POLICIES } from './examples.test-helper';
import { nodeSentence } from './sentence';

describe('node sentences', () => {
  it('reads the corpus', () => {
    expect(Object.keys(EXAMPLE_POLICIES).length).toBeGreaterThan(30);
  });

  it('every node kind has a sentence in both languages for its default config', () => {
    for (const kind of NODE_KINDS) {
      const data = kindInfo(kind)?.defaults;
      expect(data, kind).toBeDefined();
      const en = nodeSentence({ type: kind, data }, 'en');
      const zh = nodeSentence({ type: kind, data }, 'zh');
      expect(en, kind).not.toMatch(/unknown node kind|cannot be read|\?/);
      expect(zh, kind).not.toMatch(/未知节点类型|无法读取|\?/);
      expect(zh, kind).toMatch(/[\u4e00-\u9fff]/);
      expect(en, kind).not.toMatch(/[\u4e00-\u9fff]/);
      expect(en).not.toEqual(zh);
    }
  });

  it("names a notification's recipients in words, not by their kind's code", () => {
    const data = {
      mode: 'escalate',
      to: [
        { kind: 'manager', id: 'ae' },
        { kind: 'ownerManager', id: 'owner' },
        { kind: 'team', id: 'sdr' },
      ],
      message: { en: 'x', zh: 'x' },
    };
    expect(nodeSentence({ type: 'notify', data }, 'zh')).toBe('升级给团队 ae 的主管、负责人的主管、团队 sdr');
    expect(nodeSentence({ type: 'notify', data }, 'en')).toBe("escalate to the manager of team ae, the owner's manager, team sdr");
  });

  it('every node of every example policy has a sentence in both languages', () => {
    const seen = new Set<string>();
    for (const [name, doc] of Object.entries(EXAMPLE_POLICIES)) {
      for (const n of doc.nodes) {
        seen.add(n.type);
        for (const lang of ['en', 'zh'] as const) {
          const s = nodeSentence({ type: n.type, data: n.data }, lang);
          expect(s, `${name}/${n.id}/${lang}`).not.toMatch(/unknown node kind|cannot be read|未知节点类型|无法读取|\?/);
          expect(s.length, `${name}/${n.id}`).toBeGreaterThan(3);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(15);
  });

  it('says the 7-day reclaim and round robin the way a sales-ops person would', () => {
    expect(nodeSentence({ type: 'reclaim.rule', data: { days: { noFollowUp: 7 }, poolId: 'public' } }, 'zh')).toBe('无跟进超过 7 天 → 回收到公海');
    expect(nodeSentence({ type: 'reclaim.rule', data: { days: { noFollowUp: 7 }, poolId: 'public' } }, 'en')).toBe(
      'no follow-up for 7 days → back to the public pool',
    );
    expect(nodeSentence({ type: 'reclaim.rule', data: { days: { noFollowUp: { value: 7, unit: 'workingDays' } }, poolId: 'east' } }, 'en')).toBe(
      'no follow-up for 7 working days → back to pool east',
    );
    expect(nodeSentence({ type: 'assign.roundRobin', data: { teams: ['ae'], coolingDays: 7 } }, 'en')).toBe(
      'round robin among team ae, not back to a rep within 7 days',
    );
    expect(nodeSentence({ type: 'assign.roundRobin', data: { teams: ['ae'] } }, 'zh')).toBe('在团队 ae中轮流分配');
    expect(
      nodeSentence(
        {
          type: 'condition',
          data: {
            condition: {
              all: [
                { fact: 'lead.region', operator: 'equal', value: 'east' },
                { fact: 'lead.size', operator: 'greaterThan', value: 50 },
              ],
            },
          },
        },
        'en',
      ),
    ).toBe('if lead.region = "east" and lead.size > 50');
  });

  it('never throws on a malformed config or an unknown kind', () => {
    expect(nodeSentence({ type: 'reclaim.rule', data: 'nonsense' }, 'en')).toBe('no rule on → back to pool ?');
    expect(nodeSentence({ type: 'nope', data: null }, 'zh')).toBe('未知节点类型“nope”');
  });
});
