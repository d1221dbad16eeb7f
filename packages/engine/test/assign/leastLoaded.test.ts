import { describe, expect, it } from 'vitest';
import { decide, InMemoryState, type CompiledPolicy, type Decision, type SluiceEvent } from '../../src/index.js';
import { compile, decideBoth, flow, visited } from './helpers.js';

const AT = '2026-03-02T02:00:00Z'; // Monday 10:00 in Shanghai, day 2026-03-02 there

const policy: CompiledPolicy = compile(
  flow(
    'll-test',
    [
      { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
      { id: 'pick', type: 'assign.leastLoaded', data: { teams: ['ae'] } },
    ],
    [{ source: 'start', target: 'pick' }],
  ),
);

const rep = (id: string, extra: Record<string, unknown> = {}) => ({ id, teams: ['ae'], ...extra });
const lead = (i: number): SluiceEvent => ({ id: `e${i}`, type: 'lead.created', at: AT, lead: { id: `L${i}` } });
const owner = (d: Decision) => d.actions.find((a) => a.type === 'assign')?.repId;

describe('assign.leastLoaded', () => {
  it('picks the fewest open leads; ties go to fewer leads today, then rep id', async () => {
    const state = InMemoryState.from({
      timeZone: 'Asia/Shanghai',
      reps: [rep('a', { openLoad: 3 }), rep('b', { openLoad: 1 }), rep('c', { openLoad: 1 })],
      assigned: { b: { '2026-03-02': 2 } },
    });
    const owners: string[] = [];
    for (let i = 0; i < 6; i++) {
      const d = await decideBoth(policy, lead(i), state, AT);
      state.apply(d.changes);
      owners.push(owner(d)!);
    }
    // By hand (load/today): a 3/0 b 1/2 c 1/0 → c; b 1/2 → b; b 2/3 c 2/1 → c; b 2/4 → b;
    // all at 3, today a 0 b 4 c 2 → a; a 4, b 3/4 c 3/2 → c.
    expect(owners).toEqual(['c', 'b', 'c', 'b', 'a', 'c']);
  });

  it('says which teams, roles and reps it asked for when nobody of the roster matches them', () => {
    const strict = compile(
      flow(
        'll-nobody',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'pick', type: 'assign.leastLoaded', data: { teams: ['ae', 'sdr'], roles: ['AE'], reps: ['zhao'] } },
        ],
        [{ source: 'start', target: 'pick' }],
      ),
    );
    // A selection is a union (any of the teams, roles or reps): rep a is in none of them.
    const d = decide(strict, lead(1), InMemoryState.from({ reps: [rep('a', { teams: ['west'], roles: ['SDR'] })] }), AT);
    expect(visited(d, 'pick').note).toEqual({
      en: "no rep of the roster matches this node's selection (teams: ae, sdr; roles: AE; reps: zhao)",
      zh: '名单中没有符合本节点条件的销售（团队：ae、sdr；职能：AE；销售：zhao）',
    });
    // Selecting everyone from an empty roster: said as such.
    const anyone = compile(
      flow(
        'll-anyone',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.created'] } },
          { id: 'pick', type: 'assign.leastLoaded', data: {} },
        ],
        [{ source: 'start', target: 'pick' }],
      ),
    );
    expect(visited(decide(anyone, lead(2), InMemoryState.from({ reps: [] }), AT), 'pick').note).toEqual({ en: 'the roster has no reps', zh: '名单中没有销售' });
    // Someone selected but not eligible: the count, as before.
    expect(visited(decide(policy, lead(3), InMemoryState.from({ reps: [rep('a', { active: false })] }), AT), 'pick').note).toEqual({
      en: 'no eligible rep among 1',
      zh: '1 名候选人中无人可分配',
    });
  });

  it('falls back to rep id when load and today are equal, and shows both in the table', () => {
    const state = InMemoryState.from({ reps: [rep('b', { openLoad: 2 }), rep('a', { openLoad: 2 })] });
    const d = decide(policy, lead(1), state, AT);
    expect(owner(d)).toBe('a');
    expect(visited(d, 'pick').candidates).toEqual([
      { repId: 'a', status: 'chosen', detail: { load: 2, cap: null, assignedToday: 0, weight: 1 } },
      { repId: 'b', status: 'eligible', detail: { load: 2, cap: null, assignedToday: 0, weight: 1 } },
    ]);
  });

  it('skips the least-loaded rep when they are inactive, full or cooling off, and says why', () => {
    const p = compile(
      flow(
        'll-test',
        [
          { id: 'start', type: 'trigger', data: { events: ['lead.returned_to_pool'] } },
          { id: 'pick', type: 'assign.leastLoaded', data: { teams: ['ae'], coolingDays: 7 } },
        ],
        [{ source: 'start', target: 'pick' }],
      ),
    );
    const state = InMemoryState.from({
      reps: [rep('a', { active: false }), rep('b', { cap: 1, openLoad: 1 }), rep('c', { openLoad: 0 }), rep('d', { openLoad: 5 })],
      leads: [{ id: 'L9', ownerId: null, poolId: 'public' }],
      ownership: [{ leadId: 'L9', repId: 'c', from: '2026-02-20T00:00:00Z', to: '2026-03-01T00:00:00Z', endReason: 'reclaimed' }],
    });
    const d = decide(p, { id: 'r1', type: 'lead.returned_to_pool', at: AT, leadId: 'L9' }, state, AT);
    expect(owner(d)).toBe('d');
    expect(visited(d, 'pick').candidates!.map((r) => [r.repId, r.status, r.reason ?? null])).toEqual([
      ['a', 'skipped', 'inactive'],
      ['b', 'skipped', 'full'],
      ['c', 'skipped', 'cooling'],
      ['d', 'chosen', null],
    ]);
  });

  it('takes noCandidate when nobody is available', () => {
    const state = InMemoryState.from({ reps: [rep('a', { cap: 0 })] });
    const d = decide(policy, lead(1), state, AT);
    expect(visited(d, 'pick').result).toBe('noCandidate');
    expect(d.actions).toEqual([]);
  });
});
