import type { Language } from '../i18n/index.js';
import type { Shift } from './cells.js';
import { en, zh } from './messages.js';

const LOCALES: Record<Language, string> = { zh: 'zh-CN', en: 'en' };
const WORDS: Record<Language, typeof en.days> = { zh: zh.days, en: en.days };

/** 1 January 2024 was a Monday: day n of the week (1 = Monday … 7 = Sunday) falls on 2024-01-0n. */
const dayOf = (n: number) => Date.UTC(2024, 0, n);

/** A day of the week (1 = Monday … 7 = Sunday) as the language writes it short: 周一, Mon. */
export function weekdayName(day: number, lang: Language): string {
  return new Intl.DateTimeFormat(LOCALES[lang], { weekday: 'short', timeZone: 'UTC' }).format(dayOf(day));
}

/**
 * Days of the week as people write them: 周一至周五 / Mon–Fri, 周一、周三 / Mon, Wed, 周末 /
 * weekends, 每天 / every day. Three days or more in a row are a range; the rest are listed.
 */
export function daysLabel(days: number[], lang: Language): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const words = WORDS[lang];
  if (sorted.join() === '1,2,3,4,5,6,7') return words.everyDay;
  if (sorted.join() === '6,7') return words.weekends;
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${weekdayName(sorted[i]!, lang)}${words.through}${weekdayName(sorted[j]!, lang)}`);
    else for (let k = i; k <= j; k++) parts.push(weekdayName(sorted[k]!, lang));
    i = j + 1;
  }
  return new Intl.ListFormat(LOCALES[lang], { type: 'conjunction', style: 'narrow' }).format(parts);
}

/** Shifts in the chosen language ("周一至周五 09:00-18:00；周六 10:00-14:00"); the paste and the form read it back. */
export function shiftsLabel(shifts: Shift[] | undefined, lang: Language): string {
  if (!shifts?.length) return '';
  return shifts.map((s) => `${daysLabel(s.days, lang)} ${s.start}-${s.end}`).join(lang === 'zh' ? '；' : '; ');
}

/** The words daysLabel writes for several days at once, in either language, as the days they mean. */
export function dayWords(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const w of Object.values(WORDS)) {
    out.set(w.weekends.toLowerCase(), [6, 7]);
    out.set(w.everyDay.toLowerCase(), [1, 2, 3, 4, 5, 6, 7]);
  }
  return out;
}
