import { localTime } from '../types/localTime.js';
import type { KnownInstant } from './knownInstant.js';

/**
 * Leads received per local day, then per rep: a routing decision asks about one day for every rep
 * of the roster, so the day's counts are one small map (rep-first, each rep's map grew a key per
 * day and the look-ups went cold over a long history).
 */
export class DailyCounts {
  readonly byDay = new Map<string, Map<string, number>>();
  // The local day of the last assignment's instant: a burst of assignments shares one `at`, and
  // a parse + localTime cost more than the rest of an assignment's bookkeeping.
  private dayOfAt = '';
  private dayAt = '';

  constructor(
    private readonly zone: string,
    private readonly instants: KnownInstant,
  ) {}

  /** Leads a rep received on a local day. */
  on(repId: string, day: string): number {
    return this.byDay.get(day)?.get(repId) ?? 0;
  }

  /** One more lead for the rep on the local day of `at`. */
  add(repId: string, at: string): void {
    const reps = this.countOn(this.localDay(at));
    reps.set(repId, (reps.get(repId) ?? 0) + 1);
  }

  set(day: string, repId: string, n: number): void {
    this.countOn(day).set(repId, n);
  }

  /** A copy of the counts (the day's maps copied: neither may see the other's later counts). */
  copyInto(other: DailyCounts): void {
    for (const [k, v] of this.byDay) other.byDay.set(k, new Map(v));
  }

  /** The day's counts by rep, made on first use. */
  private countOn(day: string): Map<string, number> {
    let reps = this.byDay.get(day);
    if (!reps) this.byDay.set(day, (reps = new Map()));
    return reps;
  }

  /** The local day (YYYY-MM-DD in the state's zone) of an instant. */
  private localDay(at: string): string {
    if (at !== this.dayAt) {
      this.dayOfAt = localTime(this.instants.of(at), this.zone).day;
      this.dayAt = at;
    }
    return this.dayOfAt;
  }
}
