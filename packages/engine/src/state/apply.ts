import type { Activity } from '../types/domain.js';
import type { StateChange } from '../types/state.js';
import { push } from './collections.js';
import type { LeadBook } from './leadBook.js';
import type { Records } from './records.js';

/** One change applied to the lead book and the records: what InMemoryState.apply does with each, in order. */
export function applyChange(book: LeadBook, records: Records, change: StateChange): void {
  switch (change.type) {
    case 'lead.assign':
      book.assign(change);
      return;
    case 'lead.toPool':
      book.toPool(change);
      return;
    case 'lead.queue':
      book.queue(change);
      return;
    case 'lead.facts':
    case 'lead.reported':
      book.set(change.leadId, change.set);
      return;
    case 'lead.schedule':
      book.scheduleCheck(change);
      return;
    case 'lead.upsert':
      book.upsert(change.lead);
      return;
    case 'load.settle':
      book.addLoad(change.repId, change.delta);
      return;
    case 'activity.add':
      addActivity(book, records, change.activity);
      return;
    case 'pointer.set':
      records.pointers.set(change.key, change.pointer);
      return;
    case 'lead.remind':
      records.reminders.set(change.leadId, change.window);
      return;
    case 'penalty.add':
      push(records.penalties, change.penalty.repId, change.penalty);
      return;
    case 'rep.flag': {
      const { type: _t, ...flag } = change;
      records.flags.push(flag);
      return;
    }
    case 'lead.collaborator':
      records.setCollaborator(change.collaborator);
      return;
    case 'lead.override':
      push(records.overrides, change.override.leadId, change.override);
      return;
    case 'deal.split':
      records.splits.push(change);
      return;
    default: {
      const _never: never = change;
      throw new Error(`unknown state change ${JSON.stringify(_never)}`);
    }
  }
}

/** Records a touch on a lead (`activity.add`): its lastActivityAt moves forward only. */
export function addActivity(book: LeadBook, records: Records, activity: Activity): void {
  push(records.activities, activity.leadId, activity);
  book.touched(activity.leadId, activity.at);
}
