import { z } from 'zod';
import type { ExecContext } from '../types/nodeSpec.js';
import type { Penalty, Rep } from '../types/domain.js';
import type { CandidateRow, Labels, SkipReason } from '../types/decision.js';
import { DAY_MS, futureIso, localTime, parseClock, type LocalTime } from '../types/localTime.js';
import { parseInstant } from '../types/isoInstant.js';
import { effectiveWeight, isActive } from './penalties.js';
import { resolveCalendar, type CalendarLookup } from '../calendar/resolve.js';
import { dayNumber, type DayInfo } from '../calendar/workingTime.js';
import type { ConfigProblem } from '../types/nodeSpec.js';
import { durationSchema, type Duration } from '../types/duration.js';
import { calendarFor, calendarIdSchema, givenTwice, type RuleCalendar } from '../calendar/ruleClock.js';
import { COOLING_LABEL, coolingSkip, coolingWords } from './rerouteCooling.js';
import { selectedReps } from './selection.js';

const REP_LISTS = ['regions', 'products', 'industries', 'languages', 'skills'] as const;

/** Who may receive leads from an assignment node, and which limits it honours. */
export const candidateSelection = {
  teams: z.array(z.string().min(1)).default([]),
  roles: z.array(z.string().min(1)).default([]),
  reps: z.array(z.string().min(1)).default([]),
  /** The rep's list must contain the lead's value, e.g. regions ∋ lead.region (Odoo's member domain). */
  match: z.array(z.strictObject({ repField: z.enum(REP_LISTS), fact: z.string() })).default([]),
  /** A rep who lost this lead may not get it back for this many days (S14). */
  coolingDays: z.number().min(0).max(3650).default(0),
  /** The same cooling as a duration (12 hours, 3 working days by `calendar`); this or a positive coolingDays, not both. */
  cooling: durationSchema(
    0,
    3650,
    { en: 'Cooling after losing the lead', zh: '失去线索后的冷却期' },
    {
      en: 'A rep who lost this lead (reclaimed, released, reassigned) does not get it back from this node until this has passed: a number of days, or { "value": 3, "unit": "workingDays" } (minutes, hours, days, workingDays). Use this or coolingDays, not both.',
      zh: '失去该线索（被回收、释放或改派）的销售，在此时长内不会经本节点再次分到它：填天数，或 { "value": 3, "unit": "workingDays" }（分钟、小时、天、工作日）。与 coolingDays 二选一。',
    },
  ).optional(),
  /** The calendar a cooling in working days counts by (the rule-wide name, as on pools, cascades and penalties). */
  calendar: calendarIdSchema.optional(),
  respectShifts: z.boolean().default(true),
  respectCaps: z.boolean().default(true),
};
export const candidateSelectionSchema = z.strictObject(candidateSelection);
export type CandidateSelection = z.infer<typeof candidateSelectionSchema>;

/** What the selection's schema cannot say: the former owner's cooling is given once. */
export function selectionProblems(sel: Pick<CandidateSelection, 'coolingDays' | 'cooling'>): ConfigProblem[] {
  // coolingDays defaults to 0, so only a positive one is a second answer.
  return sel.cooling !== undefined && sel.coolingDays > 0 ? [givenTwice('cooling', 'coolingDays')] : [];
}

export interface Candidate {
  rep: Rep;
  row: CandidateRow;
  load: number;
  assignedToday: number;
  /** Routing weight after penalties and rewards. */
  weight: number;
}

export interface Gathered {
  /** The selected reps looked at, each with its verdict: every one in id order, or (round robin) those its turn passed, in turn order. */
  rows: CandidateRow[];
  eligible: Candidate[];
  /** Selected reps in id order (for pointers). */
  selected: readonly Rep[];
}

/** Why a candidate was skipped, in words that follow "rep X is …" (the candidate table shows the code). */
export const SKIP_REASON_LABELS: Readonly<Record<SkipReason, Labels>> = {
  inactive: { en: 'inactive', zh: '已停用' },
  suspended: { en: 'suspended from routing', zh: '已暂停分配' },
  away: { en: 'away', zh: '休假中' },
  offShift: { en: 'off shift', zh: '不在班' },
  notEligible: { en: 'not eligible for this lead', zh: '不符合该线索条件' },
  holiday: { en: 'on holiday', zh: '节假日休息' },
  cooling: COOLING_LABEL,
  full: { en: 'full', zh: '已满额' },
  dailyCapReached: { en: 'daily cap reached', zh: '已达每日上限' },
  zeroWeight: { en: 'zero weight', zh: '权重为零' },
  error: { en: 'impossible to evaluate', zh: '无法评估' },
};

/**
 * A skipped row's reason in words, with what the row's detail adds: "on holiday (National Day)" /
 * "节假日休息（国庆节）", "off for the weekend" / "周末休息".
 */
export function skipReasonWords(row: Pick<CandidateRow, 'reason' | 'detail'>): Labels | undefined {
  if (!row.reason) return undefined;
  if (row.reason === 'cooling') return coolingWords(row.detail);
  if (row.reason !== 'holiday') return SKIP_REASON_LABELS[row.reason];
  const { holiday, holidayZh } = row.detail;
  if (typeof holiday === 'string' && typeof holidayZh === 'string') return { en: `on holiday (${holiday})`, zh: `节假日休息（${holidayZh}）` };
  return row.detail.why === 'weekend' ? { en: 'off for the weekend', zh: '周末休息' } : SKIP_REASON_LABELS.holiday;
}

/** A rep's cap for this node: a fixed cap, or what a dynamic-cap node computes. */
export type CapOf = (rep: Rep) => number | undefined;

/**
 * Applies the shared filters in a fixed order and says why each rep was skipped; the first
 * failing filter is the reason shown.
 */
