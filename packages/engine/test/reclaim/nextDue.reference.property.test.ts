/**
 * Reclaim's next due (nodes/reclaim/due.ts) works out per rule what it can once and reads the
 * lead's dates by name; it must give exactly what the rule's own assessment gives. The reference
 * below is that assessment spelled out (the earliest clock of `assess`, the reminder window unless
 * reminded for that due time), over random rules — thresholds in minutes, hours, days and working
 * days, bands, reminders of every unit, calendars present or missing, exemptions — and random
 * leads whose dates may be missing, canonical, in other forms or not times at all.
 */
import fc from 'fast-check';
import { exampleCalendar } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { InMemoryState, type Lead, type StateView } from '../../src/index.js';
import { assess, reclaimCalendar } from '../../src/nodes/reclaim/clock.js';
import { reclaimSchema, reminderOf, type ReclaimConfig } from '../../src/nodes/reclaim/config.js';
import { reclaimNextDue } from '../../src/nodes/reclaim/due.js';
import { subtractDuration } from '../../src/calendar/duration.js';
import { futureIso, LAST_INSTANT_MS } from '../../src/types/localTime.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-01-05T00:00:00Z');
const calendar = exampleCalendar('cn-2026') as never;

/** The next due as the rule's assessment gives it (what due.ts must equal). */
function reference(c: ReclaimConfig, lead: Lead, state: StateView): number | undefined {
  if (!lead.ownerId) return undefined;
  if (lead.status === 'won' || lead.status === 'lost') return undefined;
  if ((c.exempt.locked && lead.locked === true) || (c.exempt.signed && lead.signed === true) || (c.exempt.openOpportunity && lead.openOpportunity === true))
    return undefined;
  const found = reclaimCalendar(state, c);
  if (found.problem) return undefined;
  const due = clockDue(c, lead, state);
  if (due === Infinity || due >= LAST_INSTANT_MS) return undefined;
  const reminder = reminderOf(c);
  if (reminder === undefined) return due;
  if (state.lastReminder(lead.id) === futureIso(due)) return due;
  return Math.min(due, subtractDuration(due, reminder, found.calendar));
}

/** The earliest clock's due instant (Infinity when none runs or the calendar is missing). */
function clockDue(c: ReclaimConfig, lead: Lead, state: StateView): number {
  const found = reclaimCalendar(state, c);
  let due = Infinity;
  if (!found.problem) for (const k of assess(lead, c, found.calendar).clocks) if (k.dueMs < due) due = k.dueMs;
  return due;
}

/** The answer, or the error thrown (working days past year 9999 leave the dates a zone can show). */
function outcome(f: () => number | undefined): { value: number | undefined } | { error: string } {
  try {
    return { value: f() };
  } catch (e) {
    return { error: String(e) };
  }
}

