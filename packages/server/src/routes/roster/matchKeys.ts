import { matchKeys, type CustomerNames } from '@sluice/engine';

/**
 * The keys a lead finds this customer by, exactly as the engine's InMemoryState indexes them
 * (company name and aliases, e-mail domains, phones). Stored in customers.match_keys
 * (GIN-indexed) so the decision path can load only the customers a lead may collide with (撞单,
 * S25); db/rekey.ts rebuilds them when the engine's MATCH_KEYS_VERSION changes.
 */
export function customerMatchKeys(customer: CustomerNames): string[] {
  return matchKeys({ customer });
}
