import type { Penalty, Rep } from '../types/domain.js';

/**
 * Penalty and reward arithmetic (S27–S29) in one place: routing, claims and the penalty nodes
 * all read a rep's standing through these functions, so they cannot disagree.
 */

/** A penalty holds from `from` (inclusive) until `until` (exclusive): at `until` it is over. */
export function isActive(p: Penalty, nowMs: number): boolean {
  return Date.parse(p.from) <= nowMs && nowMs < Date.parse(p.until);
}

/**
 * The factor a penalty applies at `nowMs`: its full `weightFactor` when it does not decay; with
 * `linear` decay it eases from `weightFactor` at `from` back to 1 at `until` (a reward fades the
 * same way). Outside its time it applies nothing (1).
 */
export function penaltyFactor(p: Penalty, nowMs: number): number {
  const from = Date.parse(p.from);
  const until = Date.parse(p.until);
  if (!(from <= nowMs && nowMs < until)) return 1;
  if (p.decay !== 'linear') return p.weightFactor;
  const left = (until - nowMs) / (until - from);
  return 1 + (p.weightFactor - 1) * left;
}

/**
 * A rep's routing weight at `nowMs`: their own weight times every active penalty's and reward's
 * current factor. Pure; the candidate table shows this number.
 */
export function effectiveWeight(rep: Pick<Rep, 'weight'>, penalties: readonly Penalty[], nowMs: number): number {
  let weight = rep.weight;
  // A plain loop: this runs for every rep on every routing decision.
  for (let i = 0; i < penalties.length; i++) weight *= penaltyFactor(penalties[i]!, nowMs);
  return weight;
}

/** The active penalty that suspends claiming (or routing), if any; the one lasting longest wins. */
export function activeSuspension(penalties: readonly Penalty[], nowMs: number, what: 'claims' | 'routing'): Penalty | undefined {
  let found: Penalty | undefined;
  for (const p of penalties) {
    if (!(what === 'claims' ? p.suspendClaims : p.suspendRouting) || !isActive(p, nowMs)) continue;
    if (!found || Date.parse(p.until) > Date.parse(found.until)) found = p;
  }
  return found;
}

/** The `source` a penalty node writes, so a later tick can tell what it already imposed. */
export function penaltySource(policyKey: string, nodeId: string, subject?: string): string {
  const base = `${policyKey}/${nodeId}`;
  return (subject === undefined ? base : `${base}#${subject}`).slice(0, 200);
}
