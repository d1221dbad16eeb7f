import type { ExecContext } from '../types/nodeSpec.js';
import type { Penalty, Rep } from '../types/domain.js';
import type { CandidateRow, SkipReason } from '../types/decision.js';
import { DAY_MS, futureIso, localTime, parseClock, type LocalTime } from '../types/localTime.js';
import { parseInstant } from '../types/isoInstant.js';
import { listHas } from '../matching/normalise.js';
import { effectiveWeight, isActive } from './penalties.js';
import { resolveCalendar, type CalendarLookup } from '../calendar/resolve.js';
import { dayNumber, type DayInfo } from '../calendar/workingTime.js';
import type { Duration } from '../types/duration.js';
import { calendarFor, type RuleCalendar } from '../calendar/ruleClock.js';
import { coolingSkip } from './rerouteCooling.js';
import type { Candidate, CandidateSelection, CapOf } from './candidates.js';

type Ownership = ReturnType<ExecContext['state']['ownershipHistory']>;
type Skip = { code: SkipReason; detail?: CandidateRow['detail'] };

const OWN_CAP: CapOf = (rep) => rep.cap;

/**
 * The shared filters, one rep at a time, for one decision: what is worked out once per decision
 * (the clock, the lead's ownership history) is worked out here, once, and only when a filter
 * needs it. `evaluate` gives a rep's row for an explanation; `passes` answers the same question
 * for a decision nobody reads the explanation of (a replay), allocating nothing for a rep who
 * passes: every lead is routed, so a row, a detail and a candidate per rep looked at were most of
 * what routing allocated. The filters themselves are one function (skipReason) for both.
 */
export class CandidateEvaluator {
  private localClock: LocalClock | undefined;
  private ownership: Ownership | undefined;
  constructor(
    readonly ctx: ExecContext,
    readonly sel: CandidateSelection,
    readonly capOf: CapOf = OWN_CAP,
  ) {}

  /**
   * Local times for this decision's instant, made when a filter first asks: a lean decision over
   * reps without shifts, calendars or daily caps never does (each lead comes at a new minute, so
   * it would be worked out afresh for every one).
   */
  get clock(): LocalClock {
    this.localClock ??= new LocalClock(this.ctx.nowMs, this.ctx.state.timeZone(), this.ctx.state);
    return this.localClock;
  }

  /** The lead's ownership history, read once and only when a cooling asks (a look-up in a large map otherwise). */
  history(): Ownership {
    this.ownership ??= this.ctx.leadId ? this.ctx.state.ownershipHistory(this.ctx.leadId) : NO_OWNERSHIP;
    return this.ownership;
  }

  /** One rep through the filters: its row, and the candidate when it is eligible. */
  evaluate(rep: Rep): { row: CandidateRow; candidate?: Candidate } {
    const { state, nowMs } = this.ctx;
    // Outside the try, as before the clock was made on demand: a tenant zone the runtime lacks fails the decision, not a rep.
    const day = this.clock.tenant.day;
    try {
      const load = state.openLoad(rep.id);
      const assignedToday = state.assignedOn(rep.id, day);
      const penalties = activePenalties(state.penalties(rep.id), nowMs);
      const weight = effectiveWeight(rep, penalties, nowMs);
      const cap = this.capOf(rep);
      const detail: CandidateRow['detail'] = { load, cap: cap ?? null, assignedToday, weight };
      const reason = skipReason(this, rep, load, cap, assignedToday, penalties, weight);
      // `detail` is this row's own object: the reason's detail is added to it, not to a copy.
      if (reason)
        return { row: { repId: rep.id, status: 'skipped', reason: reason.code, detail: reason.detail ? Object.assign(detail, reason.detail) : detail } };
      const row: CandidateRow = { repId: rep.id, status: 'eligible', detail };
      return { row, candidate: { rep, row, load, assignedToday, weight } };
    } catch (e) {
      return { row: unevaluable(this.ctx, rep, e) };
    }
  }

  /**
   * Whether `evaluate` would find the rep eligible, without the row: the same filters with the same
   * warnings, reading a rep's open load and day count only when a cap asks for them.
   */
  passes(rep: Rep): boolean {
    const { ctx, sel } = this;
    const { state, nowMs } = ctx;
    try {
      const cap = this.capOf(rep);
      const load = sel.respectCaps && cap !== undefined ? state.openLoad(rep.id) : 0;
      const assignedToday = sel.respectCaps && rep.dailyCap !== undefined ? state.assignedOn(rep.id, this.clock.tenant.day) : 0;
      const penalties = activePenalties(state.penalties(rep.id), nowMs);
      const weight = effectiveWeight(rep, penalties, nowMs);
      return skipReason(this, rep, load, cap, assignedToday, penalties, weight) === undefined;
    } catch (e) {
      unevaluable(ctx, rep, e);
      return false;
    }
  }
}

