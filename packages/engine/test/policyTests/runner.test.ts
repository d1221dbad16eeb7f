import { examplePolicy, exampleState } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { compilePolicy, type PolicyTestCaseInput, policyDocumentSchema, runPolicyTests, type StateSnapshotInput } from '../../src/index.js';

const s06 = examplePolicy('s06-round-robin') as { tests: PolicyTestCaseInput[] };
const MONDAY = '2026-03-02T02:00:00Z';
const created = (id: string, leadId: string, at = MONDAY) => ({ id, type: 'lead.created' as const, at, lead: { id: leadId, createdAt: at } });
const aeTeam = () => structuredClone(exampleState('ae-team')) as StateSnapshotInput;

describe('runPolicyTests', () => {
  it('a wrong expectation fails at its path, with what was expected and what happened', () => {
    const wrong = structuredClone(s06.tests[0]!);
    (wrong.when[1]!.expect as { assignedTo: string }).assignedTo = 'ae-1';
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [wrong]);
    expect(run.passed).toBe(false);
    expect(run.counts).toEqual({ cases: 1, passed: 0, failed: 1, errors: 0 });
    const failed = run.cases[0]!.expectations.filter((e) => !e.passed);
    expect(failed).toEqual([
      {
        path: 'when[1].expect.assignedTo',
        kind: 'assignedTo',
        label: { en: 'assigned to', zh: '分配给' },
        expected: 'ae-1',
        actual: 'ae-3',
        passed: false,
        reason: { en: 'expected ae-1, got ae-3', zh: '期望 ae-1，实际 ae-3' },
      },
    ]);
    // The other expectations of the case still pass and are reported.
    expect(run.cases[0]!.expectations.filter((e) => e.passed).map((e) => e.path)).toContain('when[0].expect.skipped');
  });

  it('reports the nodes each step visited, for the canvas', () => {
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [s06.tests[2]]);
    expect(run.cases[0]!.steps).toEqual([{ path: 'when[0]', eventId: 'x', visited: ['start', 'rr', 'mgr'] }]);
  });

  it('takes a compiled policy and cases given apart from the document', () => {
    const compiled = compilePolicy(examplePolicy('s06-round-robin'));
    if (!compiled.ok) throw new Error('s06 compiles');
    const run = runPolicyTests(compiled.policy, s06.tests);
    expect(run.counts).toEqual({ cases: 4, passed: 4, failed: 0, errors: 0 });
  });

  it('negative expectations fail when the outcome they rule out happens', () => {
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [
      {
        id: 'neg',
        name: { en: 'negatives', zh: '否定预期' },
        given: aeTeam(),
        when: [{ event: created('n1', 'L-N1'), expect: { never: { assignedTo: ['ae-1'] }, not: { assigned: true } } }],
      },
    ]);
    const byPath = Object.fromEntries(run.cases[0]!.expectations.map((e) => [e.path, [e.passed, e.actual]]));
    expect(byPath).toEqual({
      'when[0].expect.never.assignedTo': [false, [{ lead: 'L-N1', rep: 'ae-1' }]],
      'when[0].expect.not.assigned': [false, 'ae-1'],
    });
  });

  it('never.repWhere catches a lead given to a rep who is away (a manual assignment skips the candidate table)', () => {
    const state = aeTeam();
    state.reps = state.reps!.map((r) => (r.id === 'ae-3' ? { ...r, outOfOffice: [{ from: '2026-03-01T00:00:00Z', to: '2026-03-09T00:00:00Z' }] } : r));
    state.leads = [{ id: 'L-M', poolId: 'public' }];
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [
      {
        id: 'manual',
        name: { en: 'manual', zh: '手动分配' },
        given: state,
        when: [{ event: { id: 'm', type: 'assign.requested', at: MONDAY, leadId: 'L-M', repId: 'ae-3', data: { actor: 'mgr-1' } } }],
        expect: { about: 'L-M', never: { repWhere: ['away'] } },
      },
    ]);
    const [e] = run.cases[0]!.expectations;
    expect(e).toMatchObject({ path: 'expect.never.repWhere', passed: false, actual: [{ lead: 'L-M', rep: 'ae-3', was: ['away'] }] });
    expect(e!.reason).toEqual({ en: 'L-M went to ae-3, out of office', zh: 'L-M 分配给了 ae-3（休假/外出）' });
  });

  it('never.repWhere: suspended means a routing suspension in force at that instant, from inclusive', () => {
    const c = (from: string) => {
      const state = aeTeam();
      state.leads = [{ id: 'L-S', poolId: 'public' }];
      state.penalties = [{ repId: 'ae-2', from, until: '2026-03-09T00:00:00Z', suspendRouting: true }];
      return {
        id: `s-${from.length}`,
        name: { en: 'suspended', zh: '暂停分配' },
        given: state,
        when: [{ event: { id: 'm', type: 'assign.requested' as const, at: MONDAY, leadId: 'L-S', repId: 'ae-2' } }],
        expect: { about: 'L-S', assignedTo: 'ae-2', never: { repWhere: ['suspended' as const] } },
      };
    };
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [c(MONDAY), c('2026-03-02T02:00:00.001Z')]);
    expect(run.cases.map((x) => x.expectations.map((e) => [e.path, e.passed]))).toEqual([
      [
        ['expect.assignedTo', true],
        ['expect.never.repWhere', false],
      ],
      [
        ['expect.assignedTo', true],
        ['expect.never.repWhere', true],
      ],
    ]);
  });

  it('a malformed case is an error naming the case and the field path; the other cases still run', () => {
    const bad = { id: 'bad-one', name: { en: 'bad', zh: '坏' }, when: [{ event: { id: 'e', type: 'lead.made', at: MONDAY } }] };
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [bad, s06.tests[3]]);
    expect(run.counts).toEqual({ cases: 2, passed: 1, failed: 0, errors: 1 });
    const err = run.cases[0]!.error!;
    expect(err.message.en).toBe('test case "bad-one" is malformed at when[0].event.type');
    expect(err.issues.map((i) => i.path)).toEqual(['when[0].event.type']);
    expect(err.issues[0]!.message.zh).not.toBe('');
  });

  it('a step is an event or a tick, not both; a case expecting nothing is an error', () => {
    const both = { id: 'both', name: { en: 'b', zh: 'b' }, when: [{ tick: MONDAY, event: created('e', 'L') }] };
    const none = { id: 'none', name: { en: 'n', zh: 'n' }, given: aeTeam(), when: [{ event: created('e', 'L') }] };
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [both, none]);
    // The schema's message is written "English / 中文": each language gets its own half.
    expect(run.cases[0]!.error!.issues.map((i) => [i.path, i.message])).toEqual([
      ['when[0]', { en: 'a step is either an "event" or a "tick" (an instant)', zh: '每一步须为 event（事件）或 tick（时刻）之一' }],
    ]);
    expect(run.cases[1]!.error!.message.en).toBe('the case expects nothing: add an "expect" to a step or to the case');
  });

  it('"tenant: current" starts from the state the caller supplies, with the case\'s records laid over it', () => {
    const current = {
      id: 'current',
      name: { en: 'on the tenant', zh: '基于当前租户' },
      given: { tenant: 'current' as const, reps: [{ id: 'ae-1', teams: ['ae'], cap: 20, active: false }] },
      when: [{ event: created('c1', 'L-C1'), expect: { assignedTo: 'ae-2', skipped: [{ rep: 'ae-1', reason: 'inactive' as const }] } }],
    };
    const run = runPolicyTests(examplePolicy('s06-round-robin'), [current], { tenantState: aeTeam() });
    expect(run.passed).toBe(true);
    const missing = runPolicyTests(examplePolicy('s06-round-robin'), [current]);
    expect(missing.cases[0]!.error!.message).toEqual({
      en: 'the case starts from the current tenant, but no tenant state was supplied',
      zh: '该用例以当前租户为起点，但未提供租户状态',
    });
  });

  it('the policy document keeps its cases as written and refuses malformed ones by path', () => {
    const doc = policyDocumentSchema.parse(examplePolicy('s06-round-robin'));
    // No defaults filled in (a rep's empty lists, a state's empty collections): stored as sent.
    expect(doc.tests).toEqual(s06.tests);
    expect(doc.tests!.map((t) => (t as { id: string }).id)).toEqual(['full-rep-skipped', 'away-rep-skipped', 'nobody-left-escalates', 'cooling-after-reclaim']);
    const dup = compilePolicy({ ...s06, tests: [s06.tests[0], s06.tests[0]] });
    expect(dup.ok ? [] : dup.errors.map((e) => e.field)).toEqual(['tests[1].id']);
    const badStep = structuredClone(s06.tests[3]!);
    (badStep.when[0]!.event as { type: string }).type = 'lead.made';
    const bad = compilePolicy({ ...s06, tests: [s06.tests[0], badStep] });
    expect(bad.ok ? [] : bad.errors.map((e) => [e.code, e.field])).toEqual([['invalidDocument', 'tests[1].when[0].event.type']]);
    expect(bad.ok ? '' : bad.errors[0]!.message.zh).toMatch(/[\u4e00-\u9fff]/);
  });
});
