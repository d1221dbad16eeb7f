import { InMemoryState, step, type StateChange } from '@sluice/engine';
import { deliveryOf, isManual, type Loaded, type Outcome } from './scenario.js';

/** Decisions of one tick pass: subjects are independent, so the order among them carries no meaning. */
export const byEventId = (a: { eventId: string }, b: { eventId: string }) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/**
 * The timeline through step() alone, on InMemoryState: each event decided at its own `at` (the
 * server's clock when a CRM sends events as they happen). Every delivery goes through step(),
 * claims from a pool, releases, manual assignments and whole ticks included.
 */
export function playOnEngine(s: Loaded): { state: InMemoryState; outcomes: Outcome[]; applied: StateChange[] } {
  const state = new InMemoryState(structuredClone(s.snapshot));
  const outcomes: Outcome[] = [];
  /** Every change applied, in order: what the normaliser cannot list from the state's view. */
  const applied: StateChange[] = [];
  s.events.forEach((event, index) => {
    const delivery = deliveryOf(event);
    const head = { index, eventId: event.id, delivery };
    const result = step({ policies: s.policies, state, event, now: Date.parse(event.at) });
    if (!result.ok) {
      const r = result.refusal;
      if (isManual(delivery)) outcomes.push({ ...head, delivery, manual: { ok: false, status: r.status, code: r.code, message: null, reason: r.reason } });
      else
        outcomes.push({
          ...head,
          refused: { status: r.status, message: r.message, errors: r.errors.map((e) => ({ path: e.path, en: e.message.en, zh: e.message.zh })) },
        });
      return;
    }
    applied.push(...result.changes);
    if (isManual(delivery)) {
      const [own, ...more] = result.decisions;
      if (!own || more.length > 0) throw new Error(`${event.id}: a ${delivery} should make exactly its own decision, made ${result.decisions.length}`);
      outcomes.push({ ...head, delivery, manual: { ok: true, record: own } });
    } else outcomes.push({ ...head, decisions: delivery === 'scheduled-tick' ? [...result.decisions].sort(byEventId) : result.decisions });
  });
  return { state, outcomes, applied };
}