const NO_OWNERSHIP: Ownership = Object.freeze([]);
const NO_PENALTIES: readonly Penalty[] = Object.freeze([]);

/** A rep's penalties in force now (most reps have none: no array is made for them). */
function activePenalties(all: readonly Penalty[], nowMs: number): readonly Penalty[] {
  return all.length === 0 ? NO_PENALTIES : all.filter((p) => isActive(p, nowMs));
}

// Reasons without detail, made once: `evaluate` adds a reason's detail to its row, never changes the reason.
const INACTIVE: Skip = Object.freeze({ code: 'inactive' });
const FULL: Skip = Object.freeze({ code: 'full' });
const ZERO_WEIGHT: Skip = Object.freeze({ code: 'zeroWeight' });

/**
 * One rep the filters could not look at (a time zone the runtime does not know, from a row
 * stored before zones were checked): skipped with the error, so the others still get the lead.
 */
function unevaluable(ctx: ExecContext, rep: Rep, e: unknown): CandidateRow {
  const error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
  ctx.warn({
    code: 'candidateError',
    repId: rep.id,
    error,
    message: { en: `rep ${rep.id} could not be evaluated and was skipped: ${error}`, zh: `无法评估销售 ${rep.id}，已跳过：${error}` },
  });
  return { repId: rep.id, status: 'skipped', reason: 'error', detail: { error } };
}

/**
 * Local time at one instant, per zone, worked out once per gathering: Intl formatting costs
 * microseconds, and a roster's reps mostly share a handful of zones.
 */
export class LocalClock {
  readonly tenant: LocalTime;
  // Made on first use: most gatherings see only the tenant's zone and no rep calendar.
  private others: Map<string, LocalTime> | undefined;
  private calendars: Map<string, CalendarLookup> | undefined;
  private cooling: RuleCalendar | undefined;
  constructor(
    readonly nowMs: number,
    readonly tenantZone: string,
    private readonly state: ExecContext['state'],
  ) {
    this.tenant = localTime(nowMs, tenantZone);
  }
  /** A rep calendar, looked up once per gathering (reps of one region share it). */
  calendar(id: string): CalendarLookup {
    this.calendars ??= new Map();
    let found = this.calendars.get(id);
    if (!found) {
      found = resolveCalendar(this.state, id);
      this.calendars.set(id, found);
    }
    return found;
  }
  /** The node's cooling calendar, resolved once per gathering and only if a former owner needs it. */
  coolingCalendar(id: string | undefined, cooling: Duration): RuleCalendar {
    this.cooling ??= calendarFor(this.state, id, [cooling]);
    return this.cooling;
  }
  in(zone: string): LocalTime {
    if (zone === this.tenantZone) return this.tenant;
    this.others ??= new Map();
    let local = this.others.get(zone);
    if (!local) {
      local = localTime(this.nowMs, zone);
      this.others.set(zone, local);
    }
    return local;
  }
}

