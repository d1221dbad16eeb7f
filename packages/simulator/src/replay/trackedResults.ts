import { contactHoursBetween } from '../listedResults.js';
import type { Outcome, ReplayLead, ReplayResults } from '../types.js';
import { result } from './result.js';
import type { Tracks } from './tracks.js';

/**
 * What a replay returns: its results read from the run's tracks when asked, in the same terms as
 * `result` (the whole object), which the tests hold these columns to.
 */
export class TrackedResults implements ReplayResults {
  readonly length: number;

  /** `tracks` of a run that is over: every lead let go, with who owned it then (Tracks.setReleased). */
  constructor(private readonly tracks: Tracks) {
    this.length = tracks.count;
  }

  lead(i: number): ReplayLead {
    return result(this.tracks, i, this.tracks.ownerWhenReleased(i));
  }
  leadId(i: number): string {
    return this.tracks.leads[i]!.id;
  }
  finalRepId(i: number): string | undefined {
    return this.tracks.ownerWhenReleased(i) || undefined;
  }
  counterfactual(i: number): boolean {
    return this.finalRepId(i) !== this.tracks.leads[i]!.ownerRepId;
  }
  reclaimed(i: number): number {
    return this.tracks.reclaimed[i]!;
  }
  rerouted(i: number): number {
    return this.tracks.rerouted[i]!;
  }
  reminders(i: number): number {
    return this.tracks.reminders[i]!;
  }
  penalties(i: number): number {
    return this.tracks.penalties[i]!;
  }
  loadAtAssign(i: number): number | undefined {
    return this.tracks.assignments[i]! > 0 ? this.tracks.loadAtAssign[i] : undefined;
  }
  outcome(i: number): Outcome {
    return this.held(i) ? this.tracks.outcome(i) : 'open';
  }
  amount(i: number): number | undefined {
    return this.held(i) ? this.tracks.amount(i) : undefined;
  }
  pWon(i: number): number | undefined {
    return this.held(i) ? this.tracks.pWon(i) : 0;
  }
  contactHours(i: number): number {
    if (!(this.tracks.assignments[i]! > 0)) return Number.NaN;
    return contactHoursBetween(this.tracks.assignedAt.instant(i), this.tracks.firstContactAt.instant(i));
  }
  *[Symbol.iterator](): Iterator<ReplayLead> {
    for (let i = 0; i < this.length; i++) yield this.lead(i);
  }
  toJSON(): ReplayLead[] {
    return Array.from(this);
  }

  /** Whether the final holder's course is the lead's (a lead nobody holds at the end is worked by no one). */
  private held(i: number): boolean {
    const owner = this.tracks.ownerWhenReleased(i);
    return owner !== undefined && this.tracks.heldBy(i, owner);
  }
}
