/**
 * A lead export shaped like a real marketing-automation tool's (issue #15's second proof: the smart
 * score must beat a hand-made points table on it). Deterministic per seed (pure-rand streams keyed
 * by seed and lead number, as in the synthetic world).
 *
 * Columns known when the lead is created: Lead Origin, Lead Source, Do Not Email, TotalVisits, Total
 * Time Spent on Website, Page Views Per Visit, Last Activity, Country, Specialization, What is your
 * current occupation, City (and Created At). Blanks and the untouched "Select" drop-down are missing
 * values, as in the real thing; Lead Source has "Google" and "google".
 * Columns that LEAK (sales fills them in after the outcome): Tags, Lead Quality, Last Notable
 * Activity — and of course Converted, Converted At and Amount, the outcome itself.
 * The hidden model (log-odds, interactions, non-linear website effect, time trend, unseen intent)
 * is described in marketing-hidden.ts; `truth` is its P(won | columns known at creation).
 * The activities file holds early touches (emails opened, page visits, forms, chats, calls) in the
 * two weeks after creation; their number rises with the unseen intent.
 */
import type { PolicyDocument } from '@sluice/engine';
import type { MappingInput } from '../../packages/simulator/src/history/mapping.js';
import { lognormal, normal, type Stream, stream, weightedIndex } from '../../packages/simulator/src/world/random.js';
import { examplePolicy } from '../index.js';
import { csvText, zhAmount } from './csv.js';
import { creationLogit, probabilityAtCreation, probabilityWithIntent } from './marketing-hidden.js';
import {
  ACTIVITY_HEADERS,
  CONVERTED_VALUES,
  MARKETING_HEADERS,
  MARKETING_TIME_ZONE,
  type MarketingColumn,
  type MarketingLang,
  marketingMapping,
} from './marketing-mapping.js';
import {
  ACTIVITY_KINDS,
  CITIES,
  COUNTRIES,
  DO_NOT_EMAIL,
  FEES,
  LAST_ACTIVITIES,
  LAST_NOTABLE,
  LEAD_QUALITY,
  type LeakLevel,
  type Level,
  OCCUPATIONS,
  type OccupationKey,
  OLARK_CONVERSATION,
  ORIGINS,
  type OriginKey,
  SOURCES,
  SOURCES_BY_ORIGIN,
  SPECIALIZATIONS,
  TAGS,
} from './marketing-vocabulary.js';

export interface MarketingOptions {
  lang?: MarketingLang;
  /** First local day of arrivals (YYYY-MM-DD); default 2025-11-03. */
  start?: string;
  /** Days of arrivals; default 332 (to 2026-09-30). Every outcome is known 60 days after the last. */
  days?: number;
  /** Add the deliberately bad rows of BAD_ROWS (English only: a duplicate id, an impossible date, an Excel error). */
  badRows?: boolean;
}

export interface MarketingLeads {
  lang: MarketingLang;
  /** The leads file (the zh one starts with a BOM, as Chinese SaaS exports for Excel do). */
  csv: string;
  /** Early activities: Prospect ID, Activity, Activity Date. */
  activitiesCsv: string;
  mapping: MappingInput;
  /** examples/policies/marketing-points.json: the marketer's hand-made points table. */
  pointsPolicy: PolicyDocument;
  /** Prospect ID → hidden P(won | columns known at creation). */
  truth: Map<string, number>;
  /** Rows the mapping is meant to reject. */
  badRows: number;
}

export const BAD_ROWS = 3;

/** Local offsets of the two zones (neither has daylight saving time). */
const OFFSET: Record<MarketingLang, string> = { en: '+05:30', zh: '+08:00' };
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;
/** Mon … Sun: people fill in forms less at the weekend. */
const WEEKDAYS = [1.1, 1.1, 1.05, 1, 0.95, 0.6, 0.5];
const HOURS = [0.1, 0.05, 0.02, 0.02, 0.02, 0.05, 0.2, 0.5, 0.9, 1.2, 1.3, 1.3, 1.2, 1.2, 1.2, 1.2, 1.1, 1, 1, 1.1, 1.2, 1, 0.6, 0.3];

const pick = <T extends { share: number }>(s: Stream, items: readonly T[]): T =>
  items[
    weightedIndex(
      s,
      items.map((x) => x.share),
    )
  ]!;
const pickKey = <K extends string>(s: Stream, table: Record<K, { share: number }>): K => {
  const keys = Object.keys(table) as K[];
  return keys[
    weightedIndex(
      s,
      keys.map((k) => table[k].share),
    )
  ]!;
};

/** en: 2026-03-14 09:12, the ISO-like style of marketing tools; zh: 2026/3/14 9:12, as Excel shows it. One formatter per export (making one per cell is slow). */
function localFormat(lang: MarketingLang): (ms: number) => string {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone: MARKETING_TIME_ZONE[lang],
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (ms) => {
    const p: Record<string, string> = {};
    for (const part of f.formatToParts(new Date(ms))) p[part.type] = part.value;
    return lang === 'en'
      ? `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`
      : `${p.year}/${Number(p.month)}/${Number(p.day)} ${Number(p.hour)}:${p.minute}`;
  };
}

