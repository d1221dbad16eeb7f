import type { z } from 'zod';
import { fieldPath, schemaIssueMessage } from '../errors/schemaIssues.js';
import type { CompileError } from './types.js';

/** A document of the wrong shape: one error per schema issue, with the node id when the issue is inside a node. */
export function documentErrors(input: unknown, error: z.ZodError): CompileError[] {
  const nodesInput = (input as { nodes?: unknown })?.nodes;
  return error.issues.map((issue) => {
    const path = issue.path;
    const e: CompileError = { code: 'invalidDocument', field: fieldPath(path), message: sizeMessage(input, issue) ?? schemaIssueMessage(issue, input) };
    if (path[0] === 'nodes' && typeof path[1] === 'number' && Array.isArray(nodesInput)) {
      const id = (nodesInput[path[1]] as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') e.nodeId = id;
    }
    return e;
  });
}

/** Over the size limit (500 nodes / 2,000 edges, in the document schema): say how many there are. */
function sizeMessage(input: unknown, issue: z.core.$ZodIssue): { en: string; zh: string } | undefined {
  if (issue.code !== 'too_big' || issue.path.length !== 1) return undefined;
  const key = issue.path[0];
  if (key !== 'nodes' && key !== 'edges') return undefined;
  const list = (input as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return undefined;
  const max = String(issue.maximum);
  return key === 'nodes'
    ? { en: `the policy has ${list.length} nodes; at most ${max}`, zh: `策略有 ${list.length} 个节点，最多 ${max} 个` }
    : { en: `the policy has ${list.length} edges; at most ${max}`, zh: `策略有 ${list.length} 条连线，最多 ${max} 条` };
}
