import type { Customer, Lead } from '../types/domain.js';
import type { CustomerKeys } from '../types/state.js';
import { parentChain } from '../matching/groups.js';
import { familyLookupKeys, leadIndexKeys, lookupKeys, matchKeys } from '../matching/keys.js';
import { EMPTY, push } from './collections.js';

/** Customers and leads by their normalised match keys (company, brand, e-mail domain, phone). */
export class MatchIndex {
  private readonly customerIndex = new Map<string, Customer[]>();
  /** Customers by id and by parent id: made on the first search by family. */
  private groups: { byId: Map<string, Customer>; children: Map<string, Customer[]> } | undefined;
  /** Normalised key → lead ids; built on the first `findLeads`, so states that never search pay nothing. */
  private leadKeys: Map<string, Set<string>> | undefined;

  constructor(private readonly customers: readonly Customer[]) {
    for (const c of customers) for (const key of matchKeys({ customer: c })) push(this.customerIndex, key, c);
  }

  /**
   * Customers sharing a key with `keys`; with `family`, every customer of their groups too: the
   * accounts the CRM links by `parentId` (parent, subsidiaries, their subsidiaries and sister
   * companies) count as one customer (S25). As listed in the snapshot.
   */
  findCustomers(keys: CustomerKeys, family = false): readonly Customer[] {
    const seen = new Set<Customer>();
    for (const k of lookupKeys(keys)) for (const c of this.customerIndex.get(k) ?? EMPTY) seen.add(c);
    if (family && seen.size > 0) for (const c of [...seen]) this.addGroup(c, seen);
    // Stable order: customers as listed in the snapshot.
    return this.customers.filter((c) => seen.has(c));
  }

  /** Adds every customer of `c`'s group (by parentId: its topmost parent and all below it) to `into`. */
  private addGroup(c: Customer, into: Set<Customer>): void {
    const { byId, children } = (this.groups ??= customerGroups(this.customers));
    const chain = parentChain(c.id, byId);
    const top = byId.get(chain[chain.length - 1]!) ?? c;
    const queue = [top];
    const walked = new Set<Customer>(queue);
    for (let i = 0; i < queue.length; i++) {
      const next = queue[i]!;
      into.add(next);
      for (const child of children.get(next.id) ?? EMPTY) {
        if (walked.has(child)) continue;
        walked.add(child);
        queue.push(child);
      }
    }
  }

  /** Lead ids sharing a key with `keys` (with `family`, the parent's and sister companies' too), sorted. */
  findLeadIds(keys: CustomerKeys, family: boolean, allLeads: () => Iterable<Lead>): string[] {
    if (!this.leadKeys) {
      this.leadKeys = new Map();
      for (const lead of allLeads()) this.indexLead(lead, true);
    }
    const lookups = family ? [...lookupKeys(keys), ...familyLookupKeys(keys)] : lookupKeys(keys);
    const ids = new Set<string>();
    for (const k of lookups) for (const id of this.leadKeys.get(k) ?? EMPTY) ids.add(id);
    return [...ids].sort();
  }

  /** Keeps the lead index right when a lead is written (nothing to do until someone searched). */
  leadWritten(prior: Lead | undefined, lead: Lead): void {
    if (!this.leadKeys) return;
    if (prior && prior.company === lead.company && prior.email === lead.email && prior.phone === lead.phone && prior.parentCompany === lead.parentCompany)
      return;
    if (prior) this.indexLead(prior, false);
    this.indexLead(lead, true);
  }

  /** Takes a lead out of the lead index (nothing to do until someone searched). */
  leadForgotten(lead: Lead): void {
    if (this.leadKeys) this.indexLead(lead, false);
  }

  /** Customers are never changed by a step: the clone shares them and rebuilds the lead index when asked. */
  clone(): MatchIndex {
    const copy = Object.create(MatchIndex.prototype) as MatchIndex;
    Object.assign(copy, { customers: this.customers, customerIndex: this.customerIndex, groups: this.groups, leadKeys: undefined });
    return copy;
  }

  private indexLead(lead: Lead, add: boolean): void {
    for (const key of leadIndexKeys(lead)) {
      let ids = this.leadKeys!.get(key);
      if (add) {
        if (!ids) this.leadKeys!.set(key, (ids = new Set()));
        ids.add(lead.id);
      } else ids?.delete(lead.id);
    }
  }
}

function customerGroups(customers: readonly Customer[]): { byId: Map<string, Customer>; children: Map<string, Customer[]> } {
  const byId = new Map<string, Customer>();
  const children = new Map<string, Customer[]>();
  for (const c of customers) byId.set(c.id, c);
  for (const c of customers) if (c.parentId && c.parentId !== c.id) push(children, c.parentId, c);
  return { byId, children };
}
