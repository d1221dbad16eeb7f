/**
 * Every node kind the product ships, as data the editor can import without the node code: its
 * per-kind tables (`Record<NodeKind, …>`) are then checked by the compiler, and a kind added to
 * the registry but not here fails the registry test.
 */
export const NODE_KINDS = [
  'trigger',
  'condition',
  'switch',
  'score',
  'score.model',
  'grade',
  'notify',
  'assign.roundRobin',
  'assign.weightedRoundRobin',
  'assign.leastLoaded',
  'assign.capacity',
  'assign.dynamicCap',
  'assign.profileMatch',
  'assign.toPool',
  'assign.managerQueue',
  'assign.fallback',
  'assign.cascade',
  'match.existingOwner',
  'reclaim.rule',
  'collab.coFollow',
  'split.credit',
  'conflict.rule',
  'override.apply',
  'penalty.idleClaim',
  'penalty.hoarding',
  'penalty.reward',
] as const;

export type NodeKind = (typeof NODE_KINDS)[number];

const KNOWN = new Set<string>(NODE_KINDS);

/** Narrows a document's `type` string: true for a kind the product ships. */
export function isNodeKind(kind: string): kind is NodeKind {
  return KNOWN.has(kind);
}
