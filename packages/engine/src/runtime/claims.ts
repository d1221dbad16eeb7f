import type { StateChange, StateView } from '../types/state.js';
import type { Lead, Penalty } from '../types/domain.js';
import type { Labels } from '../types/decision.js';
import type { Instant } from './decide.js';
import { appliedLimit, limitDetail } from './claimLimits.js';
import type { WorkingCalendar } from '../calendar/workingTime.js';
import type { OwnershipRecord } from '../types/domain.js';
import { durationParts, type Duration } from '../types/duration.js';
import { addDuration } from '../calendar/duration.js';
import { calendarFor, durationWords } from '../calendar/ruleClock.js';
import { futureIso, localStamp, localTime } from '../types/localTime.js';

/** A rep asks to take a lead from a pool (领取 / 抢占, S9, S20). */
export interface ClaimRequest {
  leadId: string;
  repId: string;
  poolId: string;
}

/** Why a claim is refused; the CRM shows `message` and may switch on `code`. */
export type ClaimRefusalCode = 'unknownRep' | 'notInPool' | 'claimSuspended' | 'formerOwnerCooling' | 'dailyClaimLimit' | 'ownedCap';

export type ClaimCheck = { ok: true } | { ok: false; code: ClaimRefusalCode; message: Labels; detail: Record<string, string | number | boolean | null> };

/** Claims carry this in place of a policy node id: no flow decided them. */
export const CLAIM_NODE_ID = 'claim';

/**
 * Whether a rep may claim a lead from a pool now. Pure: the server calls it inside the
 * transaction that then applies `claimChanges`. Checks run in a fixed order and the first that
 * fails is the answer: who (unknownRep), what (notInPool), then the rep's suspension, the former
 * owner's cooling, the daily claim limit (tenant-local day) and the owned-customer cap. Both limits
 * may differ per rep, level or team (`pool.limits`, S9); the refusal says which one applied.
 */
