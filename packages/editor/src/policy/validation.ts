import {
  calendarReferences,
  compileErrorPath,
  compilePolicy,
  type CompileResult,
  type LeadField,
  type PolicyDocument,
  type PolicyDocumentInput,
  type RosterView,
  unknownRosterRefs,
} from '@sluice/engine';
import { useEffect, useState } from 'react';

export interface Problem {
  code: string;
  severity: 'error' | 'warning';
  nodeId?: string;
  edgeId?: string;
  /** Path inside the node's config (`cases[2].value`) for node problems. */
  field?: string;
  /** JSON path in the document, as the server's draft save names it. */
  path: string;
  message: { en: string; zh: string };
}

export interface Validation {
  problems: Problem[];
  errorCount: number;
  byNode: Record<string, number>;
  result: CompileResult;
}

/** The same compile the server runs on a draft save, with the tenant's lead fields when it has some. */
export function validate(doc: unknown, fields?: readonly LeadField[], calendars?: readonly string[], roster?: RosterView | null): Validation {
  const result = compilePolicy(doc, fields && fields.length > 0 ? { fields } : {});
  const errors = result.ok ? [] : result.errors;
  const problems: Problem[] = [
    ...errors.map((e) => ({ ...pick(e), severity: 'error' as const, path: compileErrorPath(e, doc) })),
    ...(result.warnings ?? []).map((e) => ({ ...pick(e), severity: 'warning' as const, path: compileErrorPath(e, doc) })),
  ];
  // The server adds one check the compiler cannot make: a working-day calendar the tenant does not have.
  if (calendars) problems.push(...missingCalendars(doc, calendars));
  // And one it only warns of: a team, rep or role no active rep has (a rotation over it finds
  // nobody), or a pool the tenant has not set up (no claim from it is taken).
  if (roster && doc !== null && typeof doc === 'object') problems.push(...rosterProblems(doc as PolicyDocumentInput, roster));
  const byNode: Record<string, number> = {};
  for (const p of problems) if (p.nodeId && p.severity === 'error') byNode[p.nodeId] = (byNode[p.nodeId] ?? 0) + 1;
  return { problems, errorCount: problems.filter((p) => p.severity === 'error').length, byNode, result };
}

function missingCalendars(doc: unknown, calendars: readonly string[]): Problem[] {
  const have = new Set(calendars);
  return calendarReferences(doc)
    .filter((r) => !have.has(r.calendarId))
    .map((r) => ({
      code: 'unknownCalendar',
      severity: 'error' as const,
      nodeId: r.nodeId,
      field: r.path.slice(r.path.indexOf('.data') + '.data'.length).replace(/^\./, ''),
      path: r.path,
      message: {
        en: `node "${r.nodeId}" counts working days with calendar "${r.calendarId}", which this tenant does not have: add it under Roster or pick another`,
        zh: `节点“${r.nodeId}”使用的工作日历“${r.calendarId}”在本租户中不存在：请在名册中添加或改选其他日历`,
      },
    }));
}

/** As the server warns: about reps' names only once the tenant has reps, about pools always (when they are known). */
function rosterProblems(doc: PolicyDocumentInput, roster: RosterView): Problem[] {
  const unknown = unknownRosterRefs([doc], roster).filter((u) => u.kind === 'pool' || roster.reps.length > 0);
  return unknown.map((u) => ({
    code: u.reason === 'inactive' ? 'inactiveRosterRef' : 'unknownRosterRef',
    severity: 'warning' as const,
    nodeId: u.nodeId,
    field: u.path,
    path: u.documentPath,
    // The list and the inspector show the node and field beside it: the message says only what.
    message: u.detail,
  }));
}

function pick(e: { code: string; nodeId?: string; edgeId?: string; field?: string; message: { en: string; zh: string } }) {
  const out: Omit<Problem, 'severity' | 'path'> = { code: e.code, message: e.message };
  if (e.nodeId !== undefined) out.nodeId = e.nodeId;
  if (e.edgeId !== undefined) out.edgeId = e.edgeId;
  if (e.field !== undefined) out.field = e.field;
  return out;
}

const NOT_YET: Validation = { problems: [], errorCount: 0, byNode: {}, result: { ok: false, errors: [] } };

/** Validation of `doc`, recomputed a moment after the last change (typing stays smooth on big policies). */
export function useValidation(
  doc: PolicyDocument,
  fields?: readonly LeadField[],
  calendars?: readonly string[],
  roster?: RosterView | null,
  delayMs = 120,
): Validation {
  // The first check waits for the first paint too: a big policy is drawn before it is compiled.
  const [v, setV] = useState<Validation>(NOT_YET);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `v` only picks the delay; it must not re-run the check.
  useEffect(() => {
    const t = setTimeout(() => setV(validate(doc, fields, calendars, roster)), v === NOT_YET ? 0 : delayMs);
    return () => clearTimeout(t);
  }, [doc, fields, calendars, roster, delayMs]);
  return v;
}
