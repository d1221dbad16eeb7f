import { canonicalMs, parseInstant } from '@sluice/engine';

/**
 * One ISO instant (or none) per lead, kept as its number: a text per lead was ~40 bytes of string
 * on the heap (three columns of them, ~0.1 KB a lead held through a run), a number is 8 bytes off
 * it. The text comes back on demand character for character: a text that is not the canonical
 * form of its instant (what `format` writes) is kept as given.
 */
export class InstantColumn {
  /** Lead t's instant at [stride·t + offset]; NaN: none, or a text kept in `odd`. */
  private readonly ms: Float64Array;
  private readonly odd = new Map<number, string>();

  constructor(
    count: number,
    /** toISOString's text for an instant (the replay's cached formatter). */
    private readonly format: (ms: number) => string,
    /**
     * Where the numbers are kept, when not in an array of their own: a field of the leads' records
     * (see LeadRecords), NaN there already — a second pass over every record was ~64 MB of writes.
     */
    within?: Float64Array,
    private readonly stride = 1,
    private readonly offset = 0,
  ) {
    this.ms = within ?? new Float64Array(count).fill(Number.NaN);
  }

  set(t: number, text: string | undefined): void {
    if (this.odd.size > 0) this.odd.delete(t);
    const ms = text === undefined ? Number.NaN : canonicalMs(text);
    this.ms[this.stride * t + this.offset] = ms;
    if (text !== undefined && Number.isNaN(ms)) this.odd.set(t, text);
  }

  /** An instant whose text is `format(ms)` (the caller knows it is): kept without parsing the text. */
  setMs(t: number, ms: number): void {
    if (this.odd.size > 0) this.odd.delete(t);
    this.ms[this.stride * t + this.offset] = ms;
  }

  has(t: number): boolean {
    return !Number.isNaN(this.ms[this.stride * t + this.offset]!) || (this.odd.size > 0 && this.odd.has(t));
  }

  /** Lead t's instant as a number when its text is `format`'s for it (NaN: no instant, or a text kept as given). */
  msAt(t: number): number {
    return this.ms[this.stride * t + this.offset]!;
  }

  /** Lead t's instant as a number, a text kept as given parsed (NaN: none, or not an instant). */
  instant(t: number): number {
    const ms = this.ms[this.stride * t + this.offset]!;
    if (!Number.isNaN(ms) || this.odd.size === 0) return ms;
    const text = this.odd.get(t);
    return text ? parseInstant(text) : Number.NaN;
  }

  get(t: number): string | undefined {
    const ms = this.ms[this.stride * t + this.offset]!;
    if (!Number.isNaN(ms)) return this.format(ms);
    return this.odd.size > 0 ? this.odd.get(t) : undefined;
  }
}
