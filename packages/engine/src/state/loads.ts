import type { Rep } from '../types/domain.js';
import { CapacityRanking, type CapOfRep, type LoadSlots } from './capacityRanking.js';

/** How many load changes are remembered for the rankings to catch up on (a power of two). */
const JOURNAL = 1024;

/**
 * Open loads by rep, as a map would keep them, stored in one dense array with the rep ids as an
 * index into it: capacity routing reads every rep's load on every decision, and a list of reps
 * read again (the same roster or team) finds its loads by position (`ofReps`) without a look-up by
 * id per rep, which was most of that decision.
 */
export class Loads implements LoadSlots {
  private readonly slotById = new Map<string, number>();
  private values = new Float64Array(64);
  /** The last list `ofReps` read (the array itself: a list the state hands out does not change) and each rep's slot in it. */
  private seenList: readonly Rep[] | undefined;
  private seenSlots = new Int32Array(64);
  private out = new Float64Array(64);
  /** How many loads were set so far, and the slots of the last JOURNAL of them (ring). */
  version = 0;
  private readonly journal = new Int32Array(JOURNAL);
  /** Capacity rankings by the caller's key (see rankingOf); a handful at most. */
  private readonly rankings = new Map<unknown, CapacityRanking>();
  /** The last list asked about that is not ranked (see firstByRoom). */
  private lastUnranked: readonly Rep[] | undefined;

  get size(): number {
    return this.slotById.size;
  }

  get(repId: string): number | undefined {
    const slot = this.slotById.get(repId);
    return slot === undefined ? undefined : this.values[slot];
  }

  set(repId: string, load: number): void {
    // The slot first: making one may replace `values` with a wider array.
    const slot = this.slot(repId);
    this.values[slot] = load;
    this.journal[this.version % JOURNAL] = slot;
    this.version++;
  }

  slotOf(repId: string): number {
    return this.slot(repId);
  }

  valueAt(slot: number): number {
    return this.values[slot]!;
  }

  remembers(version: number): boolean {
    return this.version - version <= JOURNAL;
  }

  slotSetAt(v: number): number {
    return this.journal[v % JOURNAL]!;
  }

  /**
   * The position in `reps` of the rep capacity routing ranks first by the loads as they stand (see
   * CapacityRanking), each rep's cap being `capOf(rep)`; -1 for no rep, undefined when the list
   * cannot be ranked so. Kept from call to call under `key`, which must name one way of reading
   * caps (the node's configuration): the same list and key are caught up, not ranked anew. A list
   * is first ranked the second time running it is asked about (undefined the first time).
   */
  firstByRoom(reps: readonly Rep[], capOf: CapOfRep, key: unknown): number | undefined {
    let ranking = this.rankings.get(key);
    if (ranking === undefined || ranking.reps !== reps) {
      // Ranked only when asked about the same list twice running: a caller that makes a new list
      // per call (a union of teams) would pay for a tree per call, more than a scan.
      if (this.lastUnranked !== reps) {
        this.lastUnranked = reps;
        return undefined;
      }
      ranking = CapacityRanking.of(reps, capOf, this);
      if (ranking === undefined) return undefined;
      // A handful of lists at most: a caller naming a new key per call does not grow this.
      if (this.rankings.size >= 8 && !this.rankings.has(key)) this.rankings.clear();
      this.rankings.set(key, ranking);
    }
    return ranking.first();
  }

  *entries(): IterableIterator<[string, number]> {
    for (const [id, slot] of this.slotById) yield [id, this.values[slot]!];
  }

  /**
   * Each rep's open load as `openLoad` answers it (a load below zero reads as none), in the order
   * of `reps`: the first `reps.length` entries of an array this keeps and fills again at the next
   * call — read it before asking again. The reps' slots are found once per list: asked again with
   * the same array (the roster's, a team's: lists the state hands out never change), it reads the
   * loads by position without touching a rep. A list is read only, never edited in place.
   */
  ofReps(reps: readonly Rep[]): ArrayLike<number> {
    const n = reps.length;
    if (reps !== this.seenList || n > this.seenSlots.length) {
      if (n > this.seenSlots.length) {
        this.seenSlots = new Int32Array(n * 2);
        this.out = new Float64Array(n * 2);
      }
      // A rep with no load yet gets a slot holding none: it reads as 0, as openLoad answers.
      for (let i = 0; i < n; i++) this.seenSlots[i] = this.slot(reps[i]!.id);
      this.seenList = reps;
    }
    const { values, seenSlots, out } = this;
    for (let i = 0; i < n; i++) out[i] = Math.max(0, values[seenSlots[i]!]!);
    return out;
  }

  private slot(repId: string): number {
    let slot = this.slotById.get(repId);
    if (slot === undefined) {
      slot = this.slotById.size;
      if (slot === this.values.length) {
        const wider = new Float64Array(slot * 2);
        wider.set(this.values);
        this.values = wider;
      }
      this.slotById.set(repId, slot);
    }
    return slot;
  }
}
