/**
 * Reclaim's next due on random leads and configurations — thresholds in minutes, hours, days and
 * working days (the 2026 Chinese holiday calendar), level / amount bands, reminders, exemptions,
 * a reminder already sent — against the rule itself: deciding the lead's tick at a random instant
 * acts only at or after its next due, and at the next due it does act.
 */
import fc from 'fast-check';
import { exampleCalendar } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { compilePolicy, decide, InMemoryState, nextDueAt, type Lead } from '../src/index.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');
const calendar = exampleCalendar('cn-2026') as never;

const duration = fc.oneof(
  fc.integer({ min: 1, max: 20 }),
  fc.record({ value: fc.integer({ min: 1, max: 72 }), unit: fc.constant('hours') }),
  fc.record({ value: fc.integer({ min: 1, max: 15 }), unit: fc.constant('workingDays') }),
);
const configArb = fc.record({
  days: fc.record({ noFollowUp: duration, noDeal: duration }, { requiredKeys: ['noFollowUp'] }),
  bands: fc.array(
    fc.record({ label: fc.constant({ en: 'band', zh: '档' }), levels: fc.subarray(['A', 'B'], { minLength: 1 }), days: fc.record({ noFollowUp: duration }) }),
    { maxLength: 2 },
  ),
  remindBefore: fc.oneof(fc.constant(undefined), fc.record({ value: fc.integer({ min: 1, max: 12 }), unit: fc.constant('hours') })),
  calendar: fc.constantFrom(undefined, 'cn-2026'),
});
const time = fc.integer({ min: 0, max: 120 * DAY }).map((ms) => new Date(T0 + ms).toISOString());
const leadArb = fc.record({
  ownedSince: time,
  lastActivityAt: fc.option(time, { nil: undefined }),
  lastDealAt: fc.option(time, { nil: undefined }),
  level: fc.constantFrom('A', 'B', 'C'),
  locked: fc.boolean(),
  status: fc.constantFrom('open', 'open', 'open', 'won'),
  reminded: fc.boolean(),
});

describe('reclaim next due against the rule', () => {
  it('no tick acts before the next due; the tick at it acts', () => {
    fc.assert(
      fc.property(configArb, leadArb, fc.array(fc.integer({ min: 0, max: 200 * DAY }), { minLength: 3, maxLength: 8 }), (config, l, offsets) => {
        const doc: Record<string, unknown> = { ...config, poolId: 'public' };
        if (config.remindBefore === undefined) delete doc.remindBefore;
        if (config.calendar === undefined) delete doc.calendar;
        const compiled = compilePolicy({
          key: 'p',
          kind: 'reclaim',
          name: 'p',
          nodes: [
            { id: 'start', type: 'trigger', data: { events: ['tick'] } },
            { id: 'reclaim', type: 'reclaim.rule', data: doc },
          ],
          edges: [{ id: 'e', source: 'start', target: 'reclaim' }],
        });
        // A reminder as long as the shortest threshold is refused by the compiler: not a case to test.
        fc.pre(compiled.ok);
        if (!compiled.ok) return;
        const policy = compiled.policy;
        const lead: Lead = {
          id: 'L1',
          createdAt: new Date(T0).toISOString(),
          ownerId: 'ae-1',
          ownedSince: l.ownedSince,
          level: l.level,
          locked: l.locked,
          status: l.status as Lead['status'],
        };
        if (l.lastActivityAt) lead.lastActivityAt = l.lastActivityAt;
        if (l.lastDealAt) lead.lastDealAt = l.lastDealAt;
        const state = InMemoryState.from({
          timeZone: 'Asia/Shanghai',
          reps: [{ id: 'ae-1' }],
          pools: [{ id: 'public' }],
          leads: [lead],
          calendars: [calendar],
        });
        const acts = (t: number) => {
          const d = decide(policy, { id: 't', type: 'tick', at: new Date(t).toISOString(), leadId: 'L1' }, state, t);
          return d.actions.length > 0 || d.changes.length > 0;
        };
        let due = nextDueAt([policy], state.lead('L1')!, state);
        if (l.reminded && due !== undefined && config.remindBefore !== undefined) {
          // Remind once at the window's start; then the lead is next due later, at the reclaim itself.
          const first = decide(policy, { id: 'r', type: 'tick', at: new Date(due).toISOString(), leadId: 'L1' }, state, due);
          state.apply(first.changes);
          const after = nextDueAt([policy], state.lead('L1')!, state);
          if (first.changes.some((c) => c.type === 'lead.remind')) expect(after).toBeGreaterThan(due);
          due = after;
        }
        for (const o of offsets) {
          const t = T0 + o;
          if (acts(t)) expect(due !== undefined && due <= t, `acted at ${new Date(t).toISOString()}, due ${due}`).toBe(true);
        }
        if (due !== undefined) {
          expect(acts(due)).toBe(true);
          expect(acts(due - 1)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
