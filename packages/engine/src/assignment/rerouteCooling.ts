import type { Rep } from '../types/domain.js';
import type { CandidateRow, Labels, SkipReason } from '../types/decision.js';
import type { ExecContext } from '../types/nodeSpec.js';
import { futureIso, localStampOf } from '../types/localTime.js';
import { durationParts, type Duration } from '../types/duration.js';
import { addDuration } from '../calendar/duration.js';
import { durationWords, type RuleCalendar } from '../calendar/ruleClock.js';

/** The cooling skip reason in words (SKIP_REASON_LABELS reads it from here). */
export const COOLING_LABEL: Labels = { en: 'cooling off after losing this lead', zh: '处于失去该线索后的冷却期' };

type Skip = { code: SkipReason; detail: CandidateRow['detail'] };

/**
 * The former owner's cooling given as a duration (S14): counted from when the rep's latest
 * ownership of the lead ended, by the node's calendar for working days. Without that calendar the
 * cooling cannot be counted, so the former owner stays out (as on a pool) and the decision says why.
 */
export function coolingSkip(
  ctx: ExecContext,
  rep: Rep,
  cooling: Duration,
  history: ReturnType<ExecContext['state']['ownershipHistory']>,
  calendarOf: () => RuleCalendar,
  calendarId: string | undefined,
): Skip | undefined {
  if (durationParts(cooling).value <= 0) return undefined;
  const lost = history.findLast((o) => o.repId === rep.id && o.to !== undefined);
  if (!lost) return undefined;
  const found = calendarOf();
  if (found.problem) {
    ctx.warn({
      code: 'calendarMissing',
      repId: rep.id,
      error: found.problem.en,
      message: {
        en: `rep ${rep.id} lost this lead and was kept out: the cooling cannot be counted, ${found.problem.en}`,
        zh: `销售 ${rep.id} 曾失去该线索，暂不分配：无法计算冷却期，${found.problem.zh}`,
      },
    });
    return { code: 'cooling', detail: { lostAt: lost.to!, calendarMissing: calendarId ?? null, error: found.problem.en } };
  }
  const untilMs = addDuration(Date.parse(lost.to!), cooling, found.calendar);
  if (ctx.nowMs >= untilMs) return undefined;
  const { value, unit } = durationParts(cooling);
  const words = durationWords(cooling, found.calendar);
  return {
    code: 'cooling',
    detail: {
      lostAt: lost.to!,
      coolingUntil: futureIso(untilMs),
      coolingValue: value,
      coolingUnit: unit,
      ...(found.calendar ? { calendar: found.calendar.id } : {}),
      counted: words.en,
      countedZh: words.zh,
    },
  };
}

/**
 * "… until 2025-09-30 16:00, 3 working days (calendar Mainland China 2025) from losing it": when, and
 * how it was counted. `zone`: the tenant's, whose wall clock shows the instant (ISO without one).
 */
export function coolingWords(detail: CandidateRow['detail'], zone?: string): Labels {
  const base = COOLING_LABEL;
  const { counted, countedZh, calendarMissing } = detail;
  const coolingUntil = typeof detail.coolingUntil === 'string' && zone !== undefined ? localStampOf(detail.coolingUntil, zone) : detail.coolingUntil;
  if (typeof calendarMissing === 'string') {
    return { en: `${base.en}; its working-day calendar "${calendarMissing}" is missing`, zh: `${base.zh}；所用工作日历“${calendarMissing}”不存在` };
  }
  if (typeof coolingUntil !== 'string') return base;
  if (typeof counted === 'string' && typeof countedZh === 'string') {
    return { en: `${base.en} until ${coolingUntil}, ${counted} from losing it`, zh: `${base.zh}，至 ${coolingUntil} 止，自失去起计 ${countedZh}` };
  }
  return { en: `${base.en} until ${coolingUntil}`, zh: `${base.zh}，至 ${coolingUntil} 止` };
}
