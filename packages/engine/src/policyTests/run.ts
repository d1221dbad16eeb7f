import { compilePolicy } from '../compiler/compile.js';
import type { CompileError, CompiledPolicy } from '../compiler/types.js';
import { fieldPath, schemaIssueMessage } from '../errors/schemaIssues.js';
import { InMemoryState } from '../state/memory.js';
import type { StateSnapshotInput } from '../state/snapshot.js';
import { step } from '../step/step.js';
import type { StepEvent } from '../step/types.js';
import type { CalendarInput } from '../types/calendar.js';
import type { Labels } from '../types/decision.js';
import type { ScoreModelInput } from '../scoreModel/model.js';
import { checkExpectation, type ExpectationResult } from './check.js';
import { GivenError, startingState } from './given.js';
import { observe, type StepOutcome } from './observe.js';
import { type Expectation, type PolicyTestCase, policyTestCaseSchema } from './schema.js';

export interface PolicyTestOptions {
  /** The tenant as it is now, for cases whose `given` is `{ tenant: "current" }` (the server or CLI loads it). */
  tenantState?: StateSnapshotInput;
  /** The tenant's working-day calendars, added to every case's state that lacks one of that id. */
  calendars?: readonly CalendarInput[];
  /**
   * The tenant's published smart-score models, added to every case's state that lacks one of that
   * key: a case that brings its own model is tested against it, others against what is published.
   */
  models?: readonly ScoreModelInput[];
  /** Other live policies the steps run alongside (a scoring policy before this routing one). */
  alongside?: readonly CompiledPolicy[];
}

/** One step as run: what the editor highlights on the canvas. */
export interface StepTrace {
  /** `when[2]`. */
  path: string;
  eventId: string;
  /** This policy's nodes visited, in order, each once. */
  visited: string[];
  refused?: string;
}

/** A case that could not be run: its own shape (each issue at its path in the case), or its starting state. */
export interface CaseError {
  message: Labels;
  issues: Array<{ path: string; message: Labels }>;
}

export interface CaseResult {
  id: string;
  name: Labels;
  passed: boolean;
  expectations: ExpectationResult[];
  steps: StepTrace[];
  error?: CaseError;
}

export interface PolicyTestRun {
  policy: { key: string; version: number };
  passed: boolean;
  counts: { cases: number; passed: number; failed: number; errors: number };
  cases: CaseResult[];
}

/** The policy itself is not runnable (it does not compile): nothing to test. */
export class PolicyNotRunnable extends Error {
  constructor(readonly errors: CompileError[]) {
    super(`the policy does not compile: ${errors.map((e) => e.message.en).join('; ')}`);
  }
}

/**
 * Runs a policy's test cases (the document's `tests` unless `cases` is given), each from its own
 * starting state through the engine's `step`, the same step the server runs: no I/O, no clock (each
 * step is decided at its event's instant). Pure: the same input gives the same result.
 */
export function runPolicyTests(policy: unknown, cases?: readonly unknown[], options: PolicyTestOptions = {}): PolicyTestRun {
  const compiled = isCompiled(policy) ? policy : compileOrThrow(policy);
  const list = cases ?? (policy as { tests?: unknown[] }).tests ?? [];
  const seen = new Set<string>();
  const results = list.map((raw, i) => {
    const r = runCase(compiled, raw, i, options);
    if (!r.error && seen.has(r.id))
      return {
        ...r,
        passed: false,
        error: {
          message: { en: `case id "${r.id}" is used twice`, zh: `用例编号“${r.id}”重复` },
          issues: [{ path: 'id', message: { en: 'duplicate id', zh: '编号重复' } }],
        },
      };
    seen.add(r.id);
    return r;
  });
  const errors = results.filter((r) => r.error).length;
  const passed = results.filter((r) => r.passed).length;
  return {
    policy: { key: compiled.key, version: compiled.version },
    passed: passed === results.length,
    counts: { cases: results.length, passed, failed: results.length - passed - errors, errors },
    cases: results,
  };
}

