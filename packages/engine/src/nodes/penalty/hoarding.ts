import { median } from 'simple-statistics';
import { z } from 'zod';
import { penaltySource } from '../../assignment/penalties.js';
import { calendarFor, calendarIdSchema, durationWords, lengthText } from '../../calendar/ruleClock.js';
import type { StateView } from '../../types/state.js';
import type { Lead, OwnershipRecord, Penalty, Rep } from '../../types/domain.js';
import { durationParts, durationSchema, type Duration } from '../../types/duration.js';
import { subtractDuration } from '../../calendar/duration.js';
import { defineNode } from '../../types/nodeSpec.js';
import { localStampOf } from '../../types/localTime.js';
import {
  calendarMissing,
  clockProblems,
  daysSchema,
  lastsSchema,
  lastsWords,
  lengthProblems,
  penaltyLength,
  poolIdSchema,
  release,
  round,
  subjectRep,
  tell,
  tellSchema,
  touched,
  untilIso,
  ONE_RULE_WITH_OUTCOMES,
} from './common.js';

/**
 * Hoarding anomaly (S28): a rep who claimed far more than their peers in a window and followed
 * up on few of those claims is flagged, barred from claiming for D days, and loses the claimed
 * leads they never touched.
 *
 * Peers are the other active reps who share a team with the rep; the rep is left out of the
 * median so one hoarder cannot drag the bar up (in a team of two they would otherwise always
 * pass). With a zero median any claim is infinitely above it, so the ratio is reported as
 * "infinite" and only the floor `minClaims` decides. Each claim is judged once: after a flag,
 * only claims made later count against the rep.
 */
