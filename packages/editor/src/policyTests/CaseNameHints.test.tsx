import type { PolicyDocument } from '@sluice/engine';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setTenantZone } from '../format/useFormat.js';
import { setLanguage } from '../i18n/index.js';
import { PolicyEditor } from '../policy/PolicyEditorPage.js';
import { renderRouted } from '../policy/routed.test-helper.js';
import { createPolicyStore } from '../policy/store.js';
import { EMPTY_VALUES, type TenantValues } from '../policy/tenantValues.js';
import type { FailingCase } from './api.js';
import { type CaseTools, CaseToolsContext, caseNameHints, expectedReps, type KnownRoster } from './caseRoster.js';
import { passingDoc, reportOf } from './fixture.test-helper.js';
import { PublishRefused } from './PublishRefused.js';
import { TestsPanel } from './TestsPanel.js';
import type { TestRuns } from './useTestRuns.js';

// A template's cases expect team `ae`. Once the user's policy routes to their own team, each failing
// case says so in words — the roster has no such team, the policy no longer names it — and can be
// edited or deleted from where it is shown (the Tests tab, a refused publish).

/** The example policy after the user renamed its team to their own (`east`), in the round robin and the escalation: every case expects `ae` and fails. */
const renamed: PolicyDocument = {
  ...passingDoc,
  nodes: passingDoc.nodes.map((n) =>
    n.id === 'rr'
      ? { ...n, data: { teams: ['east'], coolingDays: 7 } }
      : n.id === 'mgr'
        ? { ...n, data: { ...(n.data as object), to: [{ kind: 'manager', id: 'east' }] } }
        : n,
  ),
};
/** The tenant's roster: their own team and reps, no `ae`. */
const roster: KnownRoster = { teams: new Set(['east']), reps: new Set(['e-1', 'e-2']) };
const caseOf = (doc: PolicyDocument, id: string) => (doc.tests as Array<{ id: string }>).find((c) => c.id === id);
const AE_BOTH = 'This case expects team “ae”, which your roster does not have and this policy no longer names — edit the case or delete it.';

beforeEach(() => setTenantZone('Asia/Shanghai'));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('which names a failing case expects that the tenant or the policy lacks', () => {
  it('reads the reps a case expects (assigned, skipped, holder …) and their teams from the case’s own roster', () => {
    expect(expectedReps(caseOf(passingDoc, 'full-rep-skipped')).sort()).toEqual(['ae-1', 'ae-2', 'ae-3']);
    expect(caseNameHints(caseOf(renamed, 'full-rep-skipped'), renamed, roster)).toEqual([{ kind: 'team', id: 'ae', why: 'both' }]);
    // Roster unknown yet: only what the policy says.
    expect(caseNameHints(caseOf(renamed, 'full-rep-skipped'), renamed, null)).toEqual([{ kind: 'team', id: 'ae', why: 'policy' }]);
    // The policy still names ae, but the tenant has no such team.
    expect(caseNameHints(caseOf(passingDoc, 'full-rep-skipped'), passingDoc, roster)).toEqual([{ kind: 'team', id: 'ae', why: 'roster' }]);
    // A tenant with team ae and its reps: nothing to say.
    const aeRoster: KnownRoster = { teams: new Set(['ae']), reps: new Set(['ae-1', 'ae-2', 'ae-3']) };
    expect(caseNameHints(caseOf(passingDoc, 'full-rep-skipped'), passingDoc, aeRoster)).toEqual([]);
    // The team is known but a rep is not: the rep is named.
    const noAe2: KnownRoster = { teams: new Set(['ae']), reps: new Set(['ae-1', 'ae-3']) };
    expect(caseNameHints(caseOf(passingDoc, 'full-rep-skipped'), passingDoc, noAe2)).toEqual([{ kind: 'rep', id: 'ae-2', why: 'roster' }]);
  });
});

function tools(doc: PolicyDocument) {
  return { doc, roster, edit: vi.fn<(id: string) => void>(), remove: vi.fn<(id: string) => void>() } satisfies CaseTools;
}
const withTools = (value: CaseTools, children: ReactNode) => (
  <MemoryRouter>
    <CaseToolsContext.Provider value={value}>{children}</CaseToolsContext.Provider>
  </MemoryRouter>
);
const runsOf = (doc: PolicyDocument): TestRuns => {
  const run = { doc, report: reportOf(doc), problem: null };
  return { saved: run, latest: run, running: false, runNow: () => {} };
};

