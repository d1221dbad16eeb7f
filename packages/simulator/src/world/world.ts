/**
 * A seeded synthetic sales world: reps with hidden skill, capacity and response speed, and leads
 * arriving with daily and weekly rhythms. Nothing here reads a clock: the same options give the
 * same world, byte for byte. The hidden truth (skills, deal sizes, cycle lengths) is what the
 * simulator's estimates are checked against; the leads themselves carry only what a CRM would show.
 */
import type { RepInput } from '@sluice/engine';
import { DateTime } from 'luxon';
import type { History, HistoryLead } from '../types.js';
import { isoFormatter, toIso } from './instants.js';
import { between, lognormal, mixText, normal, type Stream, stream, weightedIndex } from './random.js';
import { GRADES, type Locale, REGIMES, type Regime, type RegimeParams, VOCABULARY, WEEKDAY_WEIGHTS } from './regimes.js';

export interface WorldOptions {
  seed: number;
  regime: Regime;
  /** Language of names and attribute values (and the default time zone). */
  locale?: Locale;
  reps?: number;
  teams?: number;
  /** First local day of arrivals, YYYY-MM-DD. */
  start?: string;
  /** How many days leads keep arriving. */
  days?: number;
  /** Average over a week (weekdays get more, weekends fewer). */
  leadsPerRepPerDay?: number;
  timeZone?: string;
}

export interface WorldRep {
  id: string;
  name: string;
  team: string;
  /** Hidden: odds multiplier per segment (1 = an average rep). */
  skill: Record<string, number>;
  /** Hidden: open leads handled comfortably; load is measured against it. */
  capacity: number;
  /** Hidden: median minutes to first contact with no load, and the lognormal spread around it. */
  firstContactMinutes: number;
  firstContactSigma: number;
}

/** Hidden facts of one lead, the same whoever works it. */
export interface LeadTruth {
  segment: string;
  /** Odds of a win for an average rep with no load (segment × grade × source). */
  odds: number;
  /** What the deal is worth if won (¥). */
  amount: number;
  /** Days from first work to the outcome. */
  cycleDays: number;
  /** The lead id folded into a hash once, so per-assignment draws need no string hashing. */
  key: number;
}

export interface World {
  seed: number;
  regime: Regime;
  locale: Locale;
  timeZone: string;
  /** First and last arrival window, ISO UTC. */
  start: string;
  end: string;
  params: RegimeParams;
  reps: WorldRep[];
  teams: Array<{ id: string; name: string }>;
  /** Leads as they arrive (createdAt ascending), unowned and open: a policy decides who gets them. */
  leads: HistoryLead[];
  truth: Map<string, LeadTruth>;
}

export function generateWorld(options: WorldOptions): World {
  const locale = options.locale ?? 'en';
  const params = REGIMES[options.regime];
  if (!params) throw new Error(`Unknown regime "${String(options.regime)}" (b2b or b2c) / 未知业务类型 "${String(options.regime)}"（b2b 或 b2c）`);
  const vocab = VOCABULARY[locale];
  const repCount = options.reps ?? (options.regime === 'b2b' ? 12 : 8);
  const teamCount = Math.min(options.teams ?? Math.max(1, Math.ceil(repCount / 5)), vocab.teams.length);
  if (!Number.isInteger(repCount) || repCount < 1)
    throw new Error(`reps must be a whole number ≥ 1, got ${repCount} / reps 必须是不小于 1 的整数，实际为 ${repCount}`);
  const timeZone = options.timeZone ?? (locale === 'zh' ? 'Asia/Shanghai' : 'America/New_York');
  const first = DateTime.fromISO(options.start ?? '2026-01-05', { zone: timeZone }).startOf('day');
  if (!first.isValid)
    throw new Error(
      `start "${options.start}" is not a date (YYYY-MM-DD) or time zone "${timeZone}" is unknown / start "${options.start}" 不是日期（YYYY-MM-DD）或时区 "${timeZone}" 无效`,
    );
  const days = options.days ?? (options.regime === 'b2b' ? 180 : 30);

  const teams = vocab.teams.slice(0, teamCount).map((name) => ({ id: name, name }));
  const reps = makeReps(options.seed, repCount, teams, params, locale);
  const { leads, truth } = makeLeads(options, params, locale, first, days, repCount);
  return {
    seed: options.seed,
    regime: options.regime,
    locale,
    timeZone,
    start: toIso(first.toMillis()),
    end: toIso(first.plus({ days }).toMillis()),
    params,
    reps,
    teams,
    leads,
    truth,
  };
}

