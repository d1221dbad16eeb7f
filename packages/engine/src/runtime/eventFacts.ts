import type { InMemoryState } from '../state/memory.js';
import type { Lead, SluiceEvent } from '../types/domain.js';

/** Lead-phase stages; any other stage is an opportunity stage (商机阶段) unless `data.opportunity` says otherwise. */
const LEAD_STAGES = new Set(['new', 'lead', 'mql', 'sql', 'nurture', 'contacted', 'qualified', 'unqualified']);
const CLOSED_STAGES = new Set(['won', 'lost', 'closed', 'closed_won', 'closed_lost', 'closedwon', 'closedlost']);

/**
 * Activity kinds a lead does by itself (线索行为): seen on a web page, a download, a form, a reply
 * to a mailing. Sent without a rep they are behaviour for scoring (S3), never a rep's follow-up.
 */
export const BEHAVIOUR_KINDS: ReadonlySet<string> = new Set([
  'visit',
  'page_view',
  'pageview',
  'download',
  'form',
  'form_fill',
  'form_submit',
  'reply',
  'email_open',
  'email_click',
  'click',
  'webinar',
  'signup',
]);

/**
 * The lead's counter each behaviour kind adds one to (S3): a scoring node's per-unit points read
 * them (`lead.visits × 5`), so a visit the CRM reports as an activity counts even when the CRM keeps
 * no running total. An event whose lead data carries the counter is the CRM's total: it stands, and
 * nothing is added (a CRM that sends both is not counted twice).
 */
export const BEHAVIOUR_COUNTERS: Readonly<Record<string, string>> = {
  visit: 'visits',
  page_view: 'visits',
  pageview: 'visits',
  download: 'downloads',
  form: 'formFills',
  form_fill: 'formFills',
  form_submit: 'formFills',
  reply: 'replies',
  email_open: 'emailOpens',
  email_click: 'clicks',
  click: 'clicks',
  webinar: 'webinars',
  signup: 'signups',
};

/** The parts of an event this reads (the server's fact-only types included: deal.lost, lead.locked, lead.unlocked). */
export interface FactEvent {
  type: string;
  at: string;
  stage?: { to: string } | undefined;
  data?: Record<string, unknown> | undefined;
}

/**
 * The lead fields an event sets by what it reports, dated at the event's own `at` (when it
 * happened, not when it is decided): a stage.changed that opens an opportunity restarts the "no new
 * opportunity" clock from it. `step` records these before its policies run (step/facts.ts);
 * the CLI and a simulator do the same through `recordEventFacts`. Undefined when the event sets none.
 */
export function eventLeadFacts(event: FactEvent, lead: Pick<Lead, 'openOpportunity'> | undefined): Partial<Lead> | undefined {
  switch (event.type) {
    case 'stage.changed': {
      if (!event.stage) return undefined;
      const to = event.stage.to;
      const normal = to.toLowerCase();
      const flagged = event.data?.opportunity;
      const closed = CLOSED_STAGES.has(normal);
      const opportunity = typeof flagged === 'boolean' ? flagged : !LEAD_STAGES.has(normal) && !closed;
      const fields: Partial<Lead> = { stage: to };
      // "No new opportunity for N days" (S16) counts from when an opportunity opened, not from each move.
      if (opportunity && lead?.openOpportunity !== true) Object.assign(fields, { openOpportunity: true, lastOpportunityAt: event.at });
      else if (!opportunity) fields.openOpportunity = false;
      return fields;
    }
    case 'deal.won':
      return { status: 'won', signed: true, lastDealAt: event.at, openOpportunity: false };
    case 'deal.lost':
      return { status: 'lost', openOpportunity: false };
    case 'lead.locked':
      return { locked: true };
    case 'lead.unlocked':
      return { locked: false };
    default:
      return undefined;
  }
}

/**
 * Records in a state what an event reports, before deciding on it, as the server does: the
 * activity it logs (lastActivityAt moves forward only) and the lead facts above. Returns the event
 * to decide on, its lead data carrying those facts (as the server hands its policies the lead as
 * stored). For the CLI and a simulator, so that they decide on the lead the server would.
 */
export function recordEventFacts(state: InMemoryState, event: SluiceEvent): SluiceEvent {
  const leadId = event.lead?.id ?? event.leadId;
  if (!leadId) return event;
  const stored = state.lead(leadId);
  const lead = event.lead ? { ...stored, ...event.lead } : stored;
  if (event.type === 'activity.logged' && event.activity) {
    const named = event.activity.repId ?? event.repId;
    const repId = named ?? (BEHAVIOUR_KINDS.has(event.activity.kind.toLowerCase()) ? undefined : lead?.ownerId);
    if (repId)
      state.addActivity({ leadId, repId, at: event.activity.at ?? event.at, kind: event.activity.kind, ...(lead?.stage ? { stage: lead.stage } : {}) });
  }
  const facts = eventLeadFacts(event, lead);
  if (!facts) return event;
  state.upsertLead({ id: leadId, ...facts });
  return event.lead ? { ...event, lead: { ...event.lead, ...facts } } : event;
}
