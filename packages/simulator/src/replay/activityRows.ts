import { canonicalMs } from '@sluice/engine';
import type { HistoryActivity } from '../types.js';
import { isoFormatter } from '../world/instants.js';
import { Interned } from './interned.js';

const NONE = -1;

/**
 * A history's activities as parallel columns (lead, instant, rep, kind) instead of one object a row:
 * at a million leads the export's ~2.3 million activity objects, each with its own instant text,
 * were ~0.24 KB a lead held for the whole run, against ~0.05 KB here. The instant is kept as its
 * number; its text is made again on demand and is the row's own text, character for character (a
 * text that is not what toISOString writes for its instant is kept as it was).
 */
export class HistoryActivityRows {
  private readonly text = new Interned();
  private leadIds: string[] = [];
  private atMs: Float64Array;
  private repOf: Int32Array;
  private typeOf: Int32Array;
  /** Instants whose text is not toISOString's for the number (another form, or no instant at all), by row. */
  private readonly oddInstants = new Map<number, string>();
  private readonly iso = isoFormatter();
  private count = 0;

  constructor(expected = 0) {
    const size = Math.max(64, Math.ceil(expected));
    this.atMs = new Float64Array(size);
    this.repOf = new Int32Array(size);
    this.typeOf = new Int32Array(size);
  }

  static of(activities: readonly HistoryActivity[]): HistoryActivityRows {
    const rows = new HistoryActivityRows(activities.length);
    for (const a of activities) rows.add(a.leadId, a.repId, a.at, a.type);
    return rows;
  }

  get length(): number {
    return this.count;
  }

  add(leadId: string, repId: string | undefined, at: string, type: string): void {
    const row = this.count++;
    if (row === this.atMs.length) this.grow(Math.ceil(row * 1.5));
    // The canonical form is its instant's own text (and Date.parse's number): any other is kept as given.
    let ms = canonicalMs(at);
    if (Number.isNaN(ms)) {
      ms = Date.parse(at);
      this.oddInstants.set(row, at);
    }
    this.leadIds.push(leadId);
    this.atMs[row] = ms;
    this.repOf[row] = repId === undefined ? NONE : this.text.of(repId);
    this.typeOf[row] = this.text.of(type);
  }

  /** Gives back the room made for rows that never came (the columns grow by half again). */
  trim(): this {
    if (this.count < this.atMs.length) this.grow(this.count);
    return this;
  }

  leadId(row: number): string {
    return this.leadIds[row]!;
  }
  /** `Date.parse` of the row's instant (NaN when it is not one). */
  ms(row: number): number {
    return this.atMs[row]!;
  }
  /** Whether the row's text is toISOString's for its instant (no other form kept). */
  formatted(row: number): boolean {
    return this.oddInstants.size === 0 || !this.oddInstants.has(row);
  }
  at(row: number): string {
    return this.oddInstants.get(row) ?? this.iso(this.atMs[row]!);
  }
  type(row: number): string {
    return this.text.at(this.typeOf[row]!);
  }
  /** The number rows give `repId` (undefined: no row names it), for byRepNumberOrNobody. */
  repNumber(repId: string): number | undefined {
    return this.text.find(repId);
  }
  /** Whether the row names no rep, or names the rep numbered `rep` (repNumber). */
  byRepNumberOrNobody(row: number, rep: number | undefined): boolean {
    const named = this.repOf[row]!;
    return named === NONE || named === rep;
  }
  /** Whether the row names no rep, or names `repId`. */
  byRepOrNobody(row: number, repId: string): boolean {
    const rep = this.repOf[row]!;
    return rep === NONE || rep === this.text.find(repId);
  }

  private grow(size: number): void {
    const widen = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a.subarray(0, Math.min(a.length, size)));
      return b;
    };
    this.atMs = widen(this.atMs, (k) => new Float64Array(k));
    this.repOf = widen(this.repOf, (k) => new Int32Array(k));
    this.typeOf = widen(this.typeOf, (k) => new Int32Array(k));
  }
}