function makeReps(seed: number, count: number, teams: Array<{ id: string }>, params: RegimeParams, locale: Locale): WorldRep[] {
  const vocab = VOCABULARY[locale];
  const s = stream(seed, params.regime, 'reps');
  const used = new Set<string>();
  const reps: WorldRep[] = [];
  for (let i = 0; i < count; i++) {
    let name = '';
    for (let attempt = 0; attempt < 20 && (name === '' || used.has(name)); attempt++) {
      name = vocab.fullName(pickFrom(s, vocab.firstNames), pickFrom(s, vocab.lastNames));
    }
    if (used.has(name)) name = `${name} ${i + 1}`;
    used.add(name);
    // A general talent plus a per-segment twist: good reps are good broadly, but not evenly.
    const general = 0.35 * normal(s);
    const skill: Record<string, number> = {};
    for (const segment of Object.keys(params.segments)) skill[segment] = clamp(Math.exp(general + 0.25 * normal(s)), 0.3, 3);
    const [fastest, slowest] = params.firstContactMinutes;
    reps.push({
      id: name,
      name,
      team: teams[i % teams.length]?.id ?? '',
      skill,
      capacity: Math.round(between(s, params.capacity[0], params.capacity[1])),
      firstContactMinutes: Math.exp(between(s, Math.log(fastest), Math.log(slowest))),
      firstContactSigma: between(s, 0.5, 1),
    });
  }
  return reps;
}

function makeLeads(options: WorldOptions, params: RegimeParams, locale: Locale, first: DateTime, days: number, repCount: number) {
  const vocab = VOCABULARY[locale];
  const sources = vocab.sources[options.regime];
  const segments = Object.entries(params.segments);
  const segmentShares = segments.map(([, p]) => p.share);
  const gradeShares = GRADES.map((g) => g.share);
  const sourceShares = sources.map((x) => x.share);
  const weekdays = WEEKDAY_WEIGHTS[options.regime];
  const weekTotal = weekdays.reduce((a, b) => a + b, 0);
  const perDay = repCount * (options.leadsPerRepPerDay ?? params.leadsPerRepPerDay);
  const arrivals = stream(options.seed, 'arrivals');
  const leads: HistoryLead[] = [];
  const truth = new Map<string, LeadTruth>();
  const iso = isoFormatter();
  for (let d = 0; d < days; d++) {
    const day = first.plus({ days: d });
    const dayStart = day.toMillis();
    const count = poisson(arrivals, (perDay * 7 * (weekdays[day.weekday - 1] ?? 1)) / weekTotal);
    const times: number[] = [];
    for (let k = 0; k < count; k++) {
      const hour = weightedIndex(arrivals, params.hourWeights);
      times.push(dayStart + Math.floor(((hour + arrivals.next()) * 3_600_000) / 1000) * 1000);
    }
    times.sort((a, b) => a - b);
    for (const at of times) {
      const n = leads.length + 1;
      const id = `${locale === 'zh' ? 'XS' : 'L-'}${String(n).padStart(6, '0')}`;
      const s = stream(options.seed, 'lead', id);
      const [segment, seg] = segments[weightedIndex(s, segmentShares)] as (typeof segments)[number];
      const grade = GRADES[weightedIndex(s, gradeShares)] as (typeof GRADES)[number];
      const source = sources[weightedIndex(s, sourceShares)] as (typeof sources)[number];
      const region = pickFrom(s, vocab.regions);
      const company = vocab.company(region, pickFrom(s, vocab.companyStems), pickFrom(s, vocab.companyForms));
      const attributes: HistoryLead['attributes'] = {
        region,
        industry: pickFrom(s, vocab.industries),
        source: source.name,
        grade: grade.grade,
        segment: vocab.segments[segment] ?? segment,
      };
      // Consumers have no company or head count; businesses do.
      if (options.regime === 'b2b') {
        attributes.company = company;
        attributes.employees = employeesFor(s, segment);
      }
      const step = options.regime === 'b2b' ? 1000 : 10;
      const amount = clamp(Math.round(lognormal(s, seg.amountMedian, seg.amountSigma) / step) * step, params.amountRange[0], params.amountRange[1]);
      const base = seg.baseWinRate / (1 - seg.baseWinRate);
      truth.set(id, { segment, odds: base * grade.odds * source.odds, amount, cycleDays: between(s, seg.cycleDays[0], seg.cycleDays[1]), key: mixText(0, id) });
      leads.push({ id, createdAt: iso(at), attributes, outcome: 'open' });
    }
  }
  return { leads, truth };
}

/** Size follows segment, spread log-uniformly inside its band. */
function employeesFor(s: Stream, segment: string): number {
  const [lo, hi] = segment === 'enterprise' ? [1000, 20000] : segment === 'mid-market' ? [100, 999] : [5, 99];
  return Math.round(Math.exp(between(s, Math.log(lo), Math.log(hi))));
}

/** Poisson count: exact (Knuth) for small means, normal approximation for the big B2C days. */
function poisson(s: Stream, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(s)));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = s.next();
  while (p > limit) {
    k++;
    p *= s.next();
  }
  return k;
}

function pickFrom<T>(s: Stream, items: readonly T[]): T {
  return items[Math.min(items.length - 1, Math.floor(s.next() * items.length))] as T;
}

export function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** The roster the engine sees: who is on which team. Hidden skills stay out of it. */
export function worldRoster(world: World): RepInput[] {
  return world.reps.map((r) => ({ id: r.id, name: r.name, teams: [r.team] }));
}

/** The world's leads as a history nobody has worked yet: the input a replay assigns. */
export function worldArrivals(world: World): History {
  return { leads: world.leads, activities: [], stageChanges: [], reps: worldRoster(world), teams: world.teams };
}
