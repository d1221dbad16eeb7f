import { DECISION_EVENT_TYPES } from '@sluice/engine';

/**
 * Event types a subscription may ask for: what the decision path writes into outbox.type
 * (src/state/outbox.ts). Unknown names are refused so a typo does not subscribe to nothing.
 */
export const WEBHOOK_EVENT_TYPES = DECISION_EVENT_TYPES;

/** Every event type, present and future. */
export const ALL_EVENTS = '*';

export function subscribesTo(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.includes(ALL_EVENTS) || eventTypes.includes(type);
}
