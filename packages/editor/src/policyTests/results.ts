import type { CaseResult, PolicyTestRun } from '@sluice/engine';

export type CaseStatus = 'pass' | 'fail' | 'error';

/** A case that could not run (malformed, no tenant) is an error, not a failure: its expectations never ran. */
export function caseStatus(c: Pick<CaseResult, 'passed' | 'error'>): CaseStatus {
  if (c.error) return 'error';
  return c.passed ? 'pass' : 'fail';
}

/**
 * What an unsaved edit changes against the last saved results: the cases that passed and no longer
 * do, and the cases that did not pass and now do. A case new in the edit counts when it fails.
 */
export function editImpact(saved: PolicyTestRun, edited: PolicyTestRun): { nowFail: CaseResult[]; nowPass: CaseResult[] } {
  const before = new Map(saved.cases.map((c) => [c.id, caseStatus(c)]));
  const nowFail: CaseResult[] = [];
  const nowPass: CaseResult[] = [];
  for (const c of edited.cases) {
    const was = before.get(c.id);
    const is = caseStatus(c);
    if (is !== 'pass' && (was === 'pass' || was === undefined)) nowFail.push(c);
    else if (is === 'pass' && was !== undefined && was !== 'pass') nowPass.push(c);
  }
  return { nowFail, nowPass };
}

/**
 * A step's path on the canvas from the nodes it visited (in order): the edges from a visited node to
 * one visited after it. (A stored decision knows each node's outcome; a test step knows only the order.)
 */
export function stepPath(
  visited: readonly string[],
  edges: ReadonlyArray<{ id: string; source: string; target: string }>,
): { nodes: string[]; edges: string[] } {
  const at = new Map(visited.map((id, i) => [id, i]));
  return {
    nodes: [...visited],
    edges: edges.filter((e) => at.has(e.source) && at.has(e.target) && at.get(e.target)! > at.get(e.source)!).map((e) => e.id),
  };
}

/** The records a case starts from, counted by kind (`reps: 3`), and whether they lie over the tenant as it is now. */
export function givenSummary(given: unknown): { tenant: boolean; counts: Array<{ kind: string; count: number }> } {
  const g = (given ?? {}) as Record<string, unknown>;
  const counts = Object.entries(g)
    .filter(([, v]) => Array.isArray(v) && v.length > 0)
    .map(([kind, v]) => ({ kind, count: (v as unknown[]).length }));
  return { tenant: g.tenant === 'current', counts };
}

export interface StepSummary {
  path: string;
  kind: 'event' | 'tick';
  type?: string;
  lead?: string;
  at?: string;
}

/** `when[i]` as a line: the event's type, its lead and instant, or the tick's instant. */
export function whenSummary(when: unknown): StepSummary[] {
  if (!Array.isArray(when)) return [];
  return when.map((w, i) => {
    const step = (w ?? {}) as { event?: Record<string, unknown>; tick?: string };
    if (typeof step.tick === 'string') return { path: `when[${i}]`, kind: 'tick', at: step.tick };
    const e = step.event ?? {};
    const lead = (e.lead as { id?: string } | undefined)?.id ?? (e.leadId as string | undefined);
    return { path: `when[${i}]`, kind: 'event', type: String(e.type ?? '?'), lead, at: typeof e.at === 'string' ? e.at : undefined };
  });
}

/** An expected or actual value as short text: JSON without quotes around a bare string. */
export function valueText(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The step an expectation belongs to (`when[1].expect.assignedTo` → `when[1]`), none for a final one. */
export const stepOfPath = (path: string): string | null => /^when\[\d+\]/.exec(path)?.[0] ?? null;