export function gatherCandidates(ctx: ExecContext, sel: CandidateSelection, capOf: CapOf = (r) => r.cap): Gathered {
  const evaluate = candidateEvaluator(ctx, sel, capOf);
  const rows: CandidateRow[] = [];
  const eligible: Candidate[] = [];
  const selected: Rep[] = [];
  for (const rep of selectedReps(ctx.state, sel)) {
    selected.push(rep);
    const { row, candidate } = evaluate(rep);
    rows.push(row);
    if (candidate) eligible.push(candidate);
  }
  return { rows, eligible, selected };
}

/** One rep through the shared filters: its row, and the candidate when it is eligible. */
export type Evaluate = (rep: Rep) => { row: CandidateRow; candidate?: Candidate };

/**
 * The shared filters for one rep at a time, for a node that stops at the first eligible rep
 * (round robin walks from its pointer): what is worked out once per decision (the clock, the
 * lead's ownership history) is worked out here, once.
 */
export function candidateEvaluator(ctx: ExecContext, sel: CandidateSelection, capOf: CapOf = (r) => r.cap): Evaluate {
  const { state, nowMs } = ctx;
  const clock = new LocalClock(nowMs, state.timeZone(), state);
  const day = clock.tenant.day;
  const history = ctx.leadId ? state.ownershipHistory(ctx.leadId) : [];
  return (rep) => {
    try {
      const load = state.openLoad(rep.id);
      const assignedToday = state.assignedOn(rep.id, day);
      const all = state.penalties(rep.id);
      const penalties = all.length === 0 ? NO_PENALTIES : all.filter((p) => isActive(p, nowMs));
      const weight = effectiveWeight(rep, penalties, nowMs);
      const cap = capOf(rep);
      const detail: CandidateRow['detail'] = { load, cap: cap ?? null, assignedToday, weight };
      const reason = skipReason(ctx, rep, sel, load, cap, assignedToday, penalties, history, weight, clock);
      // `detail` is this row's own object: the reason's detail is added to it, not to a copy.
      if (reason)
        return { row: { repId: rep.id, status: 'skipped', reason: reason.code, detail: reason.detail ? Object.assign(detail, reason.detail) : detail } };
      const row: CandidateRow = { repId: rep.id, status: 'eligible', detail };
      return { row, candidate: { rep, row, load, assignedToday, weight } };
    } catch (e) {
      return { row: unevaluable(ctx, rep, e) };
    }
  };
}

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

const NO_PENALTIES: readonly Penalty[] = Object.freeze([]);

/**
 * Local time at one instant, per zone, worked out once per gathering: Intl formatting costs
 * microseconds, and a roster's reps mostly share a handful of zones.
 */
class LocalClock {
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
  ctx: ExecContext,
  rep: Rep,
  sel: CandidateSelection,
  load: number,
  cap: number | undefined,
  assignedToday: number,
  penalties: ReturnType<ExecContext['state']['penalties']>,
  history: ReturnType<ExecContext['state']['ownershipHistory']>,
  weight: number,
  clock: LocalClock,
): { code: SkipReason; detail?: CandidateRow['detail'] } | undefined {
  const now = ctx.nowMs;
  if (!rep.active) return { code: 'inactive' };
  // Loops, not find callbacks: this runs for every rep of the roster on every decision.
  for (const p of penalties) if (p.suspendRouting) return { code: 'suspended', detail: { until: p.until } };
  for (const o of rep.outOfOffice) if (parseInstant(o.from) <= now && now < parseInstant(o.to)) return { code: 'away', detail: { until: o.to } };
  if (sel.respectShifts && rep.calendar !== undefined) {
    const workday = repWorkday(ctx, rep, rep.calendar, clock);
    if ('skip' in workday) return workday.skip;
    if (rep.shifts && rep.shifts.length > 0 && !onShiftAt(rep, clock.in(rep.timeZone ?? clock.tenantZone), workday.today, workday.yesterday)) {
      return { code: 'offShift', detail: { timeZone: rep.timeZone ?? ctx.state.timeZone(), ...(workday.makeUp ? { worksAs: workday.today } : {}) } };
    }
  } else if (sel.respectShifts && rep.shifts && rep.shifts.length > 0 && !onShiftAt(rep, clock.in(rep.timeZone ?? clock.tenantZone))) {
    return { code: 'offShift', detail: { timeZone: rep.timeZone ?? ctx.state.timeZone() } };
  }
  for (const m of sel.match) {
    const value = ctx.fact(m.fact);
    if (!(rep[m.repField] as readonly unknown[]).includes(value)) {
      return { code: 'notEligible', detail: { [m.repField]: rep[m.repField].join('|'), wanted: value === undefined ? null : String(value) } };
    }
  }
  if (sel.cooling !== undefined) {
    const cooling = coolingSkip(ctx, rep, sel.cooling, history, () => clock.coolingCalendar(sel.calendar, sel.cooling!), sel.calendar);
    if (cooling) return cooling;
  } else if (sel.coolingDays > 0) {
    const lost = history.findLast((o) => o.repId === rep.id && o.to !== undefined);
    if (lost && now - Date.parse(lost.to!) < sel.coolingDays * DAY_MS) {
      return { code: 'cooling', detail: { lostAt: lost.to!, coolingUntil: futureIso(Date.parse(lost.to!) + sel.coolingDays * DAY_MS) } };
    }
  }
  if (sel.respectCaps && cap !== undefined && load >= cap) return { code: 'full' };
  if (sel.respectCaps && rep.dailyCap !== undefined && assignedToday >= rep.dailyCap) return { code: 'dailyCapReached', detail: { dailyCap: rep.dailyCap } };
  if (weight <= 0) return { code: 'zeroWeight' };
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
