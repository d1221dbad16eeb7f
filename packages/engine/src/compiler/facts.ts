import { conditionFacts } from '../expression/condition.js';
import { checkFactPath, RUNTIME_FACT_ROOTS } from '../expression/factPath.js';
import { DERIVED_FACTS } from '../fields/derived.js';
import type { CompileError, PlanNode } from './types.js';

/** Facts a decision writes as it runs; a reader must come after every writer. */
const RUNTIME_ROOTS = new Set<string>(RUNTIME_FACT_ROOTS);

/** Every fact a node's conditions read must exist; runtime facts must be written upstream. */
export function checkFacts(nodes: Map<string, PlanNode>, drawnIn: Map<string, string[]>, unreadable: Map<string, unknown>): CompileError[] {
  const errors: CompileError[] = [];
  const writers = new Map<string, string[]>();
  for (const node of nodes.values()) {
    for (const f of node.spec.writes?.(node.config) ?? []) writers.set(f, [...(writers.get(f) ?? []), node.id]);
    if (node.spec.outcomeHandles) writers.set(`outcome.${node.id}`, [node.id]);
  }
  const ancestors = (id: string): Set<string> => {
    const seen = new Set<string>();
    const stack = [id];
    // Over every drawn edge: an edge with its own error still says what the author put before what;
    // for a sound graph this is exactly the compiled graph.
    while (stack.length) {
      for (const source of drawnIn.get(stack.pop()!) ?? []) {
        if (!seen.has(source)) {
          seen.add(source);
          stack.push(source);
        }
      }
    }
    return seen;
  };
  for (const node of nodes.values()) {
    const read = nodeFacts(node);
    if (read.length === 0) continue;
    const before = ancestors(node.id);
    for (const fact of read) {
      // A malformed path was already reported as the node's invalidConfig; once is enough.
      if (checkFactPath(fact)) continue;
      const root = fact.split('.')[0]!;
      const field = fieldOf(node.config, fact);
      const at = field === undefined ? {} : { field };
      if (root === 'derived' && !DERIVED_FACTS.has(fact.slice('derived.'.length))) {
        errors.push({
          code: 'unknownFact',
          nodeId: node.id,
          ...at,
          message: {
            en: `unknown derived fact "${fact}"; known: ${[...DERIVED_FACTS.keys()].map((k) => `derived.${k}`).join(', ')}`,
            zh: `未知的派生事实 "${fact}"；可用：${[...DERIVED_FACTS.keys()].map((k) => `derived.${k}`).join('、')}`,
          },
        });
        continue;
      }
      // An unreadable node may have outcomes once its kind or config is fixed.
      if (root === 'outcome' && !writers.has(fact) && !unreadable.has(fact.slice('outcome.'.length))) {
        // Would read undefined forever: a typo, or a node that has no outcomes.
        const target = fact.slice('outcome.'.length);
        errors.push({
          code: 'unknownFact',
          nodeId: node.id,
          ...at,
          message: {
            en: `"${fact}" is not the outcome of any node: node ${target} does not exist or has no outcome outputs`,
            zh: `"${fact}" 不是任何节点的结果：节点 ${target} 不存在，或没有结果出口`,
          },
        });
        continue;
      }
      // A lead field a node writes (a smart score's `lead.smartScore`) is read after it too: before
      // it, the same path would read the value from an earlier decision, and nobody could tell which.
      const runtime = RUNTIME_ROOTS.has(root);
      if (!runtime && !writers.has(fact)) continue;
      const key = root === 'outcome' || !runtime ? fact : root;
      for (const w of writers.get(key) ?? []) {
        if (!before.has(w)) {
          errors.push({
            code: 'readBeforeWrite',
            nodeId: node.id,
            ...at,
            message: {
              en: `node ${node.id} reads "${fact}" but node ${w}, which sets it, does not come before it`,
              zh: `节点 ${node.id} 读取 "${fact}"，但设置它的节点 ${w} 不在它之前`,
            },
          });
        }
      }
    }
  }
  return errors;
}

/** Facts a node reads: in its conditions, while it executes (`reads`), and wherever its config names a `fact`. */
export function nodeFacts(node: PlanNode): string[] {
  const out: string[] = [];
  for (const c of Object.values(node.spec.branches?.(node.config) ?? {})) conditionFacts(c, out);
  for (const e of node.spec.emits?.(node.config) ?? []) if (e.when) conditionFacts(e.when, out);
  for (const f of [...(node.spec.reads?.(node.config) ?? []), ...configFacts(node.config)]) if (!out.includes(f)) out.push(f);
  return out;
}

/** Every string held under a `fact` key anywhere in a config, with its field path. */
export function configFactFields(config: unknown): Array<{ field: string; path: string }> {
  const out: Array<{ field: string; path: string }> = [];
  const visit = (value: unknown, field: string) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(v, `${field}[${i}]`);
      });
    } else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        const at = field ? `${field}.${k}` : k;
        if (k === 'fact' && typeof v === 'string') out.push({ field: at, path: v });
        else visit(v, at);
      }
    }
  };
  visit(config, '');
  return out;
}

function configFacts(config: unknown): string[] {
  return configFactFields(config).map((f) => f.path);
}

/** Where in the config a fact path is written: a `fact` field first, else any field holding it. */
export function fieldOf(config: unknown, path: string): string | undefined {
  const byKey = configFactFields(config).find((f) => f.path === path);
  if (byKey) return byKey.field;
  let found: string | undefined;
  const visit = (value: unknown, field: string) => {
    if (found !== undefined) return;
    if (value === path) found = field;
    else if (Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(v, `${field}[${i}]`);
      });
    } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, field ? `${field}.${k}` : k);
  };
  visit(config, '');
  return found || undefined;
}

/**
 * The lead and event facts a node's conditions test (its branches, its emissions' `when`): what
 * the explanation checks for missing and null values.
 */
export function sentFacts(node: PlanNode): readonly string[] {
  const out: string[] = [];
  for (const c of Object.values(node.spec.branches?.(node.config) ?? {})) conditionFacts(c, out);
  for (const e of node.spec.emits?.(node.config) ?? []) if (e.when) conditionFacts(e.when, out);
  return out.filter((f) => f.startsWith('lead.') || f.startsWith('event.'));
}
