import type { Activity } from '@sluice/engine';
import type { Interned } from './interned.js';

const NONE = -1;

/**
 * The replay's touches (activities) as rows of parallel typed arrays — instant, rep, kind, stage,
 * the lead's next row — instead of one object and one list per lead: at a million leads those were
 * ~0.35 KB a lead, held to the end while almost no policy reads them. Each lead's rows are a chain
 * through `next`, its first and last row kept by the caller (ReplayState); a lead's list is made on
 * demand, field for field what the engine's state would hold.
 */
export class TouchRows {
  private atMs: Float64Array;
  private repOf: Int32Array;
  private kindOf: Int32Array;
  private stageOf: Int32Array;
  private next: Int32Array;
  private rows = 0;
  /** Touch instants as the engine stored them, for a row whose text is not the canonical form of its instant. */
  private readonly oddInstants = new Map<number, string>();

  constructor(
    /** How many touches to make room for at once (the history's count is a good guess): growing copies every row. */
    expected: number,
    /** Reps, kinds and stages as numbers (the replay's texts, shared: see ReplayState.touchesBy). */
    private readonly text: Interned,
  ) {
    const rows = Math.max(1024, Math.ceil(expected * 1.1));
    this.atMs = new Float64Array(rows);
    this.repOf = new Int32Array(rows);
    this.kindOf = new Int32Array(rows);
    this.stageOf = new Int32Array(rows);
    this.next = new Int32Array(rows);
  }

  /**
   * A touch at `ms` (its text `at`) as a new row after the lead's last row `tail` (NONE: its
   * first); returns the row, the lead's last from now on. The old last row is only written, not
   * read: a touch comes days after the lead's last one, its row long out of cache. `rep` and `kind`, when not NONE, are numbers the caller expects the
   * texts to have: used only for the very texts they stand for, they save a look-up of each.
   */
  add(a: Activity, ms: number, tail: number, rep: number, kind: number): number {
    const row = this.rows++;
    if (row === this.atMs.length) this.grow();
    this.atMs[row] = ms;
    // factChangesFor writes every touch's instant as toISOString does, which a 24-character text round-trips.
    if (a.at.length !== 24 || !Number.isFinite(ms)) this.oddInstants.set(row, a.at);
    const { text } = this;
    this.repOf[row] = rep !== NONE && text.at(rep) === a.repId ? rep : text.of(a.repId);
    this.kindOf[row] = kind !== NONE && text.at(kind) === a.kind ? kind : text.of(a.kind);
    this.stageOf[row] = a.stage === undefined ? NONE : text.of(a.stage);
    this.next[row] = NONE;
    if (tail !== NONE) this.next[tail] = row;
    return row;
  }

  /** The lead's touches from its first row `head` on, oldest first (in the order they were recorded). */
  list(leadId: string, head: number): Activity[] {
    const out: Activity[] = [];
    for (let row = head; row !== NONE; row = this.next[row]!) {
      const a: Activity = { leadId, repId: this.text.at(this.repOf[row]!), at: this.instant(row), kind: this.text.at(this.kindOf[row]!) };
      if (this.stageOf[row] !== NONE) a.stage = this.text.at(this.stageOf[row]!);
      out.push(a);
    }
    return out;
  }

  private instant(row: number): string {
    return this.oddInstants.get(row) ?? new Date(this.atMs[row]!).toISOString();
  }

  private grow(): void {
    // By half again, not double: at a million leads the rows are the replay's largest arrays.
    const size = Math.ceil(this.atMs.length * 1.5);
    const widen = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.atMs = widen(this.atMs, (k) => new Float64Array(k));
    this.repOf = widen(this.repOf, (k) => new Int32Array(k));
    this.kindOf = widen(this.kindOf, (k) => new Int32Array(k));
    this.stageOf = widen(this.stageOf, (k) => new Int32Array(k));
    this.next = widen(this.next, (k) => new Int32Array(k));
  }
}
