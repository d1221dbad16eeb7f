import type { PolicyDocument } from '@sluice/engine';
import { pathOf } from '../decisions/explain.js';

/** The lead fields the form offers: the ones templates and most policies read. */
export const LEAD_FIELDS = ['id', 'company', 'email', 'phone', 'province', 'productLine', 'industry', 'employees', 'source', 'budget', 'stage'] as const;
export type LeadForm = Partial<Record<(typeof LEAD_FIELDS)[number], string>> & { type?: string };

const NUMERIC = new Set(['employees']);

/** A lead.created (or other lead) event from the form: empty fields left out, numbers as numbers. */
export function eventFromForm(form: LeadForm, nowMs: number): Record<string, unknown> {
  const at = new Date(nowMs).toISOString();
  const lead: Record<string, unknown> = { id: form.id?.trim() || `TRY-${nowMs.toString(36).toUpperCase()}`, createdAt: at };
  for (const f of LEAD_FIELDS) {
    if (f === 'id') continue;
    const v = form[f]?.trim();
    if (!v) continue;
    lead[f] = NUMERIC.has(f) && Number.isFinite(Number(v)) ? Number(v) : v;
  }
  return { id: `try-${nowMs}`, type: form.type ?? 'lead.created', at, lead };
}

/** What an event of each type needs besides the lead to be accepted (placeholders the user may edit). */
const EXTRA: Record<string, Record<string, unknown>> = {
  'activity.logged': { activity: { kind: 'call' } },
  'stage.changed': { stage: { to: 'SQL' } },
};

/**
 * A real decision's event, to run again: the server does not keep event bodies, so it is rebuilt
 * from what the decision recorded (type, lead, time), with a fresh id; the lead's data is the
 * stored lead's.
 */
export function eventFromDecision(d: { eventType: string; leadId: string | null; at: string }, nowMs: number): Record<string, unknown> {
  return { id: `try-${nowMs}`, type: d.eventType, at: d.at, ...(d.leadId ? { leadId: d.leadId } : {}), ...(EXTRA[d.eventType] ?? {}) };
}

export interface DryDecision {
  decisionId: string | null;
  policy: { key: string; version: number; kind: string };
  actions: Array<{ type: string } & Record<string, unknown>>;
  explanation: { visited: Array<{ nodeId: string; result: string }>; rulesFired: string[]; summary: { en: string; zh: string } };
}

/** The path to light: this policy's decision's visited nodes, and the edges between them it went along. */
export function tryPath(decisions: readonly DryDecision[], doc: Pick<PolicyDocument, 'key' | 'edges'>): { nodes: string[]; edges: string[] } | null {
  const mine = decisions.find((d) => d.policy.key === doc.key);
  if (!mine || mine.explanation.visited.length === 0) return null;
  return pathOf(mine as never, doc.edges);
}

/** Parses the event text; a message (both languages) saying what is wrong, or the event. */
export function parseEventText(text: string): { ok: true; event: Record<string, unknown> } | { ok: false; en: string; zh: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, en: `Not JSON: ${why}`, zh: `不是合法的 JSON：${why}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, en: 'The event must be a JSON object', zh: '事件必须是 JSON 对象' };
  const event = value as Record<string, unknown>;
  if (typeof event.type !== 'string') return { ok: false, en: 'The event needs a "type" (e.g. "lead.created")', zh: '事件需要 "type"（例如 "lead.created"）' };
  return { ok: true, event: { id: `try-${Date.now()}`, at: new Date().toISOString(), ...event } };
}
