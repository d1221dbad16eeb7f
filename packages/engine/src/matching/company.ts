import {
  CJK_BRANCHES,
  CJK_FORMS,
  CJK_GROUP_FORMS,
  CJK_INSTITUTIONS,
  CJK_TRADES,
  CN_REGION_ENDINGS,
  CN_REGIONS,
  LATIN_BRANCHES,
  LATIN_FORMS,
  LATIN_GROUP_FORMS,
  LATIN_INSTITUTIONS,
  LATIN_REGIONS,
  LATIN_TRADES,
} from './words.js';

/**
 * What a company name is matched by. `name`: brand and trade without region or legal form
 * ("阿克米信息科技"). `brand`: the 字号 alone ("阿克米"); equal to `name` for a short name (no
 * trade word), absent when the name has no brand of its own (an institution, a region followed
 * only by trade words, a group).
 */
export interface CompanyName {
  name: string;
  brand?: string;
}

const BRACKETED = /\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕|〖[^〗]*〗|<[^>]*>|《[^》]*》/g;
const HAN = /\p{Script=Han}/u;
const MIN_BRAND = 2;

/** NFKC folds full-width ASCII (ＡＢＣ１２３), the ideographic space and full-width brackets to plain ASCII. */
function fold(s: string): string {
  return s.normalize('NFKC').toLowerCase();
}

const squash = (s: string) => s.replace(/\s+/g, '');
const size = (s: string) => [...squash(s)].length;

/**
 * Words to strip from the end of a name, grouped by their last character (a name is checked
 * against a handful of them, not hundreds: this runs for every customer a state indexes).
 * A Chinese word may end anywhere; a Latin one only as a whole word.
 */
class Suffixes {
  private readonly byLast = new Map<string, Array<{ word: string; han: boolean }>>();
  constructor(...lists: ReadonlyArray<readonly string[]>) {
    for (const list of lists) {
      for (const word of list) {
        const last = word[word.length - 1]!;
        const entries = this.byLast.get(last) ?? [];
        entries.push({ word, han: HAN.test(word) });
        this.byLast.set(last, entries);
      }
    }
  }
  /** The rest of `s` before the first listed word it ends with, when something is left. */
  strip(s: string): string | undefined {
    for (const { word, han } of this.byLast.get(s[s.length - 1] ?? '') ?? []) {
      if (!s.endsWith(word)) continue;
      const cut = s.length - word.length;
      if (!han && s[cut - 1] !== ' ') continue;
      const rest = s.slice(0, cut).trimEnd();
      if (rest.length > 0) return rest;
    }
    return undefined;
  }
  has(s: string): boolean {
    return (this.byLast.get(s[s.length - 1] ?? '') ?? []).some((e) => e.word === s);
  }
}

const BRANCHES = new Suffixes(CJK_BRANCHES, LATIN_BRANCHES);
const FORMS = new Suffixes(CJK_FORMS, LATIN_FORMS);
const GROUP_FORMS = new Suffixes(CJK_GROUP_FORMS, LATIN_GROUP_FORMS);
const TRADES = new Suffixes(CJK_TRADES, LATIN_TRADES);

const CN_REGION_RE = new RegExp(`(?:${CN_REGIONS.join('|')})(?:${CN_REGION_ENDINGS.join('|')})?`);
const REGION_HEAD = new RegExp(`^(?:${CN_REGION_RE.source}|(?:${LATIN_REGIONS.join('|')})(?= ))\\s*`);
const REGION_ONLY = new RegExp(`^(?:${CN_REGION_RE.source}|${LATIN_REGIONS.join('|')})$`);
const REGION_TAIL = new RegExp(`(?:${CN_REGION_RE.source}|(?<= )(?:${LATIN_REGIONS.join('|')}))$`);

/** "有限公司", "集团有限公司": a legal form with no name in front of it names nobody. */
const ONLY_FORMS = new RegExp(`^(?:${[...CJK_BRANCHES, ...CJK_FORMS, ...CJK_GROUP_FORMS].join('|')})+$`);

/** A place at the end of `s`, removed when at least a brand's worth stays ("新上海" keeps its 上海). */
function stripRegionTail(s: string): string | undefined {
  const m = REGION_TAIL.exec(s);
  if (!m) return undefined;
  const rest = s.slice(0, m.index).trimEnd();
  // "Bank of Shanghai": a place after "of" is the name's own.
  return size(rest) >= MIN_BRAND && !/(?:^| )of$/.test(rest) ? rest : undefined;
}

function stripRegionHead(s: string): string {
  for (let m = REGION_HEAD.exec(s); m && m[0].length < s.length; m = REGION_HEAD.exec(s)) s = s.slice(m[0].length);
  return s;
}

/** Trade words off the end: "阿克米网络科技" → "阿克米". */
function stripTrades(s: string): string {
  for (let rest = TRADES.strip(s); rest !== undefined; rest = TRADES.strip(s)) s = rest;
  // A name made of trade words only has no brand: say so with an empty one.
  return TRADES.has(s) ? '' : s;
}

function isInstitution(s: string): boolean {
  if (CJK_INSTITUTIONS.some((w) => s.endsWith(w))) return true;
  const words = s.split(' ');
  return LATIN_INSTITUTIONS.some((w) => words.includes(w));
}

/** Folded, brackets and punctuation gone, Latin words single-spaced, no space next to a Chinese character. */
function clean(raw: string): string {
  let s = fold(raw);
  // Bracketed regions (上海) / (Shanghai) / 【深圳】 are branch decorations, not identity.
  s = s.replace(BRACKETED, ' ');
  s = s.replace(/&/g, ' and ');
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  s = s.replace(/(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/gu, '');
  return s.replace(/^the\s+/, '');
}

/**
 * Legal forms and branches off the end, with the region they expose ("有限公司上海分公司").
 * Returns the rest and whether a group form was among them.
 */
function stripForms(s: string): { core: string; group: boolean } {
  let group = false;
  for (let changed = true; changed; ) {
    changed = false;
    const form = BRANCHES.strip(s) ?? FORMS.strip(s);
    const grouped = form === undefined ? GROUP_FORMS.strip(s) : undefined;
    const rest = form ?? grouped;
    if (rest === undefined) break;
    if (grouped !== undefined) group = true;
    s = stripRegionTail(rest) ?? rest;
    changed = true;
  }
  return { core: s, group };
}

/** The keys of one written company name; undefined when nothing identifying is left. */
export function companyName(raw: string | undefined | null): CompanyName | undefined {
  if (!raw) return undefined;
  const cleaned = clean(raw);
  if (!cleaned || ONLY_FORMS.test(cleaned)) return undefined;
  const { core, group } = stripForms(cleaned);
  if (isInstitution(core)) return { name: squash(core) };
  const body = stripRegionHead(core);
  const trade = stripTrades(body);
  const brand = stripRegionTail(trade) ?? trade;
  // Nothing of its own after the region ("上海科技", "南京医药") or too little: the region is identity.
  if (size(brand) < MIN_BRAND || REGION_ONLY.test(brand)) return { name: squash(core) };
  const name = squash(brand + body.slice(trade.length));
  return group ? { name } : { name, brand: squash(brand) };
}
