import { pointerKeyOf } from '../assignment/assign.js';
import type { CompiledPolicy, RuleTarget } from '../compiler/types.js';
import { SCALAR_FACT_ROOTS } from '../expression/factPath.js';
import type { ExecContext, NodeResult } from '../types/nodeSpec.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Lead, SluiceEvent } from '../types/domain.js';
import type { Action, Decision, DecisionWarning, Labels, ModelRef, VisitedNode } from '../types/decision.js';
import { factReader } from '../fields/derived.js';
import { withFields } from '../state/leadCopy.js';
import { visitedNodes } from './explain.js';
import { isoOf } from './instant.js';
import { canonicalMs } from '../types/isoInstant.js';
import { summarise } from './summary.js';
import { keptOwner } from '../assignment/keepOwner.js';

export interface DecideOptions {
  /**
   * False: the decision's `explanation.visited` is empty and its `summary` is two empty strings,
   * for callers that replay history and read only actions and changes (the simulator). The walk and
   * the summary were a quarter of a routing decision. Actions, changes, `rulesFired` and overrides
   * are the same either way; so are warnings, except that round robin and capacity routing look only
   * at the reps they need (ExecContext.explain) and warn of no rep they did not look at. The empty
   * walk and summary are shared by every unexplained decision, frozen. Default true.
   */
  explain?: boolean;
  /**
   * `now` as `new Date(now).toISOString()` writes it, when the caller has it (step's `nowIso`):
   * the decision stamps it and reads no instant text to find it. Exactly that string or left out.
   */
  nowIso?: string;
  /**
   * The lead's owner when the event's step began (after the CRM's own report, before any policy of
   * the step ran), when the caller knows it (step does): an owner another policy gave the lead
   * earlier in the same step is routing's, not the CRM's, and does not hold the lead (keepOwner).
   */
  ownerBeforeEvent?: string | null;
  /**
   * The owner the CRM's event itself named for the lead (its `lead.ownerId` as sent, null when it
   * named none), when the caller knows it (step does: the event a policy sees carries the stored lead).
   */
  ownerReported?: string | null;
}

/**
 * An unexplained decision's walk and summary, shared and frozen; an explained one's summary takes
 * this place first (its key order) and is replaced by its own before the decision is returned.
 */
const UNEXPLAINED = Object.freeze({ visited: Object.freeze([]) as unknown as VisitedNode[], summary: Object.freeze({ en: '', zh: '' }) as Labels });

const NO_SLOTS = Object.freeze([]) as unknown as unknown[];

/** The runtime facts that are a single value: written here, set on the lead when the run ends. */
const RUNTIME_FACTS = new Set<string>(SCALAR_FACT_ROOTS);

/**
 * One decision in progress: facts in slots, effects applied stratum by stratum. Both
 * evaluators (fast and reference) drive the same run, so they cannot drift apart.
 */
export class DecisionRun implements ExecContext {
  readonly nowIso: string;
  readonly leadId: string | null;
  readonly lead: Lead | undefined;
  readonly policyKey: string;
  /** Whether the policy's trigger lists the event's type: asked by decide and finish. */
  readonly triggered: boolean;
  readonly slots: unknown[];
  readonly memo: Uint8Array;
  /**
   * Facts outside the plan's slots (an outcome no condition tests, a field a smart score reads):
   * the first in two fields, the rest in a map made when a second comes. A routing decision
   * writes just one (its assignment node's outcome), and a map for it was a seventh of what a
   * lean routing decision allocated.
   */
  private firstExtraPath: string | undefined;
  private firstExtraValue: unknown;
  // Created on first use: most decisions never need them.
  private extraFacts: Map<string, unknown> | undefined;
  private written: Set<string> | undefined;
  /** Lead fields a node wrote (`lead.smartScore`): kept on the lead like score and grade. */
  private leadWrites: Map<string, number> | undefined;
  /** Smart-score model versions the nodes that ran scored with, in the order they ran, each once. */
  private models: ModelRef[] | undefined;
  // The decision's lists, made by their first entry (a list grown from empty takes room for 17;
  // a decision mostly makes one action, one or two changes and fires one rule).
  private actions: Action[] | undefined;
  private changes: StateChange[] | undefined;
  /** What each node returned, for the explanation's walk (resultOf): not kept unexplained. */
  private readonly results: Map<string, NodeResult> | undefined;
  private firedNames: string[] | undefined;
  private owner: string | null;
  private assigner: string | null = null;
  private running = '';
  /** The node running now, as the plan targets it (its pointer key made at compile time). */
  private runningTarget: RuleTarget | undefined;
  private warnings: DecisionWarning[] | undefined;
  /** What nodes said their outcome means for the summary (NodeResult.summary), explained decisions only. */
  private keptSummaries: Labels[] | undefined;
  private factsChanged = true;
  /** Whether a node has written a `lead.` fact in this decision (see leadFields). */
  private leadFactWritten = false;