function arrivals(seed: number, n: number, first: number, days: number): number[] {
  const s = stream(seed, 'marketing', 'arrivals');
  const firstWeekday = (new Date(first + DAY_MS / 2).getUTCDay() + 6) % 7;
  const top = Math.max(...WEEKDAYS);
  const times: number[] = [];
  while (times.length < n) {
    const day = Math.floor(s.next() * days);
    if (s.next() * top >= WEEKDAYS[(firstWeekday + day) % 7]!) continue;
    const hour = weightedIndex(s, HOURS);
    times.push(first + day * DAY_MS + hour * HOUR_MS + Math.floor(s.next() * 60) * MINUTE_MS);
  }
  return times.sort((a, b) => a - b);
}

function prospectId(seed: number, i: number): string {
  const s = stream(seed, 'marketing', 'id', i);
  const hex = (digits: number) =>
    Math.floor(s.next() * 16 ** digits)
      .toString(16)
      .padStart(digits, '0');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(s.next() * 4)]}${hex(3)}-${hex(12)}`;
}

interface Website {
  visits: number | undefined;
  seconds: number;
  pageViews: number | undefined;
}

/** Chat, hand-entered and imported leads mostly never browsed; the rest visited a few times. */
function website(s: Stream, origin: OriginKey, source: string): Website {
  if (s.next() < 0.015) return { visits: undefined, seconds: 0, pageViews: undefined };
  const offSite = origin === 'addForm' || origin === 'import' || source === 'olark';
  if ((offSite && s.next() < 0.85) || s.next() < 0.05) return { visits: 0, seconds: 0, pageViews: 0 };
  const visits = Math.min(60, 1 + Math.floor(lognormal(s, 2.2, 0.75)));
  const seconds = s.next() < 0.12 ? 5 + Math.floor(s.next() * 55) : Math.min(2272, Math.round(lognormal(s, 300 * visits ** 0.25, 0.9)));
  const pageViews = visits === 1 ? 1 + Math.floor(s.next() * 4) : Math.round(Math.min(16, Math.max(1, lognormal(s, 2.2, 0.45))) * 100) / 100;
  return { visits, seconds, pageViews };
}

function poisson(s: Stream, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = s.next(); p > limit; p *= s.next()) k++;
  return k;
}

const text = (v: number | undefined): string => (v === undefined ? '' : String(v));
const leakPick = (s: Stream, table: readonly LeakLevel[], won: boolean): LeakLevel =>
  table[
    weightedIndex(
      s,
      table.map((x) => (won ? x.won : x.lost)),
    )
  ]!;

export function generateMarketingLeads(seed: number, n: number, options: MarketingOptions = {}): MarketingLeads {
  const lang = options.lang ?? 'en';
  const days = options.days ?? 332;
  const first = Date.parse(`${options.start ?? '2025-11-03'}T00:00:00${OFFSET[lang]}`);
  if (!Number.isFinite(first)) throw new Error(`start "${options.start}" is not a date (YYYY-MM-DD) / start "${options.start}" 不是日期（YYYY-MM-DD）`);
  if (!Number.isInteger(n) || n < 1) throw new Error(`n must be a whole number ≥ 1, got ${n} / n 必须是不小于 1 的整数，实际为 ${n}`);
  const local = localFormat(lang);
  const L = (x: { en: string; zh: string }) => x[lang];
  const columns = Object.keys(MARKETING_HEADERS) as MarketingColumn[];
  const rows: string[][] = [];
  const activities: Array<{ at: number; row: string[] }> = [];
  const truth = new Map<string, number>();
  const times = arrivals(seed, n, first, days);

  times.forEach((created, i) => {
    const s = stream(seed, 'marketing', 'lead', i);
    const id = prospectId(seed, i);
    const origin = pickKey(s, ORIGINS);
    const choices = SOURCES_BY_ORIGIN[origin];
    const source =
      choices[
        weightedIndex(
          s,
          choices.map(([, w]) => w),
        )
      ]![0];
    const dne = s.next() < DO_NOT_EMAIL.yes.share;
    const last: Level = source === 'olark' && s.next() < 0.45 ? LAST_ACTIVITIES.find((a) => a.en === OLARK_CONVERSATION)! : pick(s, LAST_ACTIVITIES);
    const country = pick(s, COUNTRIES);
    const specialization = pick(s, SPECIALIZATIONS);
    const city = pick(s, CITIES);
    // People who send in the lead form themselves are more often in work.
    const occupation: OccupationKey = origin === 'addForm' && s.next() < 0.15 ? 'working' : pickKey(s, OCCUPATIONS);
    const site = website(s, origin, source);
    const levels =
      ORIGINS[origin].effect +
      SOURCES[source].effect +
      (dne ? DO_NOT_EMAIL.yes.effect : 0) +
      last.effect +
      country.effect +
      specialization.effect +
      OCCUPATIONS[occupation].effect +
      city.effect;
    const logit = creationLogit({
      levels,
      occupation,
      sourceIsOlark: source === 'olark',
      lastActivity: last.en,
      ...site,
      elapsed: (created - first) / (days * DAY_MS),
    });
    const intent = normal(s);
    const won = s.next() < probabilityWithIntent(logit, intent);
    truth.set(id, probabilityAtCreation(logit));

    let convertedAt = '';
    let amount = '';
    if (won) {
      const after = Math.min(60 * DAY_MS, Math.max(2 * HOUR_MS, lognormal(s, 9, 0.8) * DAY_MS));
      convertedAt = local(created + Math.round(after / MINUTE_MS) * MINUTE_MS);
      const fee = FEES[lang][Math.floor(s.next() * FEES[lang].length)]!;
      const discount = [0, 0, 0, 0.1, 0.15, 0.2][Math.floor(s.next() * 6)]!;
      const value = Math.round((fee * (1 - discount)) / 100) * 100;
      amount = lang === 'en' ? value.toLocaleString('en-US') : zhAmount(value);
    }
    const cells: Record<MarketingColumn, string> = {
      id,
      leadNumber: String(580_001 + i),
      createdAt: local(created),
      leadOrigin: L(ORIGINS[origin]),
      leadSource: L(SOURCES[source]),
      doNotEmail: L(dne ? DO_NOT_EMAIL.yes : DO_NOT_EMAIL.no),
      totalVisits: text(site.visits),
      timeOnSite: String(site.seconds),
      pageViewsPerVisit: text(site.pageViews),
      lastActivity: L(last),
      country: L(country),
      specialization: L(specialization),
      occupation: L(OCCUPATIONS[occupation]),
      city: L(city),
      tags: L(leakPick(s, TAGS, won)),
      leadQuality: L(leakPick(s, LEAD_QUALITY, won)),
      lastNotableActivity: L(leakPick(s, LAST_NOTABLE, won)),
      converted: CONVERTED_VALUES[lang][won ? 'won' : 'lost'],
      convertedAt,
      amount,
    };
    rows.push(columns.map((c) => cells[c]));

    const touches = Math.min(10, poisson(s, 1.4 * Math.exp(0.5 * intent) * (dne ? 0.4 : 1)));
    for (let k = 0; k < touches; k++) {
      const at = created + Math.max(3 * MINUTE_MS, Math.round((-Math.log(1 - s.next()) * 40 * HOUR_MS) / MINUTE_MS) * MINUTE_MS);
      activities.push({ at: Math.min(at, created + 14 * DAY_MS), row: [id, L(pick(s, ACTIVITY_KINDS)), ''] });
    }
  });

  if (options.badRows) {
    if (lang !== 'en') throw new Error('bad rows are written for the English export only / 仅英文导出可加入错误行');
    addBadRows(rows, columns, seed);
  }
  activities.sort((a, b) => a.at - b.at);
  for (const a of activities) a.row[2] = local(a.at);

  const eol = lang === 'en' ? '\n' : '\r\n';
  const bom = lang === 'zh' ? '\uFEFF' : '';
  const header = columns.map((c) => MARKETING_HEADERS[c][lang]);
  const activityHeader = [ACTIVITY_HEADERS.id[lang], ACTIVITY_HEADERS.activity[lang], ACTIVITY_HEADERS.at[lang]];
  return {
    lang,
    csv: bom + csvText([header, ...rows], eol),
    activitiesCsv: bom + csvText([activityHeader, ...activities.map((a) => a.row)], eol),
    mapping: marketingMapping(lang, ACTIVITY_KINDS),
    pointsPolicy: examplePolicy('marketing-points') as PolicyDocument,
    truth,
    badRows: options.badRows ? BAD_ROWS : 0,
  };
}

/**
 * What hand-edited exports carry: a lead synced twice (same Prospect ID; the importer keeps the
 * first), a date typed as 30 February, an Excel error value in a number column.
 */
function addBadRows(rows: string[][], columns: MarketingColumn[], seed: number): void {
  const col = (c: MarketingColumn) => columns.indexOf(c);
  const [quarter, half, threeQuarters] = [0.25, 0.5, 0.75].map((share) => Math.floor(rows.length * share)) as [number, number, number];
  const copy = (i: number, id: string): string[] => {
    const row = [...rows[i]!];
    row[col('id')] = id;
    return row;
  };
  const twice = copy(quarter - 10, rows[quarter - 10]![col('id')]!);
  twice[col('timeOnSite')] = String(Number(twice[col('timeOnSite')]) + 31);
  const feb30 = copy(half, prospectId(seed, -1));
  feb30[col('createdAt')] = '2026-02-30 10:15';
  const excel = copy(threeQuarters, prospectId(seed, -2));
  excel[col('totalVisits')] = '#VALUE!';
  // Inserted from the back so the earlier positions still hold.
  rows.splice(threeQuarters, 0, excel);
  rows.splice(half, 0, feb30);
  rows.splice(quarter, 0, twice);
}
