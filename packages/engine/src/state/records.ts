import type { Activity, Collaborator, Override, Penalty } from '../types/domain.js';
import type { PointerState, StateChange } from '../types/state.js';
import { copyLists, push } from './collections.js';
import type { StateSnapshot } from './snapshot.js';

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
  readonly reminders = new Map<string, string>();
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
    for (const [k, v] of this.reminders) r.reminders.set(k, v);
    for (const [k, v] of this.pointers) r.pointers.set(k, v);
    r.flags.push(...this.flags);
    r.splits.push(...this.splits);
    return r;
  }
}
