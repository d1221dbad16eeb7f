/**
 * A table's rows as arrays of cells under one shared header → position index: a million-row export
 * held as a Map per row did not fit the simulation child's heap (issue #12).
 */

/** Column name → position of its first occurrence (a duplicated header reads its first column). */
export type ColumnIndex = Map<string, number>;

export class TableRow {
  constructor(
    /** 1-based file line where the record starts (the CSV header is row 1; JSON Lines: the line). */
    readonly row: number,
    /** Undefined where a JSON Lines object has no such key. */
    private readonly cells: readonly (string | undefined)[],
    private readonly columns: ReadonlyMap<string, number>,
  ) {}

  get(column: string): string | undefined {
    const i = this.columns.get(column);
    return i === undefined ? undefined : this.cells[i];
  }

  /** The row as named cells, for the guesser's sample and for tests; built on each call. */
  get values(): Map<string, string> {
    const values = new Map<string, string>();
    for (const [column, i] of this.columns) {
      const v = this.cells[i];
      if (v !== undefined) values.set(column, v);
    }
    return values;
  }
}

/** Past this many distinct values a column is taken for an id or a time, and no longer shared. */
const SHARED_VALUES_LIMIT = 1_000;

/**
 * One string per distinct value of a low-cardinality column (owner, team, status, region…): the
 * parser makes a fresh string for every cell, and the leads and activities built from the rows keep
 * them, so a million rows held a million copies of "East".
 */
export class CellSharing {
  /** Per column: its values so far, or null once it has too many to be worth sharing. */
  private readonly byColumn: (Map<string, string> | null | undefined)[] = [];

  share(cells: string[]): string[] {
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i]!;
      let seen = this.byColumn[i];
      if (v === '' || seen === null) continue;
      if (seen === undefined) {
        seen = new Map();
        this.byColumn[i] = seen;
      }
      const known = seen.get(v);
      if (known !== undefined) cells[i] = known;
      else if (seen.size < SHARED_VALUES_LIMIT) seen.set(v, v);
      else this.byColumn[i] = null;
    }
    return cells;
  }
}
