import { futureIso, LAST_INSTANT_MS } from '../../types/localTime.js';
import { calendarFor } from '../../calendar/ruleClock.js';
import { parseInstant } from '../../types/isoInstant.js';
import type { WorkingCalendar } from '../../calendar/workingTime.js';
import type { Lead } from '../../types/domain.js';
import type { StateView } from '../../types/state.js';
import { addDuration, subtractDuration } from '../../calendar/duration.js';
import {
  durationMs,
  durationParts,
  durationsOf,
  RECLAIM_RULES,
  reminderOf,
  type Band,
  type DurationUnit,
  type Exemption,
  type Range,
  type ReclaimConfig,
  type ReclaimRuleType,
} from './config.js';

/** The lead field each rule measures silence from. */
export const EVENT_FIELD = { noFollowUp: 'lastActivityAt', noOpportunity: 'lastOpportunityAt', noDeal: 'lastDealAt' } as const satisfies Record<
  ReclaimRuleType,
  keyof Lead
>;

/** What a clock counts from: the measured event, or (when that is older or missing) the moment the owner got the lead. */
export type ClockBasis = 'event' | 'ownedSince' | 'createdAt';

export interface ReclaimClock {
  rule: ReclaimRuleType;
  /** The threshold as configured, in its own unit (a plain number is days). */
  value: number;
  unit: DurationUnit;
  /** The threshold's nominal length in ms (a working day as a day). */
  ms: number;
  basis: ClockBasis;
  /** The start as the lead (or the event) records it. */
  since: string;
  startMs: number;
  /** Reclaim is due at this instant or later (elapsed ≥ the threshold, to the ms; working days by the calendar). */
  dueMs: number;
}

/** The calendar the rule's working days count by: none needed, the resolved one, or why it is missing. */
export const reclaimCalendar = (state: StateView, c: ReclaimConfig) => calendarFor(state, c.calendar, durationsOf(c));

export interface Assessment {
  /** Index of the band that set the thresholds; -1 for the default row. */
  band: number;
  clocks: ReclaimClock[];
  /** Rules that are on but have no usable date to count from. */
  unmeasured: ReclaimRuleType[];
}

/** First matching band wins; -1 when none matches (the default row applies). */
export function bandIndex(lead: Lead, bands: readonly Band[], sizeField: string): number {
  for (let i = 0; i < bands.length; i++) if (bandMatches(lead, bands[i]!, sizeField)) return i;
  return -1;
}

function bandMatches(lead: Lead, b: Band, sizeField: string): boolean {
  if (b.levels !== undefined && (typeof lead.level !== 'string' || !b.levels.includes(lead.level))) return false;
  if (b.expectedAmount !== undefined && !inRange(lead.expectedAmount, b.expectedAmount)) return false;
  if (b.size !== undefined && !inRange((lead as Record<string, unknown>)[sizeField], b.size)) return false;
  return true;
}

function inRange(v: unknown, r: Range): boolean {
  if (typeof v !== 'number' || !Number.isFinite(v)) return false;
  return (r.min === undefined || v >= r.min) && (r.below === undefined || v < r.below);
}

export function thresholdOf(c: ReclaimConfig, band: number, rule: ReclaimRuleType): ReclaimConfig['days'][ReclaimRuleType] {
  const fallback = c.days[rule];
  if (fallback === undefined) return undefined;
  return band < 0 ? fallback : (c.bands[band]!.days[rule] ?? fallback);
}

/** Exemptions that are switched on and apply to the lead, in a fixed order. */
export function exemptionsOf(lead: Lead, exempt: ReclaimConfig['exempt']): Exemption[] {
  const out: Exemption[] = [];
  if (exempt.locked && lead.locked === true) out.push('locked');
  if (exempt.signed && lead.signed === true) out.push('signed');
  if (exempt.openOpportunity && lead.openOpportunity === true) out.push('openOpportunity');
  return out;
}

