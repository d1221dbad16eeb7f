import type { PolicyDocument } from '@sluice/engine';
import { examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import type { HistoryActivity, HistoryLead } from '../../types.js';
import { EvaluateInputError } from './errors.js';
import { pointsScores } from './points.js';

const s03 = examplePolicy('s03-scoring-thresholds') as PolicyDocument;
const lead = (id: string, attributes: HistoryLead['attributes'], extra: Partial<HistoryLead> = {}): HistoryLead => ({
  id,
  createdAt: '2026-03-02T01:00:00Z',
  attributes,
  outcome: 'lost',
  ...extra,
});
const DAY = 86_400_000;

describe('pointsScores: the current points table, run by the engine', () => {
  it('scores each lead as the S3 table says (attribute + behaviour points, the visit cap)', () => {
    const leads = [
      // software 10 + 250 employees 10 + budget 15 + 3 visits ×5 = 50
      lead('L1', { industry: 'software', employees: 250, budget: '10万', visits: 3 }),
      // retail 0 + 8 visits capped at 30 + 1 download 10 = 40
      lead('L2', { industry: 'retail', visits: 8, downloads: 1 }),
      // nothing the table counts
      lead('L3', { city: '苏州' }),
      // finance 10 + 2 replies ×15 = 40; 199 employees earn nothing
      lead('L4', { industry: 'finance', employees: 199, replies: 2 }),
    ];
    expect(pointsScores(s03, leads, [], () => Date.parse('2026-04-01T00:00:00Z'))).toEqual([50, 40, 0, 40]);
  });

  it('activities re-run the table without counting anything twice (S3 reads the CRM counters)', () => {
    const leads = [lead('L1', { industry: 'software', visits: 3 }, { ownerRepId: 'ace' })];
    const activities: HistoryActivity[] = [
      { leadId: 'L1', at: '2026-03-03T01:00:00Z', type: 'visit' },
      { leadId: 'L1', at: '2026-03-04T01:00:00Z', type: 'call', repId: 'ace' },
      // no rep named: the historical owner logged it
      { leadId: 'L1', at: '2026-03-05T01:00:00Z', type: 'email' },
    ];
    // 10 + 15
    expect(pointsScores(s03, leads, activities, () => Date.parse('2026-04-01T00:00:00Z'))).toEqual([25]);
  });

  // A table whose points depend on when it runs: +5 once the lead is two days old, +20 for a budget.
  const aged: PolicyDocument = {
    key: 'aged',
    kind: 'scoring',
    name: 'aged',
    trigger: { events: ['lead.created', 'activity.logged'] },
    nodes: [
      { id: 'start', type: 'trigger', position: { x: 0, y: 0 }, data: { events: ['lead.created', 'activity.logged'] } },
      {
        id: 'points',
        type: 'score',
        position: { x: 0, y: 100 },
        data: {
          criteria: [
            { kind: 'behaviour', when: { fact: 'derived.daysSinceCreated', operator: 'greaterThanInclusive', value: 2 }, points: 5 },
            { kind: 'attribute', when: { fact: 'lead.budget', operator: 'exists', value: true }, points: 20 },
          ],
        },
      },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'points' }],
  } as unknown as PolicyDocument;

  it('runs the table on each activity up to the scoring instant, at the activity’s own time, and no later one', () => {
    const created = Date.parse('2026-03-02T01:00:00Z');
    const leads = [lead('A', { budget: 'yes' }), lead('B', {}), lead('C', {})];
    const activities: HistoryActivity[] = [
      // A and B are touched on day 3 (the table then adds 5); C only on day 10.
      { leadId: 'A', at: '2026-03-05T01:00:00Z', type: 'visit' },
      { leadId: 'B', at: '2026-03-05T01:00:00Z', type: 'visit' },
      { leadId: 'C', at: '2026-03-12T01:00:00Z', type: 'visit' },
      { leadId: 'nobody', at: '2026-03-05T01:00:00Z', type: 'visit' },
    ];
    // Scored as of day 5: A 20 + 5, B 5, C still as created (the day-10 visit is not known yet).
    expect(pointsScores(aged, leads, activities, () => created + 5 * DAY)).toEqual([25, 5, 0]);
    // As of creation: nothing after it counts.
    expect(pointsScores(aged, leads, activities, (l) => Date.parse(l.createdAt))).toEqual([20, 0, 0]);
    // At its own instant for each lead: C as of day 11 has its visit.
    expect(pointsScores(aged, leads, activities, (l) => (l.id === 'C' ? created + 11 * DAY : created))).toEqual([20, 0, 5]);
  });

  it('one lead never changes another’s score: same scores alone or together, in any order', () => {
    const leads = [lead('L1', { industry: 'software', visits: 3 }), lead('L2', { budget: 'x', downloads: 2 })];
    const all = pointsScores(s03, leads, [], () => 0);
    expect(all).toEqual([25, 35]);
    expect(pointsScores(s03, [leads[1]!, leads[0]!], [], () => 0)).toEqual([35, 25]);
    expect(pointsScores(s03, [leads[1]!], [], () => 0)).toEqual([35]);
  });

  it('says clearly what is wrong with the table or a lead', () => {
    const words = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(EvaluateInputError);
        return (e as EvaluateInputError).words;
      }
      throw new Error('expected an error');
    };
    const routing = examplePolicy('s06-round-robin') as PolicyDocument;
    expect(words(() => pointsScores(routing, [], [], () => 0)).en).toBe('the points table has no score node: it gives no points to compare with');
    const broken = { ...s03, edges: [...s03.edges, { id: 'bad', source: 'points', target: 'nowhere' }] } as PolicyDocument;
    expect(words(() => pointsScores(broken, [], [], () => 0)).en).toBe(
      'the points table does not compile (1 problem(s)); first at $.edges[4].target: edge bad points to a node that does not exist: "nowhere"',
    );
    const bad = lead('L9', {}, { createdAt: 'yesterday', row: 12 });
    expect(words(() => pointsScores(s03, [bad], [], () => 0)).zh).toBe('row 12 (L9)：创建时间无效：yesterday');
    expect(words(() => pointsScores(s03, [lead('L8', {})], [], () => Number.NaN)).en).toBe('leads[0] (L8): the scoring instant is not a time: NaN');
  });
});
