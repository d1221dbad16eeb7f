import { canonicalMs, parseInstant } from '@sluice/engine';
import type { AssignedCourse, History, LeadBehaviour } from '../types.js';
import { HistoryActivityRows } from './activityRows.js';
import { type CourseInput, type CourseWriter, type WritingBehaviour, writeCourse } from './course.js';

/**
 * History's own course for a lead that goes to its historical rep: the follow-ups that rep (or the
 * export, naming no rep) logged from the assignment on, and the outcome as it happened — so a
 * replay that keeps every historical owner reproduces the history's wins and revenue exactly. Anyone
 * else's course is `fallback`'s (a fitted model, or the generator's hidden truth).
 *
 * The follow-ups are read from `activityRows` when given (a caller that made the history's
 * activities as rows and never as objects, like the benchmark), else from `history.activities`,
 * which are copied into rows here: the behaviour keeps no activity object, so a caller that drops
 * the list once the behaviour is made does not hold it for the run.
 */
export function historicalBehaviour(history: History, fallback: LeadBehaviour, activityRows?: HistoryActivityRows): WritingBehaviour {
  const acts = (activityRows ?? HistoryActivityRows.of(history.activities)).trim();
  const stageRows = history.stageChanges;
  const activities = new RowsByLead(
    acts.length,
    (i) => acts.leadId(i),
    (i) => acts.ms(i),
  );
  const stages = new RowsByLead(
    stageRows.length,
    (i) => stageRows[i]!.leadId,
    (i) => parseInstant(stageRows[i]!.at),
  );
  // Each lead's first follow-up by its place in the history as it is now, read by the place the
  // replay gives when that place holds the same id: a look-up by id in a map of a million leads was
  // ~1 % of a replay. So is its close's instant (NaN: none, or not in toISOString's form), read
  // while the lead still has that very text: the replay then parses no close of a historical course.
  const placedIds = history.leads.map((l) => l.id);
  const placedFirst = Int32Array.from(placedIds, (id) => activities.first(id));
  const placedClosed = history.leads.map((l) => l.closedAt);
  const placedClosedMs = Float64Array.from(placedClosed, (text) => (text === undefined ? Number.NaN : canonicalMs(text)));
  return {
    onAssigned(input) {
      const { lead, repId, at, index } = input;
      if (!input.historical || lead.ownerRepId !== repId) return fallback.onAssigned(input);
      const from = input.atMs ?? parseInstant(at);
      const followUps: AssignedCourse['activities'] = [];
      const placed = index !== undefined && placedIds[index] === lead.id;
      const first = placed ? placedFirst[index]! : activities.first(lead.id);
      for (let i = first; i >= 0; i = activities.next[i]!) {
        if (!acts.byRepOrNobody(i, repId) || !(acts.ms(i) >= from)) continue;
        // Its number only for a text in toISOString's form (AssignedCourse): any other is kept as it was.
        if (acts.formatted(i)) followUps.push({ at: acts.at(i), type: acts.type(i), ms: acts.ms(i) });
        else followUps.push({ at: acts.at(i), type: acts.type(i) });
      }
      const course: AssignedCourse = { activities: followUps, outcome: lead.outcome, pWon: lead.outcome === 'won' ? 1 : 0 };
      const moves: NonNullable<AssignedCourse['stages']> = [];
      for (let i = stageRows.length === 0 ? -1 : stages.first(lead.id); i >= 0; i = stages.next[i]!) {
        const s = stageRows[i]!;
        if (parseInstant(s.at) >= from) moves.push({ at: s.at, stage: s.stage });
      }
      if (moves.length > 0) course.stages = moves;
      if (lead.closedAt !== undefined) {
        course.closedAt = lead.closedAt;
        const closedMs = placed && lead.closedAt === placedClosed[index] ? placedClosedMs[index]! : Number.NaN;
        if (!Number.isNaN(closedMs)) course.closedMs = closedMs;
      }
      if (lead.amount !== undefined) course.amount = lead.amount;
      return course;
    },
    /** onAssigned's course, written (CourseWriter): follow-ups in toISOString's form by their numbers, no text made. */
    writeCourse(input: CourseInput, out: CourseWriter): void {
      const { lead, repId, at, index } = input;
      if (!input.historical || lead.ownerRepId !== repId) {
        writeCourse(fallback, input, out);
        return;
      }
      const from = input.atMs ?? parseInstant(at);
      const placed = index !== undefined && placedIds[index] === lead.id;
      const first = placed ? placedFirst[index]! : activities.first(lead.id);
      const rep = acts.repNumber(repId);
      for (let i = first; i >= 0; i = activities.next[i]!) {
        if (!acts.byRepNumberOrNobody(i, rep) || !(acts.ms(i) >= from)) continue;
        if (acts.formatted(i)) out.followUpAt(acts.ms(i), acts.type(i));
        else out.followUpText(acts.at(i), acts.type(i));
      }
      for (let i = stageRows.length === 0 ? -1 : stages.first(lead.id); i >= 0; i = stages.next[i]!) {
        const s = stageRows[i]!;
        if (parseInstant(s.at) >= from) out.stageAt(s.at, s.stage);
      }
      let closedMs: number | undefined;
      if (lead.closedAt !== undefined && placed && lead.closedAt === placedClosed[index]) {
        const ms = placedClosedMs[index]!;
        if (!Number.isNaN(ms)) closedMs = ms;
      }
      out.end(lead.outcome, lead.closedAt, closedMs, lead.amount, lead.outcome === 'won' ? 1 : 0);
    },
  };
}

/**
 * Rows by lead, each lead's in time order, as a chain of row numbers: the lead's first row, and
 * after each row the lead's next (-1 at the end). A map of a list per lead held a million lists
 * for a million-lead history (≈190 MB); this is one number per lead and one per row. Exports list
 * rows in time order as a rule, so a lead's rows are sorted only when they are not, and no parsed
 * instant is kept per row beyond what the rows hold. `msOf` is `Date.parse` of the row's instant.
 */
class RowsByLead {
  private readonly heads = new Map<string, number>();
  readonly next: Int32Array;

  constructor(count: number, leadIdOf: (row: number) => string, msOf: (row: number) => number) {
    this.next = new Int32Array(count);
    // From the last row back, so each lead's chain comes out in the rows' own order.
    for (let i = count - 1; i >= 0; i--) {
      const id = leadIdOf(i);
      this.next[i] = this.heads.get(id) ?? -1;
      this.heads.set(id, i);
    }
    for (const [id, head] of this.heads) {
      if (this.next[head]! < 0 || this.inTimeOrder(msOf, head)) continue;
      // The same stable sort, on the same list, as a list per lead had: equal instants keep their order.
      const list: number[] = [];
      for (let i = head; i >= 0; i = this.next[i]!) list.push(i);
      list.sort((a, b) => msOf(a) - msOf(b));
      this.heads.set(id, list[0]!);
      for (let k = 0; k < list.length; k++) this.next[list[k]!] = k + 1 < list.length ? list[k + 1]! : -1;
    }
  }

  /** The lead's first row, or -1. */
  first(leadId: string): number {
    return this.heads.get(leadId) ?? -1;
  }

  private inTimeOrder(msOf: (row: number) => number, head: number): boolean {
    let last = msOf(head);
    for (let i = this.next[head]!; i >= 0; i = this.next[i]!) {
      const at = msOf(i);
      // An unparsable instant (NaN) leaves the order to the sort, as before.
      if (!(at >= last)) return false;
      last = at;
    }
    return !Number.isNaN(last);
  }
}
