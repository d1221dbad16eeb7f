/**
 * Event types a subscription may ask for: what the decision path writes into outbox.type
 * (src/state/outbox.ts). Unknown names are refused so a typo does not subscribe to nothing.
 */
export const WEBHOOK_EVENT_TYPES = [
  'decision.made',
  'lead.assigned',
  'lead.reclaimed',
  'lead.pooled',
  'lead.queued',
  'lead.scored',
  'lead.scheduled',
  'reminder.due',
  'penalty.applied',
  'escalation',
  'task.created',
  'notification',
  'deal.split',
  'rep.flagged',
] as const;

/** Every event type, present and future. */
export const ALL_EVENTS = '*';

export function subscribesTo(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.includes(ALL_EVENTS) || eventTypes.includes(type);
}
