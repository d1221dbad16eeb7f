import type { CompileError } from '@sluice/engine';
import type { FieldError } from '../../http/problem.js';

/** A compile error as a problem's field error: where in the document, which node, which field, both languages. */
export interface PolicyFieldError extends FieldError {
  code: CompileError['code'];
  nodeId?: string;
  edgeId?: string;
  field?: string;
}

/** Compile errors whose `field` is a path in the document rather than in a node's config. */
const DOCUMENT_FIELDS = new Set<CompileError['code']>(['invalidDocument', 'danglingEdge', 'triggerMismatch']);

/**
 * The compiler names nodes and fields; an editor (or a curl user) also wants the JSON path into
 * the document they sent, so the error can be shown next to the right node.
 */
export function policyFieldErrors(errors: readonly CompileError[], document: unknown): PolicyFieldError[] {
  const nodes = listOf(document, 'nodes');
  const edges = listOf(document, 'edges');
  return errors.map((e) => {
    const out: PolicyFieldError = { path: pathOf(e, nodes, edges), message: e.message.en, messageZh: e.message.zh, code: e.code };
    if (e.nodeId !== undefined) out.nodeId = e.nodeId;
    if (e.edgeId !== undefined) out.edgeId = e.edgeId;
    if (e.field !== undefined) out.field = e.field;
    return out;
  });
}

function pathOf(e: CompileError, nodes: unknown[], edges: unknown[]): string {
  if (e.field !== undefined && DOCUMENT_FIELDS.has(e.code)) return join('$', e.field);
  const n = e.nodeId === undefined ? -1 : nodes.findIndex((x) => idOf(x) === e.nodeId);
  if (n >= 0) {
    if (e.code === 'unknownKind') return `$.nodes[${n}].type`;
    return e.field !== undefined ? join(`$.nodes[${n}].data`, e.field) : `$.nodes[${n}]`;
  }
  const i = e.edgeId === undefined ? -1 : edges.findIndex((x) => idOf(x) === e.edgeId);
  return i >= 0 ? `$.edges[${i}]` : '$';
}

function join(base: string, field: string): string {
  if (field === '') return base;
  return field.startsWith('[') ? base + field : `${base}.${field}`;
}

function listOf(document: unknown, name: 'nodes' | 'edges'): unknown[] {
  const v = document !== null && typeof document === 'object' ? (document as Record<string, unknown>)[name] : undefined;
  return Array.isArray(v) ? v : [];
}

function idOf(x: unknown): unknown {
  return x !== null && typeof x === 'object' ? (x as { id?: unknown }).id : undefined;
}
