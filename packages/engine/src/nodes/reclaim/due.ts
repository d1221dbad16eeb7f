import { futureIso, LAST_INSTANT_MS } from '../../types/localTime.js';
import { resolveCalendar } from '../../calendar/resolve.js';
import { parseInstant } from '../../types/isoInstant.js';
import { countsWorkingDays, type Duration } from '../../types/duration.js';
import type { WorkingCalendar } from '../../calendar/workingTime.js';
import type { Lead } from '../../types/domain.js';
import type { StateView } from '../../types/state.js';
import { addDuration, fixedDurationMs, subtractDuration } from '../../calendar/duration.js';
import { durationsOf, RECLAIM_RULES, reminderOf, type ReclaimConfig } from './config.js';
import { bandIndex, thresholdOf } from './clock.js';

/**
 * Next due (types/nodeSpec.ts): when a tick first reclaims or reminds the lead, as it stands. The
 * same assessment the rule runs (clock.ts `assess`): the earliest clock's due instant, or the start
 * of its reminder window while the owner has not been reminded for that due time. Never for a lead
 * with no owner, closed, exempt, with no date to count from, or whose calendar is missing (the rule
 * keeps it).
 *
 * This runs after every step that touches a lead (the simulator's queue, the server's next-due
 * column), so everything that depends only on the rule is worked out here, once: which rules are
 * on, each band's thresholds, and — for minutes, hours and days — the threshold and the reminder
 * as plain milliseconds to add (exactly what addDuration adds). Per lead it reads by name only
 * the dates of the rules that are on, parses each once, and allocates nothing.
 */
export function reclaimNextDue(c: ReclaimConfig): (lead: Lead, state: StateView) => number | undefined {
  const reminder = reminderOf(c);
  const needsCalendar = durationsOf(c).some(countsWorkingDays);
  const table = dueTable(c);
  // A working-day reminder needs the calendar; any other is a fixed length back from the due time.
  const reminderMs = reminder === undefined ? Number.NaN : fixedDurationMs(reminder);
  const { locked: exLocked, signed: exSigned, openOpportunity: exOpen } = c.exempt;
  return (lead, state) => {
    if (!lead.ownerId) return undefined;
    if (lead.status === 'won' || lead.status === 'lost') return undefined;
    if ((exLocked && lead.locked === true) || (exSigned && lead.signed === true) || (exOpen && lead.openOpportunity === true)) return undefined;
    let calendar: WorkingCalendar | undefined;
    if (needsCalendar) {
      const found = resolveCalendar(state, c.calendar);
      if (found.problem) return undefined;
      calendar = found.calendar;
    }
    const dueMs = table.earliest(lead, calendar, state);
    if (dueMs === Infinity || dueMs >= LAST_INSTANT_MS) return undefined;
    if (reminder === undefined) return dueMs;
    // Most leads were never reminded: no due time to format for them.
    const reminded = state.lastReminder(lead.id);
    if (reminded !== undefined && reminded === futureIso(dueMs)) return dueMs;
    return Math.min(dueMs, Number.isNaN(reminderMs) ? subtractDuration(dueMs, reminder, calendar) : dueMs - reminderMs);
  };
}

/** Rule k's slot in a row of the table: noFollowUp, noOpportunity, noDeal (RECLAIM_RULES' order). */
const FOLLOW_UP = 0;
const OPPORTUNITY = 1;
const DEAL = 2;

/**
 * The thresholds of every row (row 0 the default, row i + 1 band i; three slots a row, one per
 * rule), as thresholdOf gives them, and `earliest`: the earliest `dueMs` of
 * `assess(lead, c, calendar).clocks` (Infinity when no clock runs), worked out the same way
 * without building the clocks.
 */
export function dueTable(c: ReclaimConfig): { earliest(lead: Lead, calendar: WorkingCalendar | undefined, state?: StateView): number } {
  const rows = c.bands.length + 1;
  const thresholds: Array<Duration | undefined> = [];
  // Per slot: the ms to add; NaN when the threshold counts working days (or the slot is off).
  const add = new Float64Array(rows * 3);
  for (let row = 0; row < rows; row++) {
    RECLAIM_RULES.forEach((rule, k) => {
      const d = thresholdOf(c, row - 1, rule);
      thresholds[row * 3 + k] = d;
      add[row * 3 + k] = d === undefined ? Number.NaN : fixedDurationMs(d);
    });
  }
  // A rule off in the default row is off in every band (thresholdOf): these say which to read.
  const onF = c.days.noFollowUp !== undefined;
  const onO = c.days.noOpportunity !== undefined;
  const onD = c.days.noDeal !== undefined;
  const { bands, sizeField } = c;
  const hasBands = bands.length > 0;

  /** The due instant of slot `i`'s clock, or Infinity when it cannot run (its date is not a time, or there is no date). */
  const dueOf = (event: number | undefined, base: number | undefined, i: number, calendar: WorkingCalendar | undefined): number => {
    let startMs: number;
    if (event === undefined) {
      if (base === undefined) return Infinity;
      startMs = base;
    } else {
      if (Number.isNaN(event)) return Infinity;
      startMs = base === undefined || event >= base ? event : base;
    }
    const ms = add[i]!;
    // A calendar with no working day in reach never falls due: held at the last instant.
    return Math.min(Number.isNaN(ms) ? addDuration(startMs, thresholds[i]!, calendar) : startMs + ms, LAST_INSTANT_MS);
  };

  return {
    earliest(lead, calendar, state) {
      const o = hasBands ? (bandIndex(lead, bands, sizeField) + 1) * 3 : 0;
      const baseIso = lead.ownedSince ?? lead.createdAt;
      let base: number | undefined;
      if (baseIso !== undefined) {
        base = instantOf(baseIso, lead, lead.ownedSince !== undefined ? 'ownedSince' : 'createdAt', state);
        // A start that is not a time stops every clock (assess counts them all unmeasured).
        if (Number.isNaN(base)) return Infinity;
      }
      // `<`, as assess's readers take the earliest: a due that is not a number never wins.
      let best = Infinity;
      let due: number;
      if (onF) {
        const last = lead.lastActivityAt;
        if ((due = dueOf(last === undefined ? undefined : instantOf(last, lead, 'lastActivityAt', state), base, o + FOLLOW_UP, calendar)) < best) best = due;
      }
      if (onO && (due = dueOf(optionalInstant(lead.lastOpportunityAt), base, o + OPPORTUNITY, calendar)) < best) best = due;
      if (onD && (due = dueOf(optionalInstant(lead.lastDealAt), base, o + DEAL, calendar)) < best) best = due;
      return best;
    },
  };
}

/**
 * `parseInstant(iso)`, the lead's `field`: the
 * state's number for the very text when it keeps one (StateView.leadInstantMs), so the text — at
 * a million leads a string allocated long before — is not read; NaN from it: not known, parsed.
 */
function instantOf(iso: string, lead: Lead, field: 'ownedSince' | 'createdAt' | 'lastActivityAt', state: StateView | undefined): number {
  if (state?.leadInstantMs !== undefined) {
    const known = state.leadInstantMs(lead, field, iso);
    if (!Number.isNaN(known)) return known;
  }
  return parseInstant(iso);
}

function optionalInstant(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : parseInstant(iso);
}
