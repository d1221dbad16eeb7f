import type { Lead } from '@sluice/engine';
import { ProblemError } from '../http/problem.js';
import type { BuiltState } from './build.js';
import type { ServerEvent } from './event.js';
import type { Writes } from './write.js';

/**
 * Fields the server keeps for a lead it knows: who owns it, which pool or queue holds it, and
 * where a cascade stands change only through decisions (and claims), so the CRM cannot make the
 * ownership rows, loads and daily counts disagree by sending them.
 */
const SERVER_KEPT = ['ownerId', 'poolId', 'ownedSince', 'queueId', 'cascade'] as const;

/** Lead-phase stages; any other stage is an opportunity stage (商机阶段) unless `data.opportunity` says otherwise. */
const LEAD_STAGES = new Set(['new', 'lead', 'mql', 'sql', 'nurture', 'contacted', 'qualified', 'unqualified']);
const CLOSED_STAGES = new Set(['won', 'lost', 'closed', 'closed_won', 'closed_lost', 'closedwon', 'closedlost']);

/**
 * Stores what the event says about its lead (the CRM's data, then the event's own facts) in the
 * state and the write set, before any policy runs, so policies read the facts the event brought.
 * Returns the lead id, or null for events about no lead.
 */
export function applyFacts(built: BuiltState, writes: Writes, event: ServerEvent): string | null {
  const leadId = event.lead?.id ?? event.leadId ?? null;
  if (!leadId) return null;
  const stored = built.storedLeads.get(leadId);
  if (!stored && !event.lead) {
    throw new ProblemError(404, 'lead-not-found', `No lead ${leadId} in this tenant; send its data in "lead"`, {
      detailZh: `本租户没有线索 ${leadId}；请在 "lead" 中提供线索数据`,
      errors: [{ path: '$.leadId', message: 'unknown lead', messageZh: '未知线索' }],
    });
  }
  const state = built.state;
  if (event.lead) {
    const data: Lead = { ...event.lead };
    if (stored) for (const k of SERVER_KEPT) delete (data as Record<string, unknown>)[k];
    else if (data.ownerId && (data.status ?? 'open') === 'open') {
      // A lead the CRM created already owned: its owner carries it from now on.
      writes.addLoad(data.ownerId, 1);
      writes.ownershipStarts.push({ leadId, repId: data.ownerId, from: data.ownedSince ?? event.at, via: 'assigned' });
    }
    state.upsertLead(data);
    writes.touchedLeads.add(leadId);
  }
  const lead = state.lead(leadId)!;
  const set = (fields: Partial<Lead>) => {
    state.upsertLead({ ...fields, id: leadId });
    writes.touchedLeads.add(leadId);
  };
  switch (event.type) {
    case 'activity.logged': {
      const activity = event.activity!;
      const repId = activity.repId ?? event.repId ?? lead.ownerId ?? undefined;
      if (!repId) {
        throw new ProblemError(422, 'validation-failed', 'Say who logged the activity', {
          detailZh: '请说明是谁记录的活动',
          errors: [{ path: '$.activity.repId', message: 'set activity.repId or repId (the lead has no owner)', messageZh: '请填写 activity.repId 或 repId（线索没有负责人）' }],
        });
      }
      const at = activity.at ?? event.at;
      const row = { leadId, repId, at, kind: activity.kind, ...(lead.stage ? { stage: lead.stage } : {}) };
      state.addActivity(row);
      writes.activities.push({ ...row, stage: lead.stage ?? null });
      writes.touchedLeads.add(leadId);
      break;
    }
    case 'stage.changed': {
      const to = event.stage!.to;
      const normal = to.toLowerCase();
      const flagged = event.data?.opportunity;
      const closed = CLOSED_STAGES.has(normal);
      const opportunity = typeof flagged === 'boolean' ? flagged : !LEAD_STAGES.has(normal) && !closed;
      const fields: Partial<Lead> = { stage: to };
      // "No new opportunity for N days" (S16) counts from when an opportunity opened, not from each move.
      if (opportunity && lead.openOpportunity !== true) Object.assign(fields, { openOpportunity: true, lastOpportunityAt: event.at });
      else if (!opportunity) fields.openOpportunity = false;
      set(fields);
      break;
    }
    case 'deal.won':
      closeLead(writes, lead);
      set({ status: 'won', signed: true, lastDealAt: event.at, openOpportunity: false });
      break;
    case 'deal.lost':
      closeLead(writes, lead);
      set({ status: 'lost', openOpportunity: false });
      break;
    case 'lead.locked':
      set({ locked: true });
      break;
    case 'lead.unlocked':
      set({ locked: false });
      break;
    default:
      break;
  }
  return leadId;
}

/** A won or lost lead stays with its owner but no longer counts towards their open load. */
function closeLead(writes: Writes, lead: Lead): void {
  if ((lead.status ?? 'open') === 'open' && lead.ownerId) writes.addLoad(lead.ownerId, -1);
}
