import { describe, expect, it } from 'vitest';
import { decide, InMemoryState } from '../../src/index.js';
import { compile, decideBoth, flow } from './helpers.js';

// Every decision is explainable to the rep it affects: one that gave the lead to nobody says so, and why, in its summary.
// Monday 2026-03-02 10:00 in Shanghai.
const T0 = '2026-03-02T02:00:00.000Z';
const away = [{ from: '2026-03-01T00:00:00Z', to: '2026-03-05T00:00:00Z' }];

function state() {
  return InMemoryState.from({
    timeZone: 'Asia/Shanghai',
    reps: [
      { id: 'ae-1', teams: ['ae'], cap: 2, openLoad: 2 },
      { id: 'ae-2', teams: ['ae'], cap: 3, openLoad: 3 },
      { id: 'ae-3', teams: ['ae'], outOfOffice: away },
      { id: 'ae-4', teams: ['ae'], active: false },
    ],
  });
}

const alone = (key: string, node: { id: string; type: string; data?: unknown }) =>
  compile(flow(key, [{ id: 'start', type: 'trigger', data: { events: ['lead.created'] } }, node], [{ source: 'start', target: node.id }]));

const created = (leadId: string) => ({ id: `ev-${leadId}`, type: 'lead.created' as const, at: T0, lead: { id: leadId, createdAt: T0 } });

describe('the summary of a decision nobody got the lead from', () => {
  it.each([
    ['assign.roundRobin', 'rr'],
    ['assign.capacity', 'cap'],
    ['assign.leastLoaded', 'll'],
  ])('%s counts the reps by why they were skipped, in en and zh', async (type, id) => {
    const policy = alone(`nobody-${id}`, { id, type, data: { teams: ['ae'] } });
    const d = await decideBoth(policy, created('L1'), state(), T0);
    expect(d.actions).toEqual([]);
    expect(d.explanation.summary).toEqual({
      en: `no rep available for lead L1 at node ${id}: 2 full, 1 inactive, 1 away`,
      zh: `线索 L1 在节点 ${id} 无可分配销售：2 人已满额、1 人已停用、1 人休假中`,
    });
  });

  it("says why in the node's words when the node selects nobody at all", () => {
    const d = decide(alone('nobody-team', { id: 'rr', type: 'assign.roundRobin', data: { teams: ['presales'] } }), created('L2'), state(), T0);
    expect(d.explanation.summary).toEqual({
      en: "no rep available for lead L2 at node rr: no rep of the roster matches this node's selection (teams: presales)",
      zh: '线索 L2 在节点 rr 无可分配销售：名单中没有符合本节点条件的销售（团队：presales）',
    });
  });

  it('a fallback owner the roster does not have is named', () => {
    const d = decide(alone('nobody-fb', { id: 'fb', type: 'assign.fallback', data: { repId: 'ghost' } }), created('L3'), state(), T0);
    expect(d.explanation.summary).toEqual({
      en: 'no rep available for lead L3 at node fb: fallback owner ghost is not in the state',
      zh: '线索 L3 在节点 fb 无可分配销售：状态中没有兜底负责人 ghost',
    });
  });

  it('a node that found nobody is not in the summary when a later one gave the lead away', () => {
    const policy = compile(
      flow(
        'nobody-then-fallback',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } },
          { id: 'fb', type: 'assign.fallback', data: { repId: 'ae-1' } },
        ],
        [
          { source: 'start', target: 'rr' },
          { source: 'rr', sourceHandle: 'noCandidate', target: 'fb' },
        ],
      ),
    );
    const d = decide(policy, created('L4'), state(), T0);
    expect(d.explanation.summary.en).toBe('assigned lead L4 to ae-1 (fallback, node fb)');
  });

  it('an unexplained decision makes no summary and decides the same', () => {
    const policy = alone('nobody-lean', { id: 'rr', type: 'assign.roundRobin', data: { teams: ['ae'] } });
    const lean = decide(policy, created('L5'), state(), T0, { explain: false });
    const full = decide(policy, created('L5'), state(), T0);
    expect(lean.explanation.summary).toEqual({ en: '', zh: '' });
    expect(lean.actions).toEqual(full.actions);
    expect(lean.changes).toEqual(full.changes);
  });
});
