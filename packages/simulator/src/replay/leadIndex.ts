import { idHash } from '@sluice/engine';

/**
 * Lead ids → their place in the history: an open-addressing table of places (linear probing, at
 * most half full) over the ids themselves, sized once for the history's leads. A Map of a million
 * ids, grown one doubling at a time, was ~3 % of a replay to build (every run builds it, for its
 * check that no id comes twice) and ~40 MB to hold; this is one Int32 slot per half lead.
 */
export class LeadIndex {
  /** A place + 1 (0: empty). */
  private readonly table: Int32Array;
  private readonly mask: number;

  constructor(
    /** The ids by place: `ids[t]` is there before `t` is added. */
    private readonly ids: readonly string[],
    count: number,
  ) {
    let size = 16;
    while (size < 2 * count) size *= 2;
    this.table = new Int32Array(size);
    this.mask = size - 1;
  }

  /** Adds place `t` under `ids[t]`; false when a place is there already under that id. */
  add(t: number): boolean {
    const { table, ids, mask } = this;
    const id = ids[t]!;
    for (let i = idHash(id) & mask; ; i = (i + 1) & mask) {
      const e = table[i]!;
      if (e === 0) {
        table[i] = t + 1;
        return true;
      }
      if (ids[e - 1] === id) return false;
    }
  }

  /** The place under `id`, or undefined. */
  get(id: string): number | undefined {
    const { table, ids, mask } = this;
    for (let i = idHash(id) & mask; ; i = (i + 1) & mask) {
      const e = table[i]!;
      if (e === 0) return undefined;
      if (ids[e - 1] === id) return e - 1;
    }
  }
}