const duration = fc.oneof(
  fc.integer({ min: 1, max: 20 }),
  fc.record({ value: fc.integer({ min: 1, max: 600 }), unit: fc.constant('minutes') }),
  fc.record({ value: fc.integer({ min: 1, max: 72 }), unit: fc.constant('hours') }),
  fc.record({ value: fc.integer({ min: 1, max: 30 }), unit: fc.constant('days') }),
  fc.record({ value: fc.integer({ min: 1, max: 15 }), unit: fc.constant('workingDays') }),
);
const thresholds = fc.record({ noFollowUp: duration, noOpportunity: duration, noDeal: duration }, { requiredKeys: [] });
const range = fc.record({ min: fc.integer({ min: 0, max: 100 }), below: fc.integer({ min: 50, max: 200 }) }, { requiredKeys: [] });
const configArb = fc.record(
  {
    days: thresholds,
    bands: fc.array(
      fc.record(
        {
          label: fc.constant({ en: 'band', zh: '档' }),
          levels: fc.subarray(['A', 'B'], { minLength: 1 }),
          expectedAmount: range,
          size: range,
          days: thresholds,
        },
        { requiredKeys: ['label', 'days'] },
      ),
      { maxLength: 3 },
    ),
    remindDaysBefore: fc.integer({ min: 0, max: 3 }),
    remindBefore: fc.oneof(
      fc.integer({ min: 0, max: 3 }),
      fc.record({ value: fc.integer({ min: 0, max: 12 }), unit: fc.constantFrom('minutes', 'hours', 'days', 'workingDays') }),
    ),
    calendar: fc.constantFrom('cn-2026', 'missing'),
    exempt: fc.record({ locked: fc.boolean(), signed: fc.boolean(), openOpportunity: fc.boolean() }),
  },
  { requiredKeys: ['days', 'bands', 'exempt'] },
);
/** A lead's date: canonical mostly, else another form Date.parse reads, a day that does not exist, or no time. */
const time = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 120 * DAY }).map((ms) => new Date(T0 + ms).toISOString()) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0, max: 120 * DAY }).map((ms) =>
      new Date(T0 + ms)
        .toISOString()
        .replace('.000Z', '+08:00')
        .replace(/\.\d\d\dZ$/, 'Z'),
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-30T10:00:00.000Z', '2026-03-01', 'soon', '', '9999-12-31T23:59:59.999Z', '0500-01-01T00:00:00.000Z') },
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 3 });
const leadArb = fc.record({
  ownerId: fc.constantFrom('ae-1', 'ae-1', 'ae-1', ''),
  createdAt: maybe(time),
  ownedSince: maybe(time),
  lastActivityAt: maybe(time),
  lastOpportunityAt: maybe(time),
  lastDealAt: maybe(time),
  level: fc.constantFrom('A', 'B', 'C'),
  expectedAmount: fc.integer({ min: 0, max: 250 }),
  employees: fc.integer({ min: 0, max: 250 }),
  locked: fc.boolean(),
  signed: fc.boolean(),
  openOpportunity: fc.boolean(),
  status: fc.constantFrom('open', 'open', 'open', 'won', 'lost', undefined),
  reminded: fc.constantFrom('none', 'due', 'other'),
});

describe('reclaim next due: what the rule itself assesses', () => {
  it('equals the assessment on random rules and leads', () => {
    fc.assert(
      fc.property(configArb, leadArb, (raw, l) => {
        const parsed = reclaimSchema.safeParse({ ...raw, poolId: 'public' });
        fc.pre(parsed.success);
        if (!parsed.success) return;
        const c = parsed.data;
        const lead: Lead = { id: 'L1' };
        for (const [k, v] of Object.entries(l)) if (v !== undefined && k !== 'reminded') (lead as Record<string, unknown>)[k] = v;
        // The state holds the reminder; the lead (dates the state would refuse included) is asked about as given.
        const state = InMemoryState.from({
          timeZone: 'Asia/Shanghai',
          reps: [{ id: 'ae-1' }],
          pools: [{ id: 'public' }],
          leads: [{ id: 'L1' }],
          calendars: [calendar],
        });
        if (l.reminded !== 'none') {
          // Reminded for the due time as it stands (the next due is then the due itself), or for another.
          const got = outcome(() => clockDue(c, lead, state));
          const due = 'value' in got ? got.value! : Number.NaN;
          const window = l.reminded === 'due' && Number.isFinite(due) ? futureIso(due) : '2026-02-01T00:00:00.000Z';
          state.apply([{ type: 'lead.remind', leadId: 'L1', repId: 'ae-1', window, at: '2026-01-01T00:00:00.000Z', nodeId: 'reclaim' }]);
        }
        const next = reclaimNextDue(c);
        const expected = outcome(() => reference(c, lead, state));
        expect(outcome(() => next(lead, state))).toEqual(expected);
        // The compiled closure keeps nothing from one lead to the next.
        expect(outcome(() => next(lead, state))).toEqual(expected);
      }),
      { numRuns: 3_000 },
    );
  });
});
