import { describe, expect, it } from 'vitest';
import type { Decision } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, event, stateFrom, step, visit } from './harness.js';

// S7: shares in proportion to weights. 周婷 (ae-senior) weight 2; Mei Lin (ae-3) demoted ×0.5 until
// 2026-03-09 Shanghai; 孙浩 (ae-4) away until 2026-03-05 Shanghai.
const policy = compiledExample('s07-weighted-round-robin');
const created = (n: number, at: string) =>
  event({ id: `s07-${n}`, type: 'lead.created', at, lead: { id: `L-07${String(n).padStart(2, '0')}`, createdAt: at } });
const row = (d: Decision, repId: string) => visit(d, 'wrr').candidates!.find((r) => r.repId === repId)!;

describe('S7 weighted round robin', () => {
  it('shares leads 4:2:1 while the senior counts 2 and the demoted rep ½; the away rep banks nothing', async () => {
    const state = stateFrom('s07-weighted-team');
    const monday: Decision[] = [];
    for (let n = 1; n <= 14; n++) monday.push(await step(policy, state, created(n, '2026-03-02T02:00:00Z')));
    // By hand: marks grow by ½ (senior), 1 (ae-2), 2 (ae-3, demoted); lowest mark wins, ties by id.
    const cycle = ['ae-2', 'ae-3', 'ae-senior', 'ae-senior', 'ae-2', 'ae-senior', 'ae-senior'];
    expect(monday.flatMap(assignedTo)).toEqual([...cycle, ...cycle]);

    const first = visit(monday[0]!, 'wrr');
    expect(first.result).toBe('assigned');
    expect(candidateVerdicts(first)).toEqual(['ae-2:chosen', 'ae-3:eligible', 'ae-4:skipped:away', 'ae-senior:eligible']);
    expect(row(monday[0]!, 'ae-3').detail).toMatchObject({ weight: 0.5, mark: 0 });
    expect(row(monday[0]!, 'ae-senior').detail).toMatchObject({ weight: 2, mark: 0 });
    expect(row(monday[0]!, 'ae-2').detail).toMatchObject({ mark: 0, markAfter: 1 });
    // The away rep is lifted to the level being served, so they do not bank the turn.
    expect(row(monday[3]!, 'ae-4')).toEqual({
      repId: 'ae-4',
      status: 'skipped',
      reason: 'away',
      detail: expect.objectContaining({ until: '2026-03-04T16:00:00Z', mark: 0, markLiftedTo: 0.5 }),
    });
    expect(monday[0]!.explanation.summary.en).toBe('assigned lead L-0701 to ae-2 (weightedRoundRobin, node wrr)');
    expect(monday[0]!.explanation.summary.zh).toBe('线索 L-0701 分配给 ae-2（weightedRoundRobin，节点 wrr）');

    // Back on Thursday, 孙浩 is half a turn behind the others: one lead, then the normal rotation.
    const thursday: Decision[] = [];
    for (let n = 15; n <= 19; n++) thursday.push(await step(policy, state, created(n, '2026-03-05T02:00:00Z')));
    expect(thursday.flatMap(assignedTo)).toEqual(['ae-4', 'ae-2', 'ae-3', 'ae-senior', 'ae-4']);
    expect(visit(thursday[0]!, 'wrr').candidates!.map((r) => [r.repId, r.detail.mark])).toEqual([
      ['ae-2', 0.5],
      ['ae-3', 0.5],
      ['ae-4', 0],
      ['ae-senior', 0.5],
    ]);
  });

  it('gives the demoted rep an equal share again once the penalty has expired', async () => {
    const state = stateFrom('s07-weighted-team');
    const owners: string[] = [];
    for (let n = 1; n <= 50; n++) owners.push(...assignedTo(await step(policy, state, created(n, '2026-03-10T02:00:00Z'), { reference: n <= 5 })));
    // Weights 1:1:1:2 → a 5-lead cycle; 50 leads = 10 cycles.
    const count = (id: string) => owners.filter((o) => o === id).length;
    expect([count('ae-2'), count('ae-3'), count('ae-4'), count('ae-senior')]).toEqual([10, 10, 10, 20]);
  });

  it('does not route a returned lead back to the rep who just lost it (7-day cooling)', async () => {
    const state = stateFrom('s07-weighted-team', (s) => ({
      ...s,
      leads: [{ id: 'L-0790', ownerId: null, poolId: 'public' }],
      ownership: [{ leadId: 'L-0790', repId: 'ae-senior', from: '2026-02-20T02:00:00Z', to: '2026-03-04T10:00:00Z', endReason: 'reclaimed' }],
    }));
    const d = await step(policy, state, event({ id: 's07-r1', type: 'lead.returned_to_pool', at: '2026-03-05T02:00:00Z', leadId: 'L-0790' }));
    expect(assignedTo(d)).toEqual(['ae-2']);
    expect(candidateVerdicts(visit(d, 'wrr'))).toEqual(['ae-2:chosen', 'ae-3:eligible', 'ae-4:eligible', 'ae-senior:skipped:cooling']);
    expect(row(d, 'ae-senior').detail).toMatchObject({ lostAt: '2026-03-04T10:00:00Z', coolingUntil: '2026-03-11T10:00:00.000Z' });
  });

  it('escalates to the manager when the whole team is unavailable', async () => {
    const state = stateFrom('s07-weighted-team', (s) => ({ ...s, reps: s.reps!.map((r) => (r.teams?.includes('ae') ? { ...r, active: false } : r)) }));
    const d = await step(policy, state, created(1, '2026-03-02T02:00:00Z'));
    expect(visit(d, 'wrr').result).toBe('noCandidate');
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-0701',
        nodeId: 'mgr',
        mode: 'escalate',
        to: [{ kind: 'manager', id: 'ae' }],
        message: { en: 'Nobody in the AE team could take lead L-0701', zh: '客户经理组无人可接线索 L-0701' },
      },
    ]);
  });
});
