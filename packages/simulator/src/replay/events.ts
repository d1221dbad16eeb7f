import type { StepEvent } from '@sluice/engine';

/**
 * The ids of the events the replay makes, one per kind: an id is read only into a decision's
 * eventId, and the replay reads no decision but its count (an id made per event, its lead's id
 * and a counter in it, was ~1 % of a replay).
 */
export const EVENT_ID = {
  stage: 'replay:stage',
  returned: 'replay:returned',
  created: 'replay:created',
  activity: 'replay:activity',
  closed: 'replay:closed',
  tick: 'replay:tick',
} as const;

/**
 * The replay's most frequent events — a follow-up, a close, a lead's tick — as one object each,
 * filled in again for every step: `step` reads an event during the call and keeps none of it (the
 * policies decide on a copy, eventAsDecided; the facts copy the strings they record), and the
 * replay reads only the step's changes. A follow-up's event and its activity were ~6 % of what a
 * replay allocated. A close with an amount has an object of its own, so no field is ever deleted
 * (a deleted field leaves V8 a slow dictionary object).
 */
export class ReusedEvents {
  private readonly activity = { kind: '', at: '', repId: '' };
  private readonly followUp: StepEvent = { id: EVENT_ID.activity, type: 'activity.logged', at: '', leadId: '', repId: '', activity: this.activity };
  private readonly close: StepEvent = { id: EVENT_ID.closed, type: 'deal.lost', at: '', leadId: '' };
  private readonly closeWithAmount: StepEvent = { id: EVENT_ID.closed, type: 'deal.won', at: '', leadId: '', amount: 0 };
  private readonly tick: StepEvent = { id: EVENT_ID.tick, type: 'tick', at: '', leadId: '' };

  /** `{ id, type: 'activity.logged', at, leadId, repId, activity: { kind, at, repId } }`. */
  followUpOf(at: string, leadId: string, repId: string, kind: string): StepEvent {
    const e = this.followUp;
    e.at = at;
    e.leadId = leadId;
    e.repId = repId;
    const a = this.activity;
    a.kind = kind;
    a.at = at;
    a.repId = repId;
    return e;
  }

  /** `{ id, type, at, leadId }`, with `amount` when one is given. */
  closeOf(type: 'deal.won' | 'deal.lost', at: string, leadId: string, amount: number | undefined): StepEvent {
    const e = amount === undefined ? this.close : this.closeWithAmount;
    e.type = type;
    e.at = at;
    e.leadId = leadId;
    if (amount !== undefined) e.amount = amount;
    return e;
  }

  /** `{ id, type: 'tick', at, leadId }`: a lead's own tick. */
  leadTickOf(at: string, leadId: string): StepEvent {
    const e = this.tick;
    e.at = at;
    e.leadId = leadId;
    return e;
  }
}
