import type { Lead } from '../types/domain.js';

/**
 * A caller's numbers for its leads (see LeadStore.number): an integer from 0, the same for an id
 * for as long as a lead of that id is stored, never the same for two ids; undefined for none.
 */
export type LeadNumbering = (leadId: string) => number | undefined;

/**
 * The stored leads, by id — or, once the caller numbers its leads (the simulator's replay, by their
 * place in the history), a numbered lead in a list by its number instead. A look-up by id in a map
 * of up to a million leads read the id's hash from the id string (far off in memory, made with
 * the history), then a bucket and an entry; every lead stored and let go grew and rehashed the
 * map. By number it is one read of the list, and storing or letting go a lead touches nothing else.
 * Walks list the leads kept by id in the order they were stored, then the numbered ones by number.
 */
export class LeadStore {
  private readonly byId = new Map<string, Lead>();
  private numberOf: LeadNumbering | undefined;
  private byNumber: Array<Lead | undefined> = [];

  /**
   * From now on a lead numbered below `count` is kept by its number; those stored already move
   * there. The list is made at its size once (grown by push it was copied again and again).
   */
  number(numberOf: LeadNumbering, count: number): void {
    this.numberOf = numberOf;
    this.byNumber = new Array<Lead | undefined>(count).fill(undefined);
    for (const [id, lead] of [...this.byId]) {
      const n = this.slot(id);
      if (n < 0) continue;
      this.byNumber[n] = lead;
      this.byId.delete(id);
    }
  }

  /** The lead's place in the numbered list, or -1 for a lead kept by id. */
  private slot(leadId: string): number {
    if (this.numberOf === undefined) return -1;
    const n = this.numberOf(leadId);
    return n !== undefined && Number.isInteger(n) && n >= 0 && n < this.byNumber.length ? n : -1;
  }

  get(leadId: string): Lead | undefined {
    const n = this.slot(leadId);
    if (n < 0) return this.byId.get(leadId);
    const lead = this.byNumber[n];
    // A lead stored by id before its number was given (none, as the replay numbers its leads
    // before it stores any): asked of the map only when the map holds any lead at all.
    return lead !== undefined || this.byId.size === 0 ? lead : this.byId.get(leadId);
  }

  /** The lead numbered `n`, undefined for none (or no such number). */
  numbered(n: number): Lead | undefined {
    return this.byNumber[n];
  }

  /** Stores the lead under its id (replacing any lead of that id). */
  set(lead: Lead): void {
    const n = this.slot(lead.id);
    if (n < 0) {
      this.byId.set(lead.id, lead);
      return;
    }
    this.byNumber[n] = lead;
    if (this.byId.size !== 0) this.byId.delete(lead.id);
  }

  delete(leadId: string): void {
    const n = this.slot(leadId);
    if (n >= 0) this.byNumber[n] = undefined;
    if (n < 0 || this.byId.size !== 0) this.byId.delete(leadId);
  }

  *values(): IterableIterator<Lead> {
    yield* this.byId.values();
    for (const lead of this.byNumber) if (lead !== undefined) yield lead;
  }

  *keys(): IterableIterator<string> {
    for (const lead of this.values()) yield lead.id;
  }
}
