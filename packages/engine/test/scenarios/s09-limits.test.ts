import { describe, expect, it } from 'vitest';
import { appliedLimit, poolSchema } from '../../src/index.js';
import { checkClaim, claimChanges } from '../../src/runtime/claims.js';
import type { InMemoryState } from '../../src/state/memory.js';
import { compiledExample, event, stateFrom, step } from './harness.js';

// S9 with limits by level: the claim pool allows 10 claims a day, and its rows keep senior reps at
// 10 and hold junior reps to 3. Precedence rep > level > team > pool. Tenant zone Asia/Shanghai.
const policy = compiledExample('s09-claim-pool');
const AT = '2026-03-02T01:00:00Z'; // 09:00 in Shanghai

/** Puts `n` new leads in the claim pool through the policy; both paths must route them alike. */
async function pooled(state: InMemoryState, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 1; i <= n; i++) {
    const id = `L-9${String(i).padStart(2, '0')}`;
    const e = event({ id: `s09l-${i}`, type: 'lead.created', at: AT, lead: { id, createdAt: AT } });
    const ref = await step(policy, stateFrom('s09-claim-pool'), e, { reference: true });
    const d = await step(policy, state, e);
    expect(d.actions).toEqual(ref.actions);
    expect(d.actions).toMatchObject([{ type: 'toPool', leadId: id, poolId: 'claim-pool' }]);
    ids.push(id);
  }
  return ids;
}

/** Claims lead after lead for `repId` until refused; returns how many succeeded and the refusal. */
function claimUntilRefused(state: InMemoryState, repId: string, leads: string[]) {
  let ok = 0;
  for (const leadId of leads) {
    if (state.lead(leadId)?.ownerId) continue;
    const req = { leadId, repId, poolId: 'claim-pool' };
    const c = checkClaim(state, req, AT);
    if (!c.ok) return { ok, refusal: c };
    state.apply(claimChanges(state, req, AT));
    ok++;
  }
  return { ok, refusal: undefined };
}

