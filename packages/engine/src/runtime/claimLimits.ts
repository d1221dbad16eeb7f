import type { ClaimLimit, Pool, Rep } from '../types/domain.js';
import type { Labels } from '../types/decision.js';

/** Where the limit that applies to a rep came from. */
export type ClaimLimitSource = 'rep' | 'level' | 'team' | 'pool';

export interface AppliedLimit {
  limit: number;
  source: ClaimLimitSource;
  /** The matching row's value: the rep id, level or team id (absent for the pool's own). */
  value?: string;
  /** Who the limit is for, as refusals say it ("junior level" / "初级 级别"). */
  who: Labels;
}

/**
 * The daily claim limit or owned cap that applies to `rep` when claiming from `pool` (S9), or
 * undefined when there is none. Each limit resolves on its own: a rep row that sets only
 * `ownedCap` leaves the daily limit to the level, team or pool.
 *
 * Precedence rep > level > team > pool: the most specific wins. A row for a named rep is an
 * exception someone set on purpose; the level describes the rep's own capacity and skill (what S9
 * asks limits to follow), while a team groups reps of every level, so it only sets a default for
 * its members; the pool's value is the default for everyone. A rep on several teams takes the first
 * of its teams (in the rep's own order, the primary team first) that has a row setting the limit.
 */
export function appliedLimit(pool: Pool, rep: Rep, which: 'dailyClaimLimit' | 'ownedCap'): AppliedLimit | undefined {
  const rows = pool.limits ?? [];
  const find = (by: ClaimLimit['by'], value: string | undefined) =>
    value === undefined ? undefined : rows.find((r) => r.by === by && r.value === value && r[which] !== undefined);

  const own = find('rep', rep.id);
  if (own) return { limit: own[which]!, source: 'rep', value: rep.id, who: { en: `rep ${rep.id}`, zh: `销售 ${rep.id} 本人` } };
  const level = find('level', rep.level);
  if (level) return fromRow(level, which, 'level', { en: 'level', zh: '级别' });
  for (const teamId of rep.teams) {
    const team = find('team', teamId);
    if (team) return fromRow(team, which, 'team', { en: 'team', zh: '团队' });
  }
  const base = pool[which];
  return base === undefined ? undefined : { limit: base, source: 'pool', who: { en: `pool ${pool.id}`, zh: `线索池 ${pool.id}` } };
}

function fromRow(row: ClaimLimit, which: 'dailyClaimLimit' | 'ownedCap', source: 'level' | 'team', kind: Labels): AppliedLimit {
  const en = row.label?.en ?? row.value;
  const zh = row.label?.zh ?? row.value;
  return { limit: row[which]!, source, value: row.value, who: { en: `${en} ${kind.en}`, zh: `${zh} ${kind.zh}` } };
}

/** The refusal detail's part that says which limit applied: `{ limit: 3, source: 'level', level: 'junior' }` (a rep row adds nothing: the detail has `repId`). */
export function limitDetail(a: AppliedLimit): Record<string, string | number> {
  const d: Record<string, string | number> = { limit: a.limit, source: a.source };
  if (a.source === 'level') d.level = a.value!;
  if (a.source === 'team') d.teamId = a.value!;
  return d;
}
