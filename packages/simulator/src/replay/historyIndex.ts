import { canonicalMs } from '@sluice/engine';
import type { History } from '../types.js';
import { LeadIndex } from './leadIndex.js';
import { slots } from './arrays.js';
import { badLead, inCreationOrder } from './setup.js';

/**
 * What a replay reads of its history's leads before the first event, worked out once per history
 * and shared by every run over it (simulate's candidates, the benchmark's policies): each lead's
 * creation instant as a number, the leads' ids and the index from id to place, and the order the
 * leads arrive in. At a million leads that was ~0.4 s of every run (a parse and an id hash a lead).
 * Read only once made: runs over the same history may share it, one after another or at once.
 */
export class HistoryIndex {
  /** Each lead's createdAt in epoch milliseconds, by its place in the history. */
  readonly createdMs: Float64Array;
  /** Leads whose createdAt is not the formatter's text for its instant (kept as given; almost never any). */
  readonly oddCreated = new Set<number>();
  /** Each lead's id by its place (the history's own strings). */
  readonly ids: readonly string[];
  /** Lead ids → places. */
  readonly numbers: LeadIndex;
  /** Places in creation order (history order among equal instants), or undefined when the history is in that order already. */
  readonly arrivals: Int32Array | undefined;

  /** Throws ReplayInputError for a createdAt that is no instant or an id listed twice, naming the lead (and its row). */
  constructor(readonly history: History) {
    const { leads } = history;
    const n = leads.length;
    const ids = slots<string>(n) as string[];
    this.ids = ids;
    this.numbers = new LeadIndex(ids, n);
    this.createdMs = new Float64Array(n);
    let inTimeOrder = true;
    for (let t = 0; t < n; t++) {
      const lead = leads[t]!;
      // parseInstant, told apart: a canonical text is the formatter's for its number.
      let at = canonicalMs(lead.createdAt);
      if (Number.isNaN(at)) {
        at = Date.parse(lead.createdAt);
        this.oddCreated.add(t);
      }
      if (!Number.isFinite(at)) throw badLead(lead, { en: `createdAt is not an instant: ${lead.createdAt}`, zh: `创建时间不是有效时间：${lead.createdAt}` });
      this.createdMs[t] = at;
      ids[t] = lead.id;
      if (!this.numbers.add(t)) throw badLead(lead, { en: 'the lead id appears twice in the history', zh: '该线索编号在历史数据中出现了两次' });
      if (t > 0 && at < this.createdMs[t - 1]!) inTimeOrder = false;
    }
    // Arrivals come in creation order (a stable sort), not from the calendar: see Replay.run.
    this.arrivals = inTimeOrder ? undefined : inCreationOrder(this.createdMs);
  }

  /** `index` when it was made for this very history (and not changed since: its lead count), else one made now. */
  static of(history: History, index: HistoryIndex | undefined): HistoryIndex {
    return index !== undefined && index.history === history && index.ids.length === history.leads.length ? index : new HistoryIndex(history);
  }
}
