import type { Lead } from '@sluice/engine';
// The engine's normalisation is the one both sides of a match must use; it is not (yet) part of
// the engine's public entry point, so it is imported from its file.
import { emailDomain, normaliseCompany, normalisePhone } from '../../../engine/src/matching/normalise.js';

/**
 * The keys a lead can match customers on, in the form of `customers.match_keys` (see
 * routes/roster/matchKeys.ts): a decision loads only the customers sharing one (GIN index, `?|`).
 * The parent company counts as a company key.
 */
export function leadMatchKeys(lead: Partial<Lead> | undefined): string[] {
  if (!lead) return [];
  const keys: string[] = [];
  const company = normaliseCompany(lead.company);
  if (company) keys.push('c:' + company);
  const domain = emailDomain(lead.email);
  if (domain) keys.push('d:' + domain);
  const phone = normalisePhone(lead.phone);
  if (phone) keys.push('p:' + phone);
  const parent = normaliseCompany(lead.parentCompany);
  if (parent) keys.push('c:' + parent);
  return keys;
}
