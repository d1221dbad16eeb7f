import { randomUUID } from 'node:crypto';
import type { Decision, StepEvent } from '@sluice/engine';
import { outboxRows, repsOf } from './outbox.js';
import type { Writes } from './write.js';

/** Who asked for a claim, release or manual assignment, kept in its record (the audit trail's "by whom"). */
export interface RecordedBy {
  /** The API key or user that made the request. */
  actor?: string | undefined;
  managerId?: string | undefined;
  /** The reason a rep gave for a release. */
  note?: string | undefined;
}

/**
 * A decision as stored — a policy's, or a claim's, release's or manual assignment's own: its
 * record (queryable by lead, rep, policy, time) and its outbox rows. The one writer of decision
 * records (events, the scheduler and the claims routes all come here). Returns its id.
 */
export function recordDecision(writes: Writes, event: Pick<StepEvent, 'id' | 'repId'>, d: Decision, by: RecordedBy = {}): string {
  const decisionId = randomUUID();
  const repIds = [...new Set([...repsOf(event, d), ...(by.managerId ? [by.managerId] : [])])].sort();
  writes.decisions.push({
    id: decisionId,
    eventId: event.id,
    leadId: d.leadId,
    policyKey: d.policy.key,
    policyVersion: d.policy.version,
    repIds,
    at: d.at,
    decision: {
      decisionId,
      ...d,
      ...(by.actor ? { actor: by.actor } : {}),
      ...(by.managerId ? { managerId: by.managerId } : {}),
      ...(by.note ? { note: by.note } : {}),
    },
  });
  outboxRows(writes, decisionId, d, by.note);
  return decisionId;
}
