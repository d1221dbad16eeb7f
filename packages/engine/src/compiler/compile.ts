import { leadFieldIndex } from '../fields/catalog.js';
import { defaultRegistry, NodeRegistry } from '../nodes/registry.js';
import { policyDocumentSchema } from '../types/policy.js';
import { documentErrors } from './document.js';
import { connectEdges } from './edges.js';
import { buildRules } from './emit.js';
import { checkFacts } from './facts.js';
import { assignLevels, checkBranches, checkCycle, checkReachable, checkTriggers, sortOutgoing } from './graph.js';
import { checkLeadFields } from './leadFields.js';
import { readNodes } from './nodes.js';
import { tickScopeFor } from './tickScope.js';
import type { CompileError, CompileOptions, CompileResult, CompileWarning } from './types.js';

/**
 * Flow graph → json-rules-engine rules (see emit.ts for the rule shape). Output is deterministic.
 * The second argument is the options, or (as before options existed) a node registry.
 */
export function compilePolicy(input: unknown, options: CompileOptions | NodeRegistry = {}): CompileResult {
  const { registry = defaultRegistry, fields } = options instanceof NodeRegistry ? { registry: options } : options;
  const parsed = policyDocumentSchema.safeParse(input);
  // A document of the wrong shape (or over the size limit) has no graph to check further.
  if (!parsed.success) return { ok: false, errors: documentErrors(input, parsed.error) };
  const doc = parsed.data;
  // Every check below runs in this one pass and adds to `errors`, so the editor sees everything
  // at once; a check that cannot say anything sound about a broken part skips just that part.
  const errors: CompileError[] = [];
  const { nodes, unreadable } = readNodes(doc, registry, errors);
  const edges = connectEdges(doc, nodes, unreadable, errors);
  const triggers = checkTriggers(doc, nodes, unreadable, errors);
  sortOutgoing(nodes, edges.outgoing);
  checkBranches(nodes, edges, errors);
  checkCycle(nodes, edges.outgoing, errors);
  const reached = checkReachable(triggers, nodes, unreadable, edges.drawnOut, errors);
  errors.push(...checkFacts(nodes, edges.drawnIn, unreadable));
  const fieldProblems = checkLeadFields(nodes, leadFieldIndex(fields));
  // Without a catalog nothing new is refused: old callers and the CLI compile as they did.
  const warnings: CompileWarning[] = fields ? [] : fieldProblems;
  if (fields) errors.push(...fieldProblems);
  const trigger = triggers[0];
  // What a whole tick walks, from the trigger or else its nodes; a node it leaves out is warned of.
  const ticks = trigger ? tickScopeFor(trigger, nodes) : undefined;
  if (ticks) warnings.push(...ticks.warnings);
  const withWarnings = <T extends CompileResult>(r: T): T => (warnings.length > 0 ? { ...r, warnings } : r);
  if (errors.length > 0 || !trigger) return withWarnings({ ok: false, errors });
  assignLevels(nodes, edges, reached);
  // Every reader of the scope (engine tick, due clocks, the server's scheduler) sees the one worked out here.
  if (ticks?.scope) trigger.config = { ...trigger.config, tickScope: ticks.scope };
  const built = buildRules(doc, trigger, nodes, edges.outgoing, edges.incoming);
  if (built.ok && ticks?.scope) built.policy.trigger.tickScope = ticks.scope;
  return withWarnings(built);
}