export function checkClaim(state: StateView, req: ClaimRequest, now: Instant): ClaimCheck {
  const nowMs = toMs(now);
  const { leadId, repId, poolId } = req;
  const zone = state.timeZone();
  const rep = state.rep(repId);
  if (!rep) return refuse('unknownRep', { en: `rep ${repId} is not known`, zh: `未知的销售 ${repId}` }, { repId });

  const pool = state.pool(poolId);
  const lead = state.lead(leadId);
  if (!pool) return notInPool(req, 'unknownPool', { en: `pool ${poolId} does not exist`, zh: `线索池 ${poolId} 不存在` });
  if (!lead) return notInPool(req, 'unknownLead', { en: `lead ${leadId} does not exist`, zh: `线索 ${leadId} 不存在` });
  if (lead.ownerId) {
    return notInPool(
      req,
      'owned',
      { en: `lead ${leadId} is already owned by ${lead.ownerId}`, zh: `线索 ${leadId} 已由 ${lead.ownerId} 负责` },
      { ownerId: lead.ownerId },
    );
  }
  if (lead.poolId !== poolId) {
    return notInPool(
      req,
      'otherPool',
      { en: `lead ${leadId} is not in pool ${poolId}`, zh: `线索 ${leadId} 不在线索池 ${poolId} 中` },
      { leadPoolId: lead.poolId ?? null },
    );
  }

  const suspension = activeSuspension(state.penalties(repId), nowMs);
  if (suspension) {
    const until = stamp(Date.parse(suspension.until), zone);
    const why = suspensionReason(suspension);
    return refuse(
      'claimSuspended',
      {
        en: `${repId} may not claim leads until ${until}${why ? ` (${why.en})` : ''}`,
        zh: `${repId} 的领取权限已暂停至 ${until}${why ? `（${why.zh}）` : ''}`,
      },
      { repId, until: suspension.until, penaltyKind: suspension.kind, reason: suspension.reason ?? null },
    );
  }

  const cooling = pool.cooling ?? pool.coolingDays ?? 0;
  if (durationParts(cooling).value > 0) {
    // The rep's latest ownership of this lead that ended, however it ended (as routing's cooling, S14).
    const lost = state.ownershipHistory(leadId).findLast((o) => o.repId === repId && o.to !== undefined);
    const lostMs = lost ? Date.parse(lost.to!) : NaN;
    const clock = lost ? calendarFor(state, pool.calendar, [cooling]) : { calendar: undefined };
    if (lost && clock.problem) {
      // Without its calendar the cooling cannot be counted; only the former owner it holds back is refused, and told why.
      return refuse(
        'formerOwnerCooling',
        {
          en: `${repId} lost lead ${leadId} on ${stamp(lostMs, zone)}; pool ${poolId} counts the former owner's cooling in working days, but ${clock.problem.en}`,
          zh: `${repId} 于 ${stamp(lostMs, zone)} 失去线索 ${leadId}；线索池 ${poolId} 的原负责人冷却期按工作日计算，但${clock.problem.zh}`,
        },
        { repId, leadId, lostAt: lost.to!, endReason: lost.endReason ?? null, calendarMissing: pool.calendar ?? null },
      );
    }
    const untilMs = lost ? addDuration(lostMs, cooling, clock.calendar) : NaN;
    if (lost && nowMs < untilMs) {
      if (pool.cooling !== undefined) return coolingRefusal(req, lost, lostMs, untilMs, zone, pool.cooling, clock.calendar);
      const days = pool.coolingDays ?? 0;
      return refuse(
        'formerOwnerCooling',
        {
          en: `${repId} lost lead ${leadId} on ${stamp(lostMs, zone)}; pool ${poolId} lets a former owner claim it again after ${days} days, from ${stamp(untilMs, zone)}`,
          zh: `${repId} 于 ${stamp(lostMs, zone)} 失去线索 ${leadId}；线索池 ${poolId} 的原负责人冷却期为 ${days} 天，${stamp(untilMs, zone)} 起才可重新领取`,
        },
        { repId, leadId, lostAt: lost.to!, endReason: lost.endReason ?? null, coolingDays: days, coolingUntil: futureIso(untilMs) },
      );
    }
  }

  const daily = appliedLimit(pool, rep, 'dailyClaimLimit');
  if (daily) {
    // Ownership records do not say which pool a claim came from: every claim of the day counts.
    const today = localTime(nowMs, zone).day;
    let claimed = 0;
    for (const o of state.ownershipsOf(repId)) if (o.via === 'claimed' && localTime(Date.parse(o.from), zone).day === today) claimed++;
    if (claimed >= daily.limit) {
      const n = daily.limit;
      const rule =
        daily.source === 'pool'
          ? { en: `pool ${poolId} allows ${n} a day`, zh: `线索池 ${poolId} 每人每天最多领取 ${n} 条` }
          : { en: `${daily.who.en} may claim at most ${n} a day from pool ${poolId}`, zh: `${daily.who.zh}每日最多领取 ${n} 条（线索池 ${poolId}）` };
      return refuse(
        'dailyClaimLimit',
        {
          en: `${repId} has claimed ${claimed} lead${claimed === 1 ? '' : 's'} today (${today}); ${rule.en}`,
          zh: `${repId} 今天（${today}）已领取 ${claimed} 条线索；${rule.zh}`,
        },
        { repId, day: today, timeZone: zone, claimedToday: claimed, dailyClaimLimit: n, ...limitDetail(daily) },
      );
    }
  }

  const cap = appliedLimit(pool, rep, 'ownedCap');
  if (cap) {
    const countSigned = pool.countSigned !== false;
    let owned = 0;
    for (const l of state.leadsOwnedBy(repId)) if (l.status !== 'lost' && (countSigned || !isSigned(l))) owned++;
    if (owned >= cap.limit) {
      const n = cap.limit;
      const which = countSigned ? { en: 'signed ones included', zh: '含已签约客户' } : { en: 'signed ones not counted', zh: '不含已签约客户' };
      const rule =
        cap.source === 'pool'
          ? { en: `pool ${poolId} allows at most ${n}`, zh: `线索池 ${poolId} 规定每人最多 ${n} 个` }
          : { en: `${cap.who.en} may own at most ${n} to claim from pool ${poolId}`, zh: `${cap.who.zh}最多拥有 ${n} 个（线索池 ${poolId}）` };
      return refuse(
        'ownedCap',
        {
          en: `${repId} owns ${owned} customer${owned === 1 ? '' : 's'} (${which.en}); ${rule.en}`,
          zh: `${repId} 已拥有 ${owned} 个客户（${which.zh}）；${rule.zh}`,
        },
        { repId, owned, ownedCap: n, countSigned, ...limitDetail(cap) },
      );
    }
  }
  return { ok: true };
}