export const hoarding = defineNode({
  kind: 'penalty.hoarding',
  category: 'action',
  labels: { en: 'Hoarding check → suspend claims', zh: '囤积线索检查 → 暂停领取' },
  help: {
    en:
      'Run on a per-rep tick. Counts the rep’s claims in the window and compares them with the median of their team-mates (optionally only those with given roles). If the rep claimed more than “ratio × median” ' +
      '(and at least the minimum) while following up fewer than the given share of those leads, the rep is flagged, may not claim for D days, and the claimed leads without follow-up are released.',
    zh:
      '在按销售运行的定时检查中使用。统计该销售在时间窗内的领取数，并与同组其他销售（可限定角色）的中位数比较。若领取数超过“倍数 × 中位数”（且不少于最低数量），' +
      '而其中有跟进的比例低于设定值，则标记该销售、D 天内禁止领取，并释放其领取后未跟进的线索。',
  },
  schema: z.strictObject({
    /** The look-back window in hours (the original field); or `window`. */
    windowHours: z
      .number()
      .positive()
      .max(24 * 366)
      .optional()
      .meta({
        labels: { en: 'Window (hours)', zh: '时间窗（小时）' },
        help: {
          en: 'Claims in this many past hours count; or use “Window” for minutes, days or working days',
          zh: '统计过去多少小时内的领取；按分钟、天或工作日计请改用“时间窗”',
        },
      }),
    /** The same as a duration, e.g. the last 3 working days. */
    window: durationSchema(
      1,
      366,
      { en: 'Window', zh: '时间窗' },
      {
        en: 'Claims made this long before the check count: an amount and a unit, e.g. 72 hours or 3 working days; at most 366 days. Use this or “Window (hours)”, not both',
        zh: '统计检查前多长时间内的领取：填数值并选单位，例如 72 小时或 3 个工作日，最长 366 天。与“时间窗（小时）”二选一',
      },
    ).optional(),
    /** Only team-mates holding one of these roles are peers (empty: everyone in the team). */
    peerRoles: z.array(z.string().min(1).max(40)).max(50).default([]),
    /** Flag above this multiple of the peers' median (strictly above). */
    ratio: z.number().min(1).max(1000).default(3),
    /** Fewer claims than this are never hoarding, whatever the median (covers a zero median). */
    minClaims: z.number().int().min(1).max(100000).default(5),
    /** Flag only when the share of claimed leads followed up is below this (0‥1). */
    maxFollowUpRate: z.number().min(0).max(1).default(0.2),
    days: daysSchema.optional(),
    lasts: lastsSchema.optional(),
    /** The calendar working days count by (window and suspension length). */
    calendar: calendarIdSchema.optional(),
    /** Optional demotion on top of the claim suspension (1 = none). */
    weightFactor: z.number().min(0).max(1).default(1),
    release: z.boolean().default(true),
    poolId: poolIdSchema.default('public'),
    tell: tellSchema.default(['rep', 'manager']),
  }),
  defaults: {
    windowHours: 72,
    peerRoles: [],
    ratio: 3,
    minClaims: 5,
    maxFollowUpRate: 0.2,
    days: 7,
    weightFactor: 1,
    release: true,
    poolId: 'public',
    tell: ['rep', 'manager'],
  },
  outputs: () => [
    { handle: 'flagged', labels: { en: 'flagged', zh: '已标记' } },
    { handle: 'clear', labels: { en: 'normal', zh: '正常' } },
  ],
  ...ONE_RULE_WITH_OUTCOMES,
  check: (c) => [
    ...clockProblems(
      'window',
      'windowHours',
      { field: c.window !== undefined, legacy: c.windowHours !== undefined },
      { en: 'which window are claims counted in?', zh: '请设置统计领取的时间窗' },
    ),
    ...lengthProblems(c),
  ],
  nextDue: (_c, { policyKey, nodeId }) => {
    const source = penaltySource(policyKey, nodeId);
    return (lead, state) => claimNextDue(source, lead, state);
  },
  dueOutcomes: ['flagged'],
  tickScope: 'reps',
  execute: (ctx, c, _fired, nodeId) => {
    const subject = subjectRep(ctx);
    if ('note' in subject) return { outcome: 'clear', note: subject.note };
    const { repId } = subject;
    const { state, nowMs } = ctx;
    const rep = state.rep(repId)!;
    const window: Duration = c.window ?? { value: c.windowHours ?? 0, unit: 'hours' };
    const length = penaltyLength(c);
    const clock = calendarFor(state, c.calendar, [window, length]);
    if (clock.problem) return calendarMissing(ctx, c.calendar, clock.problem, { en: `the hoarding check of ${repId}`, zh: `${repId} 的囤积线索检查` });
    const calendar = clock.calendar;
    const windowText = c.window === undefined ? lengthText(window, true) : durationWords(window, calendar);
    const windowStart = subtractDuration(nowMs, window, calendar);
    const given = c.window === undefined ? { windowHours: c.windowHours } : { window: durationParts(c.window), ...(calendar ? { calendar: calendar.id } : {}) };
    const source = penaltySource(ctx.policyKey, nodeId);
    const lastFlag = Math.max(
      -Infinity,
      ...state
        .penalties(repId)
        .filter((p) => p.source === source)
        .map((p) => Date.parse(p.from)),
    );
    const claims = claimsIn(state, repId, windowStart, nowMs).filter((o) => Date.parse(o.from) > lastFlag);
    const peers = peersOf(state, rep, c.peerRoles);
    const base = { repId, ...given, claims: claims.length, ...(Number.isFinite(lastFlag) ? { countedSince: new Date(lastFlag).toISOString() } : {}) };
    if (peers.length === 0) {
      return {
        outcome: 'clear',
        detail: { ...base, peers: 0 },
        note: { en: `${repId} has no team-mates to compare with`, zh: `${repId} 没有可比较的同组销售` },
      };
    }
    const peerClaims = peers.map((p) => claimsIn(state, p.id, windowStart, nowMs).length);
    const mid = median(peerClaims);
    const ratio = mid > 0 ? round(claims.length / mid, 2) : null;
    const followed = claims.filter((o) => touchedDuring(state, o, nowMs));
    const followUpRate = claims.length === 0 ? 1 : round(followed.length / claims.length, 4);
    const figures = {
      ...base,
      peers: peers.length,
      median: mid,
      ratio: ratio ?? 'infinite',
      followedUp: followed.length,
      followUpRate,
      threshold: c.ratio,
      minClaims: c.minClaims,
      maxFollowUpRate: c.maxFollowUpRate,
    };
    const ratioText = ratio === null ? '∞' : `${ratio}×`;
    const above = claims.length >= c.minClaims && (mid === 0 || claims.length > c.ratio * mid);
    const neglects = followUpRate < c.maxFollowUpRate;
    if (!above || !neglects) {
      const why = !above
        ? claims.length < c.minClaims
          ? { en: `${claims.length} claims, fewer than the minimum ${c.minClaims}`, zh: `领取 ${claims.length} 条，少于最低数量 ${c.minClaims}` }
          : { en: `${claims.length} claims are not above ${c.ratio} × the median ${mid}`, zh: `领取 ${claims.length} 条，未超过中位数 ${mid} 的 ${c.ratio} 倍` }
        : {
            en: `${claims.length} claims (${ratioText} the median ${mid}) but ${pct(followUpRate)} followed up, not below ${pct(c.maxFollowUpRate)}`,
            zh: `领取 ${claims.length} 条（中位数 ${mid} 的 ${ratioText}），但跟进率 ${pct(followUpRate)}，不低于 ${pct(c.maxFollowUpRate)}`,
          };
      return { outcome: 'clear', detail: figures, note: { en: `${repId}: ${why.en}`, zh: `${repId}：${why.zh}` } };
    }

    const until = untilIso(nowMs, length, calendar);
    // Messages show the tenant's wall clock; the penalty and the detail keep the ISO instant.
    const shown = localStampOf(until, state.timeZone());
    const lasts = lastsWords(c, calendar);
    const neglected = [
      ...new Set(claims.filter((o) => !followed.includes(o) && o.to === undefined && state.lead(o.leadId)?.ownerId === repId).map((o) => o.leadId)),
    ].sort();
    const summary = `${claims.length} claims in ${windowText.en}, ${ratioText} the team median ${mid}, ${pct(followUpRate)} followed up`;
    const summaryZh = `${windowText.zh}内领取 ${claims.length} 条，为同组中位数 ${mid} 的 ${ratioText}，跟进率 ${pct(followUpRate)}`;
    ctx.change({
      type: 'rep.flag',
      repId,
      reason: 'hoarding',
      at: ctx.nowIso,
      nodeId,
      detail: {
        claims: claims.length,
        median: mid,
        ratio: ratio ?? 'infinite',
        followUpRate,
        ...(c.window === undefined ? { windowHours: c.windowHours ?? 0 } : { window: windowText.en }),
        peers: peers.length,
      },
    });
    const penalty: Penalty = {
      repId,
      from: ctx.nowIso,
      until,
      weightFactor: c.weightFactor,
      suspendClaims: true,
      suspendRouting: false,
      reason: `hoarding: ${summary}`.slice(0, 500),
      reasonZh: `囤积线索：${summaryZh}`.slice(0, 500),
      kind: 'hoarding',
      decay: 'none',
      source,
    };
    ctx.change({ type: 'penalty.add', penalty });
    if (c.release) release(ctx, nodeId, repId, neglected, c.poolId);
    const released =
      c.release && neglected.length > 0
        ? { en: `; released ${neglected.join(', ')} to pool ${c.poolId}`, zh: `；已释放 ${neglected.join('、')} 回线索池 ${c.poolId}` }
        : { en: '', zh: '' };
    const demoted = c.weightFactor < 1 ? { en: `, routing weight × ${c.weightFactor}`, zh: `，分配权重 × ${c.weightFactor}` } : { en: '', zh: '' };
    const note = {
      en: `${repId} flagged for hoarding: ${summary}. Claiming suspended until ${shown}${lasts.en}${demoted.en}${released.en}`,
      zh: `${repId} 被标记为囤积线索：${summaryZh}。暂停领取至 ${shown}${lasts.zh}${demoted.zh}${released.zh}`,
    };
    const told = tell(ctx, nodeId, repId, c.tell, note);
    return { outcome: 'flagged', detail: { ...figures, until, released: c.release ? neglected : [], told: told.map((r) => r.id) }, note };
  },
});