function isCompiled(p: unknown): p is CompiledPolicy {
  return typeof p === 'object' && p !== null && 'plan' in p && 'rules' in p;
}

function compileOrThrow(doc: unknown): CompiledPolicy {
  const r = compilePolicy(doc);
  if (!r.ok) throw new PolicyNotRunnable(r.errors);
  return r.policy;
}

function runCase(policy: CompiledPolicy, raw: unknown, index: number, options: PolicyTestOptions): CaseResult {
  const parsed = policyTestCaseSchema.safeParse(raw);
  const rawId = (raw as { id?: unknown } | null)?.id;
  const name = (raw as { name?: Labels } | null)?.name;
  if (!parsed.success) {
    const id = typeof rawId === 'string' ? rawId : `#${index + 1}`;
    const issues = parsed.error.issues.map((i) => ({ path: fieldPath(i.path), message: schemaIssueMessage(i, raw) }));
    const where = issues.map((i) => i.path || '(case)').join(', ');
    return {
      id,
      name: name && typeof name.en === 'string' ? name : { en: id, zh: id },
      passed: false,
      expectations: [],
      steps: [],
      error: { message: { en: `test case "${id}" is malformed at ${where}`, zh: `测试用例“${id}”格式有误：${where}` }, issues },
    };
  }
  const c = parsed.data;
  try {
    return play(policy, c, options);
  } catch (e) {
    const message = e instanceof GivenError ? e.labels : { en: (e as Error).message, zh: `运行出错：${(e as Error).message}` };
    return { id: c.id, name: c.name, passed: false, expectations: [], steps: [], error: { message, issues: [{ path: 'given', message }] } };
  }
}

function play(policy: CompiledPolicy, c: PolicyTestCase, options: PolicyTestOptions): CaseResult {
  const state = InMemoryState.from(
    startingState(c.given, options.tenantState, options.calendars as Array<{ id: string }> | undefined, options.models as Array<{ key: string }> | undefined),
  );
  const policies = [policy, ...(options.alongside ?? [])];
  const outcomes: StepOutcome[] = [];
  const steps: StepTrace[] = [];
  const expectations: ExpectationResult[] = [];
  c.when.forEach((s, i) => {
    const event: StepEvent = s.event ?? { id: `tick:${s.tick}`, type: 'tick', at: s.tick! };
    const result = step({ policies, state, event, now: event.at });
    const outcome = observe(i, event, result, state, event.at);
    outcomes.push(outcome);
    const visited = [...new Set(outcome.decisions.filter((d) => d.policy.key === policy.key).flatMap((d) => d.explanation.visited.map((v) => v.nodeId)))];
    steps.push({ path: `when[${i}]`, eventId: event.id, visited, ...(outcome.refusal ? { refused: outcome.refusal } : {}) });
    for (const [where, e] of listed(`when[${i}].expect`, s.expect)) expectations.push(...checkExpectation(where, e, [outcome], state, outcome.leadId));
  });
  const lastLead = outcomes.findLast((o) => o.leadId !== undefined)?.leadId;
  for (const [where, e] of listed('expect', c.expect)) expectations.push(...checkExpectation(where, e, outcomes, state, lastLead));
  if (expectations.length === 0) {
    const message = { en: 'the case expects nothing: add an "expect" to a step or to the case', zh: '该用例没有任何预期：请为某一步或整个用例添加 expect' };
    return { id: c.id, name: c.name, passed: false, expectations, steps, error: { message, issues: [{ path: 'expect', message }] } };
  }
  return { id: c.id, name: c.name, passed: expectations.every((x) => x.passed), expectations, steps };
}

/** An `expect` as (path, expectation) pairs: `expect` for one, `expect[1]` for the second of a list. */
function listed(base: string, e: Expectation | Expectation[] | undefined): Array<[string, Expectation]> {
  if (e === undefined) return [];
  return Array.isArray(e) ? e.map((x, i) => [`${base}[${i}]`, x]) : [[base, e]];
}
