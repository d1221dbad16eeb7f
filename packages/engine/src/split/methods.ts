import type { Activity, Collaborator, OwnershipRecord } from '../types/domain.js';
import type { CreditShare } from '../types/state.js';
import { add, allocate, divide, fraction, isZero, ONE, ZERO, type Fraction, type Leftover } from './allocate.js';

/**
 * Who earns what part of a deal, before any money is counted: each method turns the lead's
 * history into weighted parts (rep, exact fraction, why). Pure functions over plain data, so
 * the property tests can drive them directly.
 */

export interface Touch {
  repId: string;
  at: string;
  ms: number;
  kind: string;
  stage?: string;
}

export interface Part {
  repId: string;
  weight: Fraction;
  /** Why: `stage:listing`, `role:AE`, `touch:first`, `unattributed:stage:keys` … */
  basis: string;
  role?: string;
}

/** A share of the deal nobody in the history earned (a stage without contributor, a role nobody holds). */
export interface Missing {
  basis: string;
  weight: Fraction;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The touches that count, oldest first. Simultaneous touches are ordered by rep id, then kind
 * and stage, so the result never depends on the order the CRM listed them in.
 */
export function touchesOf(activities: readonly Activity[], options: { kinds: readonly string[]; untilMs: number }): Touch[] {
  const out: Touch[] = [];
  for (const a of activities) {
    if (options.kinds.length > 0 && !options.kinds.includes(a.kind)) continue;
    const ms = Date.parse(a.at);
    if (!Number.isFinite(ms) || ms > options.untilMs) continue;
    out.push({ repId: a.repId, at: a.at, ms, kind: a.kind, ...(a.stage !== undefined ? { stage: a.stage } : {}) });
  }
  return out.sort((a, b) => a.ms - b.ms || cmp(a.repId, b.repId) || cmp(a.kind, b.kind) || cmp(a.stage ?? '', b.stage ?? ''));
}

export function firstTouch(touches: readonly Touch[]): Part[] {
  const t = touches[0];
  return t ? [{ repId: t.repId, weight: ONE, basis: 'touch:first' }] : [];
}

export function lastTouch(touches: readonly Touch[]): Part[] {
  const t = touches[touches.length - 1];
  return t ? [{ repId: t.repId, weight: ONE, basis: 'touch:last' }] : [];
}

/**
 * U-shaped (position-based) attribution over touches: first and last touch get their shares,
 * the touches between share the rest evenly. With one touch it takes everything; with two
 * there is no middle, so first and last split it in proportion to their shares.
 */
export function uShaped(touches: readonly Touch[], first: Fraction, last: Fraction): Part[] {
  const n = touches.length;
  if (n === 0) return [];
  if (n === 1) return [{ repId: touches[0]!.repId, weight: ONE, basis: 'touch:only' }];
  if (n === 2) {
    const ends = add(first, last);
    const [f, l] = isZero(ends)
      ? [fraction(1n, 2n), fraction(1n, 2n)]
      : [fraction(first.num * ends.den, first.den * ends.num), fraction(last.num * ends.den, last.den * ends.num)];
    return [
      { repId: touches[0]!.repId, weight: f, basis: 'touch:first' },
      { repId: touches[1]!.repId, weight: l, basis: 'touch:last' },
    ];
  }
  const middle = fraction(first.den * last.den - first.num * last.den - last.num * first.den, first.den * last.den);
  const each = divide(middle, n - 2);
  return touches.map((t, i) => ({
    repId: t.repId,
    weight: i === 0 ? first : i === n - 1 ? last : each,
    basis: i === 0 ? 'touch:first' : i === n - 1 ? 'touch:last' : 'touch:middle',
  }));
}

/** Everyone who touched the lead shares equally (`person`), or every touch counts once (`touch`). */
export function linear(touches: readonly Touch[], per: 'person' | 'touch'): Part[] {
  if (touches.length === 0) return [];
  if (per === 'touch') return touches.map((t) => ({ repId: t.repId, weight: fraction(1n, BigInt(touches.length)), basis: 'touch:linear' }));
  const people = [...new Set(touches.map((t) => t.repId))].sort(cmp);
  return people.map((repId) => ({ repId, weight: fraction(1n, BigInt(people.length)), basis: 'touch:linear' }));
}

/**
 * Stage-based (S22, the real-estate model): each stage's share goes to whoever recorded work in
 * that stage — the first, the last, or all of them evenly.
 */
export function byStage(
  touches: readonly Touch[],
  stages: ReadonlyArray<{ stage: string; share: Fraction }>,
  contributor: 'first' | 'last' | 'shared',
): { parts: Part[]; missing: Missing[] } {
  const parts: Part[] = [];
  const missing: Missing[] = [];
  for (const { stage, share } of stages) {
    if (isZero(share)) continue;
    const inStage = touches.filter((t) => t.stage === stage);
    const basis = `stage:${stage}`;
    if (inStage.length === 0) {
      missing.push({ basis, weight: share });
      continue;
    }
    if (contributor === 'shared') {
      const reps = [...new Set(inStage.map((t) => t.repId))].sort(cmp);
      for (const repId of reps) parts.push({ repId, weight: divide(share, reps.length), basis });
    } else {
      const t = contributor === 'first' ? inStage[0]! : inStage[inStage.length - 1]!;
      parts.push({ repId: t.repId, weight: share, basis });
    }
  }
  return { parts, missing };
}

export interface Participant {
  repId: string;
  roles: string[];
}

/**
 * The people a role-based split looks at: everyone who owned the lead (oldest first) and every
 * active collaborator. A collaborator's role on the lead replaces their function tags; owners
 * bring their tags. Owners who lost the lead to a reclaim or a release earn nothing by default.
 */
export function participants(
  history: readonly OwnershipRecord[],
  ownerId: string | null,
  collaborators: readonly Collaborator[],
  rolesOf: (repId: string) => readonly string[],
  excludeReclaimed: boolean,
): Participant[] {
  const byRep = new Map<string, Set<string>>();
  const put = (repId: string, roles: readonly string[]) => {
    let set = byRep.get(repId);
    if (!set) byRep.set(repId, (set = new Set()));
    for (const r of roles) set.add(r);
  };
  for (const o of history) {
    if (excludeReclaimed && (o.endReason === 'reclaimed' || o.endReason === 'released')) continue;
    put(o.repId, rolesOf(o.repId));
  }
  if (ownerId) put(ownerId, rolesOf(ownerId));
  for (const c of collaborators) if (c.status === 'active') put(c.repId, c.role ? [c.role] : rolesOf(c.repId));
  return [...byRep].map(([repId, roles]) => ({ repId, roles: [...roles] }));
}

/** Role-based fixed shares (S23): a role's share is split evenly among the people holding it. */
export function byRole(people: readonly Participant[], roles: ReadonlyArray<{ role: string; share: Fraction }>): { parts: Part[]; missing: Missing[] } {
  const parts: Part[] = [];
  const missing: Missing[] = [];
  for (const { role, share } of roles) {
    if (isZero(share)) continue;
    const holders = people
      .filter((p) => p.roles.includes(role))
      .map((p) => p.repId)
      .sort(cmp);
    if (holders.length === 0) {
      missing.push({ basis: `role:${role}`, weight: share });
      continue;
    }
    for (const repId of holders) parts.push({ repId, weight: divide(share, holders.length), basis: `role:${role}`, role });
  }
  return { parts, missing };
}

/**
 * Shares nobody earned either go to the current owner or are left out, which spreads them over
 * the others in proportion (the allocation normalises); with nobody at all and no owner, no one
 * earns anything.
 */
export function settleMissing(parts: readonly Part[], missing: readonly Missing[], mode: 'owner' | 'spread', ownerId: string | null): Part[] {
  if (missing.length === 0) return [...parts];
  if ((mode === 'owner' || !parts.some((p) => !isZero(p.weight))) && ownerId) {
    return [...parts, ...missing.map((m) => ({ repId: ownerId, weight: m.weight, basis: `unattributed:${m.basis}` }))];
  }
  return [...parts];
}

interface Credit {
  repId: string;
  weight: Fraction;
  bases: string[];
  roles: string[];
}

/** One line per rep: their parts added up, the reasons kept in the order they came. */
export function aggregate(parts: readonly Part[]): Credit[] {
  const byRep = new Map<string, Credit>();
  for (const p of parts) {
    let c = byRep.get(p.repId);
    if (!c) byRep.set(p.repId, (c = { repId: p.repId, weight: ZERO, bases: [], roles: [] }));
    c.weight = add(c.weight, p.weight);
    if (!c.bases.includes(p.basis)) c.bases.push(p.basis);
    if (p.role !== undefined && !c.roles.includes(p.role)) c.roles.push(p.role);
  }
  return [...byRep.values()];
}

/** A revenue split and what its rounding left over (basis points and cents, and who got them). */
export interface RevenueSplit {
  shares: CreditShare[];
  leftover: { basisPoints: Leftover; cents: Leftover };
}

/**
 * The revenue split: parts → one credit line per rep, basis points summing to exactly 10,000 and
 * amounts to `amountCents`, both by largest remainder with ties to the lower rep id.
 */
export function revenueSplit(amountCents: number, parts: readonly Part[]): RevenueSplit {
  const credits = aggregate(parts);
  const byRep = new Map(credits.map((c) => [c.repId, c]));
  const allocation = allocate(
    amountCents,
    credits.map((c) => ({ id: c.repId, weight: c.weight })),
  );
  const shares = allocation.parts.map((a) => {
    const c = byRep.get(a.id)!;
    return {
      repId: a.id,
      ...(c.roles.length > 0 ? { role: c.roles.join('+') } : {}),
      basisPoints: a.basisPoints,
      share: a.share,
      amountCents: a.cents,
      basis: c.bases.join('+'),
    };
  });
  return { shares, leftover: { basisPoints: allocation.basisPoints, cents: allocation.cents } };
}

/** The revenue split's lines alone. */
export function revenueShares(amountCents: number, parts: readonly Part[]): CreditShare[] {
  return revenueSplit(amountCents, parts).shares;
}