/**
 * Next due (types/nodeSpec.ts), for the claimer's per-rep tick: a rep is flagged only for claims
 * made after their last flag, so a lead counts from its earliest claim that no flag of this node
 * has judged yet (the claimer's tick). Whether the claims add up depends on the rep's other claims and their
 * peers' (a window sliding over both), so this is only the lower bound "from the claim on": the
 * caller re-checks the rep at its own pace while the bound is in the past.
 */
function claimNextDue(source: string, lead: Lead, state: StateView): number | undefined {
  let due: number | undefined;
  for (const o of state.ownershipHistory(lead.id)) {
    if (o.via !== 'claimed') continue;
    const at = Date.parse(o.from);
    if (!Number.isFinite(at) || (due !== undefined && at >= due)) continue;
    if (state.penalties(o.repId).some((p) => p.source === source && Date.parse(p.from) >= at)) continue;
    due = at;
  }
  return due;
}

const pct = (x: number): string => `${round(x * 100, 1)}%`;

/** Claims (not assignments) the rep started in [from, to]. */
function claimsIn(state: StateView, repId: string, fromMs: number, toMs: number): OwnershipRecord[] {
  return state.ownershipsOf(repId).filter((o) => {
    if (o.via !== 'claimed') return false;
    const at = Date.parse(o.from);
    return fromMs <= at && at <= toMs;
  });
}

/** Other active reps who share at least one team with the rep (and hold a peer role, when given). */
function peersOf(state: StateView, rep: Rep, roles: readonly string[]): Rep[] {
  if (rep.teams.length === 0) return [];
  return state
    .reps()
    .filter((r) => r.id !== rep.id && r.active && r.teams.some((t) => rep.teams.includes(t)) && (roles.length === 0 || r.roles.some((x) => roles.includes(x))));
}

/** A follow-up by the claimer while they held the lead. */
function touchedDuring(state: StateView, claim: OwnershipRecord, nowMs: number): boolean {
  const lead = state.lead(claim.leadId) ?? { id: claim.leadId };
  const end = claim.to === undefined ? nowMs : Math.min(nowMs, Date.parse(claim.to));
  return touched(state, lead, claim.repId, Date.parse(claim.from), end) !== undefined;
}