describe('S9 claim limits by level', () => {
  it('a junior rep claims 3 a day and is told the junior limit applied', async () => {
    const state = stateFrom('s09-claim-pool');
    const leads = await pooled(state, 5);
    const { ok, refusal } = claimUntilRefused(state, 'jr-1', leads);
    expect(ok).toBe(3);
    expect(refusal).toEqual({
      ok: false,
      code: 'dailyClaimLimit',
      message: {
        en: 'jr-1 has claimed 3 leads today (2026-03-02); junior level may claim at most 3 a day from pool claim-pool',
        zh: 'jr-1 今天（2026-03-02）已领取 3 条线索；初级 级别每日最多领取 3 条（线索池 claim-pool）',
      },
      detail: { repId: 'jr-1', day: '2026-03-02', timeZone: 'Asia/Shanghai', claimedToday: 3, dailyClaimLimit: 3, limit: 3, source: 'level', level: 'junior' },
    });
  });

  it('a senior rep claims 10 a day under the senior row', async () => {
    const state = stateFrom('s09-claim-pool');
    const leads = await pooled(state, 12);
    const { ok, refusal } = claimUntilRefused(state, 'sr-1', leads);
    expect(ok).toBe(10);
    expect(refusal).toMatchObject({ code: 'dailyClaimLimit', detail: { claimedToday: 10, limit: 10, source: 'level', level: 'senior' } });
    expect(refusal!.message.zh).toContain('资深 级别每日最多领取 10 条');
  });

  it('precedence: a rep row beats the level row, a level row beats the team row, the pool is the default', () => {
    const withRows = (rows: unknown[], reps?: (r: any) => any) =>
      stateFrom('s09-claim-pool', (s) => ({
        ...s,
        reps: reps ? s.reps!.map(reps) : s.reps,
        pools: s.pools!.map((p) => ({ ...p, limits: rows as any })),
      }));
    const junior3 = { by: 'level', value: 'junior', dailyClaimLimit: 3 };
    const team7 = { by: 'team', value: 'sales', dailyClaimLimit: 7, ownedCap: 50 };
    const rep5 = { by: 'rep', value: 'jr-1', ownedCap: 20 };
    const limitOf = (state: InMemoryState, repId: string, which: 'dailyClaimLimit' | 'ownedCap') => {
      const a = appliedLimit(state.pool('claim-pool')!, state.rep(repId)!, which);
      return a && [a.limit, a.source, a.value ?? null];
    };
    // A rep row that sets only ownedCap leaves the daily limit to the level.
    let s = withRows([team7, junior3, rep5]);
    expect(limitOf(s, 'jr-1', 'dailyClaimLimit')).toEqual([3, 'level', 'junior']);
    expect(limitOf(s, 'jr-1', 'ownedCap')).toEqual([20, 'rep', 'jr-1']);
    expect(limitOf(s, 'sr-1', 'dailyClaimLimit')).toEqual([7, 'team', 'sales']);
    expect(limitOf(s, 'sr-1', 'ownedCap')).toEqual([50, 'team', 'sales']);
    s = withRows([junior3, { by: 'rep', value: 'jr-1', dailyClaimLimit: 5 }]);
    expect(limitOf(s, 'jr-1', 'dailyClaimLimit')).toEqual([5, 'rep', 'jr-1']);
    // No row for the rep: the pool's value; no pool value either: no limit.
    s = withRows([junior3]);
    expect(limitOf(s, 'sr-1', 'dailyClaimLimit')).toEqual([10, 'pool', null]);
    expect(limitOf(s, 'sr-1', 'ownedCap')).toBeUndefined();
    // A rep without a level falls through to the team.
    s = withRows([junior3, team7], (r) => (r.id === 'jr-1' ? { ...r, level: undefined } : r));
    expect(limitOf(s, 'jr-1', 'dailyClaimLimit')).toEqual([7, 'team', 'sales']);
  });

  it('an owned cap from a rep row is refused with its source', () => {
    const state = stateFrom('s09-claim-pool', (s) => ({
      ...s,
      pools: s.pools!.map((p) => ({ ...p, limits: [{ by: 'rep' as const, value: 'jr-1', ownedCap: 0 }] })),
      leads: [{ id: 'L-990', createdAt: AT, poolId: 'claim-pool' }],
    }));
    expect(checkClaim(state, { leadId: 'L-990', repId: 'jr-1', poolId: 'claim-pool' }, AT)).toEqual({
      ok: false,
      code: 'ownedCap',
      message: {
        en: 'jr-1 owns 0 customers (signed ones included); rep jr-1 may own at most 0 to claim from pool claim-pool',
        zh: 'jr-1 已拥有 0 个客户（含已签约客户）；销售 jr-1 本人最多拥有 0 个（线索池 claim-pool）',
      },
      detail: { repId: 'jr-1', owned: 0, ownedCap: 0, countSigned: true, limit: 0, source: 'rep' },
    });
    expect(checkClaim(state, { leadId: 'L-990', repId: 'sr-1', poolId: 'claim-pool' }, AT)).toEqual({ ok: true });
  });

  it('the schema bounds the rows and names the bad one', () => {
    const bad = (limits: unknown[]) => {
      const r = poolSchema.safeParse({ id: 'p', limits });
      return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.code]);
    };
    expect(bad([{ by: 'level', value: 'junior', dailyClaimLimit: 3 }])).toEqual([]);
    expect(bad([{ by: 'level', value: 'junior' }])).toEqual([['limits.0', 'custom']]);
    expect(
      bad([
        { by: 'team', value: 'a', ownedCap: 1 },
        { by: 'team', value: 'a', ownedCap: 2 },
      ]),
    ).toEqual([['limits.1.value', 'custom']]);
    expect(bad([{ by: 'level', value: 'x', dailyClaimLimit: 2.5 }])[0]).toEqual(['limits.0.dailyClaimLimit', 'invalid_type']);
    expect(bad([{ by: 'level', value: 'x', dailyClaimLimit: 10_001 }])).toEqual([['limits.0.dailyClaimLimit', 'too_big']]);
    expect(bad([{ by: 'grade', value: 'x', dailyClaimLimit: 1 }])).toEqual([['limits.0.by', 'invalid_value']]);
    expect(bad(Array.from({ length: 501 }, (_, i) => ({ by: 'rep', value: `r${i}`, ownedCap: 1 })))).toEqual([['limits', 'too_big']]);
  });
});