  constructor(
    readonly policy: CompiledPolicy,
    readonly event: SluiceEvent,
    readonly state: StateView,
    readonly nowMs: number,
    private readonly options?: DecideOptions,
  ) {
    // A replay's event carries its instant as text already: the same text, not a second one made.
    this.nowIso = options?.nowIso ?? (typeof event.at === 'string' && canonicalMs(event.at) === nowMs ? event.at : isoOf(nowMs));
    this.leadId = event.lead?.id ?? event.leadId ?? null;
    const stored = this.leadId ? state.lead(this.leadId) : undefined;
    // The event step hands over (eventAsDecided) carries the stored lead itself: nothing to merge.
    this.lead = event.lead && event.lead !== stored ? (stored ? withFields(stored, event.lead) : event.lead) : stored;
    this.policyKey = policy.key;
    this.triggered = listed(policy.trigger.events, event.type);
    this.owner = this.lead?.ownerId ?? null;
    const read = policy.plan.readers;
    // A plan that tests no fact (a bare routing flow) has no slots to write: one frozen empty list.
    this.slots = read.length === 0 ? NO_SLOTS : new Array(read.length);
    this.memo = policy.plan.guardMemo;
    this.results = options?.explain === false ? undefined : new Map();
    // The run is its own fact context (now, event, lead, lead id, state): no object made for it.
    // Read last, so the readers see the run with all its fields, as fact() later hands it over.
    for (let i = 0; i < read.length; i++) this.slots[i] = read[i]!(this);
  }

  get explain(): boolean {
    return this.options?.explain !== false;
  }

  fact(path: string): unknown {
    const slot = this.policy.plan.slotOf.get(path);
    if (slot !== undefined) return this.slots[slot];
    if (path === this.firstExtraPath) return this.firstExtraValue;
    const more = this.extraFacts;
    if (more?.has(path)) return more.get(path);
    // The memoised reader of the path (fields/derived.ts), not a fresh parse of it: a smart score
    // reads a dozen unslotted lead fields per decision.
    const value = factReader(path)(this);
    this.keepExtra(path, value);
    return value;
  }

  /** An unslotted fact kept for the rest of the decision (see firstExtraPath). */
  private keepExtra(path: string, value: unknown): void {
    if (this.firstExtraPath === undefined || this.firstExtraPath === path) {
      this.firstExtraPath = path;
      this.firstExtraValue = value;
    } else (this.extraFacts ??= new Map()).set(path, value);
  }

  /** True when a slotted fact was written since the last call (the first call is always true). */
  takeFactsChanged(): boolean {
    const changed = this.factsChanged;
    this.factsChanged = false;
    return changed;
  }

  leadFields(): Readonly<Record<string, unknown>> | undefined {
    return this.leadFactWritten ? undefined : this.lead;
  }

  setFact(path: string, value: unknown): void {
    if (path.startsWith('lead.')) this.leadFactWritten = true;
    const slot = this.policy.plan.slotOf.get(path);
    if (slot !== undefined) {
      this.slots[slot] = value;
      this.factsChanged = true;
    } else this.keepExtra(path, value);
    if (RUNTIME_FACTS.has(path)) (this.written ??= new Set()).add(path);
    else if (path.startsWith('lead.') && typeof value === 'number') (this.leadWrites ??= new Map()).set(path.slice('lead.'.length), value);
  }

  act(action: Action): void {
    this.actions = append(this.actions, action);
  }
  change(change: StateChange): void {
    this.changes = append(this.changes, change);
  }
  pointerKey(nodeId: string): string {
    const t = this.runningTarget;
    // The plan's key is this policy's unless the policy was copied under another key after compiling.
    return t !== undefined && t.node.id === nodeId && t.policyKey === this.policyKey ? t.pointerKey : pointerKeyOf(this.policyKey, nodeId);
  }
  currentOwner(): string | null {
    return this.owner;
  }
  setOwner(repId: string | null, byNode?: string): void {
    this.owner = repId;
    if (repId !== null && byNode !== undefined && this.assigner === null) this.assigner = byNode;
  }
  assignedBy(): string | null {
    return this.assigner;
  }
  ownerBeforeEvent(): string | null | undefined {
    return this.options?.ownerBeforeEvent;
  }
  ownerReported(): string | null | undefined {
    return this.options?.ownerReported;
  }
  warn(warning: Omit<DecisionWarning, 'nodeId'>): void {
    (this.warnings ??= []).push({ ...warning, nodeId: this.running });
  }

