import { matchKeys, type Lead } from '@sluice/engine';

/**
 * The keys a lead can match customers on, in the form of `customers.match_keys` (see
 * routes/roster/matchKeys.ts): a decision loads only the customers sharing one (GIN index, `?|`).
 * The engine defines them (full name, short name, domain, phone, parent company), so what is
 * loaded here is exactly what its matching can use.
 */
export function leadMatchKeys(lead: Partial<Lead> | undefined): string[] {
  return matchKeys({ lead });
}
