import type { CompiledPolicy, Plan, PlanNode } from '../compiler/types.js';
import { sentFactsOf } from '../compiler/facts.js';
import { absentFacts, traceCondition, type CompiledCondition, type Condition } from '../expression/condition.js';
import { SCALAR_FACT_ROOTS } from '../expression/factPath.js';
import type { ExecContext, NodeResult } from '../types/nodeSpec.js';
import type { StateChange, StateView } from '../types/state.js';
import type { Lead, SluiceEvent } from '../types/domain.js';
import type { Action, CandidateRow, Decision, DecisionWarning, VisitedNode } from '../types/decision.js';
import { factReader, resolveFact, type FactContext, type FactReader } from '../fields/derived.js';
import { summarise } from './summary.js';

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
  readonly slots: unknown[];
  readonly memo: Uint8Array;
  // Created on first use: most decisions never need them.
  private extraFacts: Map<string, unknown> | undefined;
  private written: Set<string> | undefined;
  private readonly actions: Action[] = [];
  private readonly changes: StateChange[] = [];
  private readonly results = new Map<string, NodeResult>();
  private readonly firedNames: string[] = [];
  private owner: string | null;
  private assigner: string | null = null;
  private running = '';
  private warnings: DecisionWarning[] | undefined;
  private factsChanged = true;
  private readonly factCtx: FactContext;

  constructor(
    readonly policy: CompiledPolicy,
    readonly event: SluiceEvent,
    readonly state: StateView,
    readonly nowMs: number,
  ) {
    this.nowIso = new Date(nowMs).toISOString();
    this.leadId = event.lead?.id ?? event.leadId ?? null;
    const stored = this.leadId ? state.lead(this.leadId) : undefined;
    this.lead = event.lead ? (stored ? { ...stored, ...event.lead } : event.lead) : stored;
    this.policyKey = policy.key;
    this.owner = this.lead?.ownerId ?? null;
    this.factCtx = { nowMs, event, lead: this.lead, leadId: this.leadId, state };
    const read = readersOf(policy.plan);
    this.slots = new Array(read.length);
    for (let i = 0; i < read.length; i++) this.slots[i] = read[i]!(this.factCtx);
    this.memo = memoOf(policy.plan);
  }

  get triggered(): boolean {
    return this.policy.trigger.events.includes(this.event.type);
  }

  fact(path: string): unknown {
    const slot = this.policy.plan.slotOf.get(path);
    if (slot !== undefined) return this.slots[slot];
    this.extraFacts ??= new Map();
    if (this.extraFacts.has(path)) return this.extraFacts.get(path);
    const value = resolveFact(path, this.factCtx);
    this.extraFacts.set(path, value);
    return value;
  }

  /** True when a slotted fact was written since the last call (the first call is always true). */
  takeFactsChanged(): boolean {
    const changed = this.factsChanged;
    this.factsChanged = false;
    return changed;
  }

  setFact(path: string, value: unknown): void {
    const slot = this.policy.plan.slotOf.get(path);
    if (slot !== undefined) {
      this.slots[slot] = value;
      this.factsChanged = true;
    }
    else (this.extraFacts ??= new Map()).set(path, value);
    if (RUNTIME_FACTS.has(path)) (this.written ??= new Set()).add(path);
  }

  act(action: Action): void {
    this.actions.push(action);
  }
  change(change: StateChange): void {
    this.changes.push(change);
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
  warn(warning: Omit<DecisionWarning, 'nodeId'>): void {
    (this.warnings ??= []).push({ ...warning, nodeId: this.running });
  }

  /** Runs the effect nodes whose rules fired in one stratum, each node once. */
  applyStratum(fired: number[]): void {
    // Most strata of a branching flow fire nothing: skip the bookkeeping.
    if (fired.length === 0) return;
    const plan = this.policy.plan;
    if (fired.length === 1) {
      // The common case (one action fired): no grouping needed.
      const rule = fired[0]!;
      this.firedNames.push(this.policy.rules[rule]!.name);
      this.runNode(plan.ruleNode[rule]!, [plan.ruleEmission[rule]!]);
      return;
    }
    const byNode = new Map<string, number[]>();
    for (const rule of fired) {
      this.firedNames.push(this.policy.rules[rule]!.name);
      const nodeId = plan.ruleNode[rule]!;
      const emission = plan.ruleEmission[rule]!;
      const list = byNode.get(nodeId);
      if (!list) byNode.set(nodeId, [emission]);
      else if (!list.includes(emission)) list.push(emission);
    }
    for (const [nodeId, emissions] of byNode) {
      emissions.sort((a, b) => a - b);
      this.runNode(nodeId, emissions);
    }
  }

  private runNode(nodeId: string, emissions: number[]): void {
    const node = this.policy.plan.nodes.get(nodeId)!;
    this.running = nodeId;
    const result = node.spec.execute ? node.spec.execute(this, node.config, emissions, nodeId) : {};
    if (result.outcome !== undefined) this.setFact(`outcome.${nodeId}`, result.outcome);
    this.results.set(nodeId, result);
  }

  finish(): Decision {
    if (this.leadId && this.written !== undefined && this.written.size > 0) {
      const set: { score?: number; grade?: string; stage?: string } = {};
      if (this.written.has('score')) set.score = this.fact('score') as number;
      if (this.written.has('grade')) set.grade = this.fact('grade') as string;
      if (this.written.has('stage')) set.stage = this.fact('stage') as string;
      this.actions.push({ type: 'score', leadId: this.leadId, ...set, score: (this.fact('score') as number) ?? 0, nodeId: lastWriter(this) });
      this.changes.push({ type: 'lead.facts', leadId: this.leadId, set });
    }
    const visited = this.triggered ? this.visitedNodes() : [];
    const decision: Decision = {
      eventId: this.event.id,
      eventType: this.event.type,
      leadId: this.leadId,
      at: this.nowIso,
      policy: { key: this.policy.key, version: this.policy.version, kind: this.policy.kind },
      triggered: this.triggered,
      actions: this.actions,
      changes: this.changes,
      explanation: { visited, rulesFired: this.firedNames, summary: { en: '', zh: '' } },
    };
    // A committee's override is part of the lead's story: every later decision shows it (S26).
    const overrides = this.leadId ? this.state.overrides(this.leadId) : [];
    if (overrides.length > 0) decision.explanation.overrides = [...overrides];
    if (this.warnings) decision.explanation.warnings = this.warnings;
    decision.explanation.summary = summarise(decision);
    return decision;
  }

  /** Walks the graph in level order and records what each reached node saw and did. */
  private visitedNodes(): VisitedNode[] {
    const walk = explainPlan(this.policy.plan);
    const read = (path: string) => this.fact(path);
    // passes[h] = 1 when the flow left a visited node through output h; unvisited nodes pass nothing.
    const passes = new Uint8Array(walk.handleCount);
    const visited: VisitedNode[] = [];
    for (const step of walk.steps) {
      if (!step.isTrigger) {
        let isReached = false;
        for (let i = 0; i < step.incoming.length && !isReached; i++) isReached = passes[step.incoming[i]!] === 1;
        if (!isReached) continue;
      }
      visited.push(this.visit(step, read, passes));
    }
    return visited;
  }

  private visit(step: ExplainStep, read: (path: string) => unknown, passes: Uint8Array): VisitedNode {
    const node = step.node;
    const v: VisitedNode = { nodeId: node.id, kind: node.kind, result: '' };
    if (node.label) v.label = node.label;
    // What its conditions test that the CRM left out or sent empty: missing and null told apart.
    const absent = absentFacts(sentFactsOf(node), read);
    if (absent.length > 0) v.absentFacts = absent;
    if (step.branches) {
      let taken = '';
      for (const o of step.outputs) {
        const c = step.branches[o.handle];
        // A connected handle's guard is already compiled over the slots: same answer as tracing it.
        const ok = o.guard ? o.guard(this.slots) : c ? traceCondition(c, read).result : false;
        passes[o.index] = ok ? 1 : 0;
        if (ok) taken = taken ? `${taken},${o.handle}` : o.handle;
      }
      v.result = taken || 'none';
      const shown = node.spec.explain?.(node.config, read);
      if (shown) Object.assign(v, shown);
      return v;
    }
    const result = this.results.get(node.id);
    for (const o of step.outputs) {
      passes[o.index] = (node.spec.outcomeHandles ? result?.outcome === o.handle : step.isTrigger || result !== undefined || !node.spec.emits) ? 1 : 0;
    }
    if (step.isTrigger) v.result = this.event.type;
    else if (!result) v.result = 'notFired';
    else {
      v.result = result.outcome ?? 'done';
      if (result.candidates) Object.assign(v, boundedCandidates(result.candidates));
      if (result.detail) v.detail = result.detail;
      if (result.note) v.note = result.note;
    }
    return v;
  }
}

