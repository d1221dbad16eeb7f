import { randomUUID } from 'node:crypto';
import type { Decision } from '@sluice/engine';
import type { ServerEvent } from './event.js';
import { outboxRows, repsOf } from './outbox.js';
import type { Writes } from './write.js';

/** A policy's decision as stored: its record (queryable by lead, rep, policy, time) and its outbox rows. Returns its id. */
export function recordDecision(writes: Writes, event: ServerEvent, d: Decision): string {
  const decisionId = randomUUID();
  writes.decisions.push({
    id: decisionId,
    eventId: event.id,
    leadId: d.leadId,
    policyKey: d.policy.key,
    policyVersion: d.policy.version,
    repIds: repsOf(event, d),
    at: d.at,
    decision: { decisionId, ...d },
  });
  outboxRows(writes, decisionId, d);
  return decisionId;
}
