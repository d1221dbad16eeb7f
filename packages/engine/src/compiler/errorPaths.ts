import { joinPath } from '../errors/schemaIssues.js';
import type { CompileError } from './types.js';

/** Compile errors whose `field` is a path in the document rather than in a node's config. */
const DOCUMENT_FIELDS = new Set<CompileError['code']>(['invalidDocument', 'danglingEdge', 'triggerMismatch']);

/** Compile errors about one edge, and the edge's field they are at ('' for the edge as a whole). */
const EDGE_FIELDS: Partial<Record<CompileError['code'], string>> = {
  badHandle: 'sourceHandle',
  terminalHasEdges: '',
  edgeIntoTrigger: 'target',
  duplicateId: 'id',
};

/**
 * The JSON path, in the document as sent, that a compile error is about: `$.nodes[2].data.teams`,
 * `$.nodes[0].type`, `$.edges[4]`, `$` when nothing narrower is known. The compiler names nodes and
 * fields by id; an editor (or a curl user) needs the place in the document to show the error at.
 * `document` is what was compiled, even when it is malformed: lists that are not lists find nothing.
 */
export function compileErrorPath(error: CompileError, document: unknown): string {
  if (error.field !== undefined && DOCUMENT_FIELDS.has(error.code)) return joinPath('$', error.field);
  // An edge's own mistake is at that edge (its node named beside it), not at the node it leaves.
  const onEdge = error.edgeId === undefined ? undefined : EDGE_FIELDS[error.code];
  if (onEdge !== undefined) {
    const e = listOf(document, 'edges').findIndex((x) => idOf(x) === error.edgeId);
    if (e >= 0) return onEdge === '' ? `$.edges[${e}]` : `$.edges[${e}].${onEdge}`;
  }
  const n = error.nodeId === undefined ? -1 : listOf(document, 'nodes').findIndex((x) => idOf(x) === error.nodeId);
  if (n >= 0) {
    if (error.code === 'unknownKind') return `$.nodes[${n}].type`;
    return error.field !== undefined ? joinPath(`$.nodes[${n}].data`, error.field) : `$.nodes[${n}]`;
  }
  const i = error.edgeId === undefined ? -1 : listOf(document, 'edges').findIndex((x) => idOf(x) === error.edgeId);
  return i >= 0 ? `$.edges[${i}]` : '$';
}

function listOf(document: unknown, name: 'nodes' | 'edges'): unknown[] {
  const v = document !== null && typeof document === 'object' ? (document as Record<string, unknown>)[name] : undefined;
  return Array.isArray(v) ? v : [];
}

function idOf(x: unknown): unknown {
  return x !== null && typeof x === 'object' ? (x as { id?: unknown }).id : undefined;
}