function skipReason(
  ev: CandidateEvaluator,
  rep: Rep,
  load: number,
  cap: number | undefined,
  assignedToday: number,
  penalties: readonly Penalty[],
  weight: number,
): Skip | undefined {
  const { ctx, sel } = ev;
  const now = ctx.nowMs;
  if (!rep.active) return INACTIVE;
  // Indexed loops, not find callbacks or for-of: this runs for every rep looked at on every decision
  // (a for-of left an iterator per loop in the allocation profile where the optimiser kept it).
  for (let i = 0; i < penalties.length; i++) if (penalties[i]!.suspendRouting) return { code: 'suspended', detail: { until: penalties[i]!.until } };
  const away = rep.outOfOffice;
  for (let i = 0; i < away.length; i++) {
    const o = away[i]!;
    if (parseInstant(o.from) <= now && now < parseInstant(o.to)) return { code: 'away', detail: { until: o.to } };
  }
  if (sel.respectShifts && rep.calendar !== undefined) {
    const workday = repWorkday(ctx, rep, rep.calendar, ev.clock);
    if ('skip' in workday) return workday.skip;
    if (rep.shifts && rep.shifts.length > 0 && !onShiftAt(rep, ev.clock.in(rep.timeZone ?? ev.clock.tenantZone), workday.today, workday.yesterday)) {
      return { code: 'offShift', detail: { timeZone: rep.timeZone ?? ctx.state.timeZone(), ...(workday.makeUp ? { worksAs: workday.today } : {}) } };
    }
  } else if (sel.respectShifts && rep.shifts && rep.shifts.length > 0 && !onShiftAt(rep, ev.clock.in(rep.timeZone ?? ev.clock.tenantZone))) {
    return { code: 'offShift', detail: { timeZone: rep.timeZone ?? ctx.state.timeZone() } };
  }
  for (let i = 0; i < sel.match.length; i++) {
    const m = sel.match[i]!;
    const value = ctx.fact(m.fact);
    // Case, full-width forms and surrounding spaces aside: "East-China" is in a list holding "east-china".
    if (!listHas(rep[m.repField], value)) {
      return { code: 'notEligible', detail: { [m.repField]: rep[m.repField].join('|'), wanted: value === undefined ? null : String(value) } };
    }
  }
  if (sel.cooling !== undefined) {
    const cooling = coolingSkip(ctx, rep, sel.cooling, ev.history(), () => ev.clock.coolingCalendar(sel.calendar, sel.cooling!), sel.calendar);
    if (cooling) return cooling;
  } else if (sel.coolingDays > 0) {
    const lost = ev.history().findLast((o) => o.repId === rep.id && o.to !== undefined);
    if (lost && now - Date.parse(lost.to!) < sel.coolingDays * DAY_MS) {
      return { code: 'cooling', detail: { lostAt: lost.to!, coolingUntil: futureIso(Date.parse(lost.to!) + sel.coolingDays * DAY_MS) } };
    }
  }
  if (sel.respectCaps && cap !== undefined && load >= cap) return FULL;
  if (sel.respectCaps && rep.dailyCap !== undefined && assignedToday >= rep.dailyCap) return { code: 'dailyCapReached', detail: { dailyCap: rep.dailyCap } };
  if (weight <= 0) return ZERO_WEIGHT;
  return undefined;
}

/** On shift when the rep's local weekday and time fall in one of the shifts (an overnight shift wraps). */
export function onShift(rep: Rep, nowMs: number, tenantZone: string): boolean {
  return onShiftAt(rep, localTime(nowMs, rep.timeZone ?? tenantZone));
}

/**
 * `today` and `yesterday` are the weekdays whose shifts apply (a make-up day works as another
 * weekday; `null` is a day off, whose overnight shift never started).
 */
function onShiftAt(rep: Rep, local: LocalTime, today: number = local.weekday, yesterday: number | null = local.weekday === 1 ? 7 : local.weekday - 1): boolean {
  for (const shift of rep.shifts ?? []) {
    const start = parseClock(shift.start);
    const end = parseClock(shift.end);
    if (start <= end) {
      if (shift.days.includes(today) && local.minutes >= start && local.minutes < end) return true;
    } else {
      if (shift.days.includes(today) && local.minutes >= start) return true;
      if (yesterday !== null && shift.days.includes(yesterday) && local.minutes < end) return true;
    }
  }
  return false;
}

type Workday = { today: number; yesterday: number | null; makeUp: boolean } | { skip: { code: SkipReason; detail: CandidateRow['detail'] } };

/**
 * The rep's day by their calendar, on their local date: a day off skips them ("on holiday
 * (国庆节)"); a make-up day works the shifts of the weekday it stands for. A calendar the tenant
 * does not have skips the rep with an error naming it (never a guess at their days off).
 */
function repWorkday(ctx: ExecContext, rep: Rep, calendarId: string, clock: LocalClock): Workday {
  const found = clock.calendar(calendarId);
  if (found.problem) {
    ctx.warn({
      code: 'calendarMissing',
      repId: rep.id,
      error: found.problem.en,
      message: { en: `rep ${rep.id} was skipped: ${found.problem.en}`, zh: `已跳过销售 ${rep.id}：${found.problem.zh}` },
    });
    return { skip: { code: 'error', detail: { error: found.problem.en, calendar: calendarId } } };
  }
  const cal = found.calendar;
  const local = clock.in(rep.timeZone ?? clock.tenantZone);
  const info = cal.dayInfo(local.day);
  if (!info.working) {
    const detail: CandidateRow['detail'] = { calendar: cal.id, day: local.day, why: info.why };
    if (info.name) {
      detail.holiday = info.name.en;
      detail.holidayZh = info.name.zh;
    }
    return { skip: { code: 'holiday', detail } };
  }
  const n = dayNumber(local.day);
  const before = cal.dayInfo(new Date((n - 1) * DAY_MS).toISOString().slice(0, 10));
  return {
    today: weekdayOf(info, local.weekday),
    yesterday: before.working ? weekdayOf(before, local.weekday === 1 ? 7 : local.weekday - 1) : null,
    makeUp: info.why === 'makeUp',
  };
}

const weekdayOf = (info: DayInfo, actual: number): number => (info.why === 'makeUp' ? (info.worksAs ?? 1) : actual);
