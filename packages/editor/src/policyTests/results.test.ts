import { describe, expect, it } from 'vitest';
import { noCoolingDoc, passingDoc, reportOf, withSdrDoc } from './fixture.test-helper.js';
import { caseStatus, editImpact, givenSummary, stepOfPath, stepPath, valueText, whenSummary } from './results.js';

describe('policy test results', () => {
  it('an edit that breaks one case names it, and nothing passes anew', () => {
    const { nowFail, nowPass } = editImpact(reportOf(passingDoc), reportOf(noCoolingDoc));
    expect(nowFail.map((c) => c.id)).toEqual(['cooling-after-reclaim']);
    expect(nowPass).toEqual([]);
  });

  it('an edit compared with a saved run that failed: cases that now fail, and the one that now passes', () => {
    const { nowFail, nowPass } = editImpact(reportOf(noCoolingDoc), reportOf(withSdrDoc));
    expect(nowFail.map((c) => c.id)).toEqual(['full-rep-skipped', 'away-rep-skipped', 'nobody-left-escalates']);
    expect(nowPass.map((c) => c.id)).toEqual(['cooling-after-reclaim']);
  });

  it('a case new in the edit counts only when it does not pass; an error is not a pass', () => {
    const base = { policy: { key: 'k', version: 0 }, passed: true, counts: { cases: 0, passed: 0, failed: 0, errors: 0 }, cases: [] };
    const c = (id: string, passed: boolean, error?: boolean) => ({
      id,
      name: { en: id, zh: id },
      passed,
      expectations: [],
      steps: [],
      ...(error ? { error: { message: { en: 'x', zh: 'x' }, issues: [] } } : {}),
    });
    const edited = { ...base, cases: [c('new-ok', true), c('new-bad', false), c('broken', false, true)] };
    expect(editImpact(base, edited).nowFail.map((x) => x.id)).toEqual(['new-bad', 'broken']);
    expect(caseStatus(c('broken', false, true))).toBe('error');
    expect(caseStatus(c('a', false))).toBe('fail');
    expect(caseStatus(c('a', true))).toBe('pass');
  });

  it('a step lights the edges between the nodes it visited, in their order, not the branch it skipped', () => {
    const edges = [
      { id: 'e1', source: 'start', target: 'rr' },
      { id: 'e2', source: 'rr', target: 'mgr' },
      { id: 'back', source: 'rr', target: 'start' },
    ];
    expect(stepPath(['start', 'rr'], edges)).toEqual({ nodes: ['start', 'rr'], edges: ['e1'] });
    expect(stepPath(['start', 'rr', 'mgr'], edges)).toEqual({ nodes: ['start', 'rr', 'mgr'], edges: ['e1', 'e2'] });
  });

  it('summarises what a case starts from and its steps', () => {
    expect(givenSummary({ timeZone: 'Asia/Shanghai', reps: [1, 2, 3], teams: [1], leads: [] })).toEqual({
      tenant: false,
      counts: [
        { kind: 'reps', count: 3 },
        { kind: 'teams', count: 1 },
      ],
    });
    expect(givenSummary({ tenant: 'current', leads: [1] })).toEqual({ tenant: true, counts: [{ kind: 'leads', count: 1 }] });
    expect(
      whenSummary([{ event: { id: 'e1', type: 'lead.created', at: '2026-03-02T02:00:00Z', lead: { id: 'L-1' } } }, { tick: '2026-03-11T02:00:00Z' }]),
    ).toEqual([
      { path: 'when[0]', kind: 'event', type: 'lead.created', lead: 'L-1', at: '2026-03-02T02:00:00Z' },
      { path: 'when[1]', kind: 'tick', at: '2026-03-11T02:00:00Z' },
    ]);
    expect(stepOfPath('when[12].expect.assignedTo')).toBe('when[12]');
    expect(stepOfPath('expect.never.assignedTo')).toBeNull();
    expect([valueText('ae-2'), valueText(null), valueText({ rep: 'a' }), valueText(undefined)]).toEqual(['ae-2', 'null', '{"rep":"a"}', '—']);
  });
});
