import type { Activity, Collaborator, Override, Penalty } from '../types/domain.js';
import type { PointerState, StateChange } from '../types/state.js';
import { copyLists, push } from './collections.js';
import type { StateSnapshot } from './snapshot.js';
import { idHash } from './idHash.js';

export type Flag = Omit<Extract<StateChange, { type: 'rep.flag' }>, 'type'>;
export type SplitRecord = Extract<StateChange, { type: 'deal.split' }>;

/**
 * What is written down about leads and reps besides who holds them: touches, penalties,
 * co-followers, overrides, reminders sent, round-robin pointers, flags and deal splits.
 */
export class Records {
  readonly activities = new Map<string, Activity[]>();
  readonly penalties = new Map<string, Penalty[]>();
  readonly collaborators = new Map<string, Collaborator[]>();
  readonly overrides = new Map<string, Override[]>();
  readonly reminders = new Reminders();
  readonly pointers = new Map<string, PointerState>();
  readonly flags: Flag[] = [];
  readonly splits: SplitRecord[] = [];

  static from(snapshot: Pick<StateSnapshot, 'activities' | 'penalties' | 'collaborators' | 'overrides' | 'reminders' | 'pointers'>): Records {
    const r = new Records();
    for (const a of snapshot.activities) push(r.activities, a.leadId, a);
    for (const p of snapshot.penalties) push(r.penalties, p.repId, p);
    for (const c of snapshot.collaborators) push(r.collaborators, c.leadId, c);
    for (const o of snapshot.overrides) push(r.overrides, o.leadId, o);
    for (const [leadId, window] of Object.entries(snapshot.reminders)) r.reminders.set(leadId, window);
    for (const [key, p] of Object.entries(snapshot.pointers)) r.pointers.set(key, p);
    return r;
  }

  /** A co-follower's later record replaces the earlier one (pending → active). */
  setCollaborator(c: Collaborator): void {
    const list = (this.collaborators.get(c.leadId) ?? []).filter((x) => x.repId !== c.repId);
    list.push(c);
    this.collaborators.set(c.leadId, list);
  }

  /** Records are replaced, never edited in place, so a clone copies the lists and shares the items. */
  clone(): Records {
    const r = new Records();
    for (const [k, v] of copyLists(this.activities)) r.activities.set(k, v);
    for (const [k, v] of copyLists(this.penalties)) r.penalties.set(k, v);
    for (const [k, v] of copyLists(this.collaborators)) r.collaborators.set(k, v);
    for (const [k, v] of copyLists(this.overrides)) r.overrides.set(k, v);
    for (const [k, v] of this.reminders.entries()) r.reminders.set(k, v);
    for (const [k, v] of this.pointers) r.pointers.set(k, v);
    r.flags.push(...this.flags);
    r.splits.push(...this.splits);
    return r;
  }
}

/**
 * The reminder window each lead was last reminded for (`lead.remind`), by lead id. Most leads never
 * were, and the next due of every lead a step touches asks: a miss in a map still reads each key of
 * its hash chain to compare it, and lead ids, spread over the heap, were cold — at a million leads
 * that was ~4 % of a replay for a map of a few thousand. A bitmap of the ids' hashes answers most
 * of those no's with one bit (no false no: a set bit, the lead's or one sharing it — under 1 in 16
 * — asks the map).
 */
export class Reminders {
  private readonly byLead = new Map<string, string>();
  /** Bit `idHash(id) & (bits − 1)` is set for every id in `byLead`; bits stay ≥ 16 per id. */
  private words = new Int32Array(MIN_WORDS);

  get(leadId: string): string | undefined {
    const bit = idHash(leadId) & (this.words.length * 32 - 1);
    if ((this.words[bit >>> 5]! & (1 << (bit & 31))) === 0) return undefined;
    return this.byLead.get(leadId);
  }

  set(leadId: string, window: string): void {
    this.byLead.set(leadId, window);
    if (this.byLead.size * 16 <= this.words.length * 32) this.mark(leadId);
    else {
      this.words = new Int32Array(this.words.length * 2);
      for (const id of this.byLead.keys()) this.mark(id);
    }
  }

  entries(): IterableIterator<[string, string]> {
    return this.byLead.entries();
  }

  private mark(leadId: string): void {
    const bit = idHash(leadId) & (this.words.length * 32 - 1);
    this.words[bit >>> 5]! |= 1 << (bit & 31);
  }
}

/** 8192 bits to start: room for 512 reminded leads. */
const MIN_WORDS = 256;
