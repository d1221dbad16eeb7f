import { DAY_MS, localTime } from '../../engine/time.js';
import type { Labels } from '../../types/decision.js';
import type { ReclaimClock } from './clock.js';
import { EXEMPTION_WORDS, RULE_WORDS, type Exemption } from './config.js';

/**
 * The sentences a rep reads about their lead ("why did I lose this customer?"). Dates are the
 * tenant's calendar days; "9 days" counts whole 24-hour periods since the clock started.
 */
export interface Wording {
  zone: string;
  nowMs: number;
  /** The band's label, or none for the default row without one. */
  band: Labels | undefined;
}

export const day = (ms: number, zone: string): string => localTime(ms, zone).day;

/** `2026-03-09 10:00` in the tenant zone. */
export function stamp(ms: number, zone: string): string {
  const t = localTime(ms, zone);
  return `${t.day} ${pad(Math.floor(t.minutes / 60))}:${pad(t.minutes % 60)}`;
}

const pad = (n: number) => String(n).padStart(2, '0');
export const dayCount = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
/** Whole days since the clock started; 0 for a start in the future (a CRM clock running ahead). */
export const elapsedDays = (c: ReclaimClock, nowMs: number) => Math.max(0, Math.floor((nowMs - c.startMs) / DAY_MS));

/** "no follow-up since 2026-03-02" / "自 2026-03-02 起未跟进". */
function since(c: ReclaimClock, zone: string): Labels {
  const w = RULE_WORDS[c.rule];
  const d = day(c.startMs, zone);
  switch (c.basis) {
    case 'event':
      return { en: `${w.en} since ${d}`, zh: `自 ${d} 起${w.zh}` };
    case 'ownedSince':
      return { en: `${w.en} since the owner got it on ${d}`, zh: `自 ${d} 接手以来${w.zh}` };
    case 'createdAt':
      return { en: `${w.en} since it was created on ${d}`, zh: `自 ${d} 创建以来${w.zh}` };
  }
}

/**
 * "no follow-up since 2026-03-02, 9 days > 7 for level B" / "自 2026-03-02 起未跟进，9 天 > B 级客户的 7 天".
 * Due means elapsed ≥ the threshold, so a clock due on the day itself reads "7 days ≥ 7".
 */
export function verdict(c: ReclaimClock, w: Wording): Labels {
  const s = since(c, w.zone);
  const n = elapsedDays(c, w.nowMs);
  const sign = w.nowMs >= c.dueMs ? (n > c.days ? '>' : '≥') : '<';
  return {
    en: `${s.en}, ${dayCount(n)} ${sign} ${c.days}${w.band ? ` for ${w.band.en}` : ''}`,
    zh: `${s.zh}，${n} 天 ${sign} ${w.band ? `${w.band.zh}的 ` : ''}${c.days} 天`,
  };
}

export const joined = (parts: Labels[]): Labels => ({ en: parts.map((p) => p.en).join('; '), zh: parts.map((p) => p.zh).join('；') });

export const exemptionList = (list: Exemption[]): Labels => ({
  en: list.map((e) => EXEMPTION_WORDS[e].en).join(', '),
  zh: list.map((e) => EXEMPTION_WORDS[e].zh).join('、'),
});

/** Whole days left before `dueMs`, rounded up: 36 hours left is "2 days". */
export const daysLeft = (dueMs: number, nowMs: number) => Math.ceil((dueMs - nowMs) / DAY_MS);
