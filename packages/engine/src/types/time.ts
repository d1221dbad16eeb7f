import { z } from 'zod';
import { isValidTimeZone, LAST_INSTANT_MS } from './localTime.js';

/** Earliest and latest instant accepted: what PostgreSQL and PGlite store and a CRM finds sane. */
export const INSTANT_MIN = '1970-01-01T00:00:00Z';
export const INSTANT_MAX = '9999-12-31T23:59:59.999Z';
const MIN_MS = Date.parse(INSTANT_MIN);
const MAX_MS = LAST_INSTANT_MS;

/** `…T…(Z|±hh:mm)`: only the offset is read here, the format check is zod's. */
const OFFSET = /(?:Z|([+-])(\d{2}):(\d{2}))$/i;

/**
 * Instants are ISO-8601 strings with an explicit offset; the engine never reads a clock.
 * Bounded to years 1970–9999 (as UTC) and offsets within ±15:59: zod's format alone lets year
 * 0000 and `+20:00` through, which PostgreSQL then refuses (a 500 instead of a field error).
 */
export const instant = z.iso
  .datetime({
    offset: true,
    // A malformed string gets this one message, not the bounds' as well.
    abort: true,
    // Only a malformed string gets it: a missing field or a number keeps zod's own "expected string".
    error: (issue) =>
      issue.code === 'invalid_format'
        ? 'an ISO-8601 instant with an offset (Z or ±hh:mm), e.g. 2026-03-02T10:00:00+08:00 / 须为带时区偏移（Z 或 ±hh:mm）的 ISO-8601 时间，如 2026-03-02T10:00:00+08:00'
        : undefined,
  })
  .superRefine((value, ctx) => {
    const problem = instantProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });

/** What is wrong with a well-formed instant (bounds only), or undefined when nothing is. */
export function instantProblem(value: string): string | undefined {
  const ms = Date.parse(value);
  const offset = OFFSET.exec(value);
  if (!Number.isFinite(ms) || !offset) return undefined;
  if (offset[1] !== undefined && Number(offset[2]) > 15) return 'UTC offset must be within ±15:59 / 时区偏移须在 ±15:59 以内';
  if (ms < MIN_MS || ms > MAX_MS) return 'year must be between 1970 and 9999 (as UTC) / 年份须在 1970 到 9999 之间（按 UTC 计）';
  return undefined;
}

/**
 * An IANA time zone name the runtime knows ("Asia/Shanghai", also aliases such as "UTC" or
 * "Etc/GMT+8"). Checked where it enters: a typo stored on a rep would otherwise make every
 * decision that looks at that rep's shifts fail.
 */
export const timeZoneName = z
  .string()
  .min(1)
  .max(60)
  .superRefine((value, ctx) => {
    if (!isTimeZoneName(value)) ctx.addIssue({ code: 'custom', message: unknownTimeZone(value), input: value });
  });

/**
 * The runtime also takes "asia/shanghai"; a known name is kept in its one spelling so stored
 * rosters compare equal (and per-zone caches stay one entry per zone).
 */
export function isTimeZoneName(name: string): boolean {
  const spelt = knownZones().spelling.get(name.toLowerCase());
  if (spelt !== undefined) return spelt === name;
  return isValidTimeZone(name);
}

/** The error for a zone the runtime does not know, with the nearest real name when one is close. */
export function unknownTimeZone(name: string): string {
  // Echoed only when it is plain printable text: " / " separates the English and Chinese halves.
  const shown = /^[\x21-\x7e]+$/.test(name) ? ` "${name}"` : '';
  const near = nearestTimeZone(name);
  if (near) return `unknown time zone${shown} — did you mean "${near}"? / 未知时区${shown}，是否为 "${near}"？`;
  return `unknown time zone${shown}: use an IANA name such as Asia/Shanghai / 未知时区${shown}：请使用 IANA 时区名，如 Asia/Shanghai`;
}

/** Names people write for a zone that has another IANA name. */
const HINTS: Record<string, string> = { beijing: 'Asia/Shanghai', 'asia/beijing': 'Asia/Shanghai', china: 'Asia/Shanghai', prc: 'Asia/Shanghai' };

interface KnownZones {
  list: Array<{ name: string; lower: string; city: string }>;
  /** Lower-cased name → the runtime's spelling. */
  spelling: Map<string, string>;
}
let known: KnownZones | undefined;

function knownZones(): KnownZones {
  if (!known) {
    const list = ['UTC', ...Intl.supportedValuesOf('timeZone')].map((n) => ({
      name: n,
      lower: n.toLowerCase(),
      city: n.slice(n.lastIndexOf('/') + 1).toLowerCase(),
    }));
    known = { list, spelling: new Map(list.map((z) => [z.lower, z.name])) };
  }
  return known;
}
const nearest = new Map<string, string | undefined>();

/**
 * The known zone closest to `name` by edit distance, ignoring case (a whole name, or its city for
 * a bare "Shangai"); undefined when nothing is close enough to be a plausible typo.
 */
export function nearestTimeZone(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (Object.hasOwn(HINTS, lower)) return HINTS[lower];
  if (nearest.has(lower)) return nearest.get(lower);
  const bare = !lower.includes('/');
  const allowed = Math.max(1, Math.min(3, Math.floor(lower.length / 4)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const z of knownZones().list) {
    const d = Math.min(editDistance(lower, z.lower, bestDistance), bare ? editDistance(lower, z.city, bestDistance) : Infinity);
    if (d < bestDistance) {
      bestDistance = d;
      best = z.name;
    }
  }
  if (nearest.size >= 1000) nearest.clear();
  nearest.set(lower, best);
  return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot come in under `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      row.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prev = row;
  }
  return prev[b.length]!;
}
