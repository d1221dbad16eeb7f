import { eventLeadFacts, type InMemoryState, type Lead, type StateChange } from '@sluice/engine';
import { ProblemError } from '../http/problem.js';
import type { BuiltState, ServerState } from './build.js';
import type { ServerEvent } from './event.js';
import type { Writes } from './write.js';

/**
 * Fields the server keeps for a lead it knows: who owns it, which pool or queue holds it, and
 * where a cascade stands change only through decisions (and claims), so the CRM cannot make the
 * ownership rows, loads and daily counts disagree by sending them.
 */
const SERVER_KEPT = ['ownerId', 'poolId', 'ownedSince', 'queueId', 'cascade'] as const;

/**
 * Refuses an event its facts cannot be recorded for, before anything is changed (a batch goes on
 * with the next event): a lead nobody knows and no data for it, an activity with nobody to log it.
 */
export function checkFacts(state: InMemoryState, event: ServerEvent): void {
  const leadId = event.lead?.id ?? event.leadId;
  if (!leadId) return;
  const known = state.lead(leadId);
  if (!known && !event.lead) {
    throw new ProblemError(404, 'lead-not-found', `No lead ${leadId} in this tenant; send its data in "lead"`, {
      detailZh: `本租户没有线索 ${leadId}；请在 "lead" 中提供线索数据`,
      errors: [{ path: '$.leadId', message: 'unknown lead', messageZh: '未知线索' }],
    });
  }
  if (event.type === 'activity.logged' && !event.activity?.repId && !event.repId && !(known?.ownerId ?? event.lead?.ownerId)) {
    throw new ProblemError(422, 'validation-failed', 'Say who logged the activity', {
      detailZh: '请说明是谁记录的活动',
      errors: [{ path: '$.activity.repId', message: 'set activity.repId or repId (the lead has no owner)', messageZh: '请填写 activity.repId 或 repId（线索没有负责人）' }],
    });
  }
}

/**
 * Stores what the event says about its lead (the CRM's data, then the event's own facts) in the
 * state and the write set, before any policy runs, so policies read the facts the event brought.
 * Call `checkFacts` first. Returns the lead id, or null for events about no lead.
 */
export function applyFacts(built: BuiltState, writes: Writes, event: ServerEvent): string | null {
  const leadId = event.lead?.id ?? event.leadId ?? null;
  if (!leadId) return null;
  const known = built.state.lead(leadId);
  const state = built.state;
  let statusBefore = known ? (known.status ?? 'open') : undefined;
  if (event.lead) {
    const data: Lead = { ...event.lead };
    const crmOwner = known ? undefined : data.ownerId;
    // Ownership is the server's once it knows a lead; a new lead's owner arrives as an assignment.
    for (const k of SERVER_KEPT) delete (data as Record<string, unknown>)[k];
    state.upsertLead(data);
    writes.touchedLeads.add(leadId);
    if (crmOwner) {
      // The CRM created it already owned: the owner gets it as from ownedSince (history, load, that day's count).
      const change: StateChange = { type: 'lead.assign', leadId, repId: crmOwner, previousOwnerId: null, at: event.lead.ownedSince ?? event.at, nodeId: 'crm', via: 'assigned' };
      state.apply([change]);
      writes.record([change], leadId);
      // Counted as an open lead by the assignment; a lead that arrives already closed is settled below.
      statusBefore = 'open';
    }
  }
  const lead = state.lead(leadId)!;
  const set = (fields: Partial<Lead>) => {
    state.upsertLead({ ...fields, id: leadId });
    writes.touchedLeads.add(leadId);
  };
  switch (event.type) {
    case 'activity.logged': {
      const activity = event.activity!;
      const repId = (activity.repId ?? event.repId ?? lead.ownerId)!;
      const at = activity.at ?? event.at;
      const row = { leadId, repId, at, kind: activity.kind, ...(lead.stage ? { stage: lead.stage } : {}) };
      state.addActivity(row);
      writes.activities.push({ ...row, stage: lead.stage ?? null });
      writes.touchedLeads.add(leadId);
      break;
    }
    default: {
      // Stage, won / lost and lock facts: the engine's rule (a decision reads the same, CLI or server).
      const reported = eventLeadFacts(event, lead);
      if (reported) set(reported);
      break;
    }
  }
  settleLoad(state, writes, leadId, statusBefore);
  return leadId;
}

/**
 * A won or lost lead stays with its owner but no longer counts towards their open load; a lead
 * reopened counts again. Whatever said so: a won/lost event or the CRM's lead data.
 */
function settleLoad(state: ServerState, writes: Writes, leadId: string, before: string | undefined): void {
  const lead = state.lead(leadId);
  if (!lead?.ownerId || before === undefined) return;
  const wasOpen = before === 'open';
  const isOpen = (lead.status ?? 'open') === 'open';
  if (wasOpen === isOpen) return;
  const delta = isOpen ? 1 : -1;
  state.adjustLoad(lead.ownerId, delta);
  writes.addLoad(lead.ownerId, delta);
}
