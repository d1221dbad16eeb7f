import type { Decision, Lead, PointerState, StateChange, StateSnapshotInput, StepEvent } from '@sluice/engine';
import type { ServerState } from './build.js';
import type { LoadedRows } from './load.js';
import { statement, type Query } from './sql.js';

/** What an event's decisions read, kept so a decision can later become a policy test case (issue 14). */
export interface DecisionInput {
  eventId: string;
  decidedAt: string;
  event: StepEvent;
  state: StateSnapshotInput;
}

/** Enough customers for the lead's matches; a batch loads only those of its own leads. */
const CUSTOMERS = 50;
const DAY_MS = 86_400_000;

/**
 * Watches one event's step on the batch state and keeps a compact copy of what it read: the
 * event's lead (with its history, activities, co-followers, overrides, reminder) as it was before,
 * and the reps its decisions weighed (their record, open load, daily counts, penalties), their
 * teams, the pools and pointers it touched — not the whole roster. The values a change is about
 * to overwrite are copied just before it applies (the step's own `apply`), so nothing is copied
 * for a rep or pointer the step does not touch. Cost: a few object copies per event.
 */
export function watchStep(
  state: ServerState,
  event: StepEvent,
  nowMs: number,
): { stop(): void; finish(decisions: readonly Decision[], rows: LoadedRows): DecisionInput } {
  const leadId = event.lead?.id ?? event.leadId;
  const lead = leadId ? state.lead(leadId) : undefined;
  const history = leadId ? state.ownershipHistory(leadId).map((o) => ({ ...o })) : [];
  const days = [nowMs - DAY_MS, nowMs, nowMs + DAY_MS].map((ms) => new Date(ms).toISOString().slice(0, 10));
  const repsBefore = new Map<string, { openLoad: number; penalties: unknown[]; assigned: Record<string, number> }>();
  const pointersBefore = new Map<string, PointerState | undefined>();
  const leadsBefore = new Map<string, Lead | undefined>();
  const repNow = (id: string) => ({
    openLoad: state.openLoad(id),
    penalties: [...state.penalties(id)],
    assigned: Object.fromEntries(days.map((d) => [d, state.assignedOn(id, d)]).filter(([, n]) => n !== 0)),
  });
  const keepRep = (id: string | null | undefined) => {
    if (id && !repsBefore.has(id)) repsBefore.set(id, repNow(id));
  };
  const original = state.apply;
  state.apply = (changes: readonly StateChange[]) => {
    for (const c of changes) {
      if ('repId' in c) keepRep(c.repId);
      if ('previousOwnerId' in c) keepRep(c.previousOwnerId);
      if (c.type === 'penalty.add') keepRep(c.penalty.repId);
      if (c.type === 'pointer.set' && !pointersBefore.has(c.key)) pointersBefore.set(c.key, state.pointer(c.key));
      if ('leadId' in c && c.leadId !== leadId && !leadsBefore.has(c.leadId)) leadsBefore.set(c.leadId, state.lead(c.leadId));
    }
    original.call(state, changes);
  };
  return {
    stop() {
      // The instance's own property goes: the prototype's apply is back.
      delete (state as { apply?: unknown }).apply;
    },
    finish(decisions, rows) {
      const repIds = new Set<string>();
      for (const d of decisions) {
        for (const v of d.explanation.visited) for (const row of v.candidates ?? []) repIds.add(row.repId);
        for (const a of d.actions) if ('repId' in a) repIds.add(a.repId);
      }
      for (const id of repsBefore.keys()) repIds.add(id);
      const reps = [...repIds].flatMap((id) => {
        const rep = state.rep(id);
        return rep ? [{ id, rep, ...(repsBefore.get(id) ?? repNow(id)) }] : [];
      });
      const teamIds = new Set(reps.flatMap((r) => r.rep.teams));
      const poolIds = new Set<string>();
      for (const l of [lead, ...leadsBefore.values()]) if (l?.poolId) poolIds.add(l.poolId);
      for (const d of decisions) for (const a of d.actions) if (a.type === 'toPool') poolIds.add(a.poolId);
      const pointers: Record<string, PointerState> = {};
      for (const [key, p] of pointersBefore) if (p) pointers[key] = p;
      const leads = [lead, ...leadsBefore.values()].filter((l): l is Lead => l !== undefined);
      const reminder = leadId ? state.lastReminder(leadId) : undefined;
      const snapshot: StateSnapshotInput = {
        timeZone: state.timeZone(),
        reps: reps.map((r) => ({ ...r.rep, openLoad: r.openLoad })),
        teams: [...teamIds].flatMap((id) => state.team(id) ?? []),
        pools: [...poolIds].flatMap((id) => state.pool(id) ?? []),
        leads,
        customers: rows.customers.slice(0, CUSTOMERS) as StateSnapshotInput['customers'],
        ownership: history,
        penalties: reps.flatMap((r) => r.penalties) as StateSnapshotInput['penalties'],
        pointers,
        activities: leadId ? [...state.activities(leadId)] : [],
        collaborators: leadId ? [...state.collaborators(leadId)] : [],
        overrides: leadId ? [...state.overrides(leadId)] : [],
        reminders: leadId && reminder ? { [leadId]: reminder } : {},
        calendars: [...rows.roster.calendars.values()] as StateSnapshotInput['calendars'],
        assigned: Object.fromEntries(reps.filter((r) => Object.keys(r.assigned).length > 0).map((r) => [r.id, r.assigned])),
      };
      // The published models the decisions scored with, as they were: a test case made of it scores the same.
      const used = new Set(decisions.flatMap((d) => (d.models ?? []).map((m) => m.key)));
      const models = [...used].flatMap((key) => rows.models.get(key) ?? []);
      if (models.length > 0) snapshot.models = models as StateSnapshotInput['models'];
      return { eventId: event.id, decidedAt: new Date(nowMs).toISOString(), event, state: snapshot };
    },
  };
}

const INSERT = statement(
  'sluice_decision_inputs_v1',
  ['text', 'jsonb'],
  `insert into decision_inputs (tenant_id, event_id, decided_at, event, state)
   select $1, x.event_id, x.decided_at, x.event, x.state
   from jsonb_to_recordset($2::jsonb) as x(event_id text, decided_at timestamptz, event jsonb, state jsonb)
   on conflict (tenant_id, event_id) do update set decided_at = excluded.decided_at, event = excluded.event, state = excluded.state`,
);

/** A batch's inputs in one statement, in the batch's transaction, before its decisions (their write commits). */
export async function writeDecisionInputs(q: Query, tenantId: string, inputs: readonly DecisionInput[]): Promise<void> {
  if (inputs.length === 0) return;
  const rows = inputs.map((i) => ({ event_id: i.eventId, decided_at: i.decidedAt, event: i.event, state: i.state }));
  await q(INSERT, [tenantId, JSON.stringify(rows)]);
}
