/**
 * Customer groups as the CRM links accounts by `parentId` (S25: parent and subsidiary as one
 * customer). The one climb both the state's family search (MatchIndex) and the existing-owner
 * node's precedence (nearest parent first) use.
 */

/**
 * The customer `id` and every parent above it that `byId` holds, nearest first; a parentId naming
 * no known customer ends it, and a loop in the CRM's parentIds ends where it comes round again.
 */
export function parentChain(id: string, byId: ReadonlyMap<string, { parentId?: string | null | undefined }>): string[] {
  const out = [id];
  for (let up = byId.get(id)?.parentId; up && byId.has(up) && !out.includes(up); up = byId.get(up)?.parentId) out.push(up);
  return out;
}
