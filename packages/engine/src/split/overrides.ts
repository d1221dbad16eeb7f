import type { ExecContext } from '../nodes/spec.js';
import type { Override } from '../types/domain.js';

/**
 * An override applied earlier in this same decision is not in the state yet; the override node
 * leaves it here so a split node after it honours it at once. Not a fact path conditions can
 * read (`#` is refused by the compiler), only a hand-over between nodes.
 */
export const PENDING_OVERRIDE = '#pendingOverride';

/** The committee's latest word on how to split this lead's credit, if it ever gave one (S26). */
export function splitOverride(ctx: ExecContext): Override | undefined {
  const pending = ctx.fact(PENDING_OVERRIDE) as Override | undefined;
  if (pending && 'split' in pending.action) return pending;
  const list = ctx.leadId ? ctx.state.overrides(ctx.leadId) : [];
  for (let i = list.length - 1; i >= 0; i--) if ('split' in list[i]!.action) return list[i];
  return undefined;
}
