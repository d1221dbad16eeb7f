import { describe, expect, it } from 'vitest';
import type { StateSnapshotInput } from '../../src/index.js';
import { assignedTo, candidateVerdicts, compiledExample, event, stateFrom, step, visit, visitedIds } from './harness.js';

// S6: round robin across the AE team; reps who are full, away or inactive are skipped; nobody left → escalate.
const policy = compiledExample('s06-round-robin');
const MONDAY_10_SHANGHAI = '2026-03-02T02:00:00Z';

type RepPatch = Partial<NonNullable<StateSnapshotInput['reps']>[number]>;
const team = (patches: Record<string, RepPatch>, extra: Partial<StateSnapshotInput> = {}) =>
  stateFrom('ae-team', (s) => ({ ...s, ...extra, reps: s.reps!.map((r) => ({ ...r, ...patches[r.id] })) }));

let n = 0;
const newLead = (at = MONDAY_10_SHANGHAI) => {
  n++;
  return event({ id: `e${n}`, type: 'lead.created', at, lead: { id: `L-6${String(n).padStart(2, '0')}`, createdAt: at } });
};

describe('S6 round robin: who is skipped and why', () => {
  it('skips a full rep (open load = cap) and rotates among the rest', async () => {
    const state = team({ 'ae-1': { openLoad: 20 } });
    const first = await step(policy, state, newLead());
    expect(candidateVerdicts(visit(first, 'rr'))).toEqual(['ae-1:skipped:full', 'ae-2:chosen', 'ae-3:eligible']);
    expect(visit(first, 'rr').candidates![0]!.detail).toEqual({ load: 20, cap: 20, assignedToday: 0, weight: 1 });
    const owners = [assignedTo(first)[0]];
    for (let i = 0; i < 3; i++) owners.push(assignedTo(await step(policy, state, newLead()))[0]);
    expect(owners).toEqual(['ae-2', 'ae-3', 'ae-2', 'ae-3']);
  });

  it('counts a rep one below the cap as available, then full once the lead lands', async () => {
    const state = team({ 'ae-1': { openLoad: 19 }, 'ae-2': { active: false }, 'ae-3': { active: false } });
    const first = await step(policy, state, newLead());
    expect(candidateVerdicts(visit(first, 'rr'))).toEqual(['ae-1:chosen', 'ae-2:skipped:inactive', 'ae-3:skipped:inactive']);
    expect(state.openLoad('ae-1')).toBe(20);
    const second = await step(policy, state, newLead());
    expect(candidateVerdicts(visit(second, 'rr'))).toEqual(['ae-1:skipped:full', 'ae-2:skipped:inactive', 'ae-3:skipped:inactive']);
    expect(visit(second, 'rr').result).toBe('noCandidate');
  });

  it('skips a rep while out of office: from is inclusive, to is exclusive', async () => {
    const away = { outOfOffice: [{ from: MONDAY_10_SHANGHAI, to: '2026-03-04T02:00:00Z' }] };
    const starts = await step(policy, team({ 'ae-1': away }), newLead(MONDAY_10_SHANGHAI));
    expect(candidateVerdicts(visit(starts, 'rr'))).toEqual(['ae-1:skipped:away', 'ae-2:chosen', 'ae-3:eligible']);
    expect(visit(starts, 'rr').candidates![0]!.detail).toMatchObject({ until: '2026-03-04T02:00:00Z' });

    const back = await step(policy, team({ 'ae-1': away }), newLead('2026-03-04T02:00:00Z'));
    expect(candidateVerdicts(visit(back, 'rr'))).toEqual(['ae-1:chosen', 'ae-2:eligible', 'ae-3:eligible']);
  });

  it('skips a rep off shift on a Sunday in the tenant zone', async () => {
    const weekdays = { shifts: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }] };
    const sunday = await step(policy, team({ 'ae-1': weekdays }), newLead('2026-03-08T02:00:00Z'));
    expect(candidateVerdicts(visit(sunday, 'rr'))).toEqual(['ae-1:skipped:offShift', 'ae-2:chosen', 'ae-3:eligible']);
    const monday = await step(policy, team({ 'ae-1': weekdays }), newLead(MONDAY_10_SHANGHAI));
    expect(assignedTo(monday)).toEqual(['ae-1']);
  });

  it('says which team it asked for when no rep of the roster is in it (not "no eligible rep among 0")', async () => {
    // The roster's reps moved to another team name: the policy's "ae" now selects nobody at all.
    const state = stateFrom('ae-team', (s) => ({ ...s, reps: s.reps!.map((r) => ({ ...r, teams: ['east-ae'] })) }));
    const d = await step(policy, state, newLead());
    const rr = visit(d, 'rr');
    expect(rr.result).toBe('noCandidate');
    expect(rr.candidates).toEqual([]);
    expect(rr.note).toEqual({
      en: "no rep of the roster matches this node's selection (teams: ae)",
      zh: '名单中没有符合本节点条件的销售（团队：ae）',
    });
    expect(visitedIds(d)).toEqual(['start', 'rr', 'mgr']);
  });

  it('escalates to the manager when full, away and inactive leave nobody', async () => {
    const state = team({
      'ae-1': { openLoad: 25 },
      'ae-2': { outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-10T00:00:00Z' }] },
      'ae-3': { active: false },
    });
    const d = await step(
      policy,
      state,
      event({ id: 'x', type: 'lead.created', at: MONDAY_10_SHANGHAI, lead: { id: 'L-STUCK', createdAt: MONDAY_10_SHANGHAI } }),
    );
    expect(visitedIds(d)).toEqual(['start', 'rr', 'mgr']);
    const rr = visit(d, 'rr');
    expect(rr.result).toBe('noCandidate');
    expect(rr.candidates).toEqual([
      { repId: 'ae-1', status: 'skipped', reason: 'full', detail: { load: 25, cap: 20, assignedToday: 0, weight: 1 } },
      { repId: 'ae-2', status: 'skipped', reason: 'away', detail: { load: 0, cap: 20, assignedToday: 0, weight: 1, until: '2026-03-10T00:00:00Z' } },
      { repId: 'ae-3', status: 'skipped', reason: 'inactive', detail: { load: 0, cap: 20, assignedToday: 0, weight: 1 } },
    ]);
    expect(rr.note).toEqual({ en: 'no eligible rep among 3', zh: '3 名候选人中无人可分配' });
    expect(d.actions).toEqual([
      {
        type: 'notify',
        leadId: 'L-STUCK',
        nodeId: 'mgr',
        mode: 'escalate',
        to: [{ kind: 'manager', id: 'ae' }],
        message: { en: 'Nobody could take lead L-STUCK', zh: '线索 L-STUCK 无人可接' },
      },
    ]);
    // Nobody was served: the pointer does not move.
    expect(d.changes).toEqual([]);
  });

  it('keeps the SDR out of the AE rotation', async () => {
    const d = await step(policy, team({}), newLead());
    expect(visit(d, 'rr').candidates!.map((c) => c.repId)).toEqual(['ae-1', 'ae-2', 'ae-3']);
  });

  it('skips the rep who lost a returned lead for the 7 cooling days', async () => {
    const history = (lostAt: string): Partial<StateSnapshotInput> => ({
      leads: [{ id: 'L-BACK', poolId: 'public' }],
      ownership: [{ leadId: 'L-BACK', repId: 'ae-1', from: '2026-02-01T00:00:00Z', to: lostAt, endReason: 'reclaimed' }],
    });
    const back = event({ id: 'r', type: 'lead.returned_to_pool', at: MONDAY_10_SHANGHAI, leadId: 'L-BACK' });

    const cooling = await step(policy, team({}, history('2026-02-27T02:00:00Z')), back);
    expect(candidateVerdicts(visit(cooling, 'rr'))).toEqual(['ae-1:skipped:cooling', 'ae-2:chosen', 'ae-3:eligible']);
    expect(visit(cooling, 'rr').candidates![0]!.detail).toMatchObject({ lostAt: '2026-02-27T02:00:00Z', coolingUntil: '2026-03-06T02:00:00.000Z' });

    // Exactly 7 days later the cooling period is over.
    const over = await step(policy, team({}, history('2026-02-23T02:00:00Z')), back);
    expect(candidateVerdicts(visit(over, 'rr'))).toEqual(['ae-1:chosen', 'ae-2:eligible', 'ae-3:eligible']);
  });

  it('ignores events it does not listen to', async () => {
    const d = await step(policy, team({}), event({ id: 'u', type: 'lead.updated', at: MONDAY_10_SHANGHAI, lead: { id: 'L-X' } }));
    expect(d.triggered).toBe(false);
    expect(d.actions).toEqual([]);
    expect(d.explanation.summary.en).toBe('policy s06-round-robin does not listen to lead.updated');
  });
});