describe('a failing case says so where it is shown', () => {
  it('in the Tests tab: each failing case names team ae in words, with Edit and Delete', () => {
    setLanguage('en');
    const t = tools(renamed);
    render(withTools(t, <TestsPanel doc={renamed} runs={runsOf(renamed)} onPath={() => {}} />));
    const hints = screen.getAllByTestId('case-hint');
    expect(hints.map((h) => h.getAttribute('data-case'))).toEqual(
      expect.arrayContaining(['full-rep-skipped', 'away-rep-skipped', 'nobody-left-escalates', 'cooling-after-reclaim']),
    );
    // Only beside a case that fails.
    for (const h of hints) expect(h.closest('li')!.getAttribute('data-status')).not.toBe('pass');
    expect(hints[0]!.getAttribute('data-case')).toBe('full-rep-skipped');
    expect(hints[0]!.querySelector('[data-hint]')!.textContent).toBe(AE_BOTH);
    fireEvent.click(within(hints[1]!).getByRole('button', { name: 'Edit the case' }));
    expect(t.edit).toHaveBeenCalledWith('away-rep-skipped');
    // Deleting asks first, and Keep leaves it.
    fireEvent.click(within(hints[0]!).getByRole('button', { name: 'Delete the case' }));
    expect(within(hints[0]!).getByRole('alert').textContent).toContain('Delete “A full rep is skipped; the rest take turns” from the draft?');
    fireEvent.click(within(hints[0]!).getByRole('button', { name: 'Keep' }));
    expect(t.remove).not.toHaveBeenCalled();
    fireEvent.click(within(hints[0]!).getByRole('button', { name: 'Delete the case' }));
    fireEvent.click(within(hints[0]!).getByRole('button', { name: 'Delete' }));
    expect(t.remove).toHaveBeenCalledWith('full-rep-skipped');
  });

  it('not beside a passing case, nor when every name is known', () => {
    setLanguage('en');
    render(
      withTools(
        { ...tools(passingDoc), roster: { teams: new Set(['ae', 'sdr']), reps: new Set(['ae-1', 'ae-2', 'ae-3', 'sdr-1']) } },
        <TestsPanel doc={passingDoc} runs={runsOf(passingDoc)} onPath={() => {}} />,
      ),
    );
    expect(screen.queryAllByTestId('case-hint')).toEqual([]);
  });

  it('in a refused publish, in Chinese: the case, the team it expects, and deleting it from there', () => {
    setLanguage('zh');
    const t = tools(renamed);
    const failing: FailingCase[] = reportOf(renamed)
      .cases.filter((c) => !c.passed)
      .map((c) => ({
        id: c.id,
        name: c.name,
        expectations: c.expectations.filter((x) => !x.passed).map((x) => ({ path: x.path, expected: x.expected, actual: x.actual })),
      }));
    const { rerender } = render(withTools(t, <PublishRefused failing={failing} busy={false} onOverride={() => {}} onCancel={() => {}} />));
    const item = screen.getByTestId('failing-cases').querySelector('li[data-case="cooling-after-reclaim"]') as HTMLElement;
    expect(within(item).getByTestId('case-hint').querySelector('[data-hint]')!.textContent).toBe(
      '此用例预期团队“ae”，但您的名册中没有该团队，本策略也已不再使用它——请编辑或删除此用例。',
    );
    fireEvent.click(within(item).getByRole('button', { name: '删除此用例' }));
    fireEvent.click(within(item).getByRole('button', { name: '删除' }));
    expect(t.remove).toHaveBeenCalledWith('cooling-after-reclaim');
    // The editor took it out of the draft: the refusal says it is gone and how to go on.
    const without = { ...renamed, tests: (renamed.tests as Array<{ id: string }>).filter((c) => c.id !== 'cooling-after-reclaim') };
    rerender(withTools({ ...t, doc: without }, <PublishRefused failing={failing} busy={false} onOverride={() => {}} onCancel={() => {}} />));
    expect(within(item).getByTestId('case-deleted').textContent).toBe(
      '已从草稿中删除“线索被回收的销售在 7 天冷却期内不再接到该线索”（尚未保存）：请重新发布，以保存不含该用例的草稿。',
    );
    expect(within(item).queryByTestId('case-hint')).toBeNull();
  });
});

describe('in the policy editor', () => {
  const values: TenantValues = { ...EMPTY_VALUES, teams: ['east'], roster: { reps: [{ id: 'e-1', teams: ['east'], roles: [], active: true }] } };

  it('deletes a failing case from the draft (unsaved until saved), and Edit opens the case in the JSON tab', async () => {
    setLanguage('en');
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_path: string, init: RequestInit) => {
        const doc = JSON.parse(String(init.body)).document as PolicyDocument;
        return new Response(JSON.stringify(reportOf(doc)), { status: 200, headers: { 'content-type': 'application/json' } });
      }),
    );
    const store = createPolicyStore(renamed);
    renderRouted(<PolicyEditor store={store} policyKey="rt" save={vi.fn(async () => ({ errors: 0 }))} tenantValues={values} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Tests' }));
    await waitFor(() => expect(screen.getAllByTestId('case-hint').length).toBeGreaterThanOrEqual(4), { timeout: 5000 });
    const hinted = screen.getAllByTestId('case-hint').length;
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft');

    const first = screen.getAllByTestId('case-hint')[0]!;
    expect(first.getAttribute('data-case')).toBe('full-rep-skipped');
    fireEvent.click(within(first).getByRole('button', { name: 'Delete the case' }));
    fireEvent.click(within(first).getByRole('button', { name: 'Delete' }));
    const ids = (renamed.tests as Array<{ id: string }>).map((c) => c.id);
    expect((store.getState().doc.tests as Array<{ id: string }>).map((c) => c.id)).toEqual(ids.filter((id) => id !== 'full-rep-skipped'));
    expect(screen.getByTestId('save-draft').textContent).toBe('Save draft •');

    // The cases run again on the edited draft; the others still expect ae.
    await waitFor(() => expect(screen.getAllByTestId('case-hint')).toHaveLength(hinted - 1), { timeout: 5000 });
    await act(async () => {
      fireEvent.click(within(screen.getAllByTestId('case-hint')[0]!).getByRole('button', { name: 'Edit the case' }));
    });
    expect(screen.getByRole('tab', { name: 'JSON' }).getAttribute('aria-selected')).toBe('true');
  });
});
