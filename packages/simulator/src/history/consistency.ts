/**
 * What an import reads correctly but a user would want to know: a year typed wrong (one lead in 2062
 * among a quarter of 2026 stretches the replay over decades), and names or ids written two ways
 * ("王 芳" / "王芳", "cn-1002" / "ＣＮ-1002") that are kept apart because they are compared exactly.
 */
import type { HistoryActivity, HistoryLead, Words } from '../types.js';
import { normalValue } from './mapping.js';

const DAY_MS = 86_400_000;
/** How far past the bulk of the history a date must be to be called stray: the bulk's own span, at least this. */
const MIN_MARGIN_MS = 90 * DAY_MS;
const SHOWN = 5;

/** The leads created far before or after the rest (outside the 1st–99th percentile by more than that span), as a note. */
export function strayCreatedDates(leads: readonly HistoryLead[]): Words | undefined {
  if (leads.length < 10) return undefined;
  const ms = leads.map((l) => Date.parse(l.createdAt)).sort((a, b) => a - b);
  const lo = ms[Math.floor(0.01 * (ms.length - 1))]!;
  const hi = ms[Math.ceil(0.99 * (ms.length - 1))]!;
  const margin = Math.max(hi - lo, MIN_MARGIN_MS);
  const stray = leads.filter((l) => {
    const t = Date.parse(l.createdAt);
    return t < lo - margin || t > hi + margin;
  });
  if (stray.length === 0) return undefined;
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const shown = stray
    .slice(0, SHOWN)
    .map((l) => `${l.row ?? l.id} (${l.createdAt.slice(0, 10)})`)
    .join(', ');
  const more = stray.length > SHOWN ? ' …' : '';
  return {
    en: `${stray.length} lead(s) were created far from the rest, which run from ${day(lo)} to ${day(hi)}: rows ${shown}${more}. Check their years: the replay runs from the first lead to the last, so a stray year stretches it`,
    zh: `${stray.length} 条线索的创建时间远离其余线索（其余在 ${day(lo)} 至 ${day(hi)} 之间）：第 ${shown}${more} 行。请检查年份：回放从第一条线索持续到最后一条，错误的年份会把回放拉长`,
  };
}

/**
 * The leads created after the import ran (`now`, which the caller reads: the import itself has no
 * clock), more than a day on so no zone can explain it, as a note: a year typed wrong, or dates read
 * month-first that were day-first.
 */
export function futureCreatedDates(leads: readonly HistoryLead[], now: string | undefined): Words | undefined {
  const nowMs = now === undefined ? Number.NaN : Date.parse(now);
  if (!Number.isFinite(nowMs)) return undefined;
  const future = leads.filter((l) => Date.parse(l.createdAt) > nowMs + DAY_MS);
  if (future.length === 0) return undefined;
  const shown = future
    .slice(0, SHOWN)
    .map((l) => `${l.row ?? l.id} (${l.createdAt.slice(0, 10)})`)
    .join(', ');
  const more = future.length > SHOWN ? ' …' : '';
  return {
    en: `${future.length} lead(s) are created after today (${now!.slice(0, 10)}): rows ${shown}${more}. Check their years, and that dateOrder reads the export's dates the right way round`,
    zh: `${future.length} 条线索的创建时间晚于今天（${now!.slice(0, 10)}）：第 ${shown}${more} 行。请检查年份，以及 dateOrder 是否按正确的日/月顺序读取`,
  };
}

/** How names and ids are compared to find ones written two ways: as a mapping's values are (width, case), and ignoring inner spaces too. */
export function looseKey(value: string): string {
  return normalValue(value).replace(/\s+/g, '');
}

/** Rep names (owners and activity reps) that differ only in spaces, case or width, as a note. */
export function repsWrittenTwoWays(leads: readonly HistoryLead[], activities: readonly HistoryActivity[]): Words | undefined {
  const byKey = new Map<string, Set<string>>();
  const add = (name: string | undefined) => {
    if (name === undefined) return;
    const key = looseKey(name);
    let names = byKey.get(key);
    if (!names) byKey.set(key, (names = new Set()));
    names.add(name);
  };
  for (const l of leads) add(l.ownerRepId);
  for (const a of activities) add(a.repId);
  const groups = [...byKey.values()].filter((s) => s.size > 1).map((s) => [...s]);
  if (groups.length === 0) return undefined;
  const shown = (join: string, quote: (v: string) => string) =>
    groups
      .slice(0, SHOWN)
      .map((g) => g.map(quote).join(join))
      .join('; ') + (groups.length > SHOWN ? ' …' : '');
  return {
    en: `${groups.length} rep name(s) are written more than one way, differing only in spaces, case or full-width letters: ${shown(' / ', (v) => `"${v}"`)}. Each spelling is read as a rep of its own; if they are one person, write them one way in the export or give a roster file`,
    zh: `${groups.length} 个销售姓名有多种写法，仅空格、大小写或全角半角不同：${shown(' / ', (v) => `“${v}”`)}。每种写法都被视为不同的销售；如是同一人，请在导出中统一写法，或提供销售名单文件`,
  };
}

/** A lead id of the leads file written the same but for spaces, case or width, found by a key built on first use. */
export class LooseLeadIds {
  private byKey: Map<string, string> | undefined;

  constructor(private readonly ids: () => Iterable<string>) {}

  near(id: string): string | undefined {
    if (!this.byKey) {
      this.byKey = new Map();
      for (const known of this.ids()) if (!this.byKey.has(looseKey(known))) this.byKey.set(looseKey(known), known);
    }
    return this.byKey.get(looseKey(id));
  }
}
