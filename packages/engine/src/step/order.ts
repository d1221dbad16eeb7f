import type { CompiledPolicy } from '../compiler/types.js';
import type { PolicyKind } from '../types/policy.js';

/** Scoring first (its facts feed routing), then routing, reclaim, split, penalty; then by key. */
export const KIND_ORDER: Record<PolicyKind, number> = { scoring: 0, routing: 1, reclaim: 2, split: 3, penalty: 4 };

/** The order policies run in on one event: by kind, then by key (a stable tie-break). */
export function runOrder(a: Pick<CompiledPolicy, 'kind' | 'key'>, b: Pick<CompiledPolicy, 'kind' | 'key'>): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
