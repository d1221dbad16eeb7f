import type { StateChange } from '@sluice/engine';

/** What the replay's state keeps about its leads besides the engine's state (state.ts). */
export interface ChangeNotes {
  /** The lead's lastActivityAt (and ownedSince) are no longer known there. */
  forgetLastOf(leadId: string): void;
  /** The lead's ownedSince is no longer known there. */
  forgetOwnedSinceOf(leadId: string): void;
  /** The lead has a reminder: the engine's state answers for it again. */
  remindedNow(leadId: string): void;
}

/**
 * A change other than a touch, as it reaches the engine's state (every change does, through
 * ReplayState.apply; a lead leaves it through forgetLead). One that may write a lead's lastActivityAt:
 * the replay's state no longer knows it (its record's number is the lead's lastActivityAt only while
 * nothing but a touch here wrote it since; the next touch reads the lead's own text), and so its
 * ownedSince (only while the lead.assign that wrote it is the last change that may have). A reminder:
 * the engine's state answers `lastReminder` for the lead again.
 */
export function noteChange(c: Exclude<StateChange, { type: 'activity.add' }>, notes: ChangeNotes): void {
  switch (c.type) {
    case 'lead.upsert':
      // The CRM's data, stored as a copy: it may carry a lastActivityAt or an ownedSince.
      notes.forgetLastOf(c.lead.id);
      return;
    case 'lead.facts':
    case 'lead.reported': {
      const set = c.set as Record<string, unknown>;
      if (Object.hasOwn(set, 'lastActivityAt')) notes.forgetLastOf(c.leadId);
      if (Object.hasOwn(set, 'ownedSince')) notes.forgetOwnedSinceOf(c.leadId);
      // Fields naming another id are stored as a lead under that id (LeadBook.write), its lastActivityAt copied.
      if (Object.hasOwn(set, 'id') && typeof set.id === 'string') notes.forgetLastOf(set.id);
      return;
    }
    case 'lead.remind':
      notes.remindedNow(c.leadId);
      return;
    // ReplayState.apply notes a lead.assign's ownedSince itself, before this.
    case 'lead.assign':
    // Owner, pool, queue and cascade fields, loads and records of their own: no lastActivityAt, no ownedSince.
    case 'lead.toPool':
    case 'lead.queue':
    case 'lead.schedule':
    case 'load.settle':
    case 'pointer.set':
    case 'penalty.add':
    case 'rep.flag':
    case 'lead.collaborator':
    case 'lead.override':
    case 'deal.split':
      return;
    default: {
      // A change the engine adds later must say here whether it writes lastActivityAt.
      const never: never = c;
      throw new Error(`unknown state change ${JSON.stringify(never)}`);
    }
  }
}
