import type { Action, Decision, StateChange, StepEvent } from '@sluice/engine';
import type { Writes } from './write.js';

const ACTION_EVENTS: Record<Action['type'], (a: Action) => string> = {
  assign: () => 'lead.assigned',
  toPool: (a) => ((a as Extract<Action, { type: 'toPool' }>).previousOwnerId ? 'lead.reclaimed' : 'lead.pooled'),
  queue: () => 'lead.queued',
  score: () => 'lead.scored',
  notify: (a) => {
    const mode = (a as Extract<Action, { type: 'notify' }>).mode;
    return mode === 'escalate' ? 'escalation' : mode === 'task' ? 'task.created' : 'notification';
  },
  schedule: () => 'lead.scheduled',
  split: () => 'deal.split',
};

/** The webhook event each kind of change sends beside its action's, or null: every kind is listed, so a new one must be decided here. */
const CHANGE_EVENTS: Record<StateChange['type'], string | null> = {
  'penalty.add': 'penalty.applied',
  'lead.remind': 'reminder.due',
  'rep.flag': 'rep.flagged',
  // Reported by their actions (lead.assigned, lead.reclaimed, lead.queued, lead.scored, deal.split …) or not at all.
  'lead.assign': null,
  'lead.toPool': null,
  'lead.queue': null,
  'lead.facts': null,
  'lead.schedule': null,
  'pointer.set': null,
  'lead.collaborator': null,
  'lead.override': null,
  'deal.split': null,
  // An event's own facts: the CRM sent them.
  'lead.upsert': null,
  'lead.reported': null,
  'activity.add': null,
  'load.settle': null,
};

/**
 * Webhook events, written in the transaction of the change they report (the outbox): one
 * `decision.made` per decision, one per action (lead.assigned, lead.reclaimed, escalation …) and
 * one per notable change (penalty.applied, reminder.due, rep.flagged).
 */
export function outboxRows(writes: Writes, decisionId: string, d: Decision, note?: string): void {
  const head = { decisionId, eventId: d.eventId, eventType: d.eventType, leadId: d.leadId, at: d.at, policy: d.policy };
  writes.emit('decision.made', { ...head, actions: d.actions, summary: d.explanation.summary });
  for (const action of d.actions) {
    // A release is a toPool with a previous owner, but the owner's own choice, not a reclaim.
    if (d.eventType === 'lead.released' && action.type === 'toPool')
      writes.emit('lead.pooled', { ...head, action, reason: 'released', ...(note ? { note } : {}) });
    else writes.emit(ACTION_EVENTS[action.type](action), { ...head, action });
  }
  for (const change of d.changes) {
    const type = CHANGE_EVENTS[change.type];
    if (type) writes.emit(type, { ...head, change });
  }
}

/** Reps a decision is about, for "decisions by rep": who gained, lost, was credited, reminded or penalised. */
export function repsOf(event: Pick<StepEvent, 'repId'>, d: Decision): string[] {
  const reps = new Set<string>();
  if (event.repId) reps.add(event.repId);
  for (const a of d.actions) {
    if (a.type === 'assign') reps.add(a.repId);
    if ((a.type === 'assign' || a.type === 'toPool') && a.previousOwnerId) reps.add(a.previousOwnerId);
    if (a.type === 'split') for (const s of [...a.shares, ...a.overlay]) reps.add(s.repId);
  }
  for (const c of d.changes) {
    if (c.type === 'penalty.add') reps.add(c.penalty.repId);
    else if (c.type === 'rep.flag' || c.type === 'lead.remind') reps.add(c.repId);
    else if (c.type === 'lead.collaborator') reps.add(c.collaborator.repId);
  }
  return [...reps].sort();
}
