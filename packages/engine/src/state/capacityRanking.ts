import { rankKey, ranksBefore } from '../assignment/utilisation.js';
import type { Rep } from '../types/domain.js';

/** A rep's cap as capacity routing reads it (undefined: none). */
export type CapOfRep = (rep: Rep) => number | undefined;

/** What the ranking reads of the loads: each slot's value, and which slots changed since a version. */
export interface LoadSlots {
  readonly version: number;
  slotOf(repId: string): number;
  valueAt(slot: number): number;
  /** Whether every slot set since `version` is still remembered (slotSetAt answers for each). */
  remembers(version: number): boolean;
  /** The slot of the load set as version `v` (0 the first set), for a remembered `v` below `version`. */
  slotSetAt(v: number): number;
}

/**
 * Capacity routing's ranking (assignment/utilisation.ts) of one list of reps, kept as their loads
 * move: a tournament tree over the list whose root is the rep a scan of every rep would pick first
 * (the best rank, the earlier of equals). Each decision then costs the loads changed since the last
 * one (a few, each a walk up the tree), not a look at every rep of the team.
 */
export class CapacityRanking {
  private readonly size: number;
  /** Each position's cap (NaN: none, so the rep ranks after every capped one) and rank key. */
  private readonly caps: Float64Array;
  private readonly keys: Float64Array;
  private readonly slots: Int32Array;
  /** Slot → position in the list, + 1 (0: not in it); slots made after the list was ranked are not in it. */
  private readonly positionOf: Int32Array;
  /** Node k's best position (-1: none); leaves at size + i. */
  private readonly tree: Int32Array;
  private version: number;

  /** Undefined when the list cannot be ranked this way (a rep listed twice, a rank that is not a number). */
  static of(reps: readonly Rep[], capOf: CapOfRep, loads: LoadSlots): CapacityRanking | undefined {
    const r = new CapacityRanking(reps, capOf, loads);
    return r.usable ? r : undefined;
  }

  private usable = true;

  private constructor(
    readonly reps: readonly Rep[],
    capOf: CapOfRep,
    private readonly loads: LoadSlots,
  ) {
    const n = reps.length;
    let size = 1;
    while (size < n) size *= 2;
    this.size = size;
    this.caps = new Float64Array(n);
    this.keys = new Float64Array(n);
    this.slots = new Int32Array(n);
    this.tree = new Int32Array(2 * size).fill(-1);
    let maxSlot = -1;
    for (let i = 0; i < n; i++) {
      const rep = reps[i]!;
      const cap = capOf(rep);
      // NaN marks "no cap" here: a cap that is itself no number ranks as the scan ranks it, not so.
      if (Number.isNaN(cap)) this.usable = false;
      this.caps[i] = cap ?? Number.NaN;
      const slot = loads.slotOf(rep.id);
      this.slots[i] = slot;
      if (slot > maxSlot) maxSlot = slot;
    }
    this.positionOf = new Int32Array(maxSlot + 1);
    for (let i = 0; i < n; i++) {
      const slot = this.slots[i]!;
      if (this.positionOf[slot] !== 0) this.usable = false;
      this.positionOf[slot] = i + 1;
      this.keys[i] = this.keyAt(i);
      this.tree[size + i] = i;
    }
    for (let k = size - 1; k >= 1; k--) this.tree[k] = this.better(this.tree[2 * k]!, this.tree[2 * k + 1]!);
    this.version = loads.version;
  }

  /** The position of the list's first rep by rank as the loads stand now (-1: an empty list); undefined when it cannot say. */
  first(): number | undefined {
    if (!this.usable) return undefined;
    const loads = this.loads;
    const now = loads.version;
    if (this.version !== now) {
      // A loop over the remembered slots, not a callback per slot: a closure made per decision.
      if (loads.remembers(this.version)) {
        const positionOf = this.positionOf;
        for (let v = this.version; v < now; v++) {
          const slot = loads.slotSetAt(v);
          const at = slot < positionOf.length ? positionOf[slot]! - 1 : -1;
          if (at >= 0) this.update(at);
        }
      } else for (let i = 0; i < this.reps.length; i++) this.update(i);
      this.version = now;
    }
    return this.usable ? this.tree[1]! : undefined;
  }

  private keyAt(i: number): number {
    const cap = this.caps[i]!;
    const key = rankKey(Math.max(0, this.loads.valueAt(this.slots[i]!)), Number.isNaN(cap) ? null : cap);
    // A rank that is no number does not order (the scan then decides).
    if (Number.isNaN(key)) this.usable = false;
    return key;
  }

  private update(i: number): void {
    this.keys[i] = this.keyAt(i);
    for (let k = (this.size + i) >> 1; k >= 1; k >>= 1) this.tree[k] = this.better(this.tree[2 * k]!, this.tree[2 * k + 1]!);
  }

  /** The better of two positions (the earlier of equals, so left before right); -1 is no rep. */
  private better(a: number, b: number): number {
    if (a < 0) return b;
    if (b < 0) return a;
    const ua = Number.isNaN(this.caps[a]!);
    const ub = Number.isNaN(this.caps[b]!);
    // a < b always (a from the left subtree): b wins only by ranking strictly before a.
    return ranksBefore(ub, this.keys[b]!, ua, this.keys[a]!) ? b : a;
  }
}
