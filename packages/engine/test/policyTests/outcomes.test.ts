import { examplePolicy } from '@sluice/examples';
import { describe, expect, it } from 'vitest';
import { type PolicyTestCaseInput, runPolicyTests } from '../../src/index.js';

// What "decided", "assigned" and "notified" mean in a case's expectations, on S1's grade policy.
const s01 = examplePolicy('s01-quality-grades') as { tests: PolicyTestCaseInput[] };
const AT = '2026-03-02T01:00:00Z';
const given = () => structuredClone(s01.tests[0]!.given);
const created = (lead: Record<string, unknown>) => ({ event: { id: 'e1', type: 'lead.created' as const, at: AT, lead: { createdAt: AT, ...lead } } });
const hot = { id: 'L-A', company: 'Acme', email: 'a@acme.cn', budget: '800k CNY', buyingWithinMonths: 2, employees: 450 };
const noContact = { id: 'L-D', company: 'Acme', budget: '5M CNY', buyingWithinMonths: 1, employees: 3000, email: '' };
const run = (when: unknown[]) => runPolicyTests(examplePolicy('s01-quality-grades'), [{ id: 'c', name: { en: 'c', zh: '例' }, given: given(), when }]);
const result = (r: ReturnType<typeof run>, kind: string) => r.cases[0]!.expectations.find((e) => e.kind === kind)!;

describe('policy test outcomes', () => {
  it('a lead handed to marketing by a notification is decided by that notify node, not by the grade before it', () => {
    const r = run([{ ...created(noContact), expect: { decidedBy: 'grade' } }]);
    expect(result(r, 'decidedBy')).toMatchObject({ passed: false, expected: 'grade', actual: 'marketing' });
    expect(run([{ ...created(noContact), expect: { decidedBy: 'marketing' } }]).passed).toBe(true);
  });

  it('a routed lead is decided by the node that assigned it, even with a score on the way', () => {
    const r = run([{ ...created(hot), expect: { decidedBy: 'points' } }]);
    expect(result(r, 'decidedBy')).toMatchObject({ passed: false, actual: 'seniorRR' });
  });

  it('not.notified fails, listing what was sent, when the policy notifies about the lead', () => {
    const r = run([{ ...created(noContact), expect: { not: { notified: true } } }]);
    const v = result(r, 'not.notified');
    expect(v.passed).toBe(false);
    expect(v.actual).toEqual([{ node: 'marketing', mode: 'notify', to: ['marketing'] }]);
    expect(v.label).toEqual({ en: 'nobody notified', zh: '不发送通知' });
    expect(run([{ ...created(hot), expect: { not: { notified: true } } }]).passed).toBe(true);
  });

  it('an owner the CRM reports on the event is not an assignment the policy made', () => {
    const s09 = examplePolicy('s09-claim-pool') as { tests: PolicyTestCaseInput[] };
    const ownerOf = (w: PolicyTestCaseInput['when'][number]) => ('event' in w ? (w.event?.lead as { ownerId?: string } | undefined)?.ownerId : undefined);
    const withOwner = s09.tests.find((c) => c.when.some(ownerOf));
    if (!withOwner) throw new Error('s09 has a case whose lead arrives with an owner');
    const step = withOwner.when.findIndex(ownerOf);
    const owner = (withOwner.when[step] as { event: { lead: { ownerId: string } } }).event.lead.ownerId;
    const when = withOwner.when
      .slice(0, step + 1)
      .map((w, i) => (i === step ? { ...w, expect: { assignedTo: null, not: { assigned: true }, holder: { rep: owner } } } : w));
    const r = runPolicyTests(examplePolicy('s09-claim-pool'), [{ ...withOwner, when, expect: undefined }]);
    const last = r.cases[0]!.expectations.filter((e) => e.path.startsWith(`when[${step}]`));
    expect(last.map((e) => [e.kind, e.passed, e.actual])).toEqual([
      ['assignedTo', true, null],
      ['holder', true, { rep: owner }],
      ['not.assigned', true, null],
    ]);
  });
});

describe('rep-scoped ticks and "none of these"', () => {
  const s27 = examplePolicy('s27-idle-claim') as { tests: PolicyTestCaseInput[] };
  // The case whose first tick releases L-2701 and penalises ae-1 (S27: no follow-up within 24 h).
  const releases = (w: PolicyTestCaseInput['when'][number]) => 'tick' in w && JSON.stringify(w.expect ?? '').includes('"penalties"');
  const idle = s27.tests.find((c) => c.when.some(releases))!;
  const releasingTick = idle.when.findIndex(releases);
  const upTo = (expect: unknown) => idle.when.slice(0, releasingTick + 1).map((w, i) => (i === releasingTick ? { ...w, expect } : { ...w, expect: undefined }));
  const runIdle = (expect: unknown) => runPolicyTests(examplePolicy('s27-idle-claim'), [{ ...idle, when: upTo(expect), expect: undefined }]);

  it('a per-rep decision counts as about the lead its actions name', () => {
    const r = runIdle({ about: 'L-2701', decidedBy: 'idle', notified: [{ to: 'ae-1', contains: 'L-2701' }] });
    expect(r.cases[0]!.expectations.map((e) => [e.kind, e.passed])).toEqual([
      ['decidedBy', true],
      ['notified', true],
    ]);
  });

  it('not.penalized and not.reminded fail and list what happened', () => {
    const r = runIdle({ not: { penalized: true, reminded: true } });
    const [penalized, reminded] = r.cases[0]!.expectations.filter((e) => e.path.startsWith(`when[${releasingTick}]`));
    expect(penalized).toMatchObject({ kind: 'not.penalized', passed: false, actual: [{ rep: 'ae-1', kind: 'idle' }] });
    expect(reminded).toMatchObject({ kind: 'not.reminded', passed: true, actual: [] });
  });
});
