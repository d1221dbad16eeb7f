import type { ConditionTrace, Decision, Labels } from '@sluice/engine';

/** A stored decision as GET /v1/decisions/{id} returns it: the engine's decision plus its id. */
export type StoredDecision = Decision & { decisionId: string };

/** A row of GET /v1/decisions. */
export interface DecisionSummary {
  decisionId: string;
  eventId: string;
  eventType: string;
  leadId: string | null;
  at: string;
  policy: { key: string; version: number; kind: string };
  actions: Array<{ type: string } & Record<string, unknown>>;
  summary: Labels;
}

/** Which handle each edge leaves by: the path lights an edge when its source took that handle. */
interface Edge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
}

/**
 * The nodes the decision visited and the edges it went along, for the canvas highlight. An edge
 * is on the path when both its ends were visited and it leaves by the handle its source took
 * (or by the source's only output).
 */
export function pathOf(decision: Pick<Decision, 'explanation'>, edges: readonly Edge[]): { nodes: string[]; edges: string[] } {
  const result = new Map(decision.explanation.visited.map((v) => [v.nodeId, v.result]));
  return {
    nodes: [...result.keys()],
    edges: edges
      .filter((e) => result.has(e.source) && result.has(e.target) && (e.sourceHandle == null || e.sourceHandle === result.get(e.source)))
      .map((e) => e.id),
  };
}

const OPERATORS: Record<string, string> = {
  equal: '=',
  notEqual: '≠',
  greaterThan: '>',
  greaterThanInclusive: '≥',
  lessThan: '<',
  lessThanInclusive: '≤',
};

/** json-rules-engine's operator names as the sign a person reads; other operators keep their name. */
export function operatorText(operator: string): string {
  return OPERATORS[operator] ?? operator;
}

/** A value seen or compared, as short text: strings quoted, nothing shown as ∅. */
export function valueText(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object' && !Array.isArray(value) && 'fact' in (value as object)) return String((value as { fact: unknown }).fact);
  return JSON.stringify(value);
}

export function isLeaf(t: ConditionTrace): t is Extract<ConditionTrace, { fact: string }> {
  return 'fact' in t;
}

/** The reps a decision gave a lead to or took one from, with what happened to them. */
export function repEffects(
  actions: ReadonlyArray<{ type: string } & Record<string, unknown>>,
): Array<{ repId: string; effect: 'gained' | 'lost' | 'told' | 'credited' }> {
  const out: Array<{ repId: string; effect: 'gained' | 'lost' | 'told' | 'credited' }> = [];
  const add = (repId: unknown, effect: 'gained' | 'lost' | 'told' | 'credited') => {
    if (typeof repId === 'string' && !out.some((o) => o.repId === repId && o.effect === effect)) out.push({ repId, effect });
  };
  for (const a of actions) {
    if (a.type === 'assign') {
      add(a.repId, 'gained');
      if (a.previousOwnerId !== a.repId) add(a.previousOwnerId, 'lost');
    } else if (a.type === 'toPool') {
      add(a.previousOwnerId, 'lost');
    } else if (a.type === 'notify') {
      for (const r of (a.to as Array<{ kind: string; id: string }> | undefined) ?? []) if (r.kind === 'rep') add(r.id, 'told');
    } else if (a.type === 'split') {
      const lines = [...((a.shares as Array<{ repId: string }> | undefined) ?? []), ...((a.overlay as Array<{ repId: string }> | undefined) ?? [])];
      for (const s of lines) add(s.repId, 'credited');
    }
  }
  return out;
}
