/** What the replay says about input it cannot use: what is wrong and where, in both languages. */
import type { PolicyDocument } from '@sluice/engine';
import { describe, expect, it } from 'vitest';
import type { History, LeadBehaviour } from '../types.js';
import { replay, ReplayInputError } from './index.js';

const none: LeadBehaviour = { onAssigned: () => ({ activities: [], outcome: 'open' }) };
const history = (leads: History['leads']): History => ({ leads, activities: [], stageChanges: [], reps: [{ id: 'a1', teams: ['ae'] }], teams: [] });
const lead = (id: string, createdAt: string, row?: number) => ({
  id,
  createdAt,
  attributes: {},
  outcome: 'open' as const,
  ownerRepId: 'a1',
  ...(row ? { row } : {}),
});

function thrown(f: () => unknown): ReplayInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof ReplayInputError) return e;
    throw e;
  }
  throw new Error('expected a ReplayInputError');
}

describe('replay input errors', () => {
  it('a policy that does not compile names the run, the policy and where in it', () => {
    const bad = {
      key: 'x',
      kind: 'routing',
      name: 'x',
      nodes: [
        { id: 't', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'r', type: 'assign.roundRobin', data: { teams: 'ae' } },
      ],
      edges: [{ id: 'e', source: 't', target: 'r' }],
    };
    const e = thrown(() => replay({ history: history([]), policies: [bad as unknown as PolicyDocument], behaviour: none, label: 'candidate B' }));
    expect(e.words.en).toMatch(/^run "candidate B": policy 1 does not compile .*; first at policies\[0\]\.nodes\[1\]\.data\.teams: /);
    expect(e.words.zh).toMatch(/^运行“candidate B”：第 1 个策略无法编译.*policies\[0\]\.nodes\[1\]\.data\.teams/);
  });

  it('a lead twice, or with a creation time that is no instant, is named with its row', () => {
    const twice = thrown(() =>
      replay({ history: history([lead('L1', '2026-03-02T00:00:00Z', 2), lead('L1', '2026-03-03T00:00:00Z', 3)]), policies: [], behaviour: none, label: 'x' }),
    );
    expect(twice.words).toEqual({
      en: 'lead L1 (row 3): the lead id appears twice in the history',
      zh: '线索 L1（第 3 行）：该线索编号在历史数据中出现了两次',
    });
    const bad = thrown(() => replay({ history: history([lead('L9', 'soon', 7)]), policies: [], behaviour: none, label: 'x' }));
    expect(bad.words).toEqual({ en: 'lead L9 (row 7): createdAt is not an instant: soon', zh: '线索 L9（第 7 行）：创建时间不是有效时间：soon' });
  });

  it('a lead created after the end of the replay arrives in no one’s hands', () => {
    const run = replay({
      history: history([lead('L1', '2026-03-10T00:00:00Z')]),
      policies: [],
      behaviour: none,
      label: 'x',
      until: '2026-03-01T00:00:00Z',
      keepHistoricalOwner: true,
    });
    expect([...run.leads]).toEqual([
      { leadId: 'L1', historicalRepId: 'a1', counterfactual: true, reclaimed: 0, rerouted: 0, reminders: 0, penalties: 0, outcome: 'open', pWon: 0 },
    ]);
    expect(run.totals).toEqual({ events: 0, ticks: 0, decisions: 0, capViolations: 0, refused: 0 });
  });
});
