import { z } from 'zod';
import type { ExecContext } from '../nodes/spec.js';
import type { Penalty, Rep } from '../types/domain.js';
import type { CandidateRow, Labels, SkipReason } from '../types/decision.js';
import { DAY_MS, futureIso, localTime, parseClock, type LocalTime } from '../engine/time.js';
import { effectiveWeight, isActive } from './penalties.js';

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
  respectShifts: z.boolean().default(true),
  respectCaps: z.boolean().default(true),
};
export const candidateSelectionSchema = z.strictObject(candidateSelection);
export type CandidateSelection = z.infer<typeof candidateSelectionSchema>;

export interface Candidate {
  rep: Rep;
  row: CandidateRow;
  load: number;
  assignedToday: number;
  /** Routing weight after penalties and rewards. */
  weight: number;
}

export interface Gathered {
  /** Every selected rep in id order, each with its verdict. */
  rows: CandidateRow[];
  eligible: Candidate[];
  /** Selected reps in id order (for pointers). */
  selected: Rep[];
}

/** Why a candidate was skipped, in words that follow "rep X is …" (the candidate table shows the code). */
export const SKIP_REASON_LABELS: Readonly<Record<SkipReason, Labels>> = {
  inactive: { en: 'inactive', zh: '已停用' },
  suspended: { en: 'suspended from routing', zh: '已暂停分配' },
  away: { en: 'away', zh: '休假中' },
  offShift: { en: 'off shift', zh: '不在班' },
  notEligible: { en: 'not eligible for this lead', zh: '不符合该线索条件' },
  cooling: { en: 'cooling off after losing this lead', zh: '处于失去该线索后的冷却期' },
  full: { en: 'full', zh: '已满额' },
  dailyCapReached: { en: 'daily cap reached', zh: '已达每日上限' },
  zeroWeight: { en: 'zero weight', zh: '权重为零' },
  error: { en: 'impossible to evaluate', zh: '无法评估' },
};

/** A rep's cap for this node: a fixed cap, or what a dynamic-cap node computes. */
export type CapOf = (rep: Rep) => number | undefined;

/**
 * Applies the shared filters in a fixed order and says why each rep was skipped; the first
 * failing filter is the reason shown.
 */
export function gatherCandidates(ctx: ExecContext, sel: CandidateSelection, capOf: CapOf = (r) => r.cap): Gathered {
  const { state, nowMs } = ctx;
  const clock = new LocalClock(nowMs, state.timeZone());
  const day = clock.tenant.day;
  const history = ctx.leadId ? state.ownershipHistory(ctx.leadId) : [];
  const rows: CandidateRow[] = [];
  const eligible: Candidate[] = [];
  const selected: Rep[] = [];
  for (const rep of state.reps()) {
    if (!isSelected(rep, sel)) continue;
    selected.push(rep);
    try {
      const load = state.openLoad(rep.id);
      const assignedToday = state.assignedOn(rep.id, day);
      const all = state.penalties(rep.id);
      const penalties = all.length === 0 ? NO_PENALTIES : all.filter((p) => isActive(p, nowMs));
      const weight = effectiveWeight(rep, penalties, nowMs);
      const cap = capOf(rep);
      const detail: CandidateRow['detail'] = { load, cap: cap ?? null, assignedToday, weight };
      const reason = skipReason(ctx, rep, sel, { load, cap, assignedToday, penalties, history, weight }, clock);
      const row: CandidateRow = reason ? { repId: rep.id, status: 'skipped', reason: reason.code, detail: { ...detail, ...reason.detail } } : { repId: rep.id, status: 'eligible', detail };
      rows.push(row);
      if (!reason) eligible.push({ rep, row, load, assignedToday, weight });
    } catch (e) {
      rows.push(unevaluable(ctx, rep, e));
    }
  }
  return { rows, eligible, selected };
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
  private readonly others = new Map<string, LocalTime>();
  constructor(
    readonly nowMs: number,
    readonly tenantZone: string,
  ) {
    this.tenant = localTime(nowMs, tenantZone);
  }
  in(zone: string): LocalTime {
    if (zone === this.tenantZone) return this.tenant;
    let local = this.others.get(zone);
    if (!local) {
      local = localTime(this.nowMs, zone);
      this.others.set(zone, local);
    }
    return local;
  }
}

