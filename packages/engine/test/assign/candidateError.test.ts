import { describe, expect, it } from 'vitest';
import { InMemoryState, stateSnapshotSchema, type Decision, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const AT = '2026-03-02T02:00:00Z'; // Monday 10:00 in Shanghai
const ERROR = 'Invalid time zone specified: Asia/Shangai';
const WEEKDAYS = { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };

/**
 * Two reps on shift; "a-typo" has a zone the runtime does not know. The schema refuses such a
 * zone now, so the state is built as an old database row would arrive: past the schema.
 */
function stateWithTypo(extra: Record<string, unknown> = {}): InMemoryState {
  const snapshot = stateSnapshotSchema.parse({
    timeZone: 'Asia/Shanghai',
    reps: [
      { id: 'a-typo', teams: ['ae'], timeZone: 'Asia/Shanghai', shifts: [WEEKDAYS], cap: 10, throughput: [3, 3, 3], ...extra },
      { id: 'b-ok', teams: ['ae'], timeZone: 'Asia/Shanghai', shifts: [WEEKDAYS], cap: 10, openLoad: 5, throughput: [3, 3, 3] },
    ],
    // The rotation's turn is a-typo's.
    pointers: { 'typo/pick': { last: 'b-ok' } },
  });
  snapshot.reps[0]!.timeZone = 'Asia/Shangai';
  return new InMemoryState(snapshot);
}

const policyOf = (kind: string, data: Record<string, unknown> = {}) =>
  compile(
    flow(
      'typo',
      [
        { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
        { id: 'pick', type: kind, data: kind === 'assign.fallback' ? data : { teams: ['ae'], ...data } },
      ],
      [{ source: 'start', target: 'pick' }],
    ),
  );

const lead: SluiceEvent = { id: 'e1', type: 'lead.created', at: AT, lead: { id: 'L1' } };
const owner = (d: Decision) => d.actions.find((a) => a.type === 'assign')?.repId;

describe('a rep that cannot be evaluated is skipped, and the decision goes on', () => {
  it.each([
    ['assign.roundRobin', {}],
    ['assign.weightedRoundRobin', {}],
    ['assign.capacity', {}],
    ['assign.dynamicCap', { minDays: 2 }],
    ['assign.leastLoaded', {}],
    ['assign.profileMatch', {}],
  ])('%s gives the lead to the other rep; the table and the warnings say why (fast and reference paths agree)', async (kind, data) => {
    const d = await decideBoth(policyOf(kind, data), lead, stateWithTypo(), AT);
    expect(owner(d)).toBe('b-ok');
    const rows = visited(d, 'pick').candidates!;
    expect(rows.find((r) => r.repId === 'a-typo')).toMatchObject({ status: 'skipped', reason: 'error', detail: { error: ERROR } });
    // No figures for a rep that could not be looked at, only the error (a rotation's mark aside).
    expect(Object.keys(rows.find((r) => r.repId === 'a-typo')!.detail).filter((k) => k !== 'mark')).toEqual(['error']);
    expect(rows.find((r) => r.repId === 'b-ok')).toMatchObject({ status: 'chosen' });
    expect(d.explanation.warnings).toEqual([
      {
        code: 'candidateError',
        nodeId: 'pick',
        repId: 'a-typo',
        error: ERROR,
        message: { en: `rep a-typo could not be evaluated and was skipped: ${ERROR}`, zh: `无法评估销售 a-typo，已跳过：${ERROR}` },
      },
    ]);
  });

  it('a node that ignores shifts never looks at the zone: no warning, the rep stays a candidate', async () => {
    const d = await decideBoth(policyOf('assign.roundRobin', { respectShifts: false }), lead, stateWithTypo(), AT);
    expect(owner(d)).toBe('a-typo');
    expect(d.explanation.warnings).toBeUndefined();
  });

  it('with nobody else to take it, the lead takes the no-candidate exit rather than failing', async () => {
    const d = await decideBoth(policyOf('assign.roundRobin', { reps: ['a-typo'], teams: [] }), lead, stateWithTypo(), AT);
    expect(d.actions).toEqual([]);
    expect(visited(d, 'pick')).toMatchObject({ result: 'noCandidate', note: { en: 'no eligible rep among 1', zh: '1 名候选人中无人可分配' } });
  });

  it('a fallback owner (shifts waived) still gets the lead; the shift check that failed is a warning', async () => {
    const d = await decideBoth(policyOf('assign.fallback', { repId: 'a-typo' }), lead, stateWithTypo(), AT);
    expect(owner(d)).toBe('a-typo');
    expect(d.explanation.warnings).toEqual([
      expect.objectContaining({
        code: 'candidateError',
        nodeId: 'pick',
        repId: 'a-typo',
        error: ERROR,
        message: expect.objectContaining({ en: `shifts of rep a-typo could not be checked (waived here): ${ERROR}` }),
      }),
    ]);
  });
});
