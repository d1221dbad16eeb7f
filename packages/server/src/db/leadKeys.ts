import { familyLookupKeys, leadIndexKeys, leadKeys, matchKeys, type Lead } from '@sluice/engine';

/**
 * A lead row's two key columns, both the engine's own keys (matching/keys.ts): `match_keys` is
 * what other leads find it by (GIN-indexed, like customers.match_keys), `find_keys` what it looks
 * for — every key a node may search with, the parent-company family's included — so a decision on
 * a stored lead loads the leads it may meet (a conflict's rival holder) in the same statement.
 */
export function leadKeyColumns(lead: Partial<Lead>): { matchKeys: string[]; findKeys: string[] } {
  return { matchKeys: leadIndexKeys(lead), findKeys: [...new Set([...matchKeys({ lead }), ...familyLookupKeys(leadKeys(lead))])] };
}