  /** Runs the effect nodes whose rules fired in one stratum, each node once. */
  applyStratum(fired: readonly number[]): void {
    // Most strata of a branching flow fire nothing: skip the bookkeeping.
    if (fired.length === 0) return;
    const plan = this.policy.plan;
    if (fired.length === 1) {
      // The common case (one action fired): no grouping needed.
      const rule = fired[0]!;
      this.firedNames = append(this.firedNames, this.policy.rules[rule]!.name);
      this.runNode(plan.ruleTarget[rule]!, [plan.ruleEmission[rule]!]);
      return;
    }
    const byNode = new Map<RuleTarget, number[]>();
    for (const rule of fired) {
      this.firedNames = append(this.firedNames, this.policy.rules[rule]!.name);
      const target = plan.ruleTarget[rule]!;
      const emission = plan.ruleEmission[rule]!;
      const list = byNode.get(target);
      if (!list) byNode.set(target, [emission]);
      else if (!list.includes(emission)) list.push(emission);
    }
    for (const [target, emissions] of byNode) {
      emissions.sort((a, b) => a - b);
      this.runNode(target, emissions);
    }
  }

  /** Runs one effect node (the plan's target of its rules: no look-up by id, no fact name made per run). */
  private runNode(target: RuleTarget, emissions: number[]): void {
    const { node, outcomeFact } = target;
    const nodeId = node.id;
    this.running = nodeId;
    this.runningTarget = target;
    // A routing node leaves a new or updated lead with the owner it already has (assignment/keepOwner.ts).
    const kept = node.spec.keepsOwner !== undefined ? keptOwner(this, node.spec, node.config, nodeId) : undefined;
    const result = kept ?? (node.spec.execute ? node.spec.execute(this, node.config, emissions, nodeId) : {});
    if (result.outcome !== undefined) this.setFact(outcomeFact, result.outcome);
    this.results?.set(nodeId, result);
    if (result.summary !== undefined && this.results !== undefined) (this.keptSummaries ??= []).push(result.summary);
    if (result.models) {
      this.models ??= [];
      for (const m of result.models) if (!this.models.some((x) => x.key === m.key && x.version === m.version)) this.models.push(m);
    }
  }

  finish(): Decision {
    const written = this.written;
    const leadWrites = this.leadWrites;
    if (this.leadId && ((written !== undefined && written.size > 0) || leadWrites !== undefined)) {
      const set: { score?: number; grade?: string; stage?: string; [field: string]: string | number | undefined } = {};
      if (written?.has('score')) set.score = this.fact('score') as number;
      if (written?.has('grade')) set.grade = this.fact('grade') as string;
      if (written?.has('stage')) set.stage = this.fact('stage') as string;
      const fields = leadWrites ? Object.fromEntries(leadWrites) : undefined;
      // A smart score alone leaves the points score as the lead has it: the CRM is not told 0.
      const score = written?.has('score') || !fields ? ((this.fact('score') as number) ?? 0) : typeof this.lead?.score === 'number' ? this.lead.score : 0;
      const { score: _s, ...facts } = set;
      this.act({ type: 'score', leadId: this.leadId, ...facts, score, ...(fields ? { fields } : {}), nodeId: lastWriter(this) });
      this.change({ type: 'lead.facts', leadId: this.leadId, set: fields ? { ...set, ...fields } : set });
    }
    const explain = this.explain;
    // Unexplained, the empty walk and summary are one frozen pair for every decision (DecideOptions).
    const visited = explain ? (this.triggered ? visitedNodes(this) : []) : UNEXPLAINED.visited;
    const decision: Decision = {
      eventId: this.event.id,
      eventType: this.event.type,
      leadId: this.leadId,
      at: this.nowIso,
      policy: { key: this.policy.key, version: this.policy.version, kind: this.policy.kind },
      triggered: this.triggered,
      actions: this.actions ?? [],
      changes: this.changes ?? [],
      explanation: { visited, rulesFired: this.firedNames ?? [], summary: UNEXPLAINED.summary },
    };
    // A committee's override is part of the lead's story: every later decision shows it (S26).
    const overrides = this.leadId ? this.state.overrides(this.leadId) : [];
    if (overrides.length > 0) decision.explanation.overrides = [...overrides];
    if (this.warnings) decision.explanation.warnings = this.warnings;
    if (this.models) decision.models = this.models;
    if (explain) decision.explanation.summary = summarise(decision, this.state.timeZone(), this.keptSummaries);
    return decision;
  }

  /** What a node that ran returned (undefined when it did not run, or the decision is not explained). */
  resultOf(nodeId: string): NodeResult | undefined {
    return this.results?.get(nodeId);
  }
}

/**
 * Whether `type` is in `events`: a loop of `===` (event types are interned strings, compared by
 * pointer) rather than `includes`, a builtin call on every decision.
 */
function listed(events: readonly string[], type: string): boolean {
  for (let i = 0; i < events.length; i++) if (events[i] === type) return true;
  return false;
}

/** `list` with `item` added, or a list of `item` alone when there is none yet. */
function append<T>(list: T[] | undefined, item: T): T[] {
  if (list === undefined) return [item];
  list.push(item);
  return list;
}

function lastWriter(run: DecisionRun): string {
  const plan = run.policy.plan;
  let last = '';
  for (const node of plan.order) if (node.spec.writes && node.spec.writes(node.config).length > 0) last = node.id;
  return last;
}
