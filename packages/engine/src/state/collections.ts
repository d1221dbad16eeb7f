import type { Lead } from '../types/domain.js';

export const EMPTY: readonly never[] = Object.freeze([]);

export function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** A map of lists with every list copied: a clone's lists must not grow with the original's. */
export function copyLists<K, V>(map: Map<K, V[]>, each: (v: V) => V = (v) => v): Map<K, V[]> {
  const out = new Map<K, V[]>();
  for (const [k, list] of map) out.set(k, list.map(each));
  return out;
}

/**
 * Every owner's open leads, in owner then insertion order. A hand-written iterator rather than a
 * generator: it hands back one result object, so walking a million leads in a tick allocates nothing.
 */
export class OpenOwnedLeads implements Iterator<Lead> {
  private readonly owners: Iterator<ReadonlyMap<string, Lead>>;
  private leads: Iterator<Lead> | undefined;
  private readonly result = { done: false as const, value: undefined as unknown as Lead };
  constructor(owners: ReadonlyMap<string, ReadonlyMap<string, Lead>>) {
    this.owners = owners.values();
  }
  next(): IteratorResult<Lead> {
    for (;;) {
      if (this.leads) {
        for (let r = this.leads.next(); !r.done; r = this.leads.next()) {
          const lead = r.value;
          if (lead.status === undefined || lead.status === 'open') {
            this.result.value = lead;
            return this.result;
          }
        }
      }
      const owner = this.owners.next();
      if (owner.done) return { done: true, value: undefined };
      this.leads = owner.value.values();
    }
  }
}