const planReaders = new WeakMap<Plan, FactReader[]>();
const planMemos = new WeakMap<Plan, Uint8Array>();

/**
 * One guard-memo buffer per plan, reused by every decision: decisions are synchronous and never
 * nest, and the buffer is cleared before each use.
 */
function memoOf(plan: Plan): Uint8Array {
  let memo = planMemos.get(plan);
  if (!memo) {
    memo = new Uint8Array(plan.guards.length);
    planMemos.set(plan, memo);
  }
  return memo;
}

function readersOf(plan: Plan): FactReader[] {
  let read = planReaders.get(plan);
  if (!read) {
    read = plan.facts.map(factReader);
    planReaders.set(plan, read);
  }
  return read;
}

/** What the explanation walk needs from a plan, worked out once per compiled plan. */
interface ExplainStep {
  node: PlanNode;
  isTrigger: boolean;
  /** Handle indexes of the edges coming in. */
  incoming: number[];
  outputs: Array<{ handle: string; index: number; guard?: CompiledCondition }>;
  branches?: Record<string, Condition>;
}

interface ExplainPlan {
  steps: ExplainStep[];
  handleCount: number;
}

const explainPlans = new WeakMap<Plan, ExplainPlan>();

function explainPlan(plan: Plan): ExplainPlan {
  let walk = explainPlans.get(plan);
  if (walk) return walk;
  const handleIndex = new Map<string, number>();
  const steps: ExplainStep[] = plan.order.map((node) => {
    const outputs = node.spec.outputs(node.config).map((o) => {
      const key = `${node.id}:${o.handle}`;
      const index = handleIndex.size;
      handleIndex.set(key, index);
      const g = plan.guardIndex.get(key);
      return { handle: o.handle, index, ...(g !== undefined && node.spec.branches ? { guard: plan.guards[g]!.fn } : {}) };
    });
    const step: ExplainStep = { node, isTrigger: node.spec.category === 'trigger', incoming: [], outputs };
    if (node.spec.branches) step.branches = node.spec.branches(node.config);
    return step;
  });
  for (const step of steps) {
    for (const e of plan.incoming.get(step.node.id) ?? []) {
      const h = handleIndex.get(`${e.source}:${e.handle}`);
      if (h !== undefined) step.incoming.push(h);
    }
  }
  walk = { steps, handleCount: handleIndex.size };
  explainPlans.set(plan, walk);
  return walk;
}

