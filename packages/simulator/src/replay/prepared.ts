import { canonicalMs } from '@sluice/engine';
import type { History } from '../types.js';
import { LeadIndex } from './leadIndex.js';
import { badLead, inCreationOrder } from './setup.js';

/**
 * What every replay of one history works out about its leads before the first event, whatever
 * its policies: each lead's id and creation instant by its place, the index of places by id (with
 * its check that no id comes twice), and the order the leads arrive in. A simulation replays one
 * history through several candidate policy sets: made once (`prepareHistory`) and handed to each
 * replay (ReplayInput.prepared), it is work and ~30 bytes a lead no run repeats. Read only by the
 * replays: one may be shared by any number of them, in turn. The history must not change after.
 */
export class PreparedHistory {
  /** Each lead's id by its place: one dense array of strings, read on every event. */
  readonly ids: string[] = [];
  /** Lead id → its place in the history. */
  readonly index: LeadIndex;
  /** createdAt in epoch milliseconds, by place. */
  readonly createdMs: Float64Array;
  /** Places in arrival order (creation order, history order among equal instants); undefined: history order is it. */
  readonly arrivals: Int32Array | undefined;
  /** Places whose createdAt is not the formatter's text for its instant (kept as given; almost never any). */
  readonly oddCreated = new Set<number>();

  /** Throws ReplayInputError for a lead whose createdAt is no instant or whose id came before, as a replay does. */
  constructor(readonly history: History) {
    const { leads } = history;
    this.index = new LeadIndex(this.ids, leads.length);
    this.createdMs = new Float64Array(leads.length);
    let inTimeOrder = true;
    for (let t = 0; t < leads.length; t++) {
      const lead = leads[t]!;
      // parseInstant, told apart: a canonical text is the formatter's for its number.
      let at = canonicalMs(lead.createdAt);
      if (Number.isNaN(at)) {
        at = Date.parse(lead.createdAt);
        this.oddCreated.add(t);
      }
      if (!Number.isFinite(at)) throw badLead(lead, { en: `createdAt is not an instant: ${lead.createdAt}`, zh: `创建时间不是有效时间：${lead.createdAt}` });
      this.createdMs[t] = at;
      this.ids.push(lead.id);
      if (!this.index.add(t)) throw badLead(lead, { en: 'the lead id appears twice in the history', zh: '该线索编号在历史数据中出现了两次' });
      if (t > 0 && at < this.createdMs[t - 1]!) inTimeOrder = false;
    }
    this.arrivals = inTimeOrder ? undefined : Int32Array.from(inCreationOrder(this.createdMs));
  }

  /** Whether this was prepared from `history` as it is now (the same object, as many leads). */
  isOf(history: History): boolean {
    return history === this.history && history.leads.length === this.ids.length;
  }
}

/** A history's leads worked out once for all its replays (see PreparedHistory). */
export function prepareHistory(history: History): PreparedHistory {
  return new PreparedHistory(history);
}
