/**
 * Reclaim clocks in working days (cn-2026, around 国庆 and 中秋) on random leads and times:
 *  - a lead is reclaimed exactly when the working time since its clock started (counted here day by
 *    day, independently of the engine) reaches the threshold;
 *  - the tick's shortcut never rules out a lead that decide() acts on, and does rule leads out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exampleCalendar } from '@sluice/examples';
import { decide, InMemoryState, type CompiledPolicy, type Lead } from '../../src/index.js';
import { compileReclaim } from './helpers.js';
import type { ReclaimConfig } from '../../src/nodes/reclaim/config.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SHANGHAI = 8 * HOUR;
const calendarDoc = exampleCalendar('cn-2026') as { holidays: Array<{ from: string; to?: string }>; makeUpDays: Array<{ date: string }> };

/** Working day or not, straight from the JSON (Shanghai local dates), without the engine. */
const OFF = new Set<string>();
const WORKED = new Set<string>(calendarDoc.makeUpDays.map((m) => m.date));
for (const h of calendarDoc.holidays)
  for (let d = Date.parse(h.from); d <= Date.parse(h.to ?? h.from); d += DAY) OFF.add(new Date(d).toISOString().slice(0, 10));
const isWorking = (localDayStartUtc: number) => {
  const day = new Date(localDayStartUtc).toISOString().slice(0, 10);
  const wd = new Date(localDayStartUtc).getUTCDay();
  return WORKED.has(day) || (!OFF.has(day) && wd !== 0 && wd !== 6);
};
/** Milliseconds of working days between a and b (Shanghai has no DST: a day is 24 h). */
function workingMs(a: number, b: number): number {
  let total = 0;
  for (let d = Math.floor((a + SHANGHAI) / DAY) * DAY; d < b + SHANGHAI; d += DAY) {
    if (!isWorking(d)) continue;
    total += Math.max(0, Math.min(b + SHANGHAI, d + DAY) - Math.max(a + SHANGHAI, d));
  }
  return total;
}

const T0 = Date.parse('2026-09-10T00:00:00+08:00');
const thresholdArb = fc.integer({ min: 1, max: 12 });
const reminderArb = fc.oneof(
  fc.constant(undefined),
  fc.record({ value: fc.integer({ min: 1, max: 3 }), unit: fc.constant('workingDays' as const) }),
  fc.record({ value: fc.integer({ min: 1, max: 20 }), unit: fc.constant('hours' as const) }),
);
/** Times near local midnights (± 1 ms) and anywhere, from early September to late October. */
const timeArb = fc.oneof(
  fc.integer({ min: T0, max: T0 + 45 * DAY }),
  fc.tuple(fc.integer({ min: 0, max: 45 }), fc.constantFrom(0, 1, -1, 9 * HOUR, 15 * HOUR)).map(([d, e]) => T0 + d * DAY + e),
);

const compile = (config: Record<string, unknown>): CompiledPolicy => compileReclaim('wd-prop', config);

const stateWith = (lead: Lead) =>
  InMemoryState.from({ timeZone: 'Asia/Shanghai', reps: [{ id: 'ae-1' }], pools: [{ id: 'public' }], leads: [lead], calendars: [calendarDoc as never] });
const SEED = { seed: 20261008, numRuns: 300 };

describe('reclaim in working days (properties, cn-2026)', () => {
  it('reclaims exactly when the working time since the clock started reaches the threshold', () => {
    fc.assert(
      fc.property(thresholdArb, timeArb, timeArb, (n, owned, now) => {
        const policy = compile({ days: { noFollowUp: { value: n, unit: 'workingDays' } }, calendar: 'cn-2026', poolId: 'public' });
        const lead: Lead = { id: 'L-1', ownerId: 'ae-1', ownedSince: new Date(owned).toISOString() } as Lead;
        const d = decide(policy, { id: 't', type: 'tick', at: new Date(now).toISOString(), leadId: 'L-1' }, stateWith(lead), now);
        const due = now >= owned && workingMs(owned, now) >= n * DAY;
        expect(d.actions.some((a) => a.type === 'toPool')).toBe(due);
      }),
      SEED,
    );
  });

  it('the tick shortcut never rules out a lead that decide() acts on, and rules some out', () => {
    let ruledOut = 0;
    fc.assert(
      fc.property(thresholdArb, reminderArb, fc.array(fc.tuple(timeArb, timeArb), { minLength: 1, maxLength: 8 }), (n, remind, cases) => {
        if (remind?.unit === 'workingDays' && remind.value >= n) return;
        const policy = compile({
          days: { noFollowUp: { value: n, unit: 'workingDays' } },
          ...(remind ? { remindBefore: remind } : {}),
          calendar: 'cn-2026',
          poolId: 'public',
        });
        const node = policy.plan.nodes.get('reclaim')!;
        const filter = node.spec.tickFilter!(node.config as ReclaimConfig);
        for (const [owned, now] of cases) {
          const lead = { id: 'L-1', ownerId: 'ae-1', ownedSince: new Date(owned).toISOString() } as Lead;
          const state = stateWith(lead);
          const d = decide(policy, { id: 't', type: 'tick', at: new Date(now).toISOString(), leadId: 'L-1' }, state, now);
          if (!filter(lead, now, state)) {
            ruledOut++;
            expect(d.actions).toEqual([]);
            expect(d.changes).toEqual([]);
          }
        }
      }),
      SEED,
    );
    expect(ruledOut).toBeGreaterThan(100);
  });
});
