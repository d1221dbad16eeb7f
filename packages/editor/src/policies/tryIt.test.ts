import { describe, expect, it } from 'vitest';
import { eventFromDecision, eventFromForm, parseEventText, tryPath, type DryDecision } from './tryIt.js';

const NOW = Date.parse('2026-03-02T01:00:00.000Z');

const doc = {
  key: 'gate',
  edges: [
    { id: 'e1', source: 'start', target: 'isNew' },
    { id: 'e2', source: 'isNew', sourceHandle: 'true', target: 'sdrRR' },
    { id: 'e3', source: 'isNew', sourceHandle: 'false', target: 'gate' },
    { id: 'e4', source: 'sdrRR', sourceHandle: 'noCandidate', target: 'sdrNone' },
    { id: 'e5', source: 'sdrRR', sourceHandle: 'assigned', target: 'tell' },
  ],
};

function decision(key: string, visited: Array<[string, string]>): DryDecision {
  return {
    decisionId: null,
    policy: { key, version: 0, kind: 'routing' },
    actions: [],
    explanation: { visited: visited.map(([nodeId, result]) => ({ nodeId, result })), rulesFired: [], summary: { en: '', zh: '' } },
  };
}

describe('try it: the path from a dry run', () => {
  it('lights the visited nodes and only the edges taken between them', () => {
    const path = tryPath(
      [
        decision('other', [['x', 'y']]),
        decision('gate', [
          ['start', 'next'],
          ['isNew', 'true'],
          ['sdrRR', 'noCandidate'],
          ['sdrNone', 'sent'],
        ]),
      ],
      doc,
    );
    expect(path).toEqual({ nodes: ['start', 'isNew', 'sdrRR', 'sdrNone'], edges: ['e1', 'e2', 'e4'] });
  });

  it('nothing to light when this policy did not decide or visited nothing', () => {
    expect(tryPath([decision('other', [['start', 'next']])], doc)).toBeNull();
    expect(tryPath([decision('gate', [])], doc)).toBeNull();
  });
});

describe('try it: events', () => {
  it('builds a lead.created event from the form: blanks left out, employees as a number', () => {
    expect(eventFromForm({ company: ' 杭州云帆科技 ', email: '', employees: '450', province: '浙江' }, NOW)).toEqual({
      id: `try-${NOW}`,
      type: 'lead.created',
      at: '2026-03-02T01:00:00.000Z',
      lead: { id: `TRY-${NOW.toString(36).toUpperCase()}`, createdAt: '2026-03-02T01:00:00.000Z', company: '杭州云帆科技', province: '浙江', employees: 450 },
    });
  });

  it("rebuilds a real decision's event by lead id, with what its type needs", () => {
    expect(eventFromDecision({ eventType: 'activity.logged', leadId: 'L-1', at: '2026-03-01T00:00:00.000Z' }, NOW)).toEqual({
      id: `try-${NOW}`,
      type: 'activity.logged',
      at: '2026-03-01T00:00:00.000Z',
      leadId: 'L-1',
      activity: { kind: 'call' },
    });
  });

  it('says what is wrong with pasted text, in both languages', () => {
    const bad = parseEventText('{"type": ');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.zh).toMatch(/^不是合法的 JSON/);
    expect(parseEventText('[1]')).toEqual({ ok: false, en: 'The event must be a JSON object', zh: '事件必须是 JSON 对象' });
    expect(parseEventText('{"lead": {}}')).toMatchObject({ ok: false, en: 'The event needs a "type" (e.g. "lead.created")' });
    const good = parseEventText('{"type": "lead.created", "id": "mine", "lead": {"id": "L-9"}}');
    expect(good).toMatchObject({ ok: true, event: { id: 'mine', type: 'lead.created', lead: { id: 'L-9' } } });
  });
});
