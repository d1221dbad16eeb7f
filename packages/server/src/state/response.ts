import type { Action, Decision } from '@sluice/engine';

/** What `POST /v1/decide` answers for one decision. */
export interface DecisionView {
  /** Null in a dry run: nothing was stored. */
  decisionId: string | null;
  policy: { key: string; version: number; kind: string };
  actions: Action[];
  explanation: Decision['explanation'];
  models?: Decision['models'];
}

export interface EventResponse {
  eventId: string;
  dryRun?: true;
  decisions: DecisionView[];
  /** Every decision's actions in run order. */
  actions: Action[];
}

/** A decision as stored: the engine's decision plus its id. */
export type StoredDecisionRow = Pick<Decision, 'policy' | 'actions' | 'explanation'> & { decisionId: string };

/** An event already handled, as loaded: its request hash and what its response is made of. */
export interface StoredResponse {
  hash: string;
  /** Rows written before migration 0002 kept the response itself. */
  body?: string | null;
  /** Its decision ids in run order (null for rows before 0002)… */
  decisionIds?: string[] | null;
  /** …and those decisions, in any order. */
  decisions: StoredDecisionRow[];
}

export function viewOf(decisionId: string | null, d: Pick<Decision, 'policy' | 'actions' | 'explanation' | 'models'>): DecisionView {
  // The smart-score models it scored with (issue #15), so the caller sees which version decided.
  return { decisionId, policy: d.policy, actions: d.actions, explanation: d.explanation, ...(d.models ? { models: d.models } : {}) };
}

export function responseOf(eventId: string, views: DecisionView[]): EventResponse {
  const actions: Action[] = [];
  for (const v of views) for (const a of v.actions) actions.push(a);
  return { eventId, decisions: views, actions };
}

/**
 * The response body a retry gets. The decisions are stored as json (text kept as written), and
 * the first response was serialised from the same objects, so this is the same bytes.
 */
export function storedBody(eventId: string, stored: StoredResponse): string {
  if (typeof stored.body === 'string') return stored.body;
  const byId = new Map(stored.decisions.map((d) => [d.decisionId, d]));
  const views = (stored.decisionIds ?? [])
    .map((id) => byId.get(id))
    .filter((d) => d !== undefined)
    .map((d) => viewOf(d.decisionId, d));
  return JSON.stringify(responseOf(eventId, views));
}