/** Loops rather than `some` callbacks: this runs for every rep of the roster on every decision. */
function isSelected(rep: Rep, sel: CandidateSelection): boolean {
  const anyFilter = sel.teams.length + sel.roles.length + sel.reps.length > 0;
  if (!anyFilter) return true;
  if (sel.reps.includes(rep.id)) return true;
  for (const t of rep.teams) if (sel.teams.includes(t)) return true;
  for (const r of rep.roles) if (sel.roles.includes(r)) return true;
  return false;
}

function skipReason(
  ctx: ExecContext,
  rep: Rep,
  sel: CandidateSelection,
  s: { load: number; cap: number | undefined; assignedToday: number; penalties: ReturnType<ExecContext['state']['penalties']>; history: ReturnType<ExecContext['state']['ownershipHistory']>; weight: number },
  clock: LocalClock,
): { code: SkipReason; detail?: CandidateRow['detail'] } | undefined {
  const now = ctx.nowMs;
  if (!rep.active) return { code: 'inactive' };
  const suspension = s.penalties.find((p) => p.suspendRouting);
  if (suspension) return { code: 'suspended', detail: { until: suspension.until } };
  const away = rep.outOfOffice.find((o) => Date.parse(o.from) <= now && now < Date.parse(o.to));
  if (away) return { code: 'away', detail: { until: away.to } };
  if (sel.respectShifts && rep.shifts && rep.shifts.length > 0 && !onShiftAt(rep, clock.in(rep.timeZone ?? clock.tenantZone))) {
    return { code: 'offShift', detail: { timeZone: rep.timeZone ?? ctx.state.timeZone() } };
  }
  for (const m of sel.match) {
    const value = ctx.fact(m.fact);
    if (!(rep[m.repField] as readonly unknown[]).includes(value)) {
      return { code: 'notEligible', detail: { [m.repField]: rep[m.repField].join('|'), wanted: value === undefined ? null : String(value) } };
    }
  }
  if (sel.coolingDays > 0) {
    const lost = s.history.findLast((o) => o.repId === rep.id && o.to !== undefined);
    if (lost && now - Date.parse(lost.to!) < sel.coolingDays * DAY_MS) {
      return { code: 'cooling', detail: { lostAt: lost.to!, coolingUntil: futureIso(Date.parse(lost.to!) + sel.coolingDays * DAY_MS) } };
    }
  }
  if (sel.respectCaps && s.cap !== undefined && s.load >= s.cap) return { code: 'full' };
  if (sel.respectCaps && rep.dailyCap !== undefined && s.assignedToday >= rep.dailyCap) return { code: 'dailyCapReached', detail: { dailyCap: rep.dailyCap } };
  if (s.weight <= 0) return { code: 'zeroWeight' };
  return undefined;
}

/** On shift when the rep's local weekday and time fall in one of the shifts (an overnight shift wraps). */
export function onShift(rep: Rep, nowMs: number, tenantZone: string): boolean {
  return onShiftAt(rep, localTime(nowMs, rep.timeZone ?? tenantZone));
}

function onShiftAt(rep: Rep, local: LocalTime): boolean {
  for (const shift of rep.shifts ?? []) {
    const start = parseClock(shift.start);
    const end = parseClock(shift.end);
    if (start <= end) {
      if (shift.days.includes(local.weekday) && local.minutes >= start && local.minutes < end) return true;
    } else {
      const yesterday = local.weekday === 1 ? 7 : local.weekday - 1;
      if (shift.days.includes(local.weekday) && local.minutes >= start) return true;
      if (shift.days.includes(yesterday) && local.minutes < end) return true;
    }
  }
  return false;
}
