import type { CompiledPolicy } from '../compiler/types.js';
import { familyLookupKeys, lookupKeys } from '../matching/keys.js';
import { normaliseCompany } from '../matching/normalise.js';
import type { Lead } from '../types/domain.js';
import { accountNames, type AccountRelation } from '../split/accounts.js';

/**
 * The match keys a lead searches with only because a policy's `accountRelations` put other
 * companies in its group (德尔塔物流 → 德尔塔集团): a conflict node with `family` looks for the
 * leads and customers of every name in the group, a co-follow node for their customers. These
 * names come from the policies, not the lead, so a lead's stored `find_keys` cannot hold them: a
 * caller that loads a slice of the state (the server) loads what holds these keys as well.
 *
 * The keys are the ones `StateView.findLeads` / `findCustomers` look up for those searches
 * (matching/keys.ts): `lookupKeys` of the name, and with `family` its `familyLookupKeys`. The
 * lead's own company and parent company are left out (its own keys already cover them). Empty
 * when no policy relates the lead's company to another.
 */
export function relationLookupKeys(policies: readonly CompiledPolicy[], lead: Partial<Lead> | undefined): string[] {
  if (!lead) return [];
  const own = [normaliseCompany(lead.company), normaliseCompany(lead.parentCompany)];
  const out = new Set<string>();
  const add = (relations: readonly AccountRelation[], family: boolean) => {
    if (relations.length === 0) return;
    for (const name of accountNames(lead as Lead, relations, true)) {
      if (own.includes(name)) continue;
      for (const k of lookupKeys({ company: name })) out.add(k);
      if (family) for (const k of familyLookupKeys({ company: name })) out.add(k);
    }
  };
  for (const policy of policies) {
    for (const node of policy.plan.nodes.values()) {
      if (node.kind === 'conflict.rule') {
        // The conflict node reads relations only with `family`, and only through company names.
        if (node.config.family === true && (node.config.keys as string[]).includes('company')) add(node.config.accountRelations, true);
      } else if (node.kind === 'collab.coFollow') {
        add(node.config.accountRelations, false);
      }
    }
  }
  return [...out].sort();
}
