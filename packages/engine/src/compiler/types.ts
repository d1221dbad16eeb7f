import type { Engine } from 'json-rules-engine';
import type { CompiledCondition, Condition } from '../expression/condition.js';
import type { FactReader } from '../fields/derived.js';
import type { LeadField } from '../fields/schema.js';
import type { NodeRegistry } from '../nodes/registry.js';
import type { TickScope } from '../nodes/trigger.js';
import type { JsonValue, NodeSpec } from '../types/nodeSpec.js';
import type { Labels } from '../types/decision.js';
import type { PolicyKind } from '../types/policy.js';

export interface CompileError {
  code:
    | 'invalidDocument'
    | 'unknownKind'
    | 'invalidConfig'
    | 'danglingEdge'
    | 'badHandle'
    | 'duplicateId'
    | 'cycle'
    | 'unreachable'
    | 'noTrigger'
    | 'twoTriggers'
    | 'edgeIntoTrigger'
    | 'terminalHasEdges'
    | 'missingBranch'
    | 'deadEnd'
    | 'readBeforeWrite'
    | 'unknownFact'
    | 'tooManyPaths'
    | 'triggerMismatch'
    | 'unknownLeadField'
    | 'leadFieldType'
    | 'leadFieldValue'
    | 'tickScopeMismatch';
  nodeId?: string;
  edgeId?: string;
  /** Field path: inside the node's config for node errors, inside the document otherwise. */
  field?: string;
  message: Labels;
}

/** A rule exactly as json-rules-engine takes it. */
export interface RuleJson {
  name: string;
  priority: number;
  conditions: { all: Condition[] };
  event: { type: string; params: { nodeId: string; path: string[]; emission: number; [k: string]: JsonValue } };
}

export interface PlanNode {
  id: string;
  kind: string;
  label?: string;
  spec: NodeSpec;
  // biome-ignore lint/suspicious/noExplicitAny: a node's config type depends on its kind; its spec parsed it
  config: any;
  level: number;
}

/** A rule's effect node with the name of its outcome fact, as the decision runs it. */
export interface RuleTarget {
  node: PlanNode;
  outcomeFact: string;
  /** The policy key the plan was compiled under, and the node's pointer key under it (see pointerKeyOf). */
  policyKey: string;
  pointerKey: string;
}

export interface PlanEdge {
  id: string;
  source: string;
  target: string;
  handle: string;
}

/** What the evaluators run: compiled once, reused for every decision. */
export interface Plan {
  nodes: Map<string, PlanNode>;
  /** Nodes by level, then id: the order the explanation lists them in. */
  order: PlanNode[];
  incoming: Map<string, PlanEdge[]>;
  /** Fact paths in slot order. */
  facts: string[];
  slotOf: Map<string, number>;
  /** Guard (node, handle) conditions. */
  guards: Array<{ nodeId: string; handle: string; condition: Condition; fn: CompiledCondition }>;
  guardIndex: Map<string, number>;
  /** Rule indexes grouped by stratum, highest priority first. */
  strata: Array<{ priority: number; rules: number[] }>;
  ruleGuards: number[][];
  ruleWhen: Array<CompiledCondition | undefined>;
  ruleNode: string[];
  ruleEmission: number[];
  /**
   * Each rule's effect node, and the fact its outcome is written to (`outcome.<node id>`): worked
   * out once here, as a routed decision looked its node up by id and built (and hashed) the fact's
   * name afresh for every run.
   */
  ruleTarget: RuleTarget[];
  /** How a decision fills each slot before it runs, in slot order. */
  readers: FactReader[];
  /**
   * The guard-memo buffer every decision on this plan reuses: decisions are synchronous and never
   * nest, and the buffer is cleared before each use.
   */
  guardMemo: Uint8Array;
  /** What the explanation walks, worked out once here rather than per decision. */
  explainWalk: ExplainWalk;
}

/** One node as the explanation walks it (see runtime/explain.ts). */
export interface ExplainStep {
  node: PlanNode;
  isTrigger: boolean;
  /** Handle indexes of the edges coming in. */
  incoming: number[];
  outputs: Array<{ handle: string; index: number; guard?: CompiledCondition }>;
  branches?: Record<string, Condition>;
  /** The lead and event facts its conditions test: checked for missing and null values. */
  sentFacts: readonly string[];
}

export interface ExplainWalk {
  /** In the plan's order: by level, then id. */
  steps: ExplainStep[];
  handleCount: number;
}

export interface CompiledPolicy {
  key: string;
  kind: PolicyKind;
  name: string;
  version: number;
  /** `tickScope`: what a whole tick walks (compiler/tickScope.ts), for a policy that listens to ticks. */
  trigger: { events: string[]; tickScope?: TickScope };
  rules: RuleJson[];
  plan: Plan;
  /**
   * `decideReference`'s json-rules-engine engines, one per stratum: built on its first use (tests
   * and benchmarks only) and kept here, with the policy they evaluate, rather than in a module table.
   */
  referenceEngines?: Engine[];
}

/**
 * A lead-field problem found without a field catalog: the policy compiles as before, and the
 * caller is told which fields it reads that the engine cannot vouch for. Or (always a warning) a
 * node that acts on ticks whose subjects the policy's tick does not walk (compiler/tickScope.ts).
 */
export interface CompileWarning extends CompileError {
  code: 'unknownLeadField' | 'leadFieldType' | 'leadFieldValue' | 'tickScopeMismatch';
}

export interface CompileOptions {
  registry?: NodeRegistry;
  /**
   * The tenant's lead-field catalog. Given, a node that reads an unknown `lead.<field>` or compares
   * a field against the wrong type or a value outside its allowed values is an error; absent, the
   * same findings come back as `warnings`.
   */
  fields?: readonly LeadField[];
}

/** `warnings` is present only when there are some. */
export type CompileResult =
  | { ok: true; policy: CompiledPolicy; warnings?: CompileWarning[] }
  | { ok: false; errors: CompileError[]; warnings?: CompileWarning[] };
