import type { Lead } from '../types/domain.js';

// How a lead write makes the lead it stores: a copy with the fields over it, or (edited in place,
// leadBook.ts) the stored lead itself when that gives the same lead.

/**
 * A new lead object: `lead`'s fields, then `fields` over them (what `{ ...lead, ...fields }` makes).
 * Object.assign rather than a spread: leads come in many shapes, and a spread of a lead of a shape
 * it has not seen takes V8's slow path, which cost more than the rest of an assignment. A field
 * named `__proto__` (a CRM may send one) would be set as the prototype by Object.assign but kept as
 * a field by a spread: such a lead still takes the spread.
 */
export function withFields(lead: Lead, fields: Partial<Lead> = NO_FIELDS): Lead {
  if (Object.hasOwn(lead, '__proto__') || Object.hasOwn(fields, '__proto__')) return { ...lead, ...fields };
  return Object.assign(new StoredLead(), lead, fields);
}

/**
 * What a lead copy is made in: a plain object (its prototype Object.prototype, so `constructor`
 * is Object and nothing can tell it from `{}`), only laid out with room for its fields. A copy
 * made from `{}` holds 4 fields in the object and the rest in a separate list, which V8 moves
 * whenever a field is added (owner, pool, ownedSince, lastActivityAt, status …): a stored lead was
 * two or three places in memory, and at a million leads every step's first read of its lead
 * missed the cache in each (a replay is bound by those misses). Objects made by a function get
 * the room its body says it sets: V8 counts the `this.` assignments below, which run only once,
 * for the object made here at load — the room a copy keeps is what the objects made first used,
 * and that one uses all 20. Fields beyond 20 go to the separate list, as before.
 */
const StoredLead = function StoredLead(this: Record<string, number>, reserve?: boolean): void {
  if (reserve) {
    this.f0 = this.f1 = this.f2 = this.f3 = this.f4 = this.f5 = this.f6 = this.f7 = this.f8 = this.f9 = 0;
    this.f10 = this.f11 = this.f12 = this.f13 = this.f14 = this.f15 = this.f16 = this.f17 = this.f18 = this.f19 = 0;
  }
} as unknown as { new (reserve?: boolean): Lead; prototype: object };
StoredLead.prototype = Object.prototype;
new StoredLead(true);

/** No fields over the lead: a plain copy (one object for every copy, not one each). */
const NO_FIELDS: Partial<Lead> = Object.freeze({});

/** The fields a lead's match keys are made of (matchIndex.ts): a write touching one re-indexes the lead. */
const MATCH_FIELDS: ReadonlySet<string> = new Set(['company', 'email', 'phone', 'parentCompany']);

/**
 * Whether editing `lead` in place gives what `withFields((dropQueue ? withoutQueue : same)(lead), fields)` would.
 * A `__proto__` field of the lead's own is no reason not to: with none in `fields`, Object.assign
 * sets the same fields in the same order as the spread withFields then takes (asked of every
 * write, and a look-up among a lead's many fields).
 */
export function editable(lead: Lead, fields: Partial<Lead>, dropQueue: boolean): boolean {
  if (dropQueue && 'queueId' in lead) return false;
  if (Object.hasOwn(fields, '__proto__')) return false;
  for (const k in fields) if (k === 'id' || MATCH_FIELDS.has(k)) return false;
  return true;
}

/** The lead without its manager-queue mark (`queueId`, set by `lead.queue`): absent means in no queue. */
export function withoutQueue(lead: Lead): Lead {
  if (!('queueId' in lead)) return lead;
  const { queueId: _queue, ...rest } = lead as Lead & { queueId?: unknown };
  return rest as Lead;
}
