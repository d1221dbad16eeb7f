import type { Customer } from '@sluice/engine';
// The engine does not export its normaliser; both sides of a match must use this very one.
import { normaliseCompany, normaliseDomain, normalisePhone } from '../../../../engine/src/matching/normalise.js';

/**
 * The keys a lead finds this customer by, exactly as the engine's InMemoryState indexes them:
 * 'c:<company>', 'd:<domain>', 'p:<phone>'. Stored in customers.match_keys (GIN-indexed) so the
 * decision path can load only the customers a lead may collide with (撞单, S25).
 */
export function customerMatchKeys(customer: Customer): string[] {
  const keys = new Set<string>();
  const company = normaliseCompany(customer.company);
  if (company) keys.add(`c:${company}`);
  for (const d of customer.emailDomains) {
    const domain = normaliseDomain(d);
    if (domain) keys.add(`d:${domain}`);
  }
  for (const p of customer.phones) {
    const phone = normalisePhone(p);
    if (phone) keys.add(`p:${phone}`);
  }
  return [...keys];
}
