import type { z } from 'zod';
import type { CompileError } from './types.js';

/** A document of the wrong shape: one error per schema issue, with the node id when the issue is inside a node. */
export function documentErrors(input: unknown, error: z.ZodError): CompileError[] {
  const nodesInput = (input as { nodes?: unknown })?.nodes;
  return error.issues.map((issue) => {
    const path = issue.path;
    const e: CompileError = { code: 'invalidDocument', field: fieldPath(path), message: sizeMessage(input, issue) ?? issueMessage(issue) };
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

export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out;
}

export function issueMessage(issue: z.core.$ZodIssue): { en: string; zh: string } {
  return { en: issue.message, zh: zhIssue(issue) };
}

function zhIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `类型错误：应为 ${issue.expected}`;
    case 'too_small':
      return `取值过小或过短（最小 ${String(issue.minimum)}）`;
    case 'too_big':
      return `取值过大或过长（最大 ${String(issue.maximum)}）`;
    case 'invalid_value':
      return `取值无效，可选：${issue.values.map(String).join('、')}`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    case 'invalid_format':
      return `格式错误（${issue.format}）`;
    case 'invalid_union':
      return '不符合任何一种允许的写法';
    default:
      return `无效：${issue.message}`;
  }
}