/** undefined when absent, null when present but not a time: such a clock cannot run. */
function parse(iso: string | undefined): number | undefined | null {
  if (iso === undefined) return undefined;
  const ms = parseInstant(iso);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * The lead's clocks: each starts at the later of its event and the moment the owner got the
 * lead, so a lead just assigned is never reclaimed for the silence of its previous owner.
 * `followUp` is a follow-up the triggering event reports that the lead does not show yet.
 */
export function assess(lead: Lead, c: ReclaimConfig, calendar: WorkingCalendar | undefined, followUp?: { iso: string; ms: number }): Assessment {
  const band = c.bands.length > 0 ? bandIndex(lead, c.bands, c.sizeField) : -1;
  const clocks: ReclaimClock[] = [];
  const unmeasured: ReclaimRuleType[] = [];
  const baseIso = lead.ownedSince ?? lead.createdAt;
  const baseBasis: ClockBasis = lead.ownedSince !== undefined ? 'ownedSince' : 'createdAt';
  const base = parse(baseIso);
  for (const rule of RECLAIM_RULES) {
    const threshold = thresholdOf(c, band, rule);
    if (threshold === undefined) continue;
    let eventIso = lead[EVENT_FIELD[rule]];
    let event = parse(eventIso);
    if (rule === 'noFollowUp' && followUp !== undefined && event !== null && (event === undefined || followUp.ms > event)) {
      event = followUp.ms;
      eventIso = followUp.iso;
    }
    if (base === null || event === null || (base === undefined && event === undefined)) {
      unmeasured.push(rule);
      continue;
    }
    const fromEvent = event !== undefined && (base === undefined || event >= base);
    const startMs = fromEvent ? event! : base!;
    const ms = durationMs(threshold);
    const { value, unit } = durationParts(threshold);
    // A calendar with no working day in reach never falls due: held at the last instant.
    const dueMs = Math.min(addDuration(startMs, threshold, calendar), LAST_INSTANT_MS);
    clocks.push({ rule, value, unit, ms, basis: fromEvent ? 'event' : baseBasis, since: fromEvent ? eventIso! : baseIso!, startMs, dueMs });
  }
  return { band, clocks, unmeasured };
}

/**
 * The tick shortcut: false only when the lead cannot be reclaimed or reminded at `nowMs`.
 * A lead acts when some clock's reminder instant, subtract(add(start, threshold), reminder), is
 * at or before now. That holds exactly when the start is at or before
 * subtract(add(now + 1 ms, reminder) − 1 ms, threshold) (add and subtract are inverse, also in
 * working days), so the test compares start times against one limit per band and rule, worked
 * out once per tick. Most leads are rejected by the most lenient limit of each rule before their
 * band is looked up. Engine-written times are canonical UTC (`…T…:…:….sssZ`), which order as
 * strings: those are compared without parsing, anything else is parsed. Nothing is allocated per lead.
 */
export function reclaimFilter(c: ReclaimConfig): (lead: Lead, nowMs: number, state?: StateView) => boolean {
  const rows = c.bands.length + 1;
  const reminder = reminderOf(c);
  const needsCalendar = durationsOf(c).some((d) => durationParts(d).unit === 'workingDays');
  // Row 0 is the default, row i + 1 band i; the last three slots hold each rule's most lenient limit.
  const limitMs = new Float64Array(rows * 3 + 3);
  const limitIso: string[] = new Array<string>(rows * 3 + 3).fill('');
  const loose = rows * 3;
  const { bands, sizeField } = c;
  const hasBands = bands.length > 0;
  const onF = c.days.noFollowUp !== undefined;
  const onO = c.days.noOpportunity !== undefined;
  const onD = c.days.noDeal !== undefined;
  const { locked: exLocked, signed: exSigned, openOpportunity: exOpen } = c.exempt;
  let at = NaN;
  let seenState: StateView | undefined;
  let calendar: WorkingCalendar | undefined;
  /** No lead can act: the calendar the rule needs is missing (the flow would keep every lead). */
  let idle = false;
  const refresh = (nowMs: number, state: StateView | undefined) => {
    at = nowMs;
    seenState = state;
    calendar = undefined;
    idle = false;
    if (needsCalendar && state !== undefined) {
      const found = reclaimCalendar(state, c);
      if (found.problem) idle = true;
      else calendar = found.calendar;
    }
    // Without a state to find the calendar in, nothing can be ruled out.
    const blind = needsCalendar && calendar === undefined;
    const last = blind ? Infinity : reminder === undefined ? nowMs : addDuration(nowMs + 1, reminder, calendar) - 1;
    RECLAIM_RULES.forEach((rule, k) => {
      let lenient = NaN;
      for (let row = 0; row < rows; row++) {
        const threshold = thresholdOf(c, row - 1, rule);
        const ms = threshold === undefined ? NaN : Number.isFinite(last) ? subtractDuration(last, threshold, calendar) : Infinity;
        limitMs[row * 3 + k] = ms;
        limitIso[row * 3 + k] = isoOrEmpty(ms);
        if (ms > lenient || Number.isNaN(lenient)) lenient = ms;
      }
      limitMs[loose + k] = lenient;
      limitIso[loose + k] = isoOrEmpty(lenient);
    });
  };
  const couldAct = (lead: Lead, nowMs: number, state: StateView | undefined): boolean => {
    if (nowMs !== at || state !== seenState) refresh(nowMs, state);
    if (idle) return false;
    const base = lead.ownedSince ?? lead.createdAt;
    if (
      !(onF && startedBy(lead.lastActivityAt, base, limitIso[loose]!, limitMs[loose]!)) &&
      !(onO && startedBy(lead.lastOpportunityAt, base, limitIso[loose + 1]!, limitMs[loose + 1]!)) &&
      !(onD && startedBy(lead.lastDealAt, base, limitIso[loose + 2]!, limitMs[loose + 2]!))
    ) {
      return false;
    }
    if (!lead.ownerId) return false;
    if (lead.status !== undefined && lead.status !== 'open') return false;
    if ((exLocked && lead.locked === true) || (exSigned && lead.signed === true) || (exOpen && lead.openOpportunity === true)) return false;
    if (!hasBands) return true;
    const o = (bandIndex(lead, bands, sizeField) + 1) * 3;
    if (onF && startedBy(lead.lastActivityAt, base, limitIso[o]!, limitMs[o]!)) return true;
    if (onO && startedBy(lead.lastOpportunityAt, base, limitIso[o + 1]!, limitMs[o + 1]!)) return true;
    if (onD && startedBy(lead.lastDealAt, base, limitIso[o + 2]!, limitMs[o + 2]!)) return true;
    return false;
  };
  return (lead, nowMs, state) => {
    if (!couldAct(lead, nowMs, state)) return false;
    // A lead inside its reminder window that was already reminded for it will only be kept:
    // worth one exact assessment to spare it the whole flow.
    if (state === undefined || reminder === undefined || (needsCalendar && calendar === undefined)) return true;
    const a = assess(lead, c, calendar);
    if (a.clocks.length === 0) return true;
    let dueMs = Infinity;
    for (const k of a.clocks) if (k.dueMs < dueMs) dueMs = k.dueMs;
    if (nowMs >= dueMs) return true;
    return state.lastReminder(lead.id) !== futureIso(dueMs);
  };
}

const isoOrEmpty = (ms: number): string => (Number.isFinite(ms) && Math.abs(ms) < 8.64e15 ? canonical(ms) : '');

/** The clock (the later of event and base) started at or before the limit. */
function startedBy(event: string | undefined, base: string | undefined, iso: string, ms: number): boolean {
  if (event === undefined) return base !== undefined && notAfter(base, iso, ms);
  return notAfter(event, iso, ms) && (base === undefined || notAfter(base, iso, ms));
}

/** `t ≤ limit`; an unreadable time answers yes, so the flow (which ignores it) decides. */
function notAfter(t: string, iso: string, ms: number): boolean {
  if (iso.length === 24 && t.length === 24 && t.charCodeAt(23) === 90 && t.charCodeAt(10) === 84 && t.charCodeAt(19) === 46) return t <= iso;
  return !(Date.parse(t) > ms);
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ` for years 0–9999; '' otherwise (then times are parsed). */
function canonical(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.length === 24 ? iso : '';
}