/** The state changes of a successful claim: the lead becomes the rep's, recorded as claimed. */
export function claimChanges(state: StateView, req: ClaimRequest, now: Instant): StateChange[] {
  const at = new Date(toMs(now)).toISOString();
  return [
    {
      type: 'lead.assign',
      leadId: req.leadId,
      repId: req.repId,
      previousOwnerId: state.lead(req.leadId)?.ownerId ?? null,
      at,
      nodeId: CLAIM_NODE_ID,
      via: 'claimed',
    },
  ];
}

/** A customer with a signed deal: flagged by the CRM, or a won lead. */
const isSigned = (l: Lead) => l.signed === true || l.status === 'won';

/** The suspension that lasts longest, among those in force now. */
function activeSuspension(penalties: readonly Penalty[], nowMs: number): Penalty | undefined {
  let best: Penalty | undefined;
  for (const p of penalties) {
    if (!p.suspendClaims || !(Date.parse(p.from) <= nowMs && nowMs < Date.parse(p.until))) continue;
    if (!best || Date.parse(p.until) > Date.parse(best.until)) best = p;
  }
  return best;
}

/** The former owner is still cooling, by a cooling given as a duration (hours, working days …). */
function coolingRefusal(
  req: ClaimRequest,
  lost: OwnershipRecord,
  lostMs: number,
  untilMs: number,
  zone: string,
  cooling: Duration,
  calendar: WorkingCalendar | undefined,
): ClaimCheck {
  const { repId, leadId, poolId } = req;
  const words = durationWords(cooling, calendar);
  const { value, unit } = durationParts(cooling);
  return refuse(
    'formerOwnerCooling',
    {
      en: `${repId} lost lead ${leadId} on ${stamp(lostMs, zone)}; pool ${poolId} lets a former owner claim it again after ${words.en}, from ${stamp(untilMs, zone)}`,
      zh: `${repId} 于 ${stamp(lostMs, zone)} 失去线索 ${leadId}；线索池 ${poolId} 的原负责人冷却期为 ${words.zh}，${stamp(untilMs, zone)} 起才可重新领取`,
    },
    {
      repId,
      leadId,
      lostAt: lost.to!,
      endReason: lost.endReason ?? null,
      coolingValue: value,
      coolingUnit: unit,
      ...(calendar ? { calendar: calendar.id } : {}),
      coolingUntil: futureIso(untilMs),
    },
  );
}

function refuse(code: ClaimRefusalCode, message: Labels, detail: Record<string, string | number | boolean | null>): ClaimCheck {
  return { ok: false, code, message, detail };
}

function notInPool(req: ClaimRequest, reason: string, message: Labels, extra: Record<string, string | null> = {}): ClaimCheck {
  return refuse('notInPool', message, { leadId: req.leadId, poolId: req.poolId, reason, ...extra });
}

function toMs(now: Instant): number {
  const ms = typeof now === 'number' ? now : typeof now === 'string' ? Date.parse(now) : now.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(now)}`);
  return ms;
}

/** What a penalty kind means, for a suspension whose Chinese reason was not stored (written before `reasonZh`). */
const PENALTY_KIND_ZH: Record<Penalty['kind'], string> = { idle: '领取后未跟进', hoarding: '囤积线索', reward: '快速跟进奖励', manual: '' };

/**
 * Why a rep's claiming is suspended, in both languages: a policy's penalty stores both; an older
 * one only its English `reason`, whose Chinese is then its kind (never English in a zh message); a
 * manual penalty's reason is the person's own words, shown as written.
 */
function suspensionReason(p: Penalty): Labels | undefined {
  if (!p.reason) return p.reasonZh ? { en: p.reasonZh, zh: p.reasonZh } : undefined;
  const zh = p.reasonZh ?? (p.kind === 'manual' || !PENALTY_KIND_ZH[p.kind] ? p.reason : PENALTY_KIND_ZH[p.kind]);
  return { en: p.reason, zh };
}

/** `2026-03-10 08:00` on the tenant's clock: the one way messages show an instant (types/localTime.ts). */
const stamp = localStamp;
