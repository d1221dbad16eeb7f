/**
 * A run's results given as objects (hand-made runs, a run put in another run's order), and the
 * contact hours every kind of results reads alike. The replay's own results are read from its
 * tracks (replay/trackedResults.ts).
 */
import { parseInstant } from '@sluice/engine';
import type { Outcome, ReplayLead, ReplayResults } from './types.js';

const HOUR_MS = 3_600_000;

/** Hours from `assignedMs` to `contactMs` (NaN when either is not an instant); a contact logged before its assignment counts 0. */
export function contactHoursBetween(assignedMs: number, contactMs: number): number {
  return Math.max(0, (contactMs - assignedMs) / HOUR_MS);
}

/** ReplayResults' contactHours for a lead's texts. */
export function contactHoursOf(lead: Pick<ReplayLead, 'assignedAt' | 'firstContactAt'>): number {
  const { assignedAt, firstContactAt } = lead;
  if (!assignedAt || !firstContactAt) return Number.NaN;
  return contactHoursBetween(parseInstant(assignedAt), parseInstant(firstContactAt));
}

/** Results given as objects (hand-made runs, a run put in another run's order). Each lead's object is handed out as it is. */
export class ListedResults implements ReplayResults {
  constructor(private readonly list: readonly ReplayLead[]) {}

  get length(): number {
    return this.list.length;
  }
  lead(i: number): ReplayLead {
    return this.list[i]!;
  }
  leadId(i: number): string {
    return this.list[i]!.leadId;
  }
  finalRepId(i: number): string | undefined {
    return this.list[i]!.finalRepId;
  }
  counterfactual(i: number): boolean {
    return this.list[i]!.counterfactual;
  }
  reclaimed(i: number): number {
    return this.list[i]!.reclaimed;
  }
  rerouted(i: number): number {
    return this.list[i]!.rerouted;
  }
  reminders(i: number): number {
    return this.list[i]!.reminders;
  }
  penalties(i: number): number {
    return this.list[i]!.penalties;
  }
  loadAtAssign(i: number): number | undefined {
    return this.list[i]!.loadAtAssign;
  }
  outcome(i: number): Outcome {
    return this.list[i]!.outcome;
  }
  amount(i: number): number | undefined {
    return this.list[i]!.amount;
  }
  pWon(i: number): number | undefined {
    return this.list[i]!.pWon;
  }
  contactHours(i: number): number {
    return contactHoursOf(this.list[i]!);
  }
  [Symbol.iterator](): Iterator<ReplayLead> {
    return this.list[Symbol.iterator]();
  }
  toJSON(): ReplayLead[] {
    return [...this.list];
  }
}
