import type { z } from 'zod';
import type { Condition } from '../expression/condition.js';
import type { Lead, SluiceEvent } from './domain.js';
import type { Action, CandidateRow, DecisionWarning, Labels, ModelRef, VisitedNode } from './decision.js';
import type { StateChange, StateView } from './state.js';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };

export interface OutputSpec {
  handle: string;
  labels: Labels;
}

export interface ConfigProblem {
  /** Path inside the node's config, e.g. `cases[2].value`. */
  field: string;
  message: Labels;
}

/** What an effect node sees while it executes. */
export interface ExecContext {
  readonly nowMs: number;
  readonly nowIso: string;
  readonly event: SluiceEvent;
  readonly leadId: string | null;
  /** The lead as stored, with the event's lead fields on top. */
  readonly lead: Lead | undefined;
  readonly state: StateView;
  readonly policyKey: string;
  /**
   * `${policyKey}/${nodeId}`, the node's pointer key (assignment/assign.ts pointerKey), when the
   * context keeps it made: a string built and hashed afresh per decision otherwise. Optional.
   */
  pointerKey?(nodeId: string): string;
  /**
   * False when the caller reads no explanation (decide's `{ explain: false }`, a replay): a node may
   * then leave out the rows and notes only an explanation shows, and look at fewer candidates,
   * never deciding differently. Undefined: explained.
   */
  readonly explain?: boolean;
  fact(path: string): unknown;
  setFact(path: string, value: unknown): void;
  /**
   * The lead's fields exactly as `fact('lead.<field>')` reads them, while nothing in this decision
   * has written a lead field; undefined after such a write (read by path then). Lets a node that
   * reads many plain fields (the smart score) skip a path look-up per field.
   */
  leadFields(): Readonly<Record<string, unknown>> | undefined;
  act(action: Action): void;
  change(change: StateChange): void;
  /** The owner this decision has given the lead so far (assignment nodes must not assign twice). */
  currentOwner(): string | null;
  /** `byNode` names the assignment node that gave the lead, so a later one in the same decision can tell. */
  setOwner(repId: string | null, byNode?: string): void;
  /** The node that assigned the lead earlier in this decision, if any: a lead is assigned at most once. */
  assignedBy(): string | null;
  /** The lead's owner when the event's step began (undefined when the caller did not say: decide() called alone). Optional. */
  ownerBeforeEvent?(): string | null | undefined;
  /** The owner the CRM's event named for the lead as sent (undefined when the caller did not say). Optional. */
  ownerReported?(): string | null | undefined;
  /** Records a problem the node worked around; the decision carries it (the running node's id is added). */
  warn(warning: Omit<DecisionWarning, 'nodeId'>): void;
}

export interface NodeResult {
  /** Outcome handle taken, for nodes with outcome outputs. */
  outcome?: string;
  candidates?: CandidateRow[];
  detail?: Record<string, unknown>;
  note?: Labels;
  /**
   * What the outcome means for the decision's one-line summary when the decision has no action
   * (a lead kept: exempt from reclaim, and why); a decision with actions is summarised by them.
   */
  summary?: Labels;
  /** Smart-score models the node scored with: the decision records their versions (`Decision.models`). */
  models?: ModelRef[];
}

export type NodeCategory = 'trigger' | 'logic' | 'scoring' | 'assignment' | 'action';

/**
 * Everything about one node kind: its config schema, labels, how it compiles and how it runs.
 * The editor renders its palette and inspector from these; adding a kind is adding one file.
 */
export interface NodeSpec<C = any> {
  kind: string;
  category: NodeCategory;
  labels: Labels;
  help: Labels;
  schema: z.ZodType<C>;
  /** Config a node gets when dropped from the palette. */
  defaults: unknown;
  /** Output handles; none means the node ends the flow. */
  outputs(config: C): OutputSpec[];
  /** Guard nodes: the condition under which the flow leaves through each handle. */
  branches?(config: C): Record<string, Condition>;
  /** Effect nodes: one rule per emission; `when` narrows the path's condition. */
  emits?(config: C): Array<{ when?: Condition; params: { [k: string]: JsonValue } }>;
  /** Effect nodes whose handles are outcomes of running them (assigned / noCandidate …). */
  outcomeHandles?: boolean;
  /** Facts this node's execution writes (score, grade …): readers must come after it. */
  writes?(config: C): string[];
  /** Facts the node reads while executing; derived ones get computed. */
  reads?(config: C): string[];
  /** Checks the schema cannot express. */
  check?(config: C): ConfigProblem[];
  /** Output handles that must be connected (a switch's default). */
  requiredHandles?(config: C): string[];
  /** Guard nodes: what the explanation shows (the condition with the values seen, the case matched). */
  explain?(config: C, read: (path: string) => unknown): Partial<Pick<VisitedNode, 'condition' | 'detail' | 'note'>>;
  /**
   * Tick shortcut: a cheap test that says a lead cannot make this node act at `nowMs`, so a tick
   * over a million leads skips it without running the flow. Must never say no to a lead that
   * would act (false negatives change decisions); false positives only cost time.
   */
  tickFilter?(config: C): (lead: Lead, nowMs: number, state?: StateView) => boolean;
  /**
   * Next due: the earliest instant (epoch ms) at which a tick could make this node act for the
   * lead, as the lead and state stand — so a caller keeping a calendar of due instants (the
   * server's indexed column, the simulator's queue) ticks the lead then and not before. A LOWER
   * bound, worked out with the clock code `execute` uses: never later than the first instant it
   * truly acts (that would change decisions); earlier only costs a wasted tick. Undefined: never,
   * until some event changes the lead or the state. `node` says which node of which policy asks
   * (records and penalties are kept per node).
   */
  nextDue?(config: C, node: { policyKey: string; nodeId: string }): (lead: Lead, state: StateView) => number | undefined;
  /**
   * With `nextDue`: the outcome handles this node leaves by only when it acts. Nodes reached only
   * through them run no sooner than this node's next due, so they need no `nextDue` of their own.
   */
  dueOutcomes?: readonly string[];
  /**
   * What a whole tick must walk for this node to act: a cascade moves leads waiting in pools
   * (`scheduledLeads`), a reclaim takes owned leads back (`ownedLeads`), a penalty judges reps
   * (`reps`). A trigger that leaves its `tickScope` unset gets the scope its nodes need, and a
   * scope that leaves such a node out is a compile warning (compiler/tickScope.ts).
   */
  tickScope?: 'ownedLeads' | 'scheduledLeads' | 'reps';
  /**
   * Routing nodes that would take the lead from an owner it already has (assign it to someone
   * else, put it in a pool or a queue): on `lead.created` / `lead.updated` such a node leaves a
   * lead that already has an owner with them, unless its config says `reassignOwned: true`
   * (runtime/run.ts, assignment/keepOwner.ts). A function says for which events the node moves
   * the lead (a cascade only on the events that start it).
   */
  keepsOwner?: true | ((config: C, eventType: string) => boolean);
  /** `fired` lists the emission indexes whose rules fired, ascending. */
  execute?(ctx: ExecContext, config: C, fired: number[], nodeId: string): NodeResult;
}

/** Infers the config type from the schema, so `defaults` and every method agree with it. */
export function defineNode<S extends z.ZodType>(
  spec: Omit<NodeSpec<z.output<S>>, 'schema' | 'defaults'> & { schema: S; defaults: z.input<S> },
): NodeSpec<z.output<S>> {
  return spec as NodeSpec<z.output<S>>;
}

export const NEXT: OutputSpec = { handle: 'next', labels: { en: 'next', zh: '下一步' } };
