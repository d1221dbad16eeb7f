import type { AssignedCourse, History, LeadBehaviour } from '../types.js';

/**
 * History's own course for a lead that goes to its historical rep: the follow-ups that rep (or the
 * export, naming no rep) logged from the assignment on, and the outcome as it happened — so a
 * replay that keeps every historical owner reproduces the history's wins and revenue exactly. Anyone
 * else's course is `fallback`'s (a fitted model, or the generator's hidden truth).
 */
export function historicalBehaviour(history: History, fallback: LeadBehaviour): LeadBehaviour {
  const activityRows = history.activities;
  const stageRows = history.stageChanges;
  const activities = new RowsByLead(activityRows);
  const stages = new RowsByLead(stageRows);
  return {
    onAssigned(input) {
      const { lead, repId, at } = input;
      if (!input.historical || lead.ownerRepId !== repId) return fallback.onAssigned(input);
      const from = Date.parse(at);
      const followUps: AssignedCourse['activities'] = [];
      for (let i = activities.first(lead.id); i >= 0; i = activities.next[i]!) {
        const a = activityRows[i]!;
        if ((a.repId === undefined || a.repId === repId) && Date.parse(a.at) >= from) followUps.push({ at: a.at, type: a.type });
      }
      const course: AssignedCourse = { activities: followUps, outcome: lead.outcome, pWon: lead.outcome === 'won' ? 1 : 0 };
      const moves: NonNullable<AssignedCourse['stages']> = [];
      for (let i = stages.first(lead.id); i >= 0; i = stages.next[i]!) {
        const s = stageRows[i]!;
        if (Date.parse(s.at) >= from) moves.push({ at: s.at, stage: s.stage });
      }
      if (moves.length > 0) course.stages = moves;
      if (lead.closedAt !== undefined) course.closedAt = lead.closedAt;
      if (lead.amount !== undefined) course.amount = lead.amount;
      return course;
    },
  };
}

/**
 * Rows by lead, each lead's in time order, as a chain of row numbers: the lead's first row, and
 * after each row the lead's next (-1 at the end). A map of a list per lead held a million lists
 * for a million-lead history (≈190 MB); this is one number per lead and one per row. Exports list
 * rows in time order as a rule, so a lead's rows are sorted only when they are not (one parse per
 * row to check, instead of two per comparison), and no parsed instant is kept per row.
 */
class RowsByLead {
  private readonly heads = new Map<string, number>();
  readonly next: Int32Array;

  constructor(rows: ReadonlyArray<{ leadId: string; at: string }>) {
    this.next = new Int32Array(rows.length);
    // From the last row back, so each lead's chain comes out in the rows' own order.
    for (let i = rows.length - 1; i >= 0; i--) {
      const id = rows[i]!.leadId;
      this.next[i] = this.heads.get(id) ?? -1;
      this.heads.set(id, i);
    }
    for (const [id, head] of this.heads) {
      if (this.next[head]! < 0 || this.inTimeOrder(rows, head)) continue;
      // The same stable sort, on the same list, as a list per lead had: equal instants keep their order.
      const list: number[] = [];
      for (let i = head; i >= 0; i = this.next[i]!) list.push(i);
      list.sort((a, b) => Date.parse(rows[a]!.at) - Date.parse(rows[b]!.at));
      this.heads.set(id, list[0]!);
      for (let k = 0; k < list.length; k++) this.next[list[k]!] = k + 1 < list.length ? list[k + 1]! : -1;
    }
  }

  /** The lead's first row, or -1. */
  first(leadId: string): number {
    return this.heads.get(leadId) ?? -1;
  }

  private inTimeOrder(rows: ReadonlyArray<{ at: string }>, head: number): boolean {
    let last = Date.parse(rows[head]!.at);
    for (let i = this.next[head]!; i >= 0; i = this.next[i]!) {
      const at = Date.parse(rows[i]!.at);
      // An unparsable instant (NaN) leaves the order to the sort, as before.
      if (!(at >= last)) return false;
      last = at;
    }
    return !Number.isNaN(last);
  }
}