function lastWriter(run: DecisionRun): string {
  const plan = run.policy.plan;
  let last = '';
  for (const node of plan.order) if (node.spec.writes && node.spec.writes(node.config).length > 0) last = node.id;
  return last;
}

/**
 * Rows of a candidate table kept in an explanation. Every decision is stored with its explanation:
 * a team of 2,000 reps made each one ~180 kB and a batch of 32 decisions took 0.7 s to write. The
 * rows kept are the chosen ones and the first others in the node's own order (its ranking or turn
 * order); the rest are counted by status and reason, so "why not me?" still has an answer in kind.
 */
export const CANDIDATE_ROWS = 50;

function boundedCandidates(rows: CandidateRow[]): Pick<VisitedNode, 'candidates' | 'candidatesOmitted'> {
  if (rows.length <= CANDIDATE_ROWS) return { candidates: rows };
  const chosen = rows.filter((r) => r.status === 'chosen');
  const room = Math.max(0, CANDIDATE_ROWS - chosen.length);
  const kept = new Set<CandidateRow>(chosen);
  for (const r of rows) {
    if (kept.size >= chosen.length + room) break;
    kept.add(r);
  }
  const byStatus: Record<string, number> = {};
  const byReason: Record<string, number> = {};
  let count = 0;
  for (const r of rows) {
    if (kept.has(r)) continue;
    count++;
    byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    if (r.reason) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  }
  return { candidates: rows.filter((r) => kept.has(r)), candidatesOmitted: { count, byStatus, byReason } };
}
